"""Hash tiles (C2SP tlog-tiles layout): how complete-subtree hashes are stored and read back."""

# A tile at tier t holds, left to right, up to 256 hashes of the complete subtrees of height
# 8t (tier 0: leaf hashes; tier 1: roots of full tier-0 tiles; ...). Tile k of tier t holds
# entries [256k, 256k + 256). A tile grows until it holds 256 hashes and then never changes;
# only the rightmost tile of each tier is partial. Any complete subtree (level, index) with
# level = 8t + r (0 <= r < 8) is the root of 2^r adjacent entries of one tier-t tile, so a
# proof for any past size reads O(log n) tiles and never rebuilds the tree. A full tile is
# stored with the 255 hashes above its entries, so reading it hashes nothing.
#
# Why tiles and not one row per node: a row per complete subtree means two rows written per
# leaf; a tile row carries a whole subtree of height 8, so an append of 10,000 entries writes
# about 40 tile rows instead of 20,000 node rows (64 bytes of hashes per leaf in all), and the
# layout maps one to one onto C2SP tlog-tiles, so tiles can later be served over HTTP.

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ipledger.ledger.merkle import NodeID, fold, parents, range_roots

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
HASH_SIZE = 32

TileID = tuple[int, int]  # (tier, tile index)
# A full tile is stored with its whole pyramid: 256 + 128 + ... + 1 = 511 hashes, so a
# proof reads it and hashes nothing. Its first 256 hashes are the C2SP tile itself.
FULL_TILE_BYTES = (2 * TILE_WIDTH - 1) * HASH_SIZE
_FULL_LEVELS = [
    (
        HASH_SIZE * (2 * TILE_WIDTH - (TILE_WIDTH >> r) * 2),
        HASH_SIZE * (2 * TILE_WIDTH - (TILE_WIDTH >> r)),
    )
    for r in range(TILE_HEIGHT + 1)
]
_SPANS = range(TILE_HEIGHT, -1, -1)  # at level r a tile spans 2^(8 - r) nodes: shifts 8 .. 0


def split_hashes(blob: bytes) -> list[bytes]:
    """Return the 32-byte hashes packed in a tile blob."""
    return [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]


def entries_at(tier: int, size: int) -> int:
    """Return how many tier-`tier` entries (complete subtrees of height 8*tier) `size` has."""
    return size >> (TILE_HEIGHT * tier)


