"""Reorgs: an included anchor whose block leaves the canonical chain goes back to `sent`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hexbytes import HexBytes
from sqlalchemy import Engine
from sqlmodel import Session, select

from ipledger.ledger.anchoring import Anchor, AnchorAttempt, AnchorState
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.contract import ContractArtifact
from tests.ledger.anchoring.conftest import make_env, worker_for
from tests.ledger.anchoring.storelog import StoreLog


def test_reorged_anchor_is_rebroadcast_unchanged_and_ends_final(
    start_node: Callable[..., AnvilNode], artifact: ContractArtifact, tmp_path: Path,
    engine: Engine, log: StoreLog,
) -> None:
    env = make_env(start_node(), artifact, tmp_path)
    worker = worker_for(env, engine, log, confirmations=3)
    log.append(12)
    checkpoint = log.cut()
    worker.step()                                   # pending -> sent (auto-mined at once)
    included = worker.step()
    assert [e.kind for e in included.events] == ["included"]
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.state is AnchorState.INCLUDED
    old_block, old_hash = anchor.block_number, anchor.block_hash
    assert old_block == env.w3.eth.block_number

    env.rpc("anvil_reorg", [1, []])                 # replace the block with an empty one
    assert env.w3.eth.get_block(old_block)["hash"].to_0x_hex() != old_hash
    assert env.on_chain()[0] == 0                   # the anchor is gone from the chain

    reorged = worker.step()
    # back to sent, the same raw transaction rebroadcast, auto-mined, found again
    assert [e.kind for e in reorged.events] == ["reorged", "broadcast", "included"]
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.state is AnchorState.INCLUDED
    assert anchor.block_number != old_block and anchor.block_hash != old_hash
    env.mine(2)
    final = worker.run_until_final(timeout=20)
    assert final.state is AnchorState.FINAL and final.id == anchor.id
    with Session(engine) as session:
        (attempt,) = session.exec(select(AnchorAttempt)).all()   # the SAME raw transaction
    assert final.tx_hash == attempt.tx_hash
    assert env.on_chain() == (12, checkpoint.root)
    assert [e["args"]["size"] for e in env.anchored_events()] == [12]


def test_anchor_re_mined_by_the_reorg_itself_is_followed_to_its_new_block(
    start_node: Callable[..., AnvilNode], artifact: ContractArtifact, tmp_path: Path,
    engine: Engine, log: StoreLog,
) -> None:
    env = make_env(start_node(), artifact, tmp_path)
    worker = worker_for(env, engine, log, confirmations=2)
    env.mine(2)  # keep the contract's deployment out of the reorged blocks
    log.append(5)
    log.cut()
    worker.step()
    worker.step()
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.state is AnchorState.INCLUDED
    with Session(engine) as session:
        (attempt,) = session.exec(select(AnchorAttempt)).all()
    # a 2-block reorg whose new branch holds our transaction in its second block
    env.rpc("anvil_reorg", [2, [[HexBytes(attempt.raw_tx).to_0x_hex(), 1]]])
    receipt = env.w3.eth.get_transaction_receipt(HexBytes(attempt.tx_hash))
    assert receipt["blockHash"].to_0x_hex() != anchor.block_hash

    moved = worker.step()
    assert moved.events[0].kind == "reincluded"
    anchor = worker.anchor_covering(0)
    assert anchor is not None
    assert (anchor.block_number, anchor.block_hash) == (
        receipt["blockNumber"], receipt["blockHash"].to_0x_hex())
    env.mine(1)
    assert worker.run_until_final(timeout=20).block_hash == anchor.block_hash


def test_snapshot_revert_below_the_including_block_is_a_reorg_too(
    start_node: Callable[..., AnvilNode], artifact: ContractArtifact, tmp_path: Path,
    engine: Engine, log: StoreLog,
) -> None:
    env = make_env(start_node(), artifact, tmp_path)
    worker = worker_for(env, engine, log, confirmations=2)
    log.append(3)
    log.cut()
    snapshot = env.rpc("evm_snapshot")
    worker.step()
    worker.step()
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.state is AnchorState.INCLUDED
    assert env.rpc("evm_revert", [snapshot]) is True  # the including block no longer exists
    assert env.w3.eth.block_number < anchor.block_number  # type: ignore[operator]
    assert worker.step().events[0].kind == "reorged"
    env.mine(1)
    final = worker.run_until_final(timeout=20)
    assert final.tx_hash == anchor.tx_hash  # rebroadcast the same signed transaction
    assert env.on_chain()[0] == 3


def test_reorg_deeper_than_finality_sends_the_final_anchors_again_in_nonce_order(
    start_node: Callable[..., AnvilNode], artifact: ContractArtifact, tmp_path: Path,
    engine: Engine, log: StoreLog,
) -> None:
    env = make_env(start_node(), artifact, tmp_path)
    worker = worker_for(env, engine, log, confirmations=1)
    env.mine(2)  # keep the contract's deployment out of the reorged blocks
    sizes = []
    for batch in (4, 3, 5):
        log.append(batch)
        sizes.append(log.cut().tree_size)
        assert worker.run_until_final(timeout=20).tree_size == sizes[-1]
    with Session(engine) as session:
        signed = {a.tx_hash for a in session.exec(select(AnchorAttempt)).all()}
    assert len(signed) == 3
    # all three final anchors' blocks replaced by empty ones: the chain broke finality
    env.rpc("anvil_reorg", [3, []])
    assert env.on_chain()[0] == 0
    log.append(2)
    sizes.append(log.cut().tree_size)   # a newer checkpoint waits behind the freed nonces

    step = worker.step()
    assert [e.kind for e in step.events][:2] == ["reorged", "broadcast"]
    final = worker.run_until_final(timeout=30)
    assert final.tree_size == sizes[-1]
    # each lost anchor is the SAME signed transaction again, mined in nonce order; one more
    assert [e["args"]["size"] for e in env.anchored_events()] == sizes
    with Session(engine) as session:
        attempts = session.exec(select(AnchorAttempt)).all()
        rows = session.exec(select(Anchor).order_by(Anchor.tree_size)).all()  # type: ignore[arg-type]
    assert len(attempts) == 4 and signed < {a.tx_hash for a in attempts}
    assert [(r.tree_size, r.state) for r in rows] == [(s, AnchorState.FINAL) for s in sizes]
    for row in rows:
        assert row.block_number is not None
        assert row.block_hash == env.w3.eth.get_block(row.block_number)["hash"].to_0x_hex()


@pytest.mark.parametrize("window", ["before the gas estimate", "before the nonce"])
def test_reorg_while_an_anchor_is_prepared_signs_and_fails_nothing(
    start_node: Callable[..., AnvilNode], artifact: ContractArtifact, tmp_path: Path,
    engine: Engine, log: StoreLog, monkeypatch: pytest.MonkeyPatch, window: str,
) -> None:
    env = make_env(start_node(), artifact, tmp_path)
    worker = worker_for(env, engine, log, confirmations=1)
    env.mine(2)
    sizes = []
    for batch in (4, 3, 5):
        log.append(batch)
        sizes.append(log.cut().tree_size)
        worker.run_until_final(timeout=20)
    log.append(2)
    sizes.append(log.cut().tree_size)
    struck: list[bool] = []

    def strike() -> None:   # the chain drops the two newest anchors right here
        if not struck:
            struck.append(True)
            env.rpc("anvil_reorg", [2, []])

    if window == "before the nonce":
        real_count = env.w3.eth.get_transaction_count

        def count(address: Any, block: Any = None) -> Any:
            if block == "pending":
                strike()
            return real_count(address, block)

        monkeypatch.setattr(env.w3.eth, "get_transaction_count", count)
    else:   # the proof is built from the head read before; the estimate runs after
        real_proof = log.consistency_proof

        def proof(size1: int, size2: int) -> Any:
            out = real_proof(size1, size2)
            strike()
            return out

        monkeypatch.setattr(log, "consistency_proof", proof)
    step = worker.step()
    assert struck and [e.kind for e in step.events] == ["pending"]   # nothing signed
    assert step.halted is None
    monkeypatch.undo()
    final = worker.run_until_final(timeout=30)
    assert final.tree_size == sizes[-1]
    assert [e["args"]["size"] for e in env.anchored_events()] == sizes
    with Session(engine) as session:
        states = {r.tree_size: r.state for r in session.exec(select(Anchor)).all()}
    assert states == {s: AnchorState.FINAL for s in sizes}   # nothing failed or reverted
