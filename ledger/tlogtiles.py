"""C2SP tlog-tiles paths: encoding, strict parsing, and the tiles a tree of a given size has."""

# Parsing is strict: a path is accepted only if it is exactly what tile_path/entries_path write
# (canonical index groups, no leading zeros, widths 1..255), so one tile has one name and a
# static copy and a served log can never disagree about which file holds which hashes.

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ipledger.ledger.errors import InvalidTilePath, StorageError, TileNotFound
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.leaf import leaf_input

TILE_WIDTH = 256
MAX_LEVEL = 63
HASH_SIZE = 32
READ_BATCH = 64  # tiles per database read: one OR-chained query stays short
MAX_ENTRY_BYTES = 0xFFFF  # an entry bundle's big-endian uint16 length prefix


@dataclass(frozen=True, order=True)
class TilePath:
    """One tile (`entries` False) or entry bundle (`entries` True, `level` 0); width None = full."""

    level: int
    index: int
    width: int | None = None
    entries: bool = False

    @property
    def full(self) -> bool:
        """Whether this is a full (256-wide, immutable) tile or bundle."""
        return self.width is None

    @property
    def count(self) -> int:
        """How many hashes (or entries) the tile holds."""
        return TILE_WIDTH if self.width is None else self.width

    @property
    def path(self) -> str:
        """The path relative to the log's prefix, e.g. `tile/0/x001/x234/067`."""
        if self.entries:
            return entries_path(self.index, self.width)
        return tile_path(self.level, self.index, self.width)

    def covered_by(self, size: int) -> bool:
        """Whether a tree of `size` entries has this tile (partials only at their exact width)."""
        count = size >> (8 * self.level)
        if self.width is None:
            return count >= (self.index + 1) * TILE_WIDTH
        return count // TILE_WIDTH == self.index and count % TILE_WIDTH == self.width


def _encode_index(index: int) -> str:
    if index < 0:
        raise InvalidTilePath(f"tile index {index} is negative")
    groups = []
    while True:
        index, rest = divmod(index, 1000)
        groups.append(f"{rest:03d}")
        if index == 0:
            break
    groups.reverse()
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def _suffix(width: int | None) -> str:
    if width is None or width == TILE_WIDTH:
        return ""
    if not 1 <= width < TILE_WIDTH:
        raise InvalidTilePath(f"tile width {width} is not between 1 and 256")
    return f".p/{width}"


def tile_path(level: int, index: int, width: int | None = None) -> str:
    """Return `tile/<L>/<N>[.p/<W>]` (no leading slash); width None or 256 is a full tile."""
    if not 0 <= level <= MAX_LEVEL:
        raise InvalidTilePath(f"tile level {level} is not between 0 and {MAX_LEVEL}")
    return f"tile/{level}/{_encode_index(index)}{_suffix(width)}"


def entries_path(index: int, width: int | None = None) -> str:
    """Return `tile/entries/<N>[.p/<W>]` (no leading slash); width None or 256 is full."""
    return f"tile/entries/{_encode_index(index)}{_suffix(width)}"


def _decimal(text: str, what: str, path: str) -> int:
    if not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        raise InvalidTilePath(f"{path!r}: {what} {text!r} is not a decimal without leading zeros")
    return int(text)


