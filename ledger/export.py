"""Export the log as static C2SP tlog-tiles files: checkpoint and hash tiles (opt-in bundles)."""

# Incremental and crash-safe: full tiles never change, so a file already present is skipped;
# every file is written to a temporary name, fsynced and renamed, tiles first and the
# checkpoint last, so a reader (or a web server) never sees a checkpoint whose tiles are
# missing. A partial tile is deleted only once its full tile is written (tlog-tiles allows
# it then); partials of other widths stay, valid for the older checkpoints that named them.

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ipledger.ledger.checkpoints import latest_checkpoint
from ipledger.ledger.cosigning.store import cosignature_lines
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import ExportError
from ipledger.ledger.tlogtiles import (
    HASH_SIZE,
    TilePath,
    bundles_for_size,
    public_tiles,
    tiles_for_size,
)

CHECKPOINT = "checkpoint"


@dataclass(frozen=True)
class ExportSummary:
    """What one export did: the tree size published and the files written, kept and removed."""

    directory: Path
    size: int
    written: int
    unchanged: int
    removed: int
    bytes_written: int

    def line(self) -> str:
        """One line for the command line."""
        return (
            f"exported tree size {self.size} to {self.directory}: {self.written} files written "
            f"({self.bytes_written} bytes), {self.unchanged} unchanged, "
            f"{self.removed} partial tiles removed"
        )


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a fsynced temporary file renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _origin_of(note: str) -> str:
    return note.split("\n", 1)[0]


def _present(directory: Path, tile: TilePath) -> bool:
    path = directory / tile.path
    try:
        length = path.stat().st_size
    except FileNotFoundError:
        return False
    # An entry bundle's length varies; a hash tile's is fixed, so a wrong one is rewritten.
    return tile.entries or length == HASH_SIZE * tile.count


def _partials(size: int, entries: bool) -> list[TilePath]:
    tiles = tiles_for_size(size) + (bundles_for_size(size) if entries else [])
    return [tile for tile in tiles if not tile.full]


def _check_existing(existing: Path, note: str, directory: Path) -> int:
    """Return the size of the copy already in `directory` (0 if none); refuse another log's."""
    if not existing.exists():
        return 0
    old = existing.read_text("utf-8", errors="replace")
    lines = old.split("\n")
    if lines[0] != _origin_of(note):
        raise ExportError(
            f"{directory} holds a copy of the log {lines[0]!r}, not {_origin_of(note)!r}: "
            "export into an empty directory or one holding this log's copy"
        )
    old_size = int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else 0
    new_size = int(note.split("\n")[1])
    if old_size > new_size:
        raise ExportError(
            f"{directory} holds a checkpoint of size {old_size}, larger than this log's latest "
            f"({new_size}): it was exported from another database of this log"
        )
    return old_size


def export_log(deployment: Deployment, directory: Path, *, entries: bool = False) -> ExportSummary:
    """Write (or bring up to date) the static tlog-tiles copy of the latest checkpoint.

    Publishes the checkpoint (with its cosignatures) and every hash tile of its tree; entry
    bundles (digests, nonces, times) only when `entries`. Raises ExportError when no
    checkpoint exists yet, `directory` holds a copy of another log, or cannot be written.
    """
    try:
        return _export(deployment, directory, entries)
    except OSError as exc:
        where = exc.filename if exc.filename is not None else directory
        raise ExportError(
            f"cannot write the copy at {where}: {exc.strerror or exc}; choose a directory you "
            "can write (the copy is complete only once `checkpoint` is written)"
        ) from exc


def _export(deployment: Deployment, directory: Path, entries: bool) -> ExportSummary:
    """Export as export_log says; OSError escapes."""
    store = deployment.store
    checkpoint = latest_checkpoint(store)
    if checkpoint is None:
        raise ExportError(
            "the log has no checkpoint yet: stamp entries, run `ipledger checkpoint` (or let "
            "`ipledger serve` cut one), then export again"
        )
    size = checkpoint.tree_size
    note = checkpoint.note + cosignature_lines(store, [size]).get(size, "")
    existing = directory / CHECKPOINT
    old_size = _check_existing(existing, note, directory)
    directory.mkdir(parents=True, exist_ok=True)
    wanted = tiles_for_size(size) + (bundles_for_size(size) if entries else [])
    missing = [tile for tile in wanted if not _present(directory, tile)]
    written = removed = total = 0
    for tile, data in public_tiles(store, missing, size, entries=entries):
        write_atomically(directory / tile.path, data)
        written += 1
        total += len(data)
    # The full tiles that replace partials: new ones, and those partial at the old size (a
    # crash after the tiles and before the checkpoint leaves the old size in place).
    was_partial = {(t.level, t.index, t.entries) for t in _partials(old_size, entries)}
    for tile in wanted:
        if tile.full and (tile in missing or (tile.level, tile.index, tile.entries) in was_partial):
            stale = directory / (tile.path + ".p")
            if stale.is_dir():
                removed += sum(1 for p in stale.iterdir() if not p.name.startswith("."))
                shutil.rmtree(stale)
    data = note.encode("utf-8")
    if not existing.exists() or existing.read_bytes() != data:
        write_atomically(existing, data)
        written += 1
        total += len(data)
    return ExportSummary(directory, size, written, len(wanted) + 1 - written, removed, total)
