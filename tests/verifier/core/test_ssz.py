"""SSZ merkleization, Merkle branches and the two-ByteList container, against remerkleable."""

# No `from __future__ import annotations`: remerkleable reads the container's field types.
import hashlib
from pathlib import Path

import pytest
from remerkleable.byte_arrays import ByteList, Bytes32
from remerkleable.complex import Container, List, Vector

from ipledger.verifier.core.errors import (
    HashLengthError,
    IndexOutOfRangeError,
    InvalidBlockProof,
    ProofLengthError,
    RootMismatchError,
)
from ipledger.verifier.core.ssz import (
    ZERO_HASHES,
    decode_two_byte_lists,
    encode_two_byte_lists,
    merkleize,
    mix_in_length,
    root_from_merkle_branch,
    verify_merkle_branch,
)

PORTAL = Path(__file__).resolve().parents[2] / "vectors" / "portal" / "headers_with_proof"


class HeaderWithProofOracle(Container):  # type: ignore[misc]
    header: ByteList[2048]
    proof: ByteList[1024]


def _chunks(count: int) -> list[bytes]:
    return [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(count)]


def _branch(chunks: list[bytes], depth: int, index: int) -> list[bytes]:
    """A Merkle branch built level by level (the prover's side, for the tests only)."""
    layer = chunks + [bytes(32)] * (2**depth - len(chunks))
    branch = []
    for _ in range(depth):
        branch.append(layer[index ^ 1])
        layer = [hashlib.sha256(layer[i] + layer[i + 1]).digest() for i in range(0, len(layer), 2)]
        index //= 2
    return branch


def test_zero_hashes_are_roots_of_zero_subtrees() -> None:
    assert ZERO_HASHES[0] == bytes(32)
    assert ZERO_HASHES[3] == Vector[Bytes32, 8]().hash_tree_root()


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 8, 17, 100])
@pytest.mark.parametrize("limit", [128, 2**24])
def test_list_roots_equal_remerkleable(count: int, limit: int) -> None:
    chunks = _chunks(count)
    oracle = List[Bytes32, limit](*[Bytes32(c) for c in chunks]).hash_tree_root()
    assert mix_in_length(merkleize(chunks, limit), count) == oracle


@pytest.mark.parametrize("count", [1, 2, 4, 8192])
def test_vector_roots_equal_remerkleable(count: int) -> None:
    chunks = _chunks(count)
    assert merkleize(chunks, count) == Vector[Bytes32, count](*chunks).hash_tree_root()


def test_merkleize_refuses_more_chunks_than_the_limit() -> None:
    with pytest.raises(ProofLengthError):
        merkleize(_chunks(3), 2)
    with pytest.raises(ProofLengthError):
        merkleize([], 0)


@pytest.mark.parametrize("block", ["17034870", "22162263"])
def test_block_roots_root_and_a_branch_of_real_mainnet_data(block: str) -> None:
    data = (PORTAL / "beacon_data" / block / "block_roots.ssz").read_bytes()
    roots = [data[i : i + 32] for i in range(0, len(data), 32)]
    root = merkleize(roots, 8192)
    assert root == Vector[Bytes32, 8192].decode_bytes(data).hash_tree_root()
    for index in (0, 1, 4097, 8191):
        branch = _branch(roots, 13, index)
        verify_merkle_branch(roots[index], branch, 13, index, root, what="block_roots")
        assert root_from_merkle_branch(roots[index], branch, 13, index) == root


def test_every_changed_part_of_a_branch_fails_at_the_root() -> None:
    chunks = _chunks(16)
    root = merkleize(chunks, 16)
    branch = _branch(chunks, 4, 6)
    verify_merkle_branch(chunks[6], branch, 4, 6, root, what="tree")
    for i in range(4):
        bad = list(branch)
        bad[i] = bytes(32)
        with pytest.raises(RootMismatchError, match="tree mismatch"):
            verify_merkle_branch(chunks[6], bad, 4, 6, root, what="tree")
    for index in (5, 7, 14):
        with pytest.raises(RootMismatchError):
            verify_merkle_branch(chunks[6], branch, 4, index, root, what="tree")
    with pytest.raises(RootMismatchError):
        verify_merkle_branch(chunks[7], branch, 4, 6, root, what="tree")
    with pytest.raises(RootMismatchError):
        verify_merkle_branch(chunks[6], branch, 4, 6, chunks[0], what="tree")


def test_malformed_branches_are_refused_before_hashing() -> None:
    chunks = _chunks(4)
    root = merkleize(chunks, 4)
    branch = _branch(chunks, 2, 1)
    with pytest.raises(ProofLengthError):
        verify_merkle_branch(chunks[1], branch[:1], 2, 1, root, what="tree")
    with pytest.raises(IndexOutOfRangeError):
        verify_merkle_branch(chunks[1], branch, 2, 4, root, what="tree")
    with pytest.raises(IndexOutOfRangeError):
        verify_merkle_branch(chunks[1], branch, 2, -1, root, what="tree")
    with pytest.raises(HashLengthError):
        verify_merkle_branch(chunks[1][:31], branch, 2, 1, root, what="tree")
    with pytest.raises(HashLengthError):
        verify_merkle_branch(chunks[1], [branch[0], branch[1] + b"\0"], 2, 1, root, what="tree")
    with pytest.raises(HashLengthError):
        verify_merkle_branch(chunks[1], branch, 2, 1, root[:16], what="tree")


@pytest.mark.parametrize(("header", "proof"), [(b"", b""), (b"\xf9" * 600, b"p" * 808),
                                                (b"h" * 2048, b"p" * 1024)])
def test_two_byte_lists_round_trip_as_remerkleable_encodes(header: bytes, proof: bytes) -> None:
    encoded = encode_two_byte_lists(header, proof)
    assert encoded == HeaderWithProofOracle(header=header, proof=proof).encode_bytes()
    assert decode_two_byte_lists(encoded, (2048, 1024), "c") == (header, proof)


def test_malformed_two_byte_lists_are_refused() -> None:
    good = encode_two_byte_lists(b"header", b"proof")
    cases = {
        "short": good[:7],
        "first offset": (9).to_bytes(4, "little") + good[4:],
        "second offset past the end": good[:4] + (len(good) + 1).to_bytes(4, "little") + good[8:],
        "second before first": good[:4] + (7).to_bytes(4, "little") + good[8:],
        "header too long": encode_two_byte_lists(b"h" * 2049, b""),
        "proof too long": encode_two_byte_lists(b"", b"p" * 1025),
    }
    for name, data in cases.items():
        with pytest.raises(InvalidBlockProof, match="BlockHeaderWithProof"):
            decode_two_byte_lists(data, (2048, 1024), "BlockHeaderWithProof")
            pytest.fail(name)
