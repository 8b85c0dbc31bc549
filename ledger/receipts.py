"""Receipt trees: the RFC 9162 tree over one commit's leaf hashes, its root and audit paths."""

from __future__ import annotations

from collections.abc import Sequence

from ipledger.verifier.core.rfc9162 import hash_children
from ipledger.verifier.receipts import format_receipt


class ReceiptTree:
    """The RFC 9162 Merkle tree over a short list of leaf hashes, kept level by level.

    Built bottom-up, a last node without a sibling moves up unchanged, which gives the
    same tree as RFC 9162's split at the largest power of two. n-1 hashes to build;
    each audit path is then read from the levels without hashing.
    """

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        """Build the levels; at least one leaf."""
        if not leaf_hashes:
            raise ValueError("a receipt covers at least one entry")
        levels = [list(leaf_hashes)]
        while len(levels[-1]) > 1:
            below = levels[-1]
            above = [hash_children(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            if len(below) % 2:
                above.append(below[-1])
            levels.append(above)
        self._levels = levels

    @property
    def size(self) -> int:
        """Return the number of leaves."""
        return len(self._levels[0])

    @property
    def root(self) -> bytes:
        """Return the RFC 9162 root hash."""
        return self._levels[-1][0]

    def proof(self, position: int) -> list[bytes]:
        """Return the RFC 9162 inclusion proof of leaf `position`, leaf side first."""
        if not 0 <= position < self.size:
            raise IndexError(f"position {position} is outside 0..{self.size - 1}")
        path = []
        for level in self._levels[:-1]:
            sibling = position ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            position //= 2
        return path


def receipt_note_text(origin: str, first_index: int, tree: ReceiptTree) -> str:
    """Return the receipt note text for a commit of `tree.size` entries from `first_index`."""
    return format_receipt(origin, first_index, tree.size, tree.root)
