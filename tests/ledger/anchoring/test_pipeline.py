"""The whole pipeline against a real anvil: entries -> checkpoint -> anchor -> final."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from hexbytes import HexBytes
from sqlalchemy import Engine
from sqlmodel import Session

from ipledger.ledger.anchoring import (
    AnchorState,
    anchor_covering,
    attempts_of,
    checkpoint_cutter,
    list_anchors,
)
from ipledger.ledger.anchoring.queries import anchor_for_entry
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.contract import ContractArtifact
from ipledger.ledger.checkpoints import CheckpointPolicy, latest_checkpoint
from ipledger.verifier import verify_consistency
from tests.ledger.anchoring.conftest import ChainEnv, make_env, worker_for
from tests.ledger.anchoring.storelog import StoreLog


@pytest.fixture
def db_file(migrated_url: str) -> str:
    """These tests run on SQLite and PostgreSQL."""
    return migrated_url


def test_checkpoint_is_anchored_and_becomes_final_after_confirmations(
    start_node: Callable[..., AnvilNode], artifact: ContractArtifact, tmp_path: Path,
    engine: Engine, log: StoreLog, caplog: pytest.LogCaptureFixture,
) -> None:
    node = start_node(block_time=0.25)
    env = make_env(node, artifact, tmp_path)
    log.append(5)
    checkpoint = log.cut()
    worker = worker_for(env, engine, log, confirmations=3)
    caplog.set_level(logging.DEBUG)
    anchor = worker.run_until_final(timeout=30)

    assert (anchor.tree_size, anchor.root) == (5, checkpoint.root)
    assert anchor.state is AnchorState.FINAL and anchor.previous_size == 0
    assert env.on_chain() == (5, checkpoint.root)
    (event,) = env.anchored_events()
    assert event["transactionHash"].to_0x_hex() == anchor.tx_hash
    assert event["blockHash"].to_0x_hex() == anchor.block_hash
    assert event["args"]["size"] == 5 and event["args"]["root"] == checkpoint.root
    assert anchor.block_number is not None
    assert env.w3.eth.block_number - anchor.block_number + 1 >= 3
    block = env.w3.eth.get_block(anchor.block_number)
    assert block["timestamp"] == anchor.block_time
    # every entry is covered by this anchor, by query
    for index in range(5):
        covering = worker.anchor_covering(index)
        assert covering is not None and covering.id == anchor.id
        # read from the engine (no transaction), the same record as in a session
        assert anchor_covering(engine, index, worker.target) == covering
        assert anchor_for_entry(engine, index, worker.target) == covering
    assert worker.anchor_covering(5) is None
    assert anchor_covering(engine, 5) is None and anchor_for_entry(engine, 5, worker.target) is None
    # the signing key never reaches a log record
    key = env.key_file.read_text().strip().removeprefix("0x").lower()
    for record in caplog.records:
        text = (record.getMessage() + repr(record.__dict__)).lower()
        assert key not in text


def test_newest_checkpoint_wins_and_the_next_anchor_proves_consistency_on_chain(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    worker = worker_for(env, engine, log)
    log.append(3)
    log.cut()
    log.append(4)
    log.cut()                 # size 7: the checkpoint of size 3 is skipped
    first = worker.run_until_final(timeout=20)
    assert first.tree_size == 7 and first.previous_size == 0
    log.append(10)
    log.cut()                 # 17, skipped
    log.append(6)
    newest = log.cut()        # 23
    second = worker.run_until_final(timeout=20)
    assert (second.tree_size, second.root, second.previous_size) == (23, newest.root, 7)
    assert env.on_chain() == (23, newest.root)
    # the consistency proof the contract accepted is the one from the on-chain size
    tx = env.w3.eth.get_transaction(HexBytes(second.tx_hash or ""))
    func, args = env.contract.decode_function_input(tx["input"])
    assert func.fn_name == "anchor"
    verify_consistency(7, 23, args["consistencyProof"], log.root(7), newest.root)
    assert [e["args"]["size"] for e in env.anchored_events()] == [7, 23]
    # coverage: entries 0..6 by the first anchor, 7..22 by the second
    assert worker.anchor_covering(6).id == first.id  # type: ignore[union-attr]
    assert worker.anchor_covering(7).id == second.id  # type: ignore[union-attr]
    with Session(engine) as session:
        sizes = [a.tree_size for a in list_anchors(session)]
        assert sizes == [23, 7]
        assert all(len(attempts_of(session, a.id)) == 1 for a in list_anchors(session))


def test_nothing_is_sent_for_an_unchanged_log(env: ChainEnv, engine: Engine,
                                              log: StoreLog) -> None:
    worker = worker_for(env, engine, log)
    assert worker.step().events == ()          # no checkpoint yet
    log.append(2)
    log.cut()
    worker.run_until_final(timeout=20)
    nonce = env.w3.eth.get_transaction_count(env.signer.address)
    for _ in range(3):
        result = worker.step()
        assert result.events == () and not result.unanchored
    assert env.w3.eth.get_transaction_count(env.signer.address) == nonce


def test_one_loop_cuts_due_checkpoints_and_anchors_them(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    policy = CheckpointPolicy(batch_interval=3600, batch_max=4)
    worker = worker_for(env, engine, log,
                        checkpointer=checkpoint_cutter(log.store, log.signer, policy))
    log.append(3)
    assert worker.step().events == () and log.latest_checkpoint() is None  # not due yet
    log.append(2)                                                          # 5 >= batch_max
    final = worker.run_until_final(timeout=20)
    checkpoint = latest_checkpoint(log.store)
    assert checkpoint is not None and checkpoint.tree_size == final.tree_size == 5
    assert env.on_chain() == (5, checkpoint.root)


def test_finality_by_the_chains_finalized_tag(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    worker = worker_for(env, engine, log, finality="finalized", confirmations=1)
    log.append(2)
    log.cut()
    worker.step()
    worker.step()
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.state is AnchorState.INCLUDED
    assert anchor.block_number is not None
    # one confirmation is not enough here: only the node's `finalized` block counts
    while env.w3.eth.get_block("finalized")["number"] < anchor.block_number:
        assert worker.step().events == ()
        env.mine(16)
    assert worker.run_until_final(timeout=10).id == anchor.id
