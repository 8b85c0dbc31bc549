"""On-chain anchors of the log's checkpoints and their states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ipledger.api.deps import DeploymentDep
from ipledger.api.models import AnchorPublic
from ipledger.api.problems import problem_responses
from ipledger.api.routes.public import anchor_public
from ipledger.api.routing import StrictRoute

router = APIRouter(prefix="/v1/anchors", tags=["log"], route_class=StrictRoute)


@router.get(
    "",
    response_model=list[AnchorPublic],
    responses=problem_responses(422, 503),
    summary="Anchors, newest first",
)
def list_anchors(
    deployment: DeploymentDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[
        int | None, Query(ge=1, le=2**63 - 1, description="Only anchors of smaller tree sizes.")
    ] = None,
) -> list[AnchorPublic]:
    """Return up to `limit` anchors, newest first; page with `before` = the last size seen."""
    return [anchor_public(a) for a in deployment.anchors(limit, before)]
