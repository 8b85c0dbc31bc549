"""An RFC 9162 log in memory, written from the RFC's recursive definitions (MTH, SUBPROOF).

It feeds the worker tests real roots and proofs (the contract verifies them on chain)
without the storage layer; `test_memlog` checks it against the verifier and pymerkle.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ledger.anchoring import CheckpointRef
from verifier import EMPTY_ROOT, hash_children, hash_leaf


class MemoryLog:
    """Leaves, checkpoints, roots and consistency proofs of a log held in memory."""

    def __init__(self) -> None:
        self.leaves: list[bytes] = []
        self.checkpoints: list[CheckpointRef] = []

    def append(self, count: int) -> None:
        for _ in range(count):
            n = len(self.leaves)
            self.leaves.append(hash_leaf(hashlib.sha256(n.to_bytes(8, "big")).digest()))

    def cut(self) -> CheckpointRef:
        checkpoint = CheckpointRef(len(self.leaves), self.root(len(self.leaves)))
        self.checkpoints.append(checkpoint)
        return checkpoint

    def latest_checkpoint(self) -> CheckpointRef | None:
        return self.checkpoints[-1] if self.checkpoints else None

    def size(self) -> int:
        return len(self.leaves)

    def root(self, size: int) -> bytes:
        if not 0 <= size <= len(self.leaves):
            raise ValueError(f"size {size} outside the log")
        return _mth(tuple(self.leaves[:size]))

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        if not 0 < size1 <= size2 <= len(self.leaves):
            raise ValueError("need 0 < size1 <= size2 <= log size")
        return _subproof(size1, tuple(self.leaves[:size2]), True)


@lru_cache(maxsize=4096)
def _mth(leaves: tuple[bytes, ...]) -> bytes:
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaves[0]
    k = _split(n)
    return hash_children(_mth(leaves[:k]), _mth(leaves[k:]))


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _subproof(m: int, leaves: tuple[bytes, ...], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [_mth(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), _mth(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), _mth(leaves[:k])]
