"""RPC outages: refused, reset and stalled connections; the backlog is anchored afterwards."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from ipledger.ledger.anchoring import AnchorAttempt, AnchorRecord, AnchorState
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.contract import ContractArtifact
from tests.ledger.anchoring.conftest import ChainEnv, make_env, worker_for
from tests.ledger.anchoring.proxy import OutageProxy
from tests.ledger.anchoring.storelog import StoreLog


@pytest.fixture
def proxied(start_node: Callable[..., AnvilNode], artifact: ContractArtifact,
            tmp_path: Path) -> Iterator[tuple[ChainEnv, OutageProxy]]:
    node = start_node()
    proxy = OutageProxy(node.port)
    yield make_env(node, artifact, tmp_path, rpc_url=proxy.url, timeout=1.0), proxy
    proxy.close()


@pytest.mark.parametrize("outage", ["refuse", "drop", "stall"])
def test_backlog_built_during_an_outage_is_anchored_by_the_newest_checkpoint(
    outage: str, proxied: tuple[ChainEnv, OutageProxy], engine: Engine, log: StoreLog,
) -> None:
    env, proxy = proxied
    worker = worker_for(env, engine, log)
    log.append(3)
    log.cut()
    assert worker.run_until_final(timeout=20).tree_size == 3

    getattr(proxy, outage)()
    for batch in (5, 7, 2):       # checkpoints keep being cut while the node is unreachable
        log.append(batch)
        log.cut()
        result = worker.step()
        assert result.held_lease and result.error is not None
        assert "unreachable" in result.error and result.events == ()
    proxy.restore()

    final = worker.run_until_final(timeout=20)
    assert (final.tree_size, final.previous_size) == (17, 3)  # 5, 7: skipped, covered by 17
    assert [e["args"]["size"] for e in env.anchored_events()] == [3, 17]
    for index in range(3, 17):
        covering = worker.anchor_covering(index)
        assert covering is not None and covering.tree_size == 17


@pytest.mark.parametrize("point", ["persisted", "broadcast"])
def test_outage_right_after_persisting_or_broadcasting(
    point: str, proxied: tuple[ChainEnv, OutageProxy], engine: Engine, log: StoreLog,
) -> None:
    env, proxy = proxied

    def cut_the_cable(at: str, anchor: AnchorRecord) -> None:
        if at == point:
            proxy.refuse()

    worker = worker_for(env, engine, log, hook=cut_the_cable)
    log.append(6)
    log.cut()
    first = worker.step()
    assert [e.kind for e in first.events][:2] == ["pending", "sent"]
    if point == "persisted":   # the broadcast itself failed: the attempt waits in the database
        assert first.error is not None and "unreachable" in first.error
    second = worker.step()     # the receipt cannot be fetched
    assert second.error is not None and "unreachable" in second.error
    proxy.restore()
    final = worker.run_until_final(timeout=20)
    assert final.tree_size == 6
    with Session(engine) as session:
        assert len(session.exec(select(AnchorAttempt)).all()) == 1
    assert [e["args"]["size"] for e in env.anchored_events()] == [6]


def test_run_loop_backs_off_and_recovers(
    proxied: tuple[ChainEnv, OutageProxy], engine: Engine, log: StoreLog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    env, proxy = proxied
    # the chain id from the deployment record lets reads work before the node answers
    worker = worker_for(env, engine, log, chain_id=env.node.chain_id)
    proxy.refuse()
    log.append(11)
    log.cut()
    stop = threading.Event()
    caplog.set_level(logging.INFO, logger="ipledger.ledger.anchoring")
    thread = threading.Thread(target=worker.run, args=(stop, 0.05, 0.4), daemon=True)
    thread.start()
    try:
        time.sleep(1.0)
        backoffs = [r for r in caplog.records if getattr(r, "anchoring_event", "") == "backoff"]
        delays = [r.anchoring["seconds"] for r in backoffs]  # type: ignore[attr-defined]
        assert len(delays) >= 3 and max(delays) > 2 * min(delays)  # it grew
        assert all(d <= 0.4 * 1.2 for d in delays)                 # and is capped
        assert env.node.rpc("eth_blockNumber") is not None           # the node itself is fine
        proxy.restore()
        deadline = time.monotonic() + 20
        while worker.anchor_covering(10, final_only=True) is None:
            assert time.monotonic() < deadline, "not anchored after the outage"
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert worker.lease.holder() is None  # released on the way out
    anchor = worker.anchor_covering(0)
    assert anchor is not None and anchor.state is AnchorState.FINAL and anchor.tree_size == 11
