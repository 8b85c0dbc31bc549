"""A kept copy of another office's log on disk: the tlog-tiles tree, metadata and fork evidence."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ipledger.ledger.mirror.errors import CopyNotFound, MirrorError
from ipledger.ledger.mirror.tree import HASH_SIZE, TiledTree, TileSpot, split, spot_at, tile_spots
from ipledger.ledger.tlogtiles import tile_path
from ipledger.verifier.core.checkpoint import Checkpoint, parse_checkpoint
from ipledger.verifier.core.note import parse_note

MIRRORS = "mirrors"
CHECKPOINT = "checkpoint"
METADATA = "mirror.json"  # not part of the tlog-tiles tree; harmless if served with it
EVIDENCE = "evidence"


def origin_hash(origin: str) -> str:
    """Return the lowercase hex SHA-256 of a log's origin line (tlog-mirror's `<origin hash>`)."""
    return hashlib.sha256(origin.encode("utf-8")).hexdigest()


def mirrors_dir(data_dir: Path) -> Path:
    """Return the folder holding every kept copy of this data directory."""
    return data_dir / MIRRORS


def spot_path(spot: TileSpot) -> str:
    """Return a tile's tlog-tiles path (`tile/0/x001/234.p/7`), no leading slash."""
    return tile_path(spot.level, spot.index, None if spot.full else spot.width)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class CopyInfo:
    """What `ipledger mirror list` shows of a copy."""

    origin_hash: str
    origin: str
    source_url: str
    verifier_key: str
    size: int
    root: bytes
    updated_at: int | None


class MirrorCopy:
    """The copy in `<data_dir>/mirrors/<origin hash>/`: `checkpoint` and `tile/...` as served."""

    def __init__(self, directory: Path) -> None:
        """Use (not create) the copy's folder."""
        self.directory = directory

    @classmethod
    def of(cls, data_dir: Path, origin: str) -> MirrorCopy:
        """Return the copy of the log `origin` in `data_dir` (it may not exist yet)."""
        return cls(mirrors_dir(data_dir) / origin_hash(origin))

    @classmethod
    def by_hash(cls, data_dir: Path, hash_hex: str) -> MirrorCopy:
        """Return the kept copy whose origin hashes to `hash_hex`; `CopyNotFound` if none."""
        if len(hash_hex) != 64 or any(c not in "0123456789abcdef" for c in hash_hex):
            raise CopyNotFound(f"{hash_hex[:80]!r} is no origin hash (64 lowercase hex digits)")
        copy = cls(mirrors_dir(data_dir) / hash_hex)
        if not (copy.directory / CHECKPOINT).is_file():
            raise CopyNotFound(f"no copy of a log with origin hash {hash_hex} is kept here")
        return copy

    def note(self) -> str | None:
        """Return the kept signed checkpoint (note text), or None before the first copy."""
        try:
            return (self.directory / CHECKPOINT).read_text("utf-8")
        except FileNotFoundError:
            return None

    def checkpoint(self) -> Checkpoint | None:
        """Return the kept checkpoint (verified when it was kept), or None."""
        note = self.note()
        return None if note is None else parse_checkpoint(parse_note(note).text)

    def metadata(self) -> dict[str, object]:
        """Return mirror.json (source URL, verifier key, origin, last update), or {}."""
        try:
            data = json.loads((self.directory / METADATA).read_text("utf-8"))
        except FileNotFoundError:
            return {}
        return data if isinstance(data, dict) else {}

    def info(self) -> CopyInfo:
        """Return what a listing shows; `CopyNotFound` if nothing is kept."""
        checkpoint = self.checkpoint()
        if checkpoint is None:
            raise CopyNotFound(f"no checkpoint is kept in {self.directory}")
        meta = self.metadata()
        updated = meta.get("updated_at")
        return CopyInfo(
            origin_hash=self.directory.name,
            origin=checkpoint.origin,
            source_url=str(meta.get("source_url", "")),
            verifier_key=str(meta.get("verifier_key", "")),
            size=checkpoint.size,
            root=checkpoint.root,
            updated_at=updated if isinstance(updated, int) else None,
        )

    def tile_file(self, spot: TileSpot) -> Path:
        """Return where the tile is (or would be) kept."""
        return self.directory / spot_path(spot)

    def read_tile(self, spot: TileSpot) -> bytes | None:
        """Return the kept tile's bytes, or None if it is not kept (or has a wrong length)."""
        try:
            data = self.tile_file(spot).read_bytes()
        except FileNotFoundError:
            return None
        return data if len(data) == spot.width * HASH_SIZE else None

    def tree(self, checkpoint: Checkpoint | None = None) -> TiledTree:
        """Return the kept tree (of the kept checkpoint's size) read from the kept tiles."""
        kept = checkpoint or self.checkpoint()
        if kept is None:
            raise CopyNotFound(f"no checkpoint is kept in {self.directory}")
        size = kept.size

        def get(level: int, index: int) -> list[bytes]:
            spot = spot_at(level, index, size)
            data = self.read_tile(spot)
            if data is None:
                raise MirrorError(
                    f"the copy in {self.directory} lacks {spot_path(spot)}: run the mirror again"
                )
            return split(data)

        return TiledTree(size, get)

    def store(self, tiles: dict[TileSpot, bytes], note: str, meta: dict[str, object]) -> None:
        """Keep new tiles, then the checkpoint, then metadata; drop partial tiles now stale.

        The checkpoint is written last: a crash before it leaves the old copy whole (its
        tiles are never overwritten with other bytes, only joined by new ones).
        """
        for spot, data in tiles.items():
            write_atomically(self.tile_file(spot), data)
        write_atomically(self.directory / CHECKPOINT, note.encode("utf-8"))
        meta = {**meta, "updated_at": int(time.time())}
        write_atomically(self.directory / METADATA, json.dumps(meta, indent=2).encode() + b"\n")
        size = parse_checkpoint(parse_note(note).text).size
        self._drop_stale_partials(size)

    def _drop_stale_partials(self, size: int) -> None:
        keep = {self.tile_file(spot) for spot in tile_spots(size)}
        tile_root = self.directory / "tile"
        for path in tile_root.rglob("*"):
            if path.is_file() and path.parent.name.endswith(".p") and path not in keep:
                path.unlink(missing_ok=True)

    def keep_evidence(self, kept_note: str, source_note: str, facts: dict[str, object]) -> Path:
        """Keep both conflicting signed checkpoints and what was found; return the folder."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        folder = self.directory / EVIDENCE / f"{stamp}-{os.getpid()}-{time.monotonic_ns()}"
        write_atomically(folder / "kept-checkpoint", kept_note.encode("utf-8"))
        write_atomically(folder / "source-checkpoint", source_note.encode("utf-8"))
        write_atomically(folder / "fork.json", json.dumps(facts, indent=2).encode() + b"\n")
        return folder


def list_copies(data_dir: Path) -> list[CopyInfo]:
    """Return every kept copy of `data_dir`, by origin."""
    root = mirrors_dir(data_dir)
    if not root.is_dir():
        return []
    copies = []
    for folder in sorted(root.iterdir()):
        if (folder / CHECKPOINT).is_file():
            copies.append(MirrorCopy(folder).info())
    return sorted(copies, key=lambda c: c.origin)