def parse_tile_path(path: str) -> TilePath:
    """Parse a tile or entry-bundle path as the spec writes it; raise InvalidTilePath otherwise."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "tile":
        raise InvalidTilePath(f"{path!r} is not a path of the form tile/<L>/<N>[.p/<W>]")
    entries = parts[1] == "entries"
    level = 0 if entries else _decimal(parts[1], "level", path)
    if level > MAX_LEVEL:
        raise InvalidTilePath(f"{path!r}: level {level} is above {MAX_LEVEL}")
    rest = parts[2:]
    width: int | None = None
    if len(rest) >= 2 and rest[-2].endswith(".p"):
        width = _decimal(rest[-1], "width", path)
        if not 1 <= width < TILE_WIDTH:
            raise InvalidTilePath(f"{path!r}: partial width {width} is not between 1 and 255")
        rest = [*rest[:-2], rest[-2][:-2]]
    index = 0
    for position, group in enumerate(rest):
        digits = group[1:] if position < len(rest) - 1 and group.startswith("x") else group
        if len(digits) != 3 or not digits.isascii() or not digits.isdigit():
            raise InvalidTilePath(f"{path!r}: index element {group!r} is malformed")
        index = index * 1000 + int(digits)
    tile = TilePath(level, index, width, entries)
    if tile.path != path:
        raise InvalidTilePath(f"{path!r} is not the canonical path {tile.path!r} of its tile")
    return tile


def tiles_for_size(size: int) -> list[TilePath]:
    """Return every hash tile a tree of `size` entries has (full and partial), by level, index."""
    if size < 0:
        raise InvalidTilePath(f"tree size {size} is negative")
    out: list[TilePath] = []
    level = 0
    while (count := size >> (8 * level)) > 0:
        out.extend(TilePath(level, n) for n in range(count // TILE_WIDTH))
        if count % TILE_WIDTH:
            out.append(TilePath(level, count // TILE_WIDTH, count % TILE_WIDTH))
        level += 1
    return out


def bundles_for_size(size: int) -> list[TilePath]:
    """Return every entry bundle a tree of `size` entries has (full and partial)."""
    return [
        TilePath(0, t.index, t.width, entries=True) for t in tiles_for_size(size) if t.level == 0
    ]


def public_tiles(
    store: LogStore, wanted: Iterable[TilePath], size: int, *, entries: bool = False
) -> Iterator[tuple[TilePath, bytes]]:
    """Yield each tile of `wanted` with its C2SP bytes at tree size `size`, in order.

    A hash tile is the first W hashes of the stored tier-L tile (tier L holds the roots of the
    complete subtrees of height 8L, exactly the spec's level-L hashes; a stored full tile's
    255 hashes above are left out). An entry bundle (only when `entries`) is W uint16-length-
    prefixed RFC 9162 leaf inputs. Raises TileNotFound for a tile `size` does not have.
    """
    if size > store.size():
        raise TileNotFound(f"tree size {size} is beyond the log's {store.size()}")
    batch: list[TilePath] = []
    for tile in wanted:
        if tile.entries and not entries:
            raise TileNotFound(f"{tile.path}: this log does not publish entry bundles")
        if not tile.covered_by(size):
            raise TileNotFound(f"{tile.path} is not part of the tree of size {size}")
        if tile.entries:
            yield from _hash_batch(store, batch)
            batch = []
            yield tile, _bundle(store, tile)
            continue
        batch.append(tile)
        if len(batch) == READ_BATCH:
            yield from _hash_batch(store, batch)
            batch = []
    yield from _hash_batch(store, batch)


def public_tile(store: LogStore, tile: TilePath, size: int, *, entries: bool = False) -> bytes:
    """Return one tile's (or, when `entries`, one entry bundle's) C2SP bytes at `size`."""
    for _, data in public_tiles(store, [tile], size, entries=entries):
        return data
    raise AssertionError("public_tiles yields one item per tile")  # pragma: no cover


def _hash_batch(store: LogStore, batch: list[TilePath]) -> Iterator[tuple[TilePath, bytes]]:
    if not batch:
        return
    blobs = store.stored_tiles((t.level, t.index) for t in batch)
    for tile in batch:
        data = blobs.get((tile.level, tile.index), b"")[: HASH_SIZE * tile.count]
        if len(data) != HASH_SIZE * tile.count:
            raise StorageError(f"the stored tiles do not hold {tile.path}")
        yield tile, data


def _bundle(store: LogStore, tile: TilePath) -> bytes:
    start = tile.index * TILE_WIDTH
    out = bytearray()
    sha256 = hashlib.sha256
    for entry in store.entries(start, start + tile.count):
        leaf = leaf_input(entry.digest, entry.nonce, entry.metadata_hash, entry.received_at)
        if sha256(b"\x00" + leaf).digest() != entry.leaf_hash:
            raise StorageError(f"entry {entry.index}: its fields do not hash to its leaf hash")
        # 89 bytes today; metadata is in the leaf only as its hash, so no entry can outgrow it.
        if len(leaf) > MAX_ENTRY_BYTES:
            raise StorageError(f"entry {entry.index}: {len(leaf)} bytes overflow a uint16 prefix")
        out += len(leaf).to_bytes(2, "big") + leaf
    return bytes(out)
