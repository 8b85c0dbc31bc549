"""An entry's C2SP tlog-proof (index, inclusion path, cosigned checkpoint), as text."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ipledger.api.deps import Context, Reader
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.entries import Index, entry_read, own_entry
from ipledger.api.routing import StrictRoute, direct, store_read
from ipledger.ledger.errors import BundleUnavailable
from ipledger.ledger.evidence.tlogproof import tlog_proof

router = APIRouter(prefix="/v1/entries", tags=["entries"], route_class=StrictRoute)

TLOG_PROOF_MEDIA_TYPE = "text/plain; charset=utf-8"


async def _direct_tlog_proof(request: Request) -> Response:
    # The route's `direct` handler (docs/design.md, "Direct dispatch"): reads only.
    index, who, context = await entry_read(request)
    return await store_read(context.deployment, lambda: get_tlog_proof(index, who, context))


@router.get(
    "/{index}/tlog-proof",
    responses={
        200: {
            "description": "A `c2sp.org/tlog-proof@v1` file: its `extra` line is the entry "
            "(the canonical JSON of a bundle's `entry`), then the index, the inclusion path and "
            "the checkpoint with the witnesses' cosignatures. `ipledger-verify DOC FILE` "
            "checks it offline; it proves inclusion in a cosigned tree, not a chain anchor.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        **problem_responses(401, 403, 404, 422, 429, 503),
    },
    response_class=Response,
    summary="The tlog-proof of one of your entries (the newest, most cosigned checkpoint)",
)
@direct(_direct_tlog_proof)
def get_tlog_proof(index: Index, who: Reader, context: Context) -> Response:
    """Return the entry's tlog-proof under the newest checkpoint most witnesses cosigned.

    404 with `Retry-After` while no checkpoint covers the entry yet.
    """
    deployment = context.deployment
    own_entry(deployment, who, index)
    try:
        proof = tlog_proof(deployment.store, index, deployment.settings.witness_endpoints)
    except BundleUnavailable as exc:
        retry = str(math.ceil(context.settings.batch_interval))
        raise ApiProblem(404, str(exc), headers={"Retry-After": retry}) from None
    return Response(
        proof.text().encode("utf-8"),
        media_type=TLOG_PROOF_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="entry-{index}.tlog-proof"'},
    )
