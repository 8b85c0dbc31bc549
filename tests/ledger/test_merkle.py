"""Tree arithmetic and tile layout against RFC 9162 vectors and a recursive reference."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest

from ipledger.ledger import merkle, tiles
from ipledger.ledger.errors import OutOfRange
from ipledger.verifier import hash_children, hash_leaf, verify_consistency, verify_inclusion
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent.parent / "vectors" / "rfc9162.json").read_text()
)["tree"]
VECTOR_LEAVES = [hash_leaf(bytes.fromhex(x)) for x in VECTORS["leaves"]]


def mth(hashes: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1 MTH, recursively (the textbook definition)."""
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return hash_children(mth(hashes[:k]), mth(hashes[k:]))


class MemoryTiles:
    """Tiles kept in a dict, grown with tiles.extend exactly as the store grows its table."""

    def __init__(self) -> None:
        self.blobs: dict[tiles.TileID, bytes] = {}
        self.known: dict[tiles.TileID, list[bytes]] = {}  # as LogStore's cache keeps them
        self.size = 0
        self.root = EMPTY_ROOT

    def append(self, leaf_hashes: list[bytes]) -> None:
        partials = {t: self.blobs[t] for t, _ in tiles.partial_tiles(self.size)}
        for tile, width in tiles.partial_tiles(self.size):
            assert len(partials[tile]) == 32 * width
        ext = tiles.extend(self.size, partials, leaf_hashes, self.known)
        again = tiles.extend(self.size, partials, leaf_hashes)  # every node hashed anew
        assert (ext.writes, ext.root, ext.full, ext.partial) == (
            again.writes, again.root, again.full, again.partial
        )
        for _, levels in ext.full:
            assert levels == tiles.pyramid(tiles.split_hashes(levels[0]))
            assert len(levels[0]) == 32 * 256 and len(levels[-1]) == 32
        for tile, levels in ext.partial:
            assert levels == tiles.pyramid(tiles.split_hashes(dict(ext.writes)[tile]))
        self.known.update(ext.full + ext.partial)
        for tile, blob in ext.writes:
            assert blob.startswith(self.blobs.get(tile, b"")), "a tile may only grow"
            assert len(blob) <= 32 * tiles.TILE_WIDTH or len(blob) == tiles.FULL_TILE_BYTES
            assert tiles.levels_of(blob) == tiles.pyramid(tiles.split_hashes(blob[: 32 * 256]))
            self.blobs[tile] = blob
        self.size, self.root = ext.size, ext.root

    def nodes(self, ids: tuple[merkle.NodeID, ...]) -> list[bytes]:
        pyramids = {tile: tiles.levels_of(self.blobs[tile]) for tile in tiles.needs(ids)}
        return [tiles.node_hash(node, pyramids) for node in ids]

    def root_at(self, size: int) -> bytes:
        return merkle.fold(self.nodes(tuple(merkle.root_nodes(size))))

    def inclusion(self, index: int, size: int) -> list[bytes]:
        plan = merkle.inclusion_plan(index, size)
        return plan.rehash(self.nodes(plan.ids))

    def consistency(self, size1: int, size2: int) -> list[bytes]:
        plan = merkle.consistency_plan(size1, size2)
        return plan.rehash(self.nodes(plan.ids))


def random_leaves(n: int, seed: int = 1) -> list[bytes]:
    rng = random.Random(seed)
    return [hashlib.sha256(rng.randbytes(8)).digest() for _ in range(n)]


@pytest.fixture(scope="module")
def vector_tree() -> MemoryTiles:
    tree = MemoryTiles()
    for leaf in VECTOR_LEAVES:
        tree.append([leaf])
    return tree


@pytest.mark.parametrize("size", sorted(int(k) for k in VECTORS["roots_by_size"]))
def test_root_vectors(vector_tree: MemoryTiles, size: int) -> None:
    expected = bytes.fromhex(VECTORS["roots_by_size"][str(size)])
    assert vector_tree.root_at(size) == expected
    partial = MemoryTiles()
    partial.append(VECTOR_LEAVES[:size])
    assert partial.root == expected


@pytest.mark.parametrize(
    "case", VECTORS["inclusion"], ids=lambda c: f"{c['leaf_index']}-of-{c['tree_size']}"
)
def test_inclusion_vectors(vector_tree: MemoryTiles, case: dict[str, Any]) -> None:
    got = vector_tree.inclusion(case["leaf_index"], case["tree_size"])
    assert [h.hex() for h in got] == case["proof"]


