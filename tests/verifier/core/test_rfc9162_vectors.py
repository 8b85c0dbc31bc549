"""Published RFC 6962/9162 vectors (transparency-dev/merkle, certificate-transparency-go)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipledger.verifier import (
    hash_children,
    hash_leaf,
    root_from_consistency_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "rfc9162.json").read_text()
)
HASHER = VECTORS["hasher"]
TREE = VECTORS["tree"]
LEAF_HASHES = [hash_leaf(bytes.fromhex(x)) for x in TREE["leaves"]]
ROOTS = {int(k): bytes.fromhex(v) for k, v in TREE["roots_by_size"].items()}


def _reference_root(hashes: list[bytes]) -> bytes:
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return hash_children(_reference_root(hashes[:k]), _reference_root(hashes[k:]))


def test_empty_root() -> None:
    assert bytes.fromhex(HASHER["empty_root"]) == EMPTY_ROOT


@pytest.mark.parametrize("case", HASHER["leaf"], ids=lambda c: c["input"] or "empty")
def test_leaf_hash(case: dict[str, str]) -> None:
    assert hash_leaf(bytes.fromhex(case["input"])).hex() == case["hash"]


@pytest.mark.parametrize("case", HASHER["node"], ids=lambda c: c["left"][:8])
def test_node_hash(case: dict[str, str]) -> None:
    got = hash_children(bytes.fromhex(case["left"]), bytes.fromhex(case["right"]))
    assert got.hex() == case["hash"]


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_roots_by_size(size: int) -> None:
    assert _reference_root(LEAF_HASHES[:size]) == ROOTS[size]


@pytest.mark.parametrize(
    "case", TREE["inclusion"], ids=lambda c: f"{c['leaf_index']}-of-{c['tree_size']}"
)
def test_inclusion_vector(case: dict[str, Any]) -> None:
    index, size = case["leaf_index"], case["tree_size"]
    proof = [bytes.fromhex(p) for p in case["proof"]]
    assert root_from_inclusion_proof(index, size, LEAF_HASHES[index], proof) == ROOTS[size]
    verify_inclusion(index, size, LEAF_HASHES[index], proof, ROOTS[size])


@pytest.mark.parametrize("case", TREE["consistency"], ids=lambda c: f"{c['size1']}-{c['size2']}")
def test_consistency_vector(case: dict[str, Any]) -> None:
    size1, size2 = case["size1"], case["size2"]
    proof = [bytes.fromhex(p) for p in case["proof"]]
    assert root_from_consistency_proof(size1, size2, proof, ROOTS[size1]) == ROOTS[size2]
    verify_consistency(size1, size2, proof, ROOTS[size1], ROOTS[size2])
