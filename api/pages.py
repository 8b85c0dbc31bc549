"""Cursor pagination of the list routes: opaque cursors, `Link: rel="next"`, the page models."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Annotated, TypeVar

from fastapi import Query, Request, Response
from pydantic import Field, StringConstraints, TypeAdapter

from ipledger.api.models import (
    _ANCHOR,
    _CHECKPOINT,
    _ROOT,
    AnchorPublic,
    CheckpointPublic,
    ListedEntry,
    _example,
    _Frozen,
)
from ipledger.api.problems import ApiProblem, FieldProblem

Item = TypeVar("Item")

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."),
]
MAX_CURSOR_LENGTH = 200
CursorParam = Annotated[
    str | None,
    Query(
        max_length=MAX_CURSOR_LENGTH,
        description="`next_cursor` of the previous page; leave out for the first page.",
    ),
]
# The same two parameters' checks, for `direct` handlers (`routing.validated_query_or_default`).
LIMIT = TypeAdapter(Annotated[int, Field(ge=1, le=MAX_LIMIT)])
CURSOR = TypeAdapter(Annotated[str, StringConstraints(max_length=MAX_CURSOR_LENGTH)])


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


def page_of(
    request: Request,
    response: Response,
    route: str,
    found: Sequence[Item],
    *,
    limit: int,
    position: Callable[[Item], int],
    resume_before: int | None = None,
) -> tuple[list[Item], str | None]:
    """Cut a page of `limit` from `found` (up to `limit` + 1 read); return it and its cursor.

    More than `limit` found: the cursor continues below the page's last item. Otherwise
    `resume_before` (a reader that stopped early) or no next page. Sets the `Link` header.
    """
    page = list(found[:limit])
    more = None
    if len(found) > limit:
        more = make_cursor(route, position(page[-1]))
    elif resume_before is not None:
        more = make_cursor(route, resume_before)
    response.headers.update(next_link(request, more))
    return page, more


_NEXT = Field(
    description="Give it as `cursor` for the next page (also in the `Link: rel=\"next\"` "
    "header); null on the last page. Opaque: do not build or change one."
)
_CURSOR = "eyJyIjoiL3YxL2VudHJpZXMiLCJiIjo0MX0"


class EntryPage(_Frozen):
    """A page of the caller's entries, newest first."""

    model_config = _example(
        {"items": [ListedEntry.model_config["json_schema_extra"]["examples"][0]],  # type: ignore[index]
         "next_cursor": _CURSOR}
    )

    items: list[ListedEntry]
    next_cursor: str | None = _NEXT


class CheckpointPage(_Frozen):
    """A page of signed checkpoints, largest tree first."""

    model_config = _example(
        {"items": [{"size": 1000, "root": _ROOT, "note": _CHECKPOINT}], "next_cursor": None}
    )

    items: list[CheckpointPublic]
    next_cursor: str | None = _NEXT


class AnchorPage(_Frozen):
    """A page of anchors, largest tree first."""

    model_config = _example({"items": [_ANCHOR], "next_cursor": None})

    items: list[AnchorPublic]
    next_cursor: str | None = _NEXT
