"""One worker per log: a second worker on the same database never sends while the first holds."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from ipledger.ledger.anchoring import Anchor, AnchorAttempt, AnchorRecord, AnchorState
from ipledger.ledger.db import create_engine
from ipledger.ledger.errors import AnchoringError
from tests.ledger.anchoring.conftest import ChainEnv, worker_for
from tests.ledger.anchoring.storelog import StoreLog


@pytest.fixture
def db_file(migrated_url: str) -> str:
    """These tests run on SQLite and PostgreSQL."""
    return migrated_url


def test_second_worker_is_locked_out_then_takes_over_on_release(
    env: ChainEnv, engine: Engine, db_file: str, log: StoreLog,
) -> None:
    first = worker_for(env, engine, log, owner="first")
    second = worker_for(env, create_engine(db_file), log, owner="second")
    log.append(3)
    log.cut()
    assert first.step().held_lease
    refused = second.step()
    assert not refused.held_lease and refused.holder == "first" and refused.events == ()
    first.run_until_final(timeout=20)  # gives the lease up as it returns: no wait for expiry
    log.append(2)
    log.cut()
    assert second.step().held_lease
    assert not first.step().held_lease
    assert second.run_until_final(timeout=20).tree_size == 5


def test_run_until_final_gives_the_lease_up_when_it_fails_too(
    env: ChainEnv, engine: Engine, log: StoreLog,
) -> None:
    worker = worker_for(env, engine, log, owner="first")
    other = worker_for(env, engine, log, owner="second")
    with pytest.raises(AnchoringError, match="no checkpoint"):
        worker.run_until_final(timeout=20)  # an empty log: nothing to anchor
    assert other.step().held_lease          # at once, not after the lease's 30 s


def test_two_running_workers_anchor_each_size_once(
    env: ChainEnv, engine: Engine, db_file: str, log: StoreLog,
) -> None:
    senders: set[str] = set()
    lock = threading.Lock()

    def track(owner: str):  # type: ignore[no-untyped-def]
        def hook(point: str, anchor: AnchorRecord) -> None:
            if point == "persisted":
                with lock:
                    senders.add(owner)
        return hook

    workers = [
        worker_for(env, create_engine(db_file), log, owner=name, hook=track(name), lease_ttl=5,
                   chain_id=env.node.chain_id)
        for name in ("a", "b")
    ]
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop, 0.02)) for w in workers]
    for t in threads:
        t.start()
    try:
        for _ in range(8):
            log.append(3)
            log.cut()
            time.sleep(0.15)
        deadline = time.monotonic() + 20
        while workers[0].anchor_covering(log.size() - 1, final_only=True) is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=10)
    assert len(senders) == 1                      # only the lease holder ever signed
    sizes = [e["args"]["size"] for e in env.anchored_events()]
    assert sizes == sorted(set(sizes)) and sizes[-1] == 24
    with Session(engine) as session:
        anchors = session.exec(select(Anchor)).all()
        attempts = session.exec(select(AnchorAttempt)).all()
    assert not any(a.state == AnchorState.FAILED for a in anchors)
    assert len(attempts) == len(sizes)            # one transaction per anchored size
