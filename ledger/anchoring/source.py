"""What the worker reads from the log (newest checkpoint, roots, proofs), and the store adapter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ipledger.ledger.checkpoints import (
    CheckpointPolicy,
    SignedCheckpoint,
    cut_checkpoint,
    latest_checkpoint,
)
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore


@dataclass(frozen=True)
class TreeHead:
    """A signed checkpoint's tree head: its tree size and root, the pair the contract stores."""

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

    def latest_checkpoint(self) -> TreeHead | None:
        """Return the newest signed checkpoint's tree head, or None before the first one."""
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


class StoreLogSource:
    """The ledger's `LogStore` and its checkpoints table, as the worker reads them."""

    def __init__(self, store: LogStore) -> None:
        """Read from `store` (its engine is also where checkpoints live)."""
        self.store = store

    def latest_checkpoint(self) -> TreeHead | None:
        """Return the newest stored checkpoint's tree head (at least one entry), or None."""
        newest = latest_checkpoint(self.store)
        if newest is None or newest.tree_size == 0:
            return None
        return TreeHead(newest.tree_size, newest.root)

    def size(self) -> int:
        """Return the number of entries in the log."""
        return self.store.size()

    def root(self, size: int) -> bytes:
        """Return the root of the first `size` entries."""
        return self.store.root(size)

    def consistency_proof(self, size1: int, size2: int) -> Sequence[bytes]:
        """Return the RFC 9162 consistency proof between two sizes."""
        return self.store.consistency_proof(size1, size2)


def checkpoint_cutter(
    store: LogStore, signer: LogSigner, policy: CheckpointPolicy | None = None
) -> Callable[[], SignedCheckpoint | None]:
    """Return a callable that cuts a checkpoint when `policy` says it is due.

    Pass it as the worker's `checkpointer` so one loop both cuts and anchors.
    """

    def cut() -> SignedCheckpoint | None:
        return cut_checkpoint(store, signer, policy or CheckpointPolicy())

    return cut
