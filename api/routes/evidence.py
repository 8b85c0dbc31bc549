"""An entry's evidence bundle (202 with what it waits for until its anchor is final)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ipledger.api.bundle_models import EvidenceBundlePublic
from ipledger.api.context import ApiContext
from ipledger.api.deps import Context, Reader
from ipledger.api.models import EvidencePendingPublic
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.entries import Index, entry_read, own_entry
from ipledger.api.routes.public import entry_public
from ipledger.api.routing import StrictRoute, direct
from ipledger.ledger.anchoring import AnchorRecord
from ipledger.ledger.checkpoints import checkpoint_covering
from ipledger.ledger.db import is_sqlite
from ipledger.ledger.entries import LogEntry
from ipledger.ledger.errors import ChainPartNotKept

router = APIRouter(prefix="/v1/entries", tags=["entries"], route_class=StrictRoute)


def _waits_for(context: ApiContext, index: int, anchor: AnchorRecord | None) -> str:
    """Say what entry `index`'s evidence waits for, and when to ask again."""
    settings = context.settings
    retry = f"retry after {settings.api_evidence_retry_after} s"
    if anchor is not None:
        return (
            f"entry {index} is in the anchor of tree size {anchor.tree_size} ({anchor.state}), "
            f"which the chain has not made final yet; {retry}"
        )
    if context.chain is None:
        return (
            f"entry {index} is not anchored yet and this server is connected to no chain; the "
            "log's operator anchors it with `ipledger anchor` (or `ipledger worker`)"
        )
    if not context.chain.run_worker:
        return (
            f"entry {index} is not anchored yet; this server does not anchor the log itself, "
            "its operator runs `ipledger worker` (or `ipledger anchor`); " + retry
        )
    return (
        f"entry {index} is not anchored yet: the log cuts a checkpoint every "
        f"{settings.batch_interval:g} s and anchors it, then the chain makes it final; {retry}"
    )


async def _direct_evidence(request: Request) -> Response:
    # The route's `direct` handler (docs/design.md, "Direct dispatch"). On SQLite a bundle
    # that needs no word from the chain's node (its anchor's chain part is kept, or there
    # is no final anchor yet: 202) is reads and checks, built in the event loop: the hop to
    # the thread pool and back halved the route's rate (docs/benchmarks.md, "Read path").
    # One that must ask the node is built in the thread pool.
    index, who, context = await entry_read(request)
    deployment = context.deployment
    if not is_sqlite(deployment.store.engine):
        return await run_in_threadpool(get_evidence, index, who, context)
    entry = own_entry(deployment, who, index)
    anchor = deployment.anchor_for_entry(index)
    try:
        return _evidence_of(context, entry, anchor, ask_node=False)
    except ChainPartNotKept:
        return await run_in_threadpool(_evidence_of, context, entry, anchor)


@router.get(
    "/{index}/evidence",
    responses={
        200: {
            "description": "The evidence bundle (docs/design.md section 8) for `ipledger-verify`, "
            "served once an anchor covering the entry is final.",
            "model": EvidenceBundlePublic,
        },
        202: {
            "model": EvidencePendingPublic,
            "description": "No final anchor covers the entry yet: its status (`pending` or "
            "`anchored`) and in `detail` what it waits for; retry after `Retry-After` seconds.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
        **problem_responses(401, 403, 404, 422, 429, 503),
    },
    summary="The evidence bundle of one of your entries (202 until its anchor is final)",
)
@direct(_direct_evidence)
def get_evidence(index: Index, who: Reader, context: Context) -> Response:
    """Return the entry's evidence bundle once the earliest anchor covering it is final.

    An anchor that is only included could still be dropped by a reorganisation of the
    chain, so its bundle is not handed out: until then the answer is 202 with the entry's
    status and `Retry-After`.
    """
    deployment = context.deployment
    entry = own_entry(deployment, who, index)
    return _evidence_of(context, entry, deployment.anchor_for_entry(index))


def _evidence_of(
    context: ApiContext, entry: LogEntry, anchor: AnchorRecord | None, *, ask_node: bool = True
) -> Response:
    """Answer with `entry`'s bundle under the final `anchor`, else its status (202)."""
    deployment, index = context.deployment, entry.index
    retry = {"Retry-After": str(context.settings.api_evidence_retry_after)}
    if anchor is None or anchor.state != "final":
        status = entry_public(entry, checkpoint_covering(deployment.store, index), anchor)
        pending = EvidencePendingPublic(
            **status.model_dump(), detail=_waits_for(context, index, anchor)
        )
        return JSONResponse(pending.model_dump(mode="json"), status_code=202, headers=retry)
    chain = context.chain
    bundle = None if chain is None else chain.evidence(index, anchor, ask_node=ask_node)
    if bundle is None:
        raise ApiProblem(
            503,
            "the entry's anchor is final but its bundle cannot be assembled now (the chain "
            "node does not answer); retry later",
            headers=retry,
        )
    return Response(
        bundle,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="evidence-{index}.json"'},
    )
