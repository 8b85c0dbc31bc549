"""RFC 9162 inclusion and consistency proofs: strict checking, roots recomputed from proofs."""

from __future__ import annotations

from collections.abc import Sequence

from ipledger.verifier.core.errors import (
    HashLengthError,
    IndexOutOfRangeError,
    ProofLengthError,
    RootMismatchError,
    TreeSizeError,
)
from ipledger.verifier.core.rfc9162 import HASH_SIZE, hash_children

MAX_TREE_SIZE = 2**64 - 1


def _check_size(name: str, size: object, minimum: int) -> int:
    if not isinstance(size, int) or isinstance(size, bool):
        raise TreeSizeError(f"{name} must be an integer, got {type(size).__name__}")
    if size < minimum or size > MAX_TREE_SIZE:
        raise TreeSizeError(f"{name} must be between {minimum} and 2^64-1, got {size}")
    return size


def _check_index(index: object, size: int) -> int:
    if not isinstance(index, int) or isinstance(index, bool):
        raise IndexOutOfRangeError(f"leaf index must be an integer, got {type(index).__name__}")
    if not 0 <= index < size:
        raise IndexOutOfRangeError(f"leaf index {index} is not in 0..{size - 1} (tree size {size})")
    return index


def _check_hash(name: str, value: object) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise HashLengthError(f"{name} must be bytes, got {type(value).__name__}")
    value = bytes(value)
    if len(value) != HASH_SIZE:
        raise HashLengthError(f"{name} must be {HASH_SIZE} bytes, got {len(value)}")
    return value


def _check_proof(proof: Sequence[bytes], expected_len: int) -> list[bytes]:
    if isinstance(proof, bytes | bytearray | memoryview | str):
        raise ProofLengthError("proof must be a sequence of hashes, not a single string")
    if not isinstance(proof, Sequence):
        raise ProofLengthError(f"proof must be a list of hashes, got {type(proof).__name__}")
    if len(proof) != expected_len:
        raise ProofLengthError(
            f"proof has {len(proof)} hashes, RFC 9162 requires {expected_len} for these sizes"
        )
    return [_check_hash(f"proof[{i}]", h) for i, h in enumerate(proof)]


def inclusion_proof_length(index: int, size: int) -> int:
    """Return the inclusion proof length for leaf `index` in a tree of `size` leaves."""
    inner, border = _decompose(index, size)
    return inner + border


def consistency_proof_length(size1: int, size2: int) -> int:
    """Return the consistency proof length from `size1` to `size2` (0 < size1 <= size2)."""
    if size1 == size2:
        return 0
    inner, border = _decompose(size1 - 1, size2)
    shift = _trailing_zeros(size1)
    start = 0 if size1 == 1 << shift else 1
    return start + inner - shift + border


def _decompose(index: int, size: int) -> tuple[int, int]:
    """Split an inclusion proof into its inner part (below the split) and its right border."""
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    return inner, border


def _trailing_zeros(n: int) -> int:
    return (n & -n).bit_length() - 1


def _chain_inner(seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    for i, h in enumerate(proof):
        seed = hash_children(seed, h) if (index >> i) & 1 == 0 else hash_children(h, seed)
    return seed


def _chain_inner_right(seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    for i, h in enumerate(proof):
        if (index >> i) & 1 == 1:
            seed = hash_children(h, seed)
    return seed


def _chain_border_right(seed: bytes, proof: Sequence[bytes]) -> bytes:
    for h in proof:
        seed = hash_children(h, seed)
    return seed


def root_from_inclusion_proof(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]
) -> bytes:
    """Return the root that `proof` yields for leaf `index` with hash `leaf_hash`.

    Preconditions, checked first: 0 <= index < size < 2^64; `leaf_hash` and every
    proof hash are 32 bytes; `proof` has exactly the RFC 9162 length for (index, size).
    """
    size = _check_size("tree size", size, 1)
    index = _check_index(index, size)
    leaf_hash = _check_hash("leaf hash", leaf_hash)
    inner, border = _decompose(index, size)
    hashes = _check_proof(proof, inner + border)
    res = _chain_inner(leaf_hash, hashes[:inner], index)
    return _chain_border_right(res, hashes[inner:])


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that leaf `index` with `leaf_hash` is in the tree of `size` leaves and `root`.

    Raises a `ProofInputError` subclass for malformed input and `RootMismatchError`
    when the proof leads elsewhere. Returns None only when the proof holds.
    """
    root = _check_hash("root", root)
    computed = root_from_inclusion_proof(index, size, leaf_hash, proof)
    if computed != root:
        raise RootMismatchError(computed, root, "inclusion proof root")


def root_from_consistency_proof(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> bytes:
    """Return the root of the size2 tree that `proof` proves consistent with (size1, root1).

    Preconditions, checked first: 0 < size1 <= size2 < 2^64 (RFC 9162 defines no proof
    from the empty tree); `root1` and every proof hash are 32 bytes; `proof` has exactly
    the RFC 9162 length. Raises `RootMismatchError` when the proof does not lead to root1.
    """
    size1 = _check_size("first tree size", size1, 1)
    size2 = _check_size("second tree size", size2, 1)
    if size2 < size1:
        raise TreeSizeError(f"second tree size {size2} is smaller than the first {size1}")
    root1 = _check_hash("first root", root1)
    if size1 == size2:
        _check_proof(proof, 0)
        return root1
    inner, border = _decompose(size1 - 1, size2)
    shift = _trailing_zeros(size1)
    inner -= shift
    start = 0 if size1 == 1 << shift else 1
    hashes = _check_proof(proof, start + inner + border)
    seed = root1 if start == 0 else hashes[0]
    path = hashes[start:]
    mask = (size1 - 1) >> shift
    hash1 = _chain_inner_right(seed, path[:inner], mask)
    hash1 = _chain_border_right(hash1, path[inner:])
    if hash1 != root1:
        raise RootMismatchError(hash1, root1, "consistency proof first root")
    hash2 = _chain_inner(seed, path[:inner], mask)
    return _chain_border_right(hash2, path[inner:])


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree (size2, root2) extends the tree (size1, root1).

    Same preconditions as `root_from_consistency_proof`; raises `RootMismatchError`
    when either root does not follow from the proof.
    """
    root2 = _check_hash("second root", root2)
    computed = root_from_consistency_proof(size1, size2, proof, root1)
    if computed != root2:
        raise RootMismatchError(computed, root2, "consistency proof second root")
