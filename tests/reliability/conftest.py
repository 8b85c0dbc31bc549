"""Fixtures of the reliability tests: a served deployment under load, and waiting helpers."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.reliability.harness import DeploymentHome, LoadClients, Server, make_deployment

_LINES: list[str] = []


def report(line: str) -> None:
    """Print one run's audit counts and keep them for the summary at the end of the session."""
    print("\n" + line)
    _LINES.append(line)


@pytest.fixture(autouse=True)
def _reported_lines(request: pytest.FixtureRequest) -> Iterator[None]:
    # Lines go on the test's report (teardown's), which xdist carries back from its workers;
    # tests/conftest.py lists them at the end (the xdist controller never loads this file).
    start = len(_LINES)
    yield
    request.node.user_properties.extend(("audit", line) for line in _LINES[start:])


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[DeploymentHome]:
    """A log on SQLite in tmp_path with the managed chain (stopped afterwards)."""
    dep = make_deployment(tmp_path / "deploy")
    try:
        yield dep
    finally:
        dep.shutdown()


@dataclass
class LoadRun:
    """A server and its load clients; `records` is filled when the clients stop."""

    server: Server
    clients: LoadClients
    records: list[dict[str, Any]] = field(default_factory=list)


@contextlib.contextmanager
def under_load(deployment: DeploymentHome, workdir: Path,
               modes: tuple[str, ...] = ("single", "mixed"),
               pause: float = 0.05, tenant: str = "office-a") -> Iterator[LoadRun]:
    """Serve the deployment with clients submitting until the block ends.

    The server keeps running after the block (for the audit); stop it with `run.server.stop()`
    or let the deployment fixture's teardown do it.
    """
    server = Server(deployment).start()
    clients = LoadClients(deployment, workdir)
    run = LoadRun(server, clients)
    try:
        server.wait_healthy()
        for i, mode in enumerate(modes):
            clients.start(mode, tenant=tenant, seed=i, pause=pause)
        yield run
        run.records = clients.stop()
    except BaseException:
        clients.kill()
        server.stop()
        raise


def wait_for(what: str, condition: Callable[[], object], timeout: float = 60,
             every: float = 0.2) -> Any:
    """Poll `condition` until it returns something truthy; return it, or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def query(deployment: DeploymentHome, sql: str) -> list[Any]:
    """Run one read-only SQL query on the deployment's database."""
    url = deployment.database_url or f"sqlite:///{deployment.data_dir / 'ledger.db'}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)).all())
    finally:
        engine.dispose()


def anchors(deployment: DeploymentHome, state: str | None = None) -> list[Any]:
    """Return the deployment's anchor rows (tree_size, state, reason), optionally in one state."""
    where = f" WHERE state = '{state}'" if state else ""
    return query(deployment, f"SELECT tree_size, state, reason FROM anchors{where} "
                             "ORDER BY tree_size")
