"""RFC 9162 proofs for every tree size 1..300 against the RFC recursions and pymerkle."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from ipledger.verifier import (
    hash_leaf,
    root_from_consistency_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from ipledger.verifier.core.proof import consistency_proof_length, inclusion_proof_length
from tests.verifier.rfc9162_reference import ReferenceTree

MAX_SIZE = 300
ENTRIES = [b"entry %d" % i for i in range(MAX_SIZE)]
REF = ReferenceTree([hash_leaf(e) for e in ENTRIES])
SIZES = range(1, MAX_SIZE + 1)


def _samples(size: int, low: int) -> list[int]:
    """All of low..size-1 for small trees, else the edges, powers of two +-1 and random picks."""
    if size - low <= 40:
        return list(range(low, size))
    picks = {low, low + 1, size - 1, size - 2, (low + size) // 2}
    power = 1
    while power < size:
        picks.update(p for p in (power - 1, power, power + 1) if low <= p < size)
        power <<= 1
    rng = random.Random(size)
    picks.update(rng.randrange(low, size) for _ in range(8))
    return sorted(picks)


# --- the reference itself, checked against outside data --------------------------------

PUBLISHED: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "rfc9162.json").read_text()
)["tree"]
PUBLISHED_REF = ReferenceTree([hash_leaf(bytes.fromhex(x)) for x in PUBLISHED["leaves"]])


def test_reference_reproduces_published_roots() -> None:
    for size, root in PUBLISHED["roots_by_size"].items():
        assert PUBLISHED_REF.root(int(size)).hex() == root


@pytest.mark.parametrize("case", PUBLISHED["inclusion"], ids=lambda c: str(c["tree_size"]))
def test_reference_reproduces_published_inclusion_proofs(case: dict[str, Any]) -> None:
    path = PUBLISHED_REF.path(case["leaf_index"], case["tree_size"])
    assert [h.hex() for h in path] == case["proof"]


@pytest.mark.parametrize("case", PUBLISHED["consistency"], ids=lambda c: f"{c['size1']}")
def test_reference_reproduces_published_consistency_proofs(case: dict[str, Any]) -> None:
    proof = PUBLISHED_REF.proof(case["size1"], case["size2"])
    assert [h.hex() for h in proof] == case["proof"]


@pytest.fixture(scope="module")
def pymerkle_tree() -> InmemoryTree:
    # pymerkle 7 with security on prefixes leaves with 0x00 and nodes with 0x01: RFC 9162.
    tree = InmemoryTree(algorithm="sha256")
    for entry in ENTRIES:
        tree.append_entry(entry)
    return tree


def test_pymerkle_roots_equal_reference_roots(pymerkle_tree: InmemoryTree) -> None:
    for size in SIZES:
        assert pymerkle_tree.get_root(size) == REF.root(size), size


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 64, 100, 127, 128, 129, 255, 256, 300])
def test_pymerkle_inclusion_paths_equal_reference(pymerkle_tree: InmemoryTree, size: int) -> None:
    # pymerkle's path is [leaf hash, siblings bottom-up...] with 1-based indexes. Its
    # consistency proofs use another layout (not RFC 9162's), so only roots are compared there.
    for index in _samples(size, 0):
        proof = pymerkle_tree.prove_inclusion(index + 1, size)
        assert proof.path[0] == REF.leaves[index]
        assert proof.path[1:] == REF.path(index, size)
        root = pymerkle_tree.get_root(size)
        verify_inclusion(index, size, REF.leaves[index], proof.path[1:], root)


# --- the verifier against the reference, every size 1..300 -----------------------------


@pytest.mark.parametrize("size", SIZES)
def test_inclusion_every_size(size: int) -> None:
    root = REF.root(size)
    for index in _samples(size, 0):
        proof = REF.path(index, size)
        assert inclusion_proof_length(index, size) == len(proof)
        assert root_from_inclusion_proof(index, size, REF.leaves[index], proof) == root
        verify_inclusion(index, size, REF.leaves[index], proof, root)
        verify_inclusion(index, size, REF.leaves[index], tuple(proof), root)


@pytest.mark.parametrize("size", SIZES)
def test_consistency_every_size(size: int) -> None:
    root2 = REF.root(size)
    for size1 in [*_samples(size, 1), size]:
        proof = REF.proof(size1, size)
        assert consistency_proof_length(size1, size) == len(proof)
        assert root_from_consistency_proof(size1, size, proof, REF.root(size1)) == root2
        verify_consistency(size1, size, proof, REF.root(size1), root2)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_inclusion_property(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, MAX_SIZE), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = REF.path(index, size)
    assert root_from_inclusion_proof(index, size, REF.leaves[index], proof) == REF.root(size)
    verify_inclusion(index, size, REF.leaves[index], proof, REF.root(size))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_consistency_property(data: st.DataObject) -> None:
    size2 = data.draw(st.integers(1, MAX_SIZE), label="size2")
    size1 = data.draw(st.integers(1, size2), label="size1")
    proof = REF.proof(size1, size2)
    assert root_from_consistency_proof(size1, size2, proof, REF.root(size1)) == REF.root(size2)
    verify_consistency(size1, size2, proof, REF.root(size1), REF.root(size2))
