"""When our transaction cannot anchor: foreign use of the nonce, reverts, forks, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hexbytes import HexBytes
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from web3.types import TxParams, Wei

from ipledger.ledger.anchoring import Anchor, AnchorAttempt, AnchorRecord, AnchorState, get_anchor
from ipledger.ledger.chain.connection import send_transaction
from ipledger.ledger.db import open_database
from tests.ledger.anchoring.conftest import ChainEnv, worker_for
from tests.ledger.anchoring.storelog import StoreLog


class SimulatedCrash(Exception):
    pass


def crash_at(point: str):  # type: ignore[no-untyped-def]
    def hook(at: str, anchor: AnchorRecord) -> None:
        if at == point:
            raise SimulatedCrash(at)
    return hook


def foreign_anchor(env: ChainEnv, size: int, root: bytes, proof: list[bytes]) -> None:
    """Anchor with the log's own key, outside the worker (another tool, an operator)."""
    data = env.contract.functions.anchor(size, root, proof).build_transaction(
        {"from": env.signer.address, "gas": 200_000})["data"]
    send_transaction(env.w3, env.signer, {"to": env.contract.address, "data": data})


def only_anchor(engine: Engine) -> Anchor:
    with Session(engine) as session:
        (row,) = session.exec(select(Anchor)).all()
        return row


