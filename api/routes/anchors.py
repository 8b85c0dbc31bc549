"""On-chain anchors of the log's checkpoints and their states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ipledger.api.deps import DeploymentDep
from ipledger.api.models import AnchorPublic
from ipledger.api.pages import (
    DEFAULT_LIMIT,
    AnchorPage,
    CursorParam,
    Limit,
    page_of,
    read_cursor,
)
from ipledger.api.problems import problem_responses
from ipledger.api.routes.public import anchor_public
from ipledger.api.routing import StrictRoute

router = APIRouter(prefix="/v1/anchors", tags=["log"], route_class=StrictRoute)
pages = APIRouter(prefix="/v2/anchors", tags=["log"], route_class=StrictRoute)
ANCHORS_ROUTE = "/v2/anchors"
# The bare array of /v1/anchors is kept for the clients written against it; new clients
# use /v2/anchors, a page object like the other lists (docs/api.md, "Lists").
_SUCCESSOR = {"Deprecation": "true", "Link": '</v2/anchors>; rel="successor-version"'}


@router.get(
    "",
    response_model=list[AnchorPublic],
    responses=problem_responses(422, 503),
    summary="Anchors, newest first, as a bare array (deprecated: use /v2/anchors)",
    deprecated=True,
)
def list_anchors(
    deployment: DeploymentDep,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[
        int | None, Query(ge=1, le=2**63 - 1, description="Only anchors of smaller tree sizes.")
    ] = None,
) -> list[AnchorPublic]:
    """Return up to `limit` anchors, newest first; page with `before` = the last size seen."""
    response.headers.update(_SUCCESSOR)
    return [anchor_public(a) for a in deployment.anchors(limit, before)]


@pages.get(
    "",
    response_model=AnchorPage,
    responses=problem_responses(422, 503),
    summary="Anchors, largest tree first, a page at a time",
)
def anchor_page(
    deployment: DeploymentDep,
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> AnchorPage:
    """Return up to `limit` anchors of this log's chain; follow `next_cursor` for more."""
    found = deployment.anchors(limit + 1, read_cursor(ANCHORS_ROUTE, cursor))
    page, more = page_of(
        request, response, ANCHORS_ROUTE, found, limit=limit, position=lambda a: a.tree_size
    )
    return AnchorPage(items=[anchor_public(a) for a in page], next_cursor=more)
