"""Every mutation of a valid RFC 9162 proof or its inputs raises its specific error class."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipledger.verifier import (
    VerifierError,
    hash_leaf,
    root_from_consistency_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from ipledger.verifier.core.errors import (
    HashLengthError,
    IndexOutOfRangeError,
    ProofLengthError,
    RootMismatchError,
    TreeSizeError,
)
from tests.verifier.rfc9162_reference import ReferenceTree

MAX_SIZE = 300
# One leaf more than the largest tree, so "size + 1" always has a root.
REF = ReferenceTree([hash_leaf(b"leaf %d" % i) for i in range(MAX_SIZE + 1)])


def _expect(exc_type: type[VerifierError], func: Callable[..., Any], *args: Any) -> None:
    with pytest.raises(VerifierError) as info:
        func(*args)
    assert type(info.value) is exc_type, f"{type(info.value).__name__}: {info.value}"


def _flip(value: bytes, rng: random.Random) -> bytes:
    raw = bytearray(value)
    raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return bytes(raw)


def _inclusion_cases() -> list[tuple[int, int]]:
    rng = random.Random(9162)
    cases = [(0, 1), (0, 2), (1, 2), (2, 3), (4, 5), (0, 7), (6, 7), (5, 8), (255, 256)]
    cases += [(256, 257), (127, 300), (299, 300), (0, 300), (128, 129)]
    for _ in range(40):
        size = rng.randrange(1, MAX_SIZE + 1)
        cases.append((rng.randrange(size), size))
    return cases


def _consistency_cases() -> list[tuple[int, int]]:
    rng = random.Random(6962)
    cases = [(1, 2), (1, 3), (2, 3), (3, 7), (4, 7), (6, 8), (7, 8), (1, 300), (299, 300)]
    cases += [(128, 129), (255, 256), (256, 300), (100, 100), (1, 1)]
    for _ in range(40):
        size2 = rng.randrange(1, MAX_SIZE + 1)
        cases.append((rng.randrange(1, size2 + 1), size2))
    return cases


# --- inclusion -------------------------------------------------------------------------


def check_inclusion_mutations(index: int, size: int, rng: random.Random) -> None:
    leaf, proof, root = REF.leaves[index], REF.path(index, size), REF.root(size)
    verify_inclusion(index, size, leaf, proof, root)

    def with_proof(exc_type: type[VerifierError], mutated: Any) -> None:
        _expect(exc_type, verify_inclusion, index, size, leaf, mutated, root)

    for j in range(len(proof)):
        with_proof(RootMismatchError, [*proof[:j], _flip(proof[j], rng), *proof[j + 1 :]])
        with_proof(ProofLengthError, proof[:j] + proof[j + 1 :])
        for bad in (proof[j][:31], proof[j] + b"\x00", b"", proof[j].hex(), None, 7):
            with_proof(HashLengthError, [*proof[:j], bad, *proof[j + 1 :]])
    _expect(RootMismatchError, verify_inclusion, index, size, _flip(leaf, rng), proof, root)
    _expect(RootMismatchError, verify_inclusion, index, size, leaf, proof, _flip(root, rng))
    _expect(ProofLengthError, verify_inclusion, index, size, leaf, [*proof, root], root)
    _expect(ProofLengthError, verify_inclusion, index, size, leaf, [leaf, *proof], root)
    if len(proof) >= 2:
        i, j = sorted(rng.sample(range(len(proof)), 2))
        swapped = list(proof)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        _expect(RootMismatchError, verify_inclusion, index, size, leaf, swapped, root)

    for other in (index - 1, index + 1):
        if 0 <= other < size:
            same = len(REF.path(other, size)) == len(proof)
            want = RootMismatchError if same else ProofLengthError
            _expect(want, verify_inclusion, other, size, leaf, proof, root)
    for other_size in (size - 1, size + 1):
        if other_size < 1:
            continue
        if index >= other_size:
            want_size: type[VerifierError] = IndexOutOfRangeError
        elif len(REF.path(index, other_size)) != len(proof):
            want_size = ProofLengthError
        else:
            want_size = RootMismatchError
        _expect(want_size, verify_inclusion, index, other_size, leaf, proof, REF.root(other_size))

    _expect(IndexOutOfRangeError, verify_inclusion, size, size, leaf, proof, root)
    _expect(IndexOutOfRangeError, verify_inclusion, size + 7, size, leaf, proof, root)
    _expect(IndexOutOfRangeError, verify_inclusion, -1, size, leaf, proof, root)
    _expect(TreeSizeError, verify_inclusion, index, 0, leaf, proof, root)
    _expect(TreeSizeError, verify_inclusion, index, -size, leaf, proof, root)
    for bad_size in (float(size), str(size), True, 2**64):
        _expect(TreeSizeError, verify_inclusion, index, bad_size, leaf, proof, root)
    for bad_index in (float(index), str(index), None):
        _expect(IndexOutOfRangeError, verify_inclusion, bad_index, size, leaf, proof, root)
    bad_hash: Any
    for bad_hash in (leaf[:31], leaf + b"\x00", leaf.hex(), None):
        _expect(HashLengthError, verify_inclusion, index, size, bad_hash, proof, root)
        _expect(HashLengthError, verify_inclusion, index, size, leaf, proof, bad_hash)
    for bad_proof in (b"".join(proof), "".join(h.hex() for h in proof), None, 5, iter(proof)):
        _expect(ProofLengthError, verify_inclusion, index, size, leaf, bad_proof, root)
        _expect(ProofLengthError, root_from_inclusion_proof, index, size, leaf, bad_proof)


@pytest.mark.parametrize(("index", "size"), _inclusion_cases())
def test_inclusion_mutations(index: int, size: int) -> None:
    check_inclusion_mutations(index, size, random.Random(index * 1000 + size))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_inclusion_mutations_property(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, MAX_SIZE), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    check_inclusion_mutations(index, size, random.Random(data.draw(st.integers(), label="seed")))


def test_size_is_bound_by_the_signed_root_not_by_the_proof() -> None:
    # RFC 9162 property, not a verifier bug: leaf 0's proof in a tree of 6 has the length of
    # one in a tree of 7 and hashes the same way, so (size 7, root of 6) passes. The size
    # and the root must therefore come from the same signed checkpoint.
    proof = REF.path(0, 6)
    verify_inclusion(0, 7, REF.leaves[0], proof, REF.root(6))
    _expect(RootMismatchError, verify_inclusion, 0, 7, REF.leaves[0], proof, REF.root(7))


# --- consistency -----------------------------------------------------------------------


def check_consistency_mutations(size1: int, size2: int, rng: random.Random) -> None:
    proof, root1, root2 = REF.proof(size1, size2), REF.root(size1), REF.root(size2)
    verify_consistency(size1, size2, proof, root1, root2)

    def with_proof(exc_type: type[VerifierError], mutated: Any) -> None:
        _expect(exc_type, verify_consistency, size1, size2, mutated, root1, root2)

    for j in range(len(proof)):
        with_proof(RootMismatchError, [*proof[:j], _flip(proof[j], rng), *proof[j + 1 :]])
        with_proof(ProofLengthError, proof[:j] + proof[j + 1 :])
        for bad in (proof[j][:31], proof[j] + b"\x00", proof[j].hex(), None):
            with_proof(HashLengthError, [*proof[:j], bad, *proof[j + 1 :]])
    _expect(RootMismatchError, verify_consistency, size1, size2, proof, _flip(root1, rng), root2)
    _expect(RootMismatchError, verify_consistency, size1, size2, proof, root1, _flip(root2, rng))
    _expect(ProofLengthError, verify_consistency, size1, size2, [*proof, root1], root1, root2)
    _expect(ProofLengthError, verify_consistency, size1, size2, [root2, *proof], root1, root2)
    if len(proof) >= 2:
        i, j = sorted(rng.sample(range(len(proof)), 2))
        swapped = list(proof)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        _expect(RootMismatchError, verify_consistency, size1, size2, swapped, root1, root2)

    for other1 in (size1 - 1, size1 + 1):
        if 1 <= other1 <= size2:
            same = len(REF.proof(other1, size2)) == len(proof)
            want = RootMismatchError if same else ProofLengthError
            _expect(want, verify_consistency, other1, size2, proof, REF.root(other1), root2)
    for other2 in (size2 - 1, size2 + 1):
        if other2 < size1:
            want2: type[VerifierError] = TreeSizeError
        elif len(REF.proof(size1, other2)) != len(proof):
            want2 = ProofLengthError
        else:
            want2 = RootMismatchError
        _expect(want2, verify_consistency, size1, other2, proof, root1, REF.root(other2))

    if size1 < size2:
        _expect(TreeSizeError, verify_consistency, size2, size1, proof, root2, root1)
    _expect(TreeSizeError, verify_consistency, 0, size2, proof, root1, root2)
    _expect(TreeSizeError, verify_consistency, size1, 0, proof, root1, root2)
    _expect(TreeSizeError, verify_consistency, 0, 0, [], root1, root2)
    for bad_size in (float(size1), True, None, 2**64):
        _expect(TreeSizeError, verify_consistency, bad_size, size2, proof, root1, root2)
        _expect(TreeSizeError, verify_consistency, size1, bad_size, proof, root1, root2)
    bad_root: Any
    for bad_root in (root1[:31], root1 + b"\x00", root1.hex(), None):
        _expect(HashLengthError, verify_consistency, size1, size2, proof, bad_root, root2)
        _expect(HashLengthError, verify_consistency, size1, size2, proof, root1, bad_root)
    for bad_proof in (b"".join(proof), None, 3, iter(proof)):
        _expect(ProofLengthError, verify_consistency, size1, size2, bad_proof, root1, root2)
        _expect(ProofLengthError, root_from_consistency_proof, size1, size2, bad_proof, root1)


@pytest.mark.parametrize(("size1", "size2"), _consistency_cases())
def test_consistency_mutations(size1: int, size2: int) -> None:
    check_consistency_mutations(size1, size2, random.Random(size1 * 1000 + size2))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_consistency_mutations_property(data: st.DataObject) -> None:
    size2 = data.draw(st.integers(1, MAX_SIZE), label="size2")
    size1 = data.draw(st.integers(1, size2), label="size1")
    check_consistency_mutations(size1, size2, random.Random(data.draw(st.integers(), label="seed")))


def test_equal_sizes_need_an_empty_proof_and_equal_roots() -> None:
    root = REF.root(5)
    verify_consistency(5, 5, [], root, root)
    assert root_from_consistency_proof(5, 5, [], root) == root
    _expect(ProofLengthError, verify_consistency, 5, 5, [root], root, root)
    _expect(RootMismatchError, verify_consistency, 5, 5, [], root, REF.root(4))
