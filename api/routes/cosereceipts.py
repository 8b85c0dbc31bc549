"""An entry's COSE Receipt (RFC 9942): its inclusion proof signed by the log, in CBOR."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ipledger.api.deps import Context, Reader
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.entries import Index, entry_read, own_entry
from ipledger.api.routing import StrictRoute, direct
from ipledger.ledger.errors import BundleUnavailable
from ipledger.ledger.evidence.cose_receipt import COSE_RECEIPT_MEDIA_TYPE, cose_receipt

router = APIRouter(prefix="/v1/entries", tags=["entries"], route_class=StrictRoute)


async def _direct_get_cose_receipt(request: Request) -> Response:
    # The route's `direct` handler (docs/design.md, "Direct dispatch"): one thread-pool hop
    # for the signature instead of FastAPI's two.
    return await run_in_threadpool(get_cose_receipt, *await entry_read(request))


@router.get(
    "/{index}/cose-receipt",
    responses={
        200: {
            "description": "A COSE Receipt (RFC 9942): a tagged COSE_Sign1 signed by the log's "
            "Ed25519 key (EdDSA, kid = its note key id, CWT iss = the log's origin) over the "
            "root of the newest checkpoint, detached; the RFC9162_SHA256 inclusion proof in "
            "the unprotected header (vdp 396, -1) and the entry's canonical JSON under the "
            "private-use label -65538. `ipledger-verify DOC FILE.cose-receipt` checks it "
            "offline; any RFC 9942 verifier checks the proof and signature from the leaf. It "
            "proves inclusion in the log's tree, not a chain anchor.",
            "content": {"application/cose": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(401, 403, 404, 422, 429, 503),
    },
    response_class=Response,
    summary="The COSE Receipt of one of your entries (under the newest checkpoint)",
)
@direct(_direct_get_cose_receipt)
def get_cose_receipt(index: Index, who: Reader, context: Context) -> Response:
    """Return the entry's COSE Receipt under the newest checkpoint, signed now by the log.

    404 with `Retry-After` while no checkpoint covers the entry yet.
    """
    deployment = context.deployment
    own_entry(deployment, who, index)
    try:
        data = cose_receipt(deployment.store, deployment.log_signer, index)
    except BundleUnavailable as exc:
        retry = str(math.ceil(context.settings.batch_interval))
        raise ApiProblem(404, str(exc), headers={"Retry-After": retry}) from None
    return Response(
        data,
        media_type=COSE_RECEIPT_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="entry-{index}.cose-receipt"'},
    )
