"""Signed checkpoints of the log: the latest, or the one of a given tree size."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ipledger.api.deps import Context
from ipledger.api.models import CheckpointPublic
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.public import checkpoint_public
from ipledger.api.routing import StrictRoute

router = APIRouter(prefix="/v1/checkpoints", tags=["log"], route_class=StrictRoute)


@router.get(
    "/latest",
    response_model=CheckpointPublic,
    responses=problem_responses(404, 503),
    summary="The newest signed checkpoint",
)
def latest(context: Context) -> CheckpointPublic:
    """Return the newest checkpoint (C2SP tlog-checkpoint signed note)."""
    found = context.ledger.latest_checkpoint()
    if found is None:
        raise ApiProblem(404, "no checkpoint has been cut yet; one follows the first entries")
    return checkpoint_public(found)


@router.get(
    "/{size}",
    response_model=CheckpointPublic,
    responses=problem_responses(404, 422, 503),
    summary="The signed checkpoint of a tree size",
)
def by_size(
    size: Annotated[int, Path(ge=0, le=2**63 - 1, description="Tree size.")], context: Context
) -> CheckpointPublic:
    """Return the checkpoint of exactly `size` entries, if one was cut at that size."""
    found = context.ledger.checkpoint(size)
    if found is None:
        raise ApiProblem(404, f"no checkpoint was cut at tree size {size}")
    return checkpoint_public(found)
