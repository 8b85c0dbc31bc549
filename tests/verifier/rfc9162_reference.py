"""A deliberately naive RFC 9162 reference: MTH, PATH and PROOF/SUBPROOF as the RFC writes them."""

from __future__ import annotations

from functools import cache

from ipledger.verifier.core.rfc9162 import EMPTY_ROOT, hash_children


class ReferenceTree:
    """The recursions of RFC 9162 sections 2.1.1, 2.1.3.1 and 2.1.4.1 over a list of leaf hashes.

    Ranges are [start, end) of the leaf list; sizes and indexes inside a recursion are
    relative to the start of the subtree, exactly as D[k:n] is in the RFC.
    """

    def __init__(self, leaf_hashes: list[bytes]) -> None:
        self.leaves = list(leaf_hashes)
        self.mth = cache(self._mth)

    @staticmethod
    def split(n: int) -> int:
        """Return k, the largest power of two smaller than n (n > 1)."""
        assert n > 1
        return 1 << ((n - 1).bit_length() - 1)

    def _mth(self, start: int, end: int) -> bytes:
        """MTH(D[start:end])."""
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n == 1:
            return self.leaves[start]
        k = self.split(n)
        return hash_children(self.mth(start, start + k), self.mth(start + k, end))

    def root(self, size: int) -> bytes:
        """The root of the first `size` leaves."""
        return self.mth(0, size)

    def path(self, m: int, size: int) -> list[bytes]:
        """PATH(m, D[0:size]): the inclusion proof of leaf m."""
        return self._path(m, 0, size)

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = self.split(n)
        if m < k:
            return [*self._path(m, start, start + k), self.mth(start + k, end)]
        return [*self._path(m - k, start + k, end), self.mth(start, start + k)]

    def proof(self, m: int, size: int) -> list[bytes]:
        """PROOF(m, D[0:size]) = SUBPROOF(m, D[0:size], true): the consistency proof."""
        return self._subproof(m, 0, size, True)

    def _subproof(self, m: int, start: int, end: int, b: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if b else [self.mth(start, end)]
        k = self.split(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, b), self.mth(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self.mth(start, start + k)]
