"""The spec-only tile reader (tests/c2sp_tiles.py) against RFC 9162's vectors and pymerkle."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pymerkle import InmemoryTree

from tests import c2sp_tiles as spec

VECTORS = json.loads((Path(__file__).parent / "vectors" / "rfc9162.json").read_text())["tree"]
DATA = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(700)]


def reader(leaf_hashes: list[bytes]) -> spec.TileTree:
    tiles = spec.tiles_from_leaves(leaf_hashes)
    return spec.TileTree(tiles.__getitem__, len(leaf_hashes))


def test_rfc9162_vectors() -> None:
    # transparency-dev/merkle's proof vectors (source in the JSON), through tiles.
    tree = reader([spec.leaf_hash(bytes.fromhex(x)) for x in VECTORS["leaves"]])
    for size, root in VECTORS["roots_by_size"].items():
        assert tree.root(int(size)).hex() == root
    for case in VECTORS["inclusion"]:
        proof = tree.inclusion(case["leaf_index"], case["tree_size"])
        assert [p.hex() for p in proof] == case["proof"]
    for case in VECTORS["consistency"]:
        proof = tree.consistency(case["size1"], case["size2"])
        assert [p.hex() for p in proof] == case["proof"]
        spec.verify_consistency(
            case["size1"], case["size2"], tree.root(case["size1"]), tree.root(case["size2"]), proof
        )


def test_roots_and_proofs_against_pymerkle() -> None:
    other = InmemoryTree(algorithm="sha256")
    for data in DATA:
        other.append_entry(data)
    tree = reader([spec.leaf_hash(d) for d in DATA])
    assert tree.fetched.keys() == set()
    for size in [1, 2, 255, 256, 257, 511, 512, 513, 700]:
        assert tree.root(size) == other.get_root(size)
        for m in (0, size // 3, size - 1):
            spec.verify_inclusion(
                m, size, spec.leaf_hash(DATA[m]), tree.inclusion(m, size), other.get_root(size)
            )
        spec.verify_consistency(
            size // 2 or 1,
            size,
            other.get_root(size // 2 or 1),
            other.get_root(size),
            tree.consistency(size // 2 or 1, size),
        )
    # Only the tiles a tree of 700 has were read, each exactly once.
    assert set(tree.fetched) <= set(spec.expected_paths(700))


def test_reader_rejects_wrong_lengths_and_bad_proofs() -> None:
    tiles = spec.tiles_from_leaves([spec.leaf_hash(d) for d in DATA[:300]])
    tiles["tile/0/001.p/44"] = tiles["tile/0/001.p/44"][:-1]
    with pytest.raises(ValueError, match="expected 1408"):
        spec.TileTree(tiles.__getitem__, 300).root()
    tree = reader([spec.leaf_hash(d) for d in DATA[:300]])
    proof = tree.inclusion(7, 300)
    with pytest.raises(ValueError, match="does not verify"):
        spec.verify_inclusion(8, 300, tree.hash_at(0, 7), proof, tree.root())
    with pytest.raises(ValueError, match="does not verify"):
        spec.verify_consistency(100, 300, tree.root(101), tree.root(), tree.consistency(100))


def test_paths_from_the_spec_text() -> None:
    assert spec.encode_index(1234067) == "x001/x234/067"
    paths = spec.expected_paths(70_000)
    assert len(paths) == 273 + 1 + 1 + 1 + 1
    assert paths[273:] == ["tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1"]
    assert spec.expected_paths(256) == ["tile/0/000", "tile/1/000.p/1"]
