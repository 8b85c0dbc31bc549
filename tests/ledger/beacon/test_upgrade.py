"""Upgrading final anchors with canonicality proofs: stored once, never blocking the worker."""

from __future__ import annotations

import time

from ipledger.ledger.beacon.api import BeaconApi
from ipledger.ledger.beacon.store import store_block_proof
from ipledger.ledger.beacon.upgrade import ProofUpgrader, no_beacon_chain_message
from ipledger.ledger.deployment import Deployment
from tests.ledger.beacon import vectors
from tests.ledger.beacon.anchors import add_final_anchor, block_hash_of
from tests.ledger.beacon.beacon_node import RecordedNode, serve


def _published_proof(number: int) -> bytes:
    value = vectors.content_value(number)
    return value[int.from_bytes(value[4:8], "little") :]


def test_upgrade_stores_each_mainnet_proof_once(deployment: Deployment) -> None:
    """Needs anchor rows for real mainnet blocks (tests/ledger/beacon/anchors.py)."""
    add_final_anchor(deployment.engine, 22162263, tree_size=1)
    add_final_anchor(deployment.engine, 17034870, tree_size=2)
    local = add_final_anchor(deployment.engine, 19426587, tree_size=3, chain_id=31337)
    node = RecordedNode()
    node.add_block(22162263)
    node.add_block(17034870)
    with serve(node) as url:
        outcomes = deployment.upgrade_proofs(url)
        assert [o.status for o in outcomes] == ["stored", "stored", "no_beacon_chain"]
        assert outcomes[2].anchor_id == local
        assert outcomes[2].message == no_beacon_chain_message(31337)
        for number, kind in ((22162263, "deneb"), (17034870, "capella")):
            stored = deployment.block_proof(block_hash_of(number).upper().replace("0X", "0x"))
            assert stored is not None
            assert stored.proof_type == f"historical_summaries_{kind}"
            assert stored.proof == _published_proof(number)
        # Nothing stored is ever replaced; the anvil anchor is still said to have none.
        again = deployment.upgrade_proofs(url)
        assert [o.status for o in again] == ["no_beacon_chain"]
        assert not store_block_proof(deployment.engine, block_hash_of(22162263), 1, "x", b"other")
    stored = deployment.block_proof(block_hash_of(22162263))
    assert stored is not None and stored.proof == _published_proof(22162263)


def test_failures_store_nothing_and_say_why(deployment: Deployment) -> None:
    """Needs an anchor row for a real mainnet block (tests/ledger/beacon/anchors.py)."""
    add_final_anchor(deployment.engine, 22162263)
    node = RecordedNode()
    node.add_block(22162263)
    with serve(node) as url:
        node.finalized_epoch = 11378688 // 32 - 1
        [not_yet] = deployment.upgrade_proofs(url)
        assert not_yet.status == "not_yet"
        assert "provable after 2025-03-30T21:10:47Z" in not_yet.message
        node.finalized_epoch = 11476992 // 32
        # The node answers 404 for a slot it had a block at: caught, nothing stored.
        node.headers.pop(max(s for s in node.headers if s < 11378687))
        [wrong] = deployment.upgrade_proofs(url)
        assert wrong.status == "failed"
        assert "the node misses blocks" in wrong.message
    assert deployment.upgrade_proofs(None)[0].status == "no_beacon_api"
    assert deployment.block_proof(block_hash_of(22162263)) is None


def test_a_hash_the_beacon_block_does_not_carry_is_refused(deployment: Deployment) -> None:
    """Needs an anchor row for a real mainnet block's time (tests/ledger/beacon/anchors.py)."""
    other = "0x" + "ab" * 32
    add_final_anchor(deployment.engine, 22162263, block_hash=other)
    node = RecordedNode()
    node.add_block(22162263)
    with serve(node) as url:
        [refused] = deployment.upgrade_proofs(url)
    assert refused.status == "failed"
    assert "carries execution block 0xfbf884a8" in refused.message
    assert deployment.block_proof(other) is None


def test_the_worker_hook_never_waits_for_a_slow_node(deployment: Deployment) -> None:
    """Needs an anchor row for a real mainnet block (tests/ledger/beacon/anchors.py)."""
    anchor = add_final_anchor(deployment.engine, 22162263)
    node = RecordedNode(delay=1.0)
    node.add_block(22162263)
    with serve(node) as url:
        upgrader = ProofUpgrader(deployment.engine, 1, lambda: BeaconApi(url, timeout=0.3))
        started = time.monotonic()
        upgrader.poll()
        upgrader.poll()  # a pass is running: no second one
        assert time.monotonic() - started < 0.5
        upgrader.join(30)
    [failed] = upgrader.last
    assert failed.anchor_id == anchor and failed.status == "failed"
    assert failed.message.endswith("will retry") or "in time" in failed.message
    assert deployment.block_proof(block_hash_of(22162263)) is None
    # Not retried before RETRY_AFTER: the next polls start nothing.
    upgrader.poll()
    assert upgrader._thread is not None and not upgrader._thread.is_alive()
