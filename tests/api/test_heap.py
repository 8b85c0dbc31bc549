"""The serving process settles its heap (collect, then freeze) and sets its switch interval."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
import uvicorn

from ipledger.api import server
from ipledger.ledger import logs
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment


@pytest.fixture
def restored() -> Iterator[None]:
    interval = sys.getswitchinterval()
    yield
    gc.unfreeze()
    sys.setswitchinterval(interval)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settle_heap_collects_then_freezes(restored: None) -> None:
    kept: list[list[int]] = [[] for _ in range(1000)]
    _Cycle()  # garbage only a collection finds
    gc.unfreeze()
    server.settle_heap()
    assert gc.get_freeze_count() >= len(kept)
    # Frozen objects are out of the generations a collection scans; the garbage is gone.
    scanned = {id(o) for o in gc.get_objects()}
    assert id(kept) not in scanned and not any(id(k) in scanned for k in kept)
    gc.unfreeze()
    assert not any(isinstance(o, _Cycle) for o in gc.get_objects())


def test_prepare_process_sets_the_switch_interval_and_freezes(restored: None) -> None:
    sys.setswitchinterval(0.0005)
    gc.unfreeze()
    server.prepare_process()
    assert sys.getswitchinterval() == pytest.approx(server.SWITCH_INTERVAL_S)
    assert gc.get_freeze_count() > 0


def test_serve_prepares_the_process_before_uvicorn_runs(
    monkeypatch: pytest.MonkeyPatch, restored: None, tmp_path: object
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(server, "prepare_process", lambda: calls.append("prepare"))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append("run"))
    monkeypatch.setattr(logs, "configure_logging", lambda *a: None)  # leave logging alone
    deployment, _ = Deployment.init(Settings(data_dir=tmp_path, origin="heap.test/log"))
    try:
        server.serve(deployment, "127.0.0.1", 0, worker=False)
    finally:
        deployment.close()
    assert calls == ["prepare", "run"]
