"""Cursor pagination of the list routes: opaque cursors, the page's `Link: rel="next"`."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated

from fastapi import Query, Request

from ipledger.api.problems import ApiProblem, FieldProblem

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."),
]
CursorParam = Annotated[
    str | None,
    Query(
        max_length=200,
        description="`next_cursor` of the previous page; leave out for the first page.",
    ),
]


def make_cursor(route: str, before: int) -> str:
    """Return the opaque cursor of the page after position `before` on `route`."""
    raw = json.dumps({"r": route, "b": before}, separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def read_cursor(route: str, cursor: str | None) -> int | None:
    """Return the position a cursor of `route` continues before; 422 for any other text."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
        before = value["b"]
        if value["r"] == route and isinstance(before, int) and 0 <= before < 2**63:
            return before
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        pass
    reason = (
        f"is not a cursor of {route}: give the `next_cursor` of a page of this list, "
        "unchanged, or leave it out to start from the newest"
    )
    raise ApiProblem(
        422, f"cursor: {reason}", errors=[FieldProblem(field="cursor", reason=reason)]
    )


def next_link(request: Request, cursor: str | None) -> dict[str, str]:
    """Return the `Link` header pointing at the next page (the same query, its cursor)."""
    if cursor is None:
        return {}
    url = request.url.include_query_params(cursor=cursor)
    return {"Link": f'<{url.path}?{url.query}>; rel="next"'}