def test_nonce_used_by_a_foreign_transaction_fails_loudly_and_halts_until_retry(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    log.append(5)
    log.cut()
    with pytest.raises(SimulatedCrash):
        worker_for(env, engine, log, hook=crash_at("persisted"), owner="w").step()
    nonce = only_anchor(engine).nonce
    # something else spends that nonce with the same key (a plain transfer)
    send_transaction(env.w3, env.signer, {"to": env.signer.address, "value": 1})
    assert env.w3.eth.get_transaction_count(env.signer.address) == nonce + 1  # type: ignore[operator]

    worker = worker_for(env, engine, log, owner="w")  # the same worker, restarted
    failed = worker.step()
    assert [e.kind for e in failed.events] == ["failed"]
    row = only_anchor(engine)
    assert row.state == AnchorState.FAILED
    assert f"nonce {nonce} of {env.signer.address} was used by a transaction" in (row.reason or "")
    assert failed.halted is not None and f"retry anchor {row.id}" in failed.halted
    log.append(3)
    log.cut()
    halted = worker.step()
    assert halted.events == () and halted.halted is not None   # nothing sent while halted

    rearmed = worker.retry(row.id)  # type: ignore[arg-type]
    assert rearmed.state is AnchorState.PENDING and rearmed.nonce is None
    final = worker.run_until_final(timeout=20)
    # the newest checkpoint (8) covers the re-armed one (5), which is superseded unsigned
    with Session(engine) as session:
        again = get_anchor(session, row.id)  # type: ignore[arg-type]
        assert again is not None and again.state is AnchorState.SUPERSEDED
        assert len(session.exec(select(AnchorAttempt)).all()) == 2
    assert final.tree_size == 8 and final.nonce == nonce + 1  # type: ignore[operator]
    assert [e["args"]["size"] for e in env.anchored_events()] == [8]


def test_foreign_anchor_covering_ours_supersedes_it(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    log.append(5)
    log.cut()
    with pytest.raises(SimulatedCrash):
        worker_for(env, engine, log, hook=crash_at("persisted"), owner="w").step()
    log.append(3)
    foreign_anchor(env, 8, log.root(8), [])   # same key, consistent with our log, bigger
    worker = worker_for(env, engine, log, owner="w")
    result = worker.step()
    assert [e.kind for e in result.events] == ["superseded"] and result.halted is None
    assert "already holds size 8" in (only_anchor(engine).reason or "")
    log.append(4)
    log.cut()
    final = worker.run_until_final(timeout=20)
    assert (final.tree_size, final.previous_size) == (12, 8)
    covering = worker.anchor_covering(6)
    assert covering is not None and covering.tree_size == 12


def test_reverted_transaction_is_recorded_with_its_reason_not_retried(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    log.append(5)
    log.cut()
    env.rpc("evm_setAutomine", [False])
    try:
        # a foreign anchor of size 3 waits in the pool ahead of ours (lower nonce)
        params: TxParams = {
            "from": env.signer.address, "gas": 200_000, "chainId": 31337,
            "nonce": env.w3.eth.get_transaction_count(env.signer.address),
            "maxFeePerGas": Wei(10**10), "maxPriorityFeePerGas": Wei(10**9)}
        tx = env.contract.functions.anchor(3, log.root(3), []).build_transaction(params)
        env.w3.eth.send_raw_transaction(env.signer.sign_transaction(tx).raw_transaction)
        worker = worker_for(env, engine, log)
        assert [e.kind for e in worker.step().events] == ["pending", "sent", "broadcast"]
        env.mine(1)
    finally:
        env.rpc("evm_setAutomine", [True])
    result = worker.step()
    assert [e.kind for e in result.events] == ["failed"]
    row = only_anchor(engine)
    receipt = env.w3.eth.get_transaction_receipt(HexBytes(row.tx_hash or ""))
    assert receipt["status"] == 0 and row.block_number == receipt["blockNumber"]
    assert "reverted in block" in (row.reason or "")
    assert "EvidenceAnchor" in (row.reason or "")          # the contract's custom error, decoded
    assert result.halted is not None
    nonce = env.w3.eth.get_transaction_count(env.signer.address)
    for _ in range(2):
        assert worker.step().events == ()                   # not silently retried
    assert env.w3.eth.get_transaction_count(env.signer.address) == nonce
    worker.retry(row.id)  # type: ignore[arg-type]
    final = worker.run_until_final(timeout=20)
    assert (final.tree_size, final.previous_size) == (5, 3)


def test_chain_root_that_differs_from_the_log_is_a_fork_and_halts(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    log.append(5)
    log.cut()
    foreign_anchor(env, 3, b"\x66" * 32, [])     # someone with the key anchored another root
    worker = worker_for(env, engine, log)
    result = worker.step()
    assert [e.kind for e in result.events] == ["pending", "failed"]
    reason = only_anchor(engine).reason or ""
    assert "root at size 3" in reason and "the log forked" in reason
    assert result.halted is not None
    assert env.on_chain() == (3, b"\x66" * 32)   # nothing sent


def test_chain_holding_our_size_with_another_root_is_a_fork_too(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    log.append(4)
    log.cut()
    foreign_anchor(env, 4, b"\x77" * 32, [])     # exactly our newest size, another root
    result = worker_for(env, engine, log).step()
    assert [e.kind for e in result.events] == ["pending", "failed"]
    assert "the log forked" in (only_anchor(engine).reason or "")
    assert result.halted is not None


def test_database_refuses_a_second_anchor_for_the_same_size(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    log.append(2)
    log.cut()
    worker = worker_for(env, engine, log)
    first = worker.run_until_final(timeout=20)
    with Session(engine) as session:
        session.add(Anchor(
            chain_id=first.chain_id, contract=first.contract, log_address=first.log_address,
            tree_size=2, root=first.root, state="pending", created_at=0, updated_at=0))
        with pytest.raises(IntegrityError):
            session.commit()


def test_worker_with_another_database_does_not_anchor_a_size_the_chain_holds(
    env: ChainEnv, engine: Engine, log: StoreLog, tmp_path: Path,
) -> None:
    log.append(6)
    log.cut()
    worker_for(env, engine, log).run_until_final(timeout=20)
    # a misconfigured second deployment: its own database (no shared lease), same key
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    stray = worker_for(env, other, log)
    for _ in range(2):
        assert stray.step().events == ()
    assert [e["args"]["size"] for e in env.anchored_events()] == [6]
