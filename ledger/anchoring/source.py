"""What the worker needs from the log: the newest checkpoint, roots and consistency proofs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CheckpointRef:
    """A signed checkpoint's tree size and root, the pair the contract stores."""

    tree_size: int
    root: bytes

    def __post_init__(self) -> None:
        """Check the checkpoint has at least one entry and a 32-byte root."""
        if self.tree_size <= 0:
            raise ValueError("an anchored checkpoint has tree_size > 0")
        if len(self.root) != 32:
            raise ValueError("a root is 32 bytes")


class LogSource(Protocol):
    """The log as the worker reads it; implemented over the ledger store."""

    def latest_checkpoint(self) -> CheckpointRef | None:
        """Return the newest signed checkpoint, or None before the first one."""
        ...

    def size(self) -> int:
        """Return the number of entries in the log."""
        ...

    def root(self, size: int) -> bytes:
        """Return the RFC 9162 root of the first `size` entries (0 < size <= size())."""
        ...

    def consistency_proof(self, size1: int, size2: int) -> Sequence[bytes]:
        """Return the RFC 9162 consistency proof from `size1` to `size2` (0 < size1 <= size2)."""
        ...
