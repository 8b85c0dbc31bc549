"""Kept copies of other offices' logs: served as tlog-tiles under /mirror/, proofs under /v1/."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from ipledger.api.deps import SettingsDep
from ipledger.api.models import ConsistencyProofPublic, InclusionProofPublic
from ipledger.api.problems import ApiProblem, FieldProblem, problem_responses
from ipledger.api.routing import StrictRoute
from ipledger.ledger.config import Settings
from ipledger.ledger.errors import LedgerError
from ipledger.ledger.mirror import CopyNotFound, MirrorCopy, MirrorError, TiledTree, list_copies
from ipledger.ledger.mirror.tree import HASH_SIZE, spot_at
from ipledger.ledger.tlogtiles import parse_tile_path
from ipledger.verifier.core.checkpoint import Checkpoint

router = APIRouter(prefix="/mirror", tags=["mirrors"], route_class=StrictRoute)
proofs = APIRouter(prefix="/v1/mirrors", tags=["mirrors"], route_class=StrictRoute)

OriginHash = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="SHA-256 of the origin")]
Size = Annotated[int, Query(ge=1, le=2**63 - 1)]
_IMMUTABLE = "public, max-age=31536000, immutable"
_CHANGING = "public, max-age=5"


class MirrorPublic(BaseModel):
    """A kept copy of another office's log: its origin, source and the latest verified tree."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    origin: str
    origin_hash: str = Field(pattern="^[0-9a-f]{64}$")
    source_url: str
    verifier_key: str
    size: int = Field(ge=0)
    root: str = Field(pattern="^[0-9a-f]{64}$")
    updated_at: int | None = Field(description="Unix seconds of the last update that grew it")


def _copy(settings: Settings, origin_hash: str) -> tuple[MirrorCopy, Checkpoint]:
    try:
        copy = MirrorCopy.by_hash(settings.data_dir, origin_hash)
        checkpoint = copy.checkpoint()
    except CopyNotFound as exc:
        raise ApiProblem(404, str(exc)) from None
    if checkpoint is None:
        raise ApiProblem(404, f"no copy of a log with origin hash {origin_hash} is kept here")
    return copy, checkpoint


@router.get(
    "/{origin_hash}/checkpoint",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **problem_responses(404)},
    summary="The copy's latest verified checkpoint (the source's signed note, unchanged)",
)
def checkpoint(origin_hash: OriginHash, settings: SettingsDep) -> Response:
    """Return the signed checkpoint the copy was last verified against."""
    copy, _ = _copy(settings, origin_hash)
    note = copy.note() or ""
    return Response(
        note.encode("utf-8"),
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


@router.get(
    "/{origin_hash}/tile/{path:path}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **problem_responses(404)},
    summary="A hash tile of the copy (C2SP tlog-tiles path after `tile/`)",
)
def tile(origin_hash: OriginHash, path: str, settings: SettingsDep) -> Response:
    """Return a hash tile of the kept tree; a partial tile of a smaller width is its prefix."""
    copy, kept = _copy(settings, origin_hash)
    try:
        wanted = parse_tile_path(f"tile/{path}")
    except LedgerError as exc:
        raise ApiProblem(404, f"tile/{path[:200]}: {exc}") from None
    if wanted.entries:
        raise ApiProblem(404, "a mirror keeps hash tiles only, no entry bundles")
    try:
        spot = spot_at(wanted.level, wanted.index, kept.size)
    except MirrorError:
        spot = None
    count = wanted.count
    if spot is None or count > spot.width or (wanted.full and not spot.full):
        raise ApiProblem(404, f"the copy's tree of {kept.size} entries has no tile/{path[:200]}")
    data = copy.read_tile(spot)
    if data is None:
        raise ApiProblem(404, f"the copy lacks tile/{path[:200]}")
    return Response(
        data[: count * HASH_SIZE],
        media_type="application/octet-stream",
        headers={"Cache-Control": _IMMUTABLE if wanted.full else _CHANGING},
    )


@proofs.get("", response_model=list[MirrorPublic], summary="Copies of other offices' logs kept")
def mirrors(settings: SettingsDep) -> list[MirrorPublic]:
    """List every kept copy: origin, origin hash, source URL, verifier key, size and root."""
    return [
        MirrorPublic(
            origin=c.origin, origin_hash=c.origin_hash, source_url=c.source_url,
            verifier_key=c.verifier_key, size=c.size, root=c.root.hex(), updated_at=c.updated_at,
        )
        for c in list_copies(settings.data_dir)
    ]


def _tree(settings: Settings, origin_hash: str, size: int, field: str) -> TiledTree:
    copy, kept = _copy(settings, origin_hash)
    if size > kept.size:
        raise ApiProblem(
            404, f"{field}: the copy holds {kept.size} entries, so it has no tree of {size} yet"
        )
    return copy.tree(kept)


@proofs.get(
    "/{origin_hash}/inclusion",
    response_model=InclusionProofPublic,
    responses=problem_responses(404, 422),
    summary="Inclusion proof of a leaf in a tree of the copy, computed from its tiles",
)
def inclusion(
    origin_hash: OriginHash,
    index: Annotated[int, Query(ge=0, le=2**63 - 1)],
    size: Size,
    settings: SettingsDep,
) -> InclusionProofPublic:
    """Return the proof that leaf `index` is in the copy's tree of `size` leaves."""
    if index >= size:
        reason = f"must be below size ({size})"
        raise ApiProblem(
            422, f"index: {reason}", errors=[FieldProblem(field="index", reason=reason)]
        )
    tree = _tree(settings, origin_hash, size, "size")
    at = TiledTree(size, tree.tiles)
    return InclusionProofPublic(
        index=index,
        size=size,
        leaf_hash=tree.leaf_hash(index).hex(),
        root=at.root().hex(),
        proof=[h.hex() for h in tree.inclusion_proof(index, size)],
    )


@proofs.get(
    "/{origin_hash}/consistency",
    response_model=ConsistencyProofPublic,
    responses=problem_responses(404, 422),
    summary="Consistency proof between two trees of the copy, computed from its tiles",
)
def consistency(
    origin_hash: OriginHash, first: Size, second: Size, settings: SettingsDep
) -> ConsistencyProofPublic:
    """Return the proof that the copy's tree of `first` leaves is a prefix of that of `second`."""
    if first > second:
        reason = f"must not exceed second ({second})"
        raise ApiProblem(
            422, f"first: {reason}", errors=[FieldProblem(field="first", reason=reason)]
        )
    tree = _tree(settings, origin_hash, second, "second")
    return ConsistencyProofPublic(
        first=first,
        second=second,
        first_root=TiledTree(first, tree.tiles).root().hex(),
        second_root=TiledTree(second, tree.tiles).root().hex(),
        proof=[h.hex() for h in tree.consistency_proof(first, second)],
    )
