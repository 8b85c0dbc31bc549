"""The ledger's real log for the anchoring tests: a LogStore plus checkpoint cutting."""

from __future__ import annotations

import hashlib
import itertools

from ipledger.ledger.anchoring import StoreLogSource, TreeHead
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore

_documents = itertools.count()


class StoreLog(StoreLogSource):
    """`StoreLogSource` with helpers to append documents and cut a signed checkpoint."""

    def __init__(self, store: LogStore, signer: LogSigner) -> None:
        super().__init__(store)
        self.signer = signer

    def append(self, count: int) -> None:
        self.store.append([
            {"digest": "sha256:" + hashlib.sha256(f"doc {next(_documents)}".encode()).hexdigest()}
            for _ in range(count)
        ])

    def cut(self) -> TreeHead:
        checkpoint = cut_checkpoint(self.store, self.signer)
        assert checkpoint is not None, "the tree did not grow since the last checkpoint"
        return TreeHead(checkpoint.tree_size, checkpoint.root)
