"""Stuck transactions: EIP-1559 replacement with the same nonce; whichever attempt is mined wins."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hexbytes import HexBytes
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from web3.exceptions import TransactionNotFound

from ipledger.ledger.anchoring import AnchorAttempt, AnchorState
from ipledger.ledger.anchoring.fees import bump
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.contract import ContractArtifact
from tests.ledger.anchoring.conftest import ChainEnv, make_env, worker_for
from tests.ledger.anchoring.storelog import StoreLog

GWEI = 10**9


@pytest.fixture
def manual(start_node: Callable[..., AnvilNode], artifact: ContractArtifact,
           tmp_path: Path) -> ChainEnv:
    """A node that mines only when the test says so (deployment auto-mined first)."""
    env = make_env(start_node(), artifact, tmp_path)
    env.rpc("evm_setAutomine", [False])
    return env


def attempts(engine: Engine) -> list[AnchorAttempt]:
    with Session(engine) as session:
        return list(session.exec(select(AnchorAttempt).order_by(col(AnchorAttempt.id))).all())


def test_base_fee_spike_gets_the_transaction_replaced_and_mined(
    manual: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    env = manual
    worker = worker_for(env, engine, log, stuck_after=1.0, rebroadcast_after=60)
    log.append(8)
    log.cut()
    assert [e.kind for e in worker.step().events] == ["pending", "sent", "broadcast"]
    (first,) = attempts(engine)
    # the base fee jumps far above what the first attempt offered
    env.rpc("anvil_setNextBlockBaseFeePerGas", [hex(50 * first.max_fee_per_gas)])
    env.mine(1)
    with pytest.raises(TransactionNotFound):  # not mined (anvil even evicts it from its pool)
        env.w3.eth.get_transaction_receipt(HexBytes(first.tx_hash))
    assert worker.step().events == ()      # not stuck for long enough yet: no replacement
    time.sleep(1.0)

    bumped = worker.step()
    assert [e.kind for e in bumped.events] == ["bumped", "broadcast"]
    first, second = attempts(engine)
    assert second.nonce == first.nonce
    assert second.max_priority_fee_per_gas >= bump(first.max_priority_fee_per_gas)
    base = env.w3.eth.get_block("pending")["baseFeePerGas"]
    assert second.max_fee_per_gas >= max(bump(first.max_fee_per_gas), 2 * base)

    env.mine(1)
    final = worker.run_until_final(timeout=10)
    assert final.tx_hash == second.tx_hash and final.nonce == first.nonce
    with pytest.raises(TransactionNotFound):
        env.w3.eth.get_transaction_receipt(HexBytes(first.tx_hash))
    assert [e["args"]["size"] for e in env.anchored_events()] == [8]


def test_the_replaced_attempt_is_recognized_if_it_is_the_one_mined(
    manual: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    env = manual
    worker = worker_for(env, engine, log, stuck_after=0.2, rebroadcast_after=60)
    log.append(4)
    log.cut()
    worker.step()
    time.sleep(0.25)
    assert [e.kind for e in worker.step().events] == ["bumped", "broadcast"]
    first, second = attempts(engine)
    # another node still holds the first version and its miner picks that one
    env.rpc("anvil_dropTransaction", [second.tx_hash])
    env.w3.eth.send_raw_transaction(HexBytes(first.raw_tx))
    env.mine(1)
    assert env.w3.eth.get_transaction_receipt(HexBytes(first.tx_hash))["status"] == 1

    included = worker.step()
    assert included.events[0].kind == "included"
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.tx_hash == first.tx_hash
    assert anchor.state in (AnchorState.INCLUDED, AnchorState.FINAL)
    assert len(attempts(engine)) == 2      # no third attempt: the nonce is spent


def test_fee_cap_stops_bumping_with_a_clear_error(
    manual: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    env = manual
    base = env.w3.eth.get_block("pending")["baseFeePerGas"]
    cap = 2 * base + 2 * GWEI
    worker = worker_for(env, engine, log, stuck_after=0.1, rebroadcast_after=60,
                        max_fee_cap=cap)
    log.append(2)
    log.cut()
    worker.step()
    env.rpc("anvil_setNextBlockBaseFeePerGas", [hex(100 * cap)])
    env.mine(1)
    time.sleep(0.15)
    capped = worker.step()  # one replacement, at the cap, still under the base fee
    assert [e.kind for e in capped.events] == ["bumped", "broadcast"]
    assert capped.events[1].detail.endswith("fee_too_low")
    time.sleep(0.15)
    stuck = worker.step()
    assert stuck.error is not None and "above the cap" in stuck.error
    assert "bumped" not in [e.kind for e in stuck.events] and stuck.halted is None
    first, second = attempts(engine)
    assert second.max_fee_per_gas == cap and first.max_fee_per_gas < cap
    assert worker.anchor_covering(0) is None


def test_restarted_worker_rebroadcasts_a_transaction_the_node_forgot(
    manual: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    env = manual
    log.append(3)
    log.cut()
    worker_for(env, engine, log, owner="w", rebroadcast_after=600).step()
    (attempt,) = attempts(engine)
    env.rpc("anvil_dropTransaction", [attempt.tx_hash])   # e.g. the node restarted empty
    assert env.rpc("eth_getTransactionByHash", [attempt.tx_hash]) is None

    restarted = worker_for(env, engine, log, owner="w", rebroadcast_after=600)
    result = restarted.step()
    assert [(e.kind, e.detail) for e in result.events] == [
        ("broadcast", f"{attempt.tx_hash} accepted")]  # at once, not after rebroadcast_after
    assert restarted.step().events == ()                 # and only once
    env.mine(1)
    assert restarted.run_until_final(timeout=10).tx_hash == attempt.tx_hash
    assert len(attempts(engine)) == 1
