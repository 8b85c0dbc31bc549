"""C2SP tlog-tiles, read-only: the latest checkpoint and the tiles its tree has."""

# Everything here is public (no API key): the checkpoint and the hash tiles reveal nothing
# about documents. Entry bundles (digests, nonces, times) are served only when the operator
# opts in (IPLEDGER_PUBLISH_ENTRIES). A path the spec forbids and a tile the latest
# checkpoint does not cover both answer 404, as a static copy of the export would.

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ipledger.api.deps import Context, context_of
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routing import StrictRoute, direct, store_read
from ipledger.ledger.checkpoints import latest_checkpoint
from ipledger.ledger.cosigning.store import cosignature_lines
from ipledger.ledger.errors import InvalidTilePath, TileNotFound
from ipledger.ledger.tlogtiles import parse_tile_path, public_tile

router = APIRouter(tags=["tiles"], route_class=StrictRoute)

CHECKPOINT_MEDIA_TYPE = "text/plain; charset=utf-8"
TILE_MEDIA_TYPE = "application/octet-stream"
CHECKPOINT_CACHE = "public, max-age=5"  # mutable: the spec asks for a few seconds at most
FULL_TILE_CACHE = "public, max-age=31536000, immutable"
# A partial tile's bytes never change either, but it may be deleted once its full tile exists.
PARTIAL_TILE_CACHE = "public, max-age=60"
NOT_FOUND_HEADERS = {"Cache-Control": "no-cache"}  # a missing tile may exist a moment later


def _not_found(detail: str) -> ApiProblem:
    return ApiProblem(404, detail, headers=NOT_FOUND_HEADERS)


# The routes' `direct` handlers (docs/design.md, "Direct dispatch"): witnesses, monitors
# and tile clients poll the checkpoint and fetch tiles.
async def _direct_checkpoint(request: Request) -> Response:
    context = context_of(request)
    return await store_read(context.deployment, lambda: checkpoint(context))


async def _direct_tile(request: Request) -> Response:
    context, path = context_of(request), request.path_params["path"]
    return await store_read(context.deployment, lambda: tile(path, context))


@router.get(
    "/checkpoint",
    summary="The latest signed checkpoint (C2SP tlog-checkpoint, with cosignatures)",
    response_class=Response,
    responses={
        200: {
            "description": "The signed note: origin, size, root, the log's signature and the "
            "witnesses' cosignatures.",
            "content": {CHECKPOINT_MEDIA_TYPE: {"schema": {"type": "string"}}},
        },
        **problem_responses(404, 503),
    },
)
@direct(_direct_checkpoint)
def checkpoint(context: Context) -> Response:
    """Return the newest checkpoint, the one every served tile belongs to."""
    store = context.deployment.store
    found = latest_checkpoint(store)
    if found is None:
        raise _not_found("no checkpoint has been cut yet; one follows the first entries")
    note = found.note + cosignature_lines(store, [found.tree_size]).get(found.tree_size, "")
    return Response(
        note, media_type=CHECKPOINT_MEDIA_TYPE, headers={"Cache-Control": CHECKPOINT_CACHE}
    )


@router.get(
    "/tile/{path:path}",
    summary="A hash tile (tile/<L>/<N>[.p/<W>]) or, when published, an entry bundle",
    response_class=Response,
    responses={
        200: {
            "description": "32-byte hashes (a tile) or uint16-length-prefixed RFC 9162 leaf "
            "inputs (an entry bundle), as C2SP tlog-tiles defines them.",
            "content": {TILE_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(404, 503),
    },
)
@direct(_direct_tile)
def tile(path: str, context: Context) -> Response:
    """Return a tile of the latest checkpoint's tree; 404 for any other path."""
    try:
        wanted = parse_tile_path("tile/" + path)
    except InvalidTilePath as exc:
        raise _not_found(str(exc)) from None
    publish = context.settings.publish_entries
    if wanted.entries and not publish:
        raise _not_found("this log does not publish entry bundles, only hash tiles")
    store = context.deployment.store
    found = latest_checkpoint(store)
    if found is None:
        raise _not_found("no checkpoint has been cut yet, so no tile is public")
    try:
        data = public_tile(store, wanted, found.tree_size, entries=publish)
    except TileNotFound as exc:
        raise _not_found(f"{exc}, the latest checkpoint's") from None
    cache = FULL_TILE_CACHE if wanted.full else PARTIAL_TILE_CACHE
    return Response(data, media_type=TILE_MEDIA_TYPE, headers={"Cache-Control": cache})
