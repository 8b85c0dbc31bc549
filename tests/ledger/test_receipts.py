"""Receipt trees against the RFC 9162 recursions and pymerkle (an independent library)."""

import hashlib

import pytest
from pymerkle import InmemoryTree

from ipledger.ledger.receipts import ReceiptTree
from ipledger.verifier import hash_leaf, verify_inclusion
from tests.verifier.rfc9162_reference import ReferenceTree

DATA = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(300)]
LEAVES = [hash_leaf(d) for d in DATA]


@pytest.fixture(scope="module")
def pymerkle_tree() -> InmemoryTree:
    tree = InmemoryTree(algorithm="sha256")
    for data in DATA:
        tree.append_entry(data)
    return tree


@pytest.mark.parametrize("size", [*range(1, 70), 127, 128, 129, 255, 256, 257, 300])
def test_root_and_every_path(size: int, pymerkle_tree: InmemoryTree) -> None:
    tree = ReceiptTree(LEAVES[:size])
    reference = ReferenceTree(LEAVES[:size])
    assert tree.size == size
    assert tree.root == reference.root(size) == pymerkle_tree.get_root(size)
    for position in range(size):
        proof = tree.proof(position)
        assert proof == reference.path(position, size)
        verify_inclusion(position, size, LEAVES[position], proof, tree.root)


def test_one_leaf_is_its_own_root() -> None:
    tree = ReceiptTree([LEAVES[5]])
    assert tree.root == LEAVES[5]
    assert tree.proof(0) == []


def test_preconditions() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ReceiptTree([])
    with pytest.raises(IndexError):
        ReceiptTree(LEAVES[:3]).proof(3)
    with pytest.raises(IndexError):
        ReceiptTree(LEAVES[:3]).proof(-1)
