"""Checkpoint cutting on both databases: signed notes the verifier accepts, never re-cut."""

from __future__ import annotations

import hashlib

import pytest

from ipledger.ledger.checkpoints import (
    CheckpointPolicy,
    checkpoint_at,
    checkpoint_covering,
    cut_checkpoint,
    latest_checkpoint,
    list_checkpoints,
)
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.errors import SignatureError
from ipledger.verifier.core.proof import verify_consistency, verify_inclusion


def _submit(store: LogStore, n: int, tag: str = "") -> None:
    store.append(
        [{"digest": "sha256:" + hashlib.sha256(f"{tag}{i}".encode()).hexdigest()} for i in range(n)]
    )


@pytest.fixture
def signer() -> LogSigner:
    return LogSigner.generate("example.org/log")


def test_nothing_to_cut_on_an_empty_log(store: LogStore, signer: LogSigner) -> None:
    assert cut_checkpoint(store, signer) is None
    assert latest_checkpoint(store) is None


def test_cut_signs_the_current_tree(store: LogStore, signer: LogSigner) -> None:
    _submit(store, 5)
    cp = cut_checkpoint(store, signer)
    assert cp is not None and cp.tree_size == 5 and cp.root == store.root()
    parsed = verify_checkpoint(cp.note, signer.verifier_key)
    assert (parsed.origin, parsed.size, parsed.root) == ("example.org/log", 5, store.root())
    other = LogSigner.generate("example.org/log")
    with pytest.raises(SignatureError):
        verify_checkpoint(cp.note, other.verifier_key)
    assert checkpoint_at(store, 5) == cp == latest_checkpoint(store)


def test_never_cut_for_an_unchanged_tree(store: LogStore, signer: LogSigner) -> None:
    _submit(store, 3)
    first = cut_checkpoint(store, signer)
    assert first is not None
    assert cut_checkpoint(store, signer) is None
    _submit(store, 2, "more")
    second = cut_checkpoint(store, signer)
    assert second is not None and second.tree_size == 5
    assert [c.tree_size for c in list_checkpoints(store)] == [5, 3]
    proof = store.consistency_proof(3, 5)
    verify_consistency(3, 5, proof, first.root, second.root)
    for index in range(5):
        covering = checkpoint_covering(store, index)
        assert covering is not None
        assert covering.tree_size == (3 if index < 3 else 5)
        leaf = store.entry(index).leaf_hash
        size = covering.tree_size
        verify_inclusion(index, size, leaf, store.inclusion_proof(index, size), covering.root)
    assert checkpoint_covering(store, 5) is None


def test_policy_cuts_at_batch_max_or_after_the_interval(store: LogStore, signer: LogSigner) -> None:
    policy = CheckpointPolicy(batch_interval=30, batch_max=10)
    _submit(store, 4)
    received = store.entry(0).received_at
    assert cut_checkpoint(store, signer, policy, now_ms=received + 29_999) is None
    cp = cut_checkpoint(store, signer, policy, now_ms=received + 30_000)
    assert cp is not None and cp.tree_size == 4
    _submit(store, 10, "burst")
    cp = cut_checkpoint(store, signer, policy, now_ms=store.entry(4).received_at)
    assert cp is not None and cp.tree_size == 14


@pytest.mark.parametrize(
    ("pending", "age_ms", "due"),
    [(0, 10**9, False), (1, 0, False), (1, 30_000, True), (100, 0, True), (99, 29_999, False)],
)
def test_policy_due(pending: int, age_ms: int, due: bool) -> None:
    policy = CheckpointPolicy(batch_interval=30, batch_max=100)
    assert policy.due(pending, 1_000_000, 1_000_000 + age_ms) is due
