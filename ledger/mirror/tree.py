"""A tree of some size read from its C2SP hash tiles: check the tiers, roots and RFC 9162 proofs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ipledger.ledger.merkle import consistency_plan, fold, inclusion_plan, root_nodes, subtree_root
from ipledger.ledger.mirror.errors import SourceUnverified
from ipledger.ledger.tlogtiles import tiles_for_size

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
HASH_SIZE = 32

# (level, index) -> the tile's hashes, 32 bytes each; a getter may return a wider tile than
# the tree needs (the tile of a later size): only its prefix is read.
TileGetter = Callable[[int, int], list[bytes]]


@dataclass(frozen=True, slots=True)
class TileSpot:
    """A tile of a tree: its level (tier), index and width (256 for a full tile)."""

    level: int
    index: int
    width: int

    @property
    def full(self) -> bool:
        """Whether the tile holds all 256 hashes (and so never changes)."""
        return self.width == TILE_WIDTH


def tile_spots(size: int) -> list[TileSpot]:
    """Return every tile of a tree of `size` leaves, level by level, left to right."""
    return [TileSpot(t.level, t.index, t.count) for t in tiles_for_size(size)]


def spot_at(level: int, index: int, size: int) -> TileSpot:
    """Return the tile (level, index) of a tree of `size` leaves with its width there."""
    count = size >> (TILE_HEIGHT * level)
    width = min(TILE_WIDTH, count - index * TILE_WIDTH)
    if width <= 0:
        raise SourceUnverified(f"a tree of {size} leaves has no tile {index} at level {level}")
    return TileSpot(level, index, width)


def split(blob: bytes) -> list[bytes]:
    """Return the 32-byte hashes of a tile's bytes."""
    return [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]


class TiledTree:
    """The tree of `size` leaves whose tiles `get` returns; hashes computed, never trusted."""

    def __init__(self, size: int, get: TileGetter) -> None:
        """Read tiles through `get` (a tile of this tree or of a later size)."""
        self.size = size
        self.tiles = get

    def node(self, level: int, index: int) -> bytes:
        """Return the hash of the complete subtree (level, index) of this tree."""
        tier, rest = divmod(level, TILE_HEIGHT)
        start = index << rest
        tile, offset = divmod(start, TILE_WIDTH)
        hashes = self.tiles(tier, tile)[offset : offset + (1 << rest)]
        if len(hashes) != 1 << rest:
            raise SourceUnverified(f"tile {tile} of level {tier} is too short for node {index}")
        return subtree_root(hashes)

    def root(self) -> bytes:
        """Return the RFC 9162 root of this tree (the empty tree's for size 0)."""
        return fold([self.node(level, index) for level, index in root_nodes(self.size)])

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """Return the RFC 9162 inclusion proof of leaf `index` in the tree of `size` <= this."""
        plan = inclusion_plan(index, size)
        return plan.rehash([self.node(level, i) for level, i in plan.ids])

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        """Return the RFC 9162 consistency proof from `first` to `second` (<= this size)."""
        plan = consistency_plan(first, second)
        return plan.rehash([self.node(level, i) for level, i in plan.ids])

    def leaf_hash(self, index: int) -> bytes:
        """Return leaf `index`'s hash (from the level-0 tiles)."""
        return self.node(0, index)

    def check_levels(self, fresh: set[TileSpot] | None = None) -> None:
        """Check every full tile's root is the hash above it on the next level.

        Then the root computed from the top tiles commits to every leaf hash the tiles hold:
        a source cannot serve upper tiles that disagree with the level-0 tiles. With `fresh`,
        only pairs where the tile or the one above it is in `fresh` are checked (the others
        were checked when they were kept).
        """
        for spot in tile_spots(self.size):
            if not spot.full:
                continue
            parent = spot_at(spot.level + 1, spot.index // TILE_WIDTH, self.size)
            if fresh is not None and spot not in fresh and parent not in fresh:
                continue
            above = self.tiles(spot.level + 1, spot.index // TILE_WIDTH)[spot.index % TILE_WIDTH]
            if subtree_root(self.tiles(spot.level, spot.index)[:TILE_WIDTH]) != above:
                raise SourceUnverified(
                    f"tile {spot.index} of level {spot.level} does not hash to the entry above "
                    f"it on level {spot.level + 1}: the tiles are inconsistent"
                )
