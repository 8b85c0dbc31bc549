"""SSZ pieces for beacon-chain proofs: SHA-256 merkleization, Merkle branches, two ByteLists."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ipledger.verifier.core.errors import (
    HashLengthError,
    IndexOutOfRangeError,
    InvalidBlockProof,
    ProofLengthError,
    RootMismatchError,
)

CHUNK = 32
OFFSET_SIZE = 4
MAX_DEPTH = 64


def sha256(data: bytes) -> bytes:
    """Return SHA-256 of `data`, the hash of SSZ merkleization."""
    return hashlib.sha256(data).digest()


def _zero_hashes() -> tuple[bytes, ...]:
    zeros = [bytes(CHUNK)]
    for _ in range(MAX_DEPTH):
        zeros.append(sha256(zeros[-1] + zeros[-1]))
    return tuple(zeros)


# ZERO_HASHES[d]: the root of a subtree of depth d whose 2**d chunks are all zero.
ZERO_HASHES = _zero_hashes()


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes) or len(value) != CHUNK:
        raise HashLengthError(f"{what} must be 32 bytes")


def root_from_merkle_branch(leaf: bytes, branch: Sequence[bytes], depth: int, index: int) -> bytes:
    """Return the root a Merkle branch leads to (consensus-specs `is_valid_merkle_branch`).

    `branch[i]` is the sibling at height i, from the leaf up; `index` is the leaf's position
    at that depth (the generalized index less its leading 1 bit).
    """
    _check_hash(leaf, "leaf")
    if not 0 <= depth <= MAX_DEPTH or len(branch) != depth:
        raise ProofLengthError(f"a branch of depth {depth} has {depth} hashes, got {len(branch)}")
    if not 0 <= index < 2**depth:
        raise IndexOutOfRangeError(f"index {index} is not below 2**{depth}")
    node = leaf
    for height, sibling in enumerate(branch):
        _check_hash(sibling, f"branch hash {height}")
        node = sha256(sibling + node) if (index >> height) & 1 else sha256(node + sibling)
    return node


def verify_merkle_branch(  # noqa: PLR0917 (the argument order of is_valid_merkle_branch)
    leaf: bytes, branch: Sequence[bytes], depth: int, index: int, root: bytes, what: str
) -> None:
    """Check that `branch` proves `leaf` at `index` under `root`; raise `RootMismatchError`."""
    _check_hash(root, f"{what} root")
    computed = root_from_merkle_branch(leaf, branch, depth, index)
    if computed != root:
        raise RootMismatchError(computed, root, what)


def merkleize(chunks: Sequence[bytes], limit: int) -> bytes:
    """Return the SSZ merkleization of `chunks`, padded with zero chunks to `limit` (>= 1)."""
    if not 1 <= limit <= 2**MAX_DEPTH or len(chunks) > limit:
        raise ProofLengthError(f"{len(chunks)} chunks do not fit a limit of {limit}")
    depth = (limit - 1).bit_length()
    layer = list(chunks)
    for height in range(depth):
        if len(layer) % 2:
            layer.append(ZERO_HASHES[height])
        layer = [sha256(layer[i] + layer[i + 1]) for i in range(0, len(layer), 2)]
    return layer[0] if layer else ZERO_HASHES[depth]


def mix_in_length(root: bytes, length: int) -> bytes:
    """Return SHA-256(root ‖ uint256-le(length)): the root of an SSZ list of that length."""
    return sha256(root + length.to_bytes(CHUNK, "little"))


def decode_two_byte_lists(data: bytes, limits: tuple[int, int], what: str) -> tuple[bytes, bytes]:
    """Split the SSZ of a container of two `ByteList`s (two offsets, then the two bodies)."""
    if not isinstance(data, bytes) or len(data) < 2 * OFFSET_SIZE:
        raise InvalidBlockProof(f"{what}: SSZ shorter than its two offsets")
    first = int.from_bytes(data[:OFFSET_SIZE], "little")
    second = int.from_bytes(data[OFFSET_SIZE : 2 * OFFSET_SIZE], "little")
    if first != 2 * OFFSET_SIZE or not first <= second <= len(data):
        raise InvalidBlockProof(f"{what}: SSZ offsets {first}, {second} are not in order")
    parts = (data[first:second], data[second:])
    for part, limit in zip(parts, limits, strict=True):
        if len(part) > limit:
            raise InvalidBlockProof(f"{what}: a field of {len(part)} bytes exceeds {limit}")
    return parts


def encode_two_byte_lists(first: bytes, second: bytes) -> bytes:
    """Return the SSZ of a container of two `ByteList`s: the inverse of the decoder."""
    start = 2 * OFFSET_SIZE
    offsets = start.to_bytes(OFFSET_SIZE, "little")
    offsets += (start + len(first)).to_bytes(OFFSET_SIZE, "little")
    return offsets + first + second
