"""Crash safety: a worker SIGKILLed at each point of sending resumes without a second anchor."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hexbytes import HexBytes
from sqlalchemy import Engine
from sqlmodel import Session, select
from web3.exceptions import TransactionNotFound

from ipledger.ledger.anchoring import Anchor, AnchorAttempt, AnchorState
from tests.ledger.anchoring.conftest import ChainEnv, worker_for
from tests.ledger.anchoring.storelog import StoreLog

REPO = Path(__file__).resolve().parents[3]


def crash_child(env: ChainEnv, db_file: str, point: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.ledger.anchoring.crash_child", "--db", db_file,
         "--rpc", env.node.rpc_url, "--contract", env.contract.address,
         "--key", str(env.key_file), "--crash-at", point],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    assert f"crashing at {point}" in proc.stdout


def rows(engine: Engine) -> tuple[list[Anchor], list[AnchorAttempt]]:
    with Session(engine) as session:
        return (list(session.exec(select(Anchor)).all()),
                list(session.exec(select(AnchorAttempt)).all()))


@pytest.mark.parametrize("point", ["pending", "persisted", "broadcast"])
def test_restart_after_sigkill_anchors_exactly_once(
    point: str, env: ChainEnv, engine: Engine, db_file: str, log: StoreLog,
) -> None:
    log.append(9)
    checkpoint = log.cut()
    nonce_before = env.w3.eth.get_transaction_count(env.signer.address)
    crash_child(env, db_file, point)

    (anchor,), attempts = rows(engine)
    if point == "pending":
        # chosen, nothing signed: no attempt, nothing on chain
        assert anchor.state == AnchorState.PENDING and attempts == []
        assert env.on_chain()[0] == 0
    else:
        # the signed transaction was committed BEFORE any broadcast
        (attempt,) = attempts
        assert anchor.state == AnchorState.SENT and anchor.nonce == nonce_before
        assert attempt.first_broadcast_at is None  # the crash came before it was recorded
        if point == "persisted":
            with pytest.raises(TransactionNotFound):
                env.w3.eth.get_transaction(HexBytes(attempt.tx_hash))
            assert env.on_chain()[0] == 0
        else:
            receipt = env.w3.eth.get_transaction_receipt(HexBytes(attempt.tx_hash))
            assert receipt["status"] == 1  # mined while the worker was dead
            assert env.on_chain() == (9, checkpoint.root)

    time.sleep(1.1)  # the dead worker's lease (ttl 1 s) expires; nobody else may send before
    restarted = worker_for(env, engine, log, lease_ttl=1.0)
    final = restarted.run_until_final(timeout=20)

    assert final.tree_size == 9 and final.state is AnchorState.FINAL
    (anchor,), attempts = rows(engine)
    assert len(attempts) == 1                     # never re-signed, never a second nonce
    assert final.tx_hash == attempts[0].tx_hash
    assert [e["args"]["size"] for e in env.anchored_events()] == [9]
    assert env.w3.eth.get_transaction_count(env.signer.address) == nonce_before + 1


def test_restart_waits_for_the_dead_workers_lease(
    env: ChainEnv, engine: Engine, db_file: str, log: StoreLog,
) -> None:
    log.append(4)
    log.cut()
    crash_child(env, db_file, "persisted")
    restarted = worker_for(env, engine, log, lease_ttl=1.0)
    blocked = restarted.step()
    assert not blocked.held_lease and blocked.holder == "crashing-child"
    time.sleep(1.1)
    assert restarted.step().held_lease
