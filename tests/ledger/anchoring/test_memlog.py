"""The test-only MemoryLog: roots agree with pymerkle, every proof passes the verifier."""

import hashlib

from pymerkle import InmemoryTree

from tests.ledger.anchoring.memlog import MemoryLog
from verifier import verify_consistency


def test_roots_match_pymerkle() -> None:
    log = MemoryLog()
    tree = InmemoryTree(algorithm="sha256")
    for n in range(1, 34):
        tree.append_entry(hashlib.sha256((n - 1).to_bytes(8, "big")).digest())
        log.append(1)
        assert log.root(n) == tree.get_root(n), n


def test_every_consistency_proof_verifies() -> None:
    log = MemoryLog()
    log.append(33)
    for size2 in range(1, 34):
        for size1 in range(1, size2 + 1):
            proof = log.consistency_proof(size1, size2)
            verify_consistency(size1, size2, proof, log.root(size1), log.root(size2))