@pytest.mark.parametrize("case", VECTORS["consistency"], ids=lambda c: f"{c['size1']}-{c['size2']}")
def test_consistency_vectors(vector_tree: MemoryTiles, case: dict[str, Any]) -> None:
    if case["size1"] == 0:
        with pytest.raises(OutOfRange):
            vector_tree.consistency(case["size1"], case["size2"])
        return
    got = vector_tree.consistency(case["size1"], case["size2"])
    assert [h.hex() for h in got] == case["proof"]


def test_range_nodes_cover_exactly() -> None:
    for end in range(0, 70):
        for begin in range(0, end + 1):
            pos = begin
            for level, index in merkle.range_nodes(begin, end):
                assert index << level == pos, "nodes are adjacent, left to right"
                pos += 1 << level
            assert pos == end


def test_extend_matches_mth_across_tiers() -> None:
    # 70,000 leaves span three tiers (a tier-1 tile fills at 65,536); batches of uneven
    # sizes land on and across tile boundaries.
    leaves = random_leaves(70_000)
    tree = MemoryTiles()
    rng = random.Random(7)
    checked = 0
    while tree.size < len(leaves):
        n = rng.choice([1, 1, 3, 255, 256, 257, 1000, 4096, 9000])
        tree.append(leaves[tree.size : tree.size + n])
        if checked < 8 or tree.size == len(leaves):
            assert tree.root == mth(leaves[: tree.size])
            checked += 1
    assert tree.size == 70_000
    assert (2, 0) in tree.blobs and len(tree.blobs[(1, 0)]) == tiles.FULL_TILE_BYTES
    sizes = [1, 255, 256, 257, 65_535, 65_536, 65_537, 69_999, *rng.sample(range(1, 70_000), 6)]
    roots = {size: mth(leaves[:size]) for size in sizes}
    for size in sizes:
        root = tree.root_at(size)
        assert root == roots[size]
        for index in [0, size - 1, *rng.sample(range(size), min(size, 20))]:
            verify_inclusion(index, size, leaves[index], tree.inclusion(index, size), root)
        for size1 in sizes:
            if size1 <= size:
                proof = tree.consistency(size1, size)
                verify_consistency(size1, size, proof, roots[size1], root)


def test_extend_ignores_a_pyramid_that_is_not_the_tiles() -> None:
    # A pyramid whose entries do not start with the stored partial tile (another log's, or
    # one from an append that rolled back) must cost a rehash, never a wrong node.
    leaves = random_leaves(600)
    other = random_leaves(600, seed=2)
    for size, more in [(300, 5), (513, 80), (520, 1)]:
        spots = tiles.partial_tiles(size)
        tree, foreign = MemoryTiles(), MemoryTiles()
        tree.append(leaves[:size])
        foreign.append(leaves[:size - 1] + other[size - 1 : size + 40])
        partials = {tile: tree.blobs[tile] for tile, _ in spots}
        wrong = {tile: tiles.pyramid(tiles.split_hashes(foreign.blobs[tile][: 32 * 256]))
                 for tile, _ in spots}
        ext = tiles.extend(size, partials, leaves[size : size + more], wrong)
        assert ext.root == mth(leaves[: size + more])
        right = dict(tree.known)
        assert tiles.extend(size, partials, leaves[size : size + more], right) == ext


def test_plans_match_verifier_lengths() -> None:
    from ipledger.verifier.core.proof import consistency_proof_length, inclusion_proof_length

    for size in range(1, 130):
        for index in range(size):
            plan = merkle.inclusion_plan(index, size)
            proof = plan.rehash([b"\0" * 32 for _ in plan.ids])
            assert len(proof) == inclusion_proof_length(index, size)
        for size1 in range(1, size + 1):
            plan = merkle.consistency_plan(size1, size)
            proof = plan.rehash([b"\0" * 32 for _ in plan.ids])
            assert len(proof) == consistency_proof_length(size1, size)


@pytest.mark.parametrize("index,size", [(-1, 1), (1, 1), (0, 0), (5, 3)])
def test_inclusion_plan_preconditions(index: int, size: int) -> None:
    with pytest.raises(OutOfRange):
        merkle.inclusion_plan(index, size)


@pytest.mark.parametrize("size1,size2", [(0, 1), (2, 1), (-1, 4)])
def test_consistency_plan_preconditions(size1: int, size2: int) -> None:
    with pytest.raises(OutOfRange):
        merkle.consistency_plan(size1, size2)


def test_subtree_root_and_fold() -> None:
    leaves = random_leaves(300)
    for n in (1, 2, 4, 8, 256):
        assert merkle.subtree_root(leaves[:n]) == mth(leaves[:n])
    for n in range(0, 300, 7):
        assert merkle.fold(merkle.range_roots(leaves[:n])) == mth(leaves[:n])