def partial_tiles(size: int) -> list[tuple[TileID, int]]:
    """Return the partial (rightmost, not full) tile of each tier of a tree and its width."""
    out: list[tuple[TileID, int]] = []
    tier = 0
    while (count := entries_at(tier, size)) > 0:
        width = count % TILE_WIDTH
        if width:
            out.append(((tier, count // TILE_WIDTH), width))
        tier += 1
    return out


def node_source(node: NodeID) -> tuple[TileID, int, int]:
    """Return the tile holding the bottom hashes of `node`, the first entry's offset and count."""
    level, index = node
    tier, r = divmod(level, TILE_HEIGHT)
    start = index << r
    return (tier, start // TILE_WIDTH), start % TILE_WIDTH, 1 << r


Source = tuple[TileID, int, int]  # what node_source returns: tile, first entry, count


def widths(sources: Iterable[Source]) -> dict[TileID, int]:
    """Return the tiles `sources` read, each with how many entries it must hold."""
    out: dict[TileID, int] = {}
    for tile, offset, count in sources:
        end = offset + count
        if out.get(tile, 0) < end:
            out[tile] = end
    return out


def needs(nodes: Iterable[NodeID]) -> dict[TileID, int]:
    """Return the tiles needed to compute `nodes`, each with how many entries it must hold."""
    return widths(node_source(node) for node in nodes)


def pyramid(hashes: Sequence[bytes]) -> list[bytes]:
    """Return every level a tile's entries build, packed: level r holds the roots of 2^r entries.

    A prefix of a tile never changes (tiles only grow), so a pyramid stays right for any
    tree size whose nodes it holds; a full tile costs 255 hashes once, then lookups only.
    """
    join = b"".join
    levels = [join(hashes)]
    while len(hashes) > 1:
        hashes = parents(hashes)  # an odd last entry has no parent yet: dropped
        levels.append(join(hashes))
    return levels


def levels_of(blob: bytes) -> list[bytes]:
    """Return the pyramid of a stored tile: read as stored when full, computed when partial."""
    if len(blob) == FULL_TILE_BYTES:
        return [blob[lo:hi] for lo, hi in _FULL_LEVELS]
    if len(blob) > TILE_WIDTH * HASH_SIZE or len(blob) % HASH_SIZE:
        raise ValueError(f"a tile blob of {len(blob)} bytes is neither a partial nor a full tile")
    return pyramid(split_hashes(blob))


def node_hash(node: NodeID, pyramids: Mapping[TileID, Sequence[bytes]]) -> bytes:
    """Return the hash of the complete subtree `node` from the pyramid of its tile.

    Raises KeyError when the tile is missing and ValueError when it is too short, which
    means the storage does not hold that subtree (a broken invariant, never a proof input).
    """
    return source_hash(node_source(node), pyramids)


def source_hash(source: Source, pyramids: Mapping[TileID, Sequence[bytes]]) -> bytes:
    """Return the hash of the complete subtree whose bottom is `source` (see node_hash)."""
    tile, offset, count = source
    levels = pyramids[tile]
    r = count.bit_length() - 1
    j = offset >> r
    value = levels[r][j * HASH_SIZE : (j + 1) * HASH_SIZE] if r < len(levels) else b""
    if len(value) != HASH_SIZE:
        held = len(levels[0]) // HASH_SIZE
        raise ValueError(f"tile {tile} holds {held} hashes, {count} from {offset} are needed")
    return value


class PyramidCache:
    """A bounded LRU of tile pyramids, shared by the threads of one process.

    Safe across processes and appends without invalidation: a cached pyramid covers a
    prefix of its tile, and prefixes never change; a wider read replaces a narrower one.
    """

    def __init__(self, max_tiles: int = 1024) -> None:
        """Keep at most `max_tiles` pyramids (a full one packs 511 hashes, 16 KiB)."""
        self.max_tiles = max_tiles
        self._items: OrderedDict[TileID, list[bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tile: TileID, width: int) -> list[bytes] | None:
        """Return the cached pyramid of `tile` if it holds at least `width` entries."""
        with self._lock:
            levels = self._items.get(tile)
            if levels is None or len(levels[0]) < width * HASH_SIZE:
                return None
            self._items.move_to_end(tile)
            return levels

    def put(self, tile: TileID, levels: list[bytes]) -> None:
        """Remember a pyramid unless a wider one of the same tile is cached."""
        with self._lock:
            old = self._items.get(tile)
            if old is None or len(old[0]) < len(levels[0]):
                self._items[tile] = levels
            self._items.move_to_end(tile)
            while len(self._items) > self.max_tiles:
                self._items.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Extension:
    """What an append writes: whole tile contents, the new root, the pyramids it hashed.

    `full` holds the pyramids of the tiles this append filled, `partial` those of the new
    partial tiles (what `pyramid` returns for them): a cache may keep both once the append
    is durable, and give the partial ones back to the next `extend`.
    """

    writes: list[tuple[TileID, bytes]]
    root: bytes
    size: int
    full: list[tuple[TileID, list[bytes]]]
    partial: list[tuple[TileID, list[bytes]]]


def extend(
    size: int,
    partials: Mapping[TileID, bytes],
    leaf_hashes: Sequence[bytes],
    known: Mapping[TileID, Sequence[bytes]] | None = None,
) -> Extension:
    """Append `leaf_hashes` to a tree of `size` leaves whose partial tiles are `partials`.

    Precondition: `partials` holds the content of every tile `partial_tiles(size)` names,
    exactly as wide as named. `known` may hold pyramids of those tiles (an earlier
    `Extension.partial`, or `pyramid`), at least as wide; one is used only if its entries
    start with the partial tile's content, so a stale or foreign pyramid costs a rehash,
    never a wrong node. Each leaf hash and each node hash is computed once (the old partial
    tiles' nodes again when `known` lacks them); the root of the new tree folds the new
    partial tiles' compact ranges.
    """
    writes: list[tuple[TileID, bytes]] = []
    full: list[tuple[TileID, list[bytes]]] = []
    partial: list[tuple[TileID, list[bytes]]] = []
    new_size = size + len(leaf_hashes)
    new: Sequence[bytes] = leaf_hashes
    tier = 0
    edges: list[list[bytes]] = []  # per tier, bottom up: the roots of its partial tile's range
    while new or entries_at(tier, new_size) > 0:
        count = entries_at(tier, size)
        first_tile, width = divmod(count, TILE_WIDTH)
        blob = partials[(tier, first_tile)] if width else b""
        old = split_hashes(blob)
        if len(old) != width:
            raise ValueError(f"tile {(tier, first_tile)} holds {len(old)} hashes, expected {width}")
        if not new:
            if old:
                edges.append(_edge(old, known.get((tier, first_tile)) if known else None, blob))
            tier += 1
            continue
        join = b"".join
        done = _hashed_levels(known.get((tier, first_tile)), blob) if known and width else []
        levels = _tier_levels(old + list(new) if old else list(new), done)
        filled = len(levels[TILE_HEIGHT])
        for j, tile in enumerate(range(first_tile, first_tile + filled)):
            spans = zip(_SPANS, levels, strict=True)
            packed = [join(level[j << h : (j + 1) << h]) for h, level in spans]
            full.append(((tier, tile), packed))
            writes.append(((tier, tile), join(packed)))
        start = filled * TILE_WIDTH
        rest = len(levels[0]) - start
        if rest:
            writes.append(((tier, first_tile + filled), join(levels[0][start:])))
            heights = range(rest.bit_length())  # the levels a tile of `rest` entries has
            partial.append((
                (tier, first_tile + filled),
                [join(levels[r][start >> r : (start + rest) >> r]) for r in heights],
            ))
            # The partial tile's compact range: its complete subtrees, largest first, are
            # nodes the levels already hold (all its pairs were hashed with the rest).
            edge: list[bytes] = []
            for r in range(TILE_HEIGHT - 1, -1, -1):
                if rest >> r & 1:
                    edge.append(levels[r][start >> r])
                    start += 1 << r
            edges.append(edge)
        new = levels[TILE_HEIGHT]
        tier += 1
    roots: list[bytes] = []
    for part in reversed(edges):
        roots.extend(part)
    return Extension(writes, fold(roots), new_size, full, partial)


def _edge(entries: list[bytes], levels: Sequence[bytes] | None, blob: bytes) -> list[bytes]:
    """Return the roots of a partial tile's compact range (`entries`, its content `blob`).

    Largest first, as `range_roots`. Read from the tile's pyramid `levels` when its entries
    start with `blob` (the nodes of a prefix never change), else hashed: a small append
    that does not reach this tier would otherwise rehash up to 255 nodes for the root.
    """
    if levels is None or levels[0][: len(blob)] != blob:
        return range_roots(entries)
    width, start, out = len(entries), 0, []
    for r in range(TILE_HEIGHT - 1, -1, -1):
        if width >> r & 1:
            j = start >> r
            node = levels[r][j * HASH_SIZE : (j + 1) * HASH_SIZE] if r < len(levels) else b""
            if len(node) != HASH_SIZE:
                return range_roots(entries)
            out.append(node)
            start += 1 << r
    return out


def _hashed_levels(levels: Sequence[bytes] | None, blob: bytes) -> list[list[bytes]]:
    """Return the nodes a partial tile's pyramid holds above its content `blob`, level by level.

    [] when there is no pyramid or its entries do not start with `blob` (then nothing is
    taken from it). Level r of a w-entry tile holds w >> r nodes: those a wider pyramid of
    the same tile holds first (a prefix of a tile never changes).
    """
    if levels is None or levels[0][: len(blob)] != blob:
        return []
    width = len(blob) // HASH_SIZE
    return [[]] + [
        split_hashes(levels[r][: (width >> r) * HASH_SIZE]) for r in range(1, len(levels))
    ]


def _tier_levels(entries: list[bytes], done: Sequence[list[bytes]] = ()) -> list[list[bytes]]:
    """Return the 9 levels a tier's entries build, whole: level r holds the roots of 2^r entries.

    Tiles start at multiples of 256, so no pair crosses a tile: level r of a tile is a slice
    of level r of the tier. Hashing each level in one `parents` call, not 8 per tile, spares
    most per-tile Python work; the pairs of the trailing partial tile are hashed too: they
    are the nodes of its compact range, which the root needs anyway. `done[r]`, if given,
    is a prefix of level r already hashed (the old partial tile's nodes): only the nodes
    after it are hashed, so a group commit of a few entries hashes a few nodes per level,
    not the whole partial tile again.
    """
    levels = [entries]
    for r in range(1, TILE_HEIGHT + 1):
        prefix = done[r] if r < len(done) else []
        entries = prefix + parents(entries[2 * len(prefix) :]) if prefix else parents(entries)
        levels.append(entries)
    return levels
