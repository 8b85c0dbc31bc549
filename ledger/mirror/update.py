"""One mirror update: verify the source's checkpoint and new tiles, check consistency, keep them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ipledger.ledger.mirror.copy import MirrorCopy, spot_path
from ipledger.ledger.mirror.errors import (
    MirrorError,
    SourceBehind,
    SourceForked,
    SourceUnverified,
)
from ipledger.ledger.mirror.fetch import TileFetcher
from ipledger.ledger.mirror.tree import HASH_SIZE, TiledTree, TileSpot, split, spot_at, tile_spots
from ipledger.verifier.core.checkpoint import Checkpoint
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.core.policy import Policy, check_checkpoint


@dataclass(frozen=True)
class _Meeting:
    """The kept copy and the source's new checkpoint being compared."""

    copy: MirrorCopy
    kept: Checkpoint
    kept_note: str
    new: Checkpoint
    note: str


@dataclass(frozen=True)
class MirrorUpdate:
    """What one update did: the sizes before and after and how many tiles it fetched."""

    origin: str
    origin_hash: str
    old_size: int | None
    size: int
    root: bytes
    tiles_fetched: int
    requests: int

    @property
    def changed(self) -> bool:
        """Whether the copy grew (or was made)."""
        return self.old_size != self.size


def verify_source_checkpoint(note: str, verifier_key: str, policy: Policy | None) -> Checkpoint:
    """Check the note is a checkpoint signed by `verifier_key` for the key's name (and policy)."""
    try:
        key = parse_verifier_key(verifier_key)
        checkpoint, _, _ = check_checkpoint(note, policy, log_key=verifier_key)
    except VerifierError as exc:
        raise SourceUnverified(f"the source's checkpoint does not verify: {exc}") from None
    if checkpoint.origin != key.name:  # check_checkpoint checks it; the copy's folder relies on it
        raise SourceUnverified(f"the checkpoint's origin {checkpoint.origin!r} is not {key.name!r}")
    return checkpoint


def mirror_once(
    data_dir: Path,
    url: str,
    verifier_key: str,
    policy: Policy | None = None,
    *,
    timeout: float = 20.0,
) -> MirrorUpdate:
    """Bring the copy of the log at `url` up to the source's verified checkpoint.

    Raises `SourceUnreachable`, `SourceUnverified` (nothing kept), `SourceBehind` (a smaller
    tree consistent with the copy), `SourceForked` (evidence kept; the copy unchanged).
    """
    fetcher = TileFetcher(url, timeout)
    try:
        note = fetcher.checkpoint()
        new = verify_source_checkpoint(note, verifier_key, policy)
        copy = MirrorCopy.of(data_dir, new.origin)
        kept = copy.checkpoint()
        kept_note = copy.note()
        known = copy.metadata().get("verifier_key")
        if kept is not None and known not in (None, verifier_key):
            raise MirrorError(
                f"the copy of {new.origin} was made with the key {known}; a copy follows one "
                f"key: move {copy.directory} away to start a copy with the new key"
            )
        meta: dict[str, object] = {
            "origin": new.origin, "source_url": fetcher.prefix, "verifier_key": verifier_key
        }

        def done(fetched: int) -> MirrorUpdate:
            return MirrorUpdate(
                new.origin, copy.directory.name, None if kept is None else kept.size,
                new.size, new.root, fetched, fetcher.requests,
            )

        meeting = None if kept is None or kept_note is None else _Meeting(
            copy, kept, kept_note, new, note
        )
        if meeting is not None and new.size <= meeting.kept.size:
            _check_not_larger(meeting)
            return done(0)
        tiles, fetched = _new_tiles(copy, fetcher, new)
        if meeting is not None:
            _check_consistent(meeting, tiles)
        copy.store(fetched, note, meta)
        return done(len(fetched))
    finally:
        fetcher.close()


def _check_not_larger(meeting: _Meeting) -> None:
    # Same size: the same root or a fork. Smaller: the kept tiles say what its root must be.
    kept, new = meeting.kept, meeting.new
    root = TiledTree(new.size, meeting.copy.tree(kept).tiles).root()
    if root != new.root:
        _forked(meeting, root, "the kept tiles give the root")
    if new.size < kept.size:
        raise SourceBehind(
            f"the source serves a tree of {new.size} entries, the copy holds {kept.size} "
            "(consistent: a stale cache or a rolled-back server?); the copy is unchanged"
        )


def _forked(meeting: _Meeting, found: bytes, how: str) -> NoReturn:
    kept, new = meeting.kept, meeting.new
    small, large = (new, kept) if new.size <= kept.size else (kept, new)
    facts: dict[str, object] = {
        "origin": kept.origin,
        "kept": {"size": kept.size, "root": kept.root.hex()},
        "source": {"size": new.size, "root": new.root.hex()},
        "finding": f"{how} {found.hex()} for size {small.size}, "
        f"but the checkpoint of size {small.size} says {small.root.hex()}",
        "larger_tree": large.size,
    }
    folder = meeting.copy.keep_evidence(meeting.kept_note, meeting.note, facts)
    raise SourceForked(
        f"the source {kept.origin} forked: its checkpoint of size {new.size} is inconsistent "
        f"with the kept one of size {kept.size}; refused, the copy is unchanged, both signed "
        f"checkpoints kept in {folder}"
    )


def _new_tiles(
    copy: MirrorCopy, fetcher: TileFetcher, new: Checkpoint
) -> tuple[dict[TileSpot, bytes], dict[TileSpot, bytes]]:
    """Return the tiles of the new tree (kept full tiles reused) and the ones fetched."""
    for fresh in (False, True):
        tiles: dict[TileSpot, bytes] = {}
        fetched: dict[TileSpot, bytes] = {}
        reused = False
        for spot in tile_spots(new.size):
            data = None if fresh or not spot.full else copy.read_tile(spot)
            if data is None:
                data = fetched[spot] = fetcher.tile(spot_path(spot), spot.width * HASH_SIZE)
            else:
                reused = True
            tiles[spot] = data
        tree = TiledTree(new.size, _getter(tiles, new.size))
        try:
            tree.check_levels(None if fresh else set(fetched))
            root = tree.root()
        except SourceUnverified as exc:
            if reused:
                continue  # maybe the source's old tiles changed: fetch them all to tell
            raise SourceUnverified(f"{exc}; nothing was kept") from None
        if root == new.root:
            return tiles, fetched
        if not reused:
            break
    raise SourceUnverified(
        f"the source's tiles give the root {root.hex()} for size {new.size}, its signed "
        f"checkpoint says {new.root.hex()}; nothing was kept"
    )


def _getter(tiles: dict[TileSpot, bytes], size: int) -> Callable[[int, int], list[bytes]]:
    def get(level: int, index: int) -> list[bytes]:
        return split(tiles[spot_at(level, index, size)])

    return get


def _check_consistent(meeting: _Meeting, tiles: dict[TileSpot, bytes]) -> None:
    # The kept root recomputed from the new tiles: the new tree extends the kept one.
    kept = meeting.kept
    old = TiledTree(kept.size, _getter(tiles, meeting.new.size)).root()
    if old != kept.root:
        _forked(meeting, old, "the source's new tiles give the root")
    # Equal roots mean equal leaf hashes: the kept full tiles are the ones reused and each
    # kept partial tile is a prefix of its successor (else SHA-256 collides).
