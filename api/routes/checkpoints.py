"""Signed checkpoints of the log, cosigned by its witnesses: the latest, or one of a size."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse

from ipledger.api.deps import DeploymentDep, context_of
from ipledger.api.models import CheckpointPublic
from ipledger.api.pages import (
    DEFAULT_LIMIT,
    CheckpointPage,
    CursorParam,
    Limit,
    page_of,
    read_cursor,
)
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.entries import INDEX
from ipledger.api.routes.public import checkpoint_public
from ipledger.api.routing import StrictRoute, direct, store_read, validated_path
from ipledger.ledger.checkpoints import checkpoint_at, latest_checkpoint
from ipledger.ledger.cosigning.store import cosignature_lines
from ipledger.ledger.listing import checkpoints_before

router = APIRouter(prefix="/v1/checkpoints", tags=["log"], route_class=StrictRoute)


@router.get(
    "",
    response_model=CheckpointPage,
    responses=problem_responses(422, 503),
    summary="Signed checkpoints, largest tree first, a page at a time",
)
def list_checkpoints(
    deployment: DeploymentDep,
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> CheckpointPage:
    """Return up to `limit` checkpoints; follow `next_cursor` for older ones."""
    found = checkpoints_before(deployment.engine, limit + 1, read_cursor(CHECKPOINTS_ROUTE, cursor))
    page, more = page_of(
        request, response, CHECKPOINTS_ROUTE, found, limit=limit, position=lambda c: c.tree_size
    )
    lines = cosignature_lines(deployment.engine, [c.tree_size for c in page])
    return CheckpointPage(
        items=[checkpoint_public(c, lines.get(c.tree_size, "")) for c in page], next_cursor=more
    )


CHECKPOINTS_ROUTE = "/v1/checkpoints"


async def _direct_latest(request: Request) -> Response:
    # The route's `direct` handler (docs/design.md, "Direct dispatch"): monitors, mirrors
    # and witnesses poll it.
    deployment = context_of(request).deployment
    found = await store_read(deployment, lambda: latest(deployment))
    return JSONResponse(found.model_dump(mode="json"))


@router.get(
    "/latest",
    response_model=CheckpointPublic,
    responses=problem_responses(404, 503),
    summary="The newest signed checkpoint",
)
@direct(_direct_latest)
def latest(deployment: DeploymentDep) -> CheckpointPublic:
    """Return the newest checkpoint (C2SP tlog-checkpoint signed note)."""
    found = latest_checkpoint(deployment.store)
    if found is None:
        raise ApiProblem(404, "no checkpoint has been cut yet; one follows the first entries")
    lines = cosignature_lines(deployment.engine, [found.tree_size])
    return checkpoint_public(found, lines.get(found.tree_size, ""))


async def _direct_by_size(request: Request) -> Response:
    # The route's `direct` handler: witnesses and verifiers ask for the checkpoint of a size
    # they were given (a receipt's, a bundle's) to compare it with theirs.
    (size,) = validated_path(request, [("size", INDEX)])  # as `by_size`'s `size`
    deployment = context_of(request).deployment
    found = await store_read(deployment, lambda: by_size(size, deployment))
    return JSONResponse(found.model_dump(mode="json"))


@router.get(
    "/{size}",
    response_model=CheckpointPublic,
    responses=problem_responses(404, 422, 503),
    summary="The signed checkpoint of a tree size",
)
@direct(_direct_by_size)
def by_size(
    size: Annotated[int, Path(ge=0, le=2**63 - 1, description="Tree size.")],
    deployment: DeploymentDep,
) -> CheckpointPublic:
    """Return the checkpoint of exactly `size` entries, if one was cut at that size."""
    found = checkpoint_at(deployment.store, size)
    if found is None:
        raise ApiProblem(404, f"no checkpoint was cut at tree size {size}")
    lines = cosignature_lines(deployment.engine, [found.tree_size])
    return checkpoint_public(found, lines.get(found.tree_size, ""))
