"""Engines and migrations: the Alembic schema is the models' schema, on both databases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

import ipledger.ledger.db as db
import ipledger.ledger.models as models
from ipledger.ledger.db import (
    HEAD_REVISION,
    alembic_config,
    create_engine,
    driver_rows,
    driver_write,
    migrate,
    open_database,
    param_marker,
    pooled_rows,
    read_rows,
    schema_revision,
)
from ipledger.ledger.errors import ConfigError
from tests.silent_server import SilentServer


# SQLAlchemy does not reflect expression indexes, so compare_metadata skips
# ix_entries_digest_lookup (pyproject silences its warning); test_digest_index_is_used checks it.
def test_migration_matches_models(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, models.metadata) == []
            tables = set(inspect(conn).get_table_names())
            state = conn.execute(text("SELECT id, size FROM log_state")).all()
    finally:
        engine.dispose()
    assert {"entries", "tiles", "log_state", "checkpoints", "alembic_version"} <= tables
    assert [tuple(row) for row in state] == [(1, 0)]


def test_migrate_is_idempotent_and_safe_concurrently(db_url: str) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            migrate(db_url).dispose()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = migrate(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM log_state")).scalar_one() == 1
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_sqlite_is_durable_wal(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'sub' / 'ledger.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
    finally:
        engine.dispose()


def test_default_url_from_settings(tmp_path: Path) -> None:
    from ipledger.ledger.config import Settings

    url = Settings(data_dir=tmp_path / "data").resolved_database_url
    engine = open_database(url)
    engine.dispose()
    assert (tmp_path / "data" / "ledger.db").exists()


@pytest.mark.parametrize("url", ["mysql://x/y", "not a url"])
def test_unsupported_url(url: str) -> None:
    with pytest.raises(ConfigError):
        create_engine(url)


def test_migrations_ship_as_package_data() -> None:
    import tomllib

    root = Path(__file__).parents[2]
    data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "*.mako" in data["package-data"]["*"]
    for package in ("ledger/migrations", "ledger/migrations/versions"):
        assert (root / package / "__init__.py").exists(), f"{package} must be a package"


def test_digest_index_is_used(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    query = (
        "SELECT idx FROM entries WHERE (idx >> 16) IN (0, 1) AND substr(digest, 1, 8) = :k"
        " AND digest = :d ORDER BY idx LIMIT 1"
    )
    try:
        with engine.connect() as conn:
            params = {"k": b"\0" * 8, "d": b"\0" * 32}
            if conn.dialect.name == "sqlite":
                plan = conn.execute(text("EXPLAIN QUERY PLAN " + query), params).all()
            else:
                conn.exec_driver_sql("SET enable_seqscan = off")
                plan = conn.execute(text("EXPLAIN " + query), params).all()
    finally:
        engine.dispose()
    assert "ix_entries_digest_lookup" in " ".join(str(row) for row in plan)


def test_head_revision_is_alembics_head() -> None:
    # A new migration must move HEAD_REVISION, or databases would open without it.
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_schema_revision_of_a_new_and_a_migrated_database(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        assert schema_revision(engine) is None
        migrate(engine)
        assert schema_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()


def test_a_database_at_head_opens_without_importing_alembic(migrated_url: str) -> None:
    code = (
        "import sys\n"
        "from ipledger.ledger.db import open_database\n"
        f"open_database({migrated_url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"


def test_upgrade_from_0001_keeps_entries_and_downgrades(db_url: str) -> None:
    from alembic import command

    from ipledger.ledger.db import write_connection
    from ipledger.ledger.store import LogStore

    engine = create_engine(db_url)
    config = alembic_config()
    digest = bytes(range(32))
    try:
        with write_connection(engine) as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
            conn.execute(
                text(
                    "INSERT INTO entries (idx, digest, nonce, metadata_hash, received_at,"
                    " leaf_hash, bucket, digest_prefix) VALUES (0, :d, :n, :z, 7, :z, 0, 1)"
                ),
                {"d": digest, "n": bytes(16), "z": bytes(32)},
            )
            conn.execute(text("UPDATE log_state SET size = 1"))
        migrate(engine)
        found = LogStore(engine).earliest(digest)
        assert found is not None and (found.index, found.received_at) == (0, 7)
        with write_connection(engine) as conn, conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "0003_anchors")
            columns = {c["name"] for c in inspect(conn).get_columns("entries")}
        assert {"bucket", "digest_prefix"} <= columns
        migrate(engine)
    finally:
        engine.dispose()


def test_sql_parameters_stay_out_of_error_messages(migrated_url: str) -> None:
    # Errors are logged; their parameters would carry submitted metadata and key hashes.
    engine = create_engine(migrated_url)
    try:
        with pytest.raises(Exception) as caught, engine.begin() as conn:
            conn.execute(text("INSERT INTO tenants (id, name, created_at) VALUES (1, 'a', 1)"))
            conn.execute(text("INSERT INTO tenants (id, name, created_at) VALUES (1, :n, 1)"),
                         {"n": "meta-secret-value"})
        assert "meta-secret-value" not in str(caught.value)
        assert "parameters hidden" in str(caught.value)
    finally:
        engine.dispose()


def test_driver_rows_read_what_exec_driver_sql_reads_and_fail_as_sqlalchemy(
    migrated_url: str,
) -> None:
    engine = open_database(migrated_url)
    p = param_marker(engine)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                f"INSERT INTO tiles (level, idx, hashes) VALUES ({p}, {p}, {p})",
                (0, 7, b"\x01" * 64),
            )
        sql = f"SELECT level, idx, hashes FROM tiles WHERE level = {p} AND idx >= {p}"
        with engine.connect() as conn:
            assert driver_rows(conn, sql, (0, 0)) == [(0, 7, b"\x01" * 64)]
            through_sqlalchemy = [tuple(row) for row in conn.exec_driver_sql(sql, (0, 0))]
            assert driver_rows(conn, sql, (0, 0)) == through_sqlalchemy
            assert driver_rows(conn, sql, (1, 0)) == []
        assert read_rows(engine, sql, (0, 0)) == through_sqlalchemy  # a raw pooled connection
        bad = f"SELECT hashes FROM no_such_table WHERE idx = {p}"
        with engine.connect() as conn, pytest.raises(DBAPIError) as caught:
            driver_rows(conn, bad, ("meta-secret",))
        with pytest.raises(DBAPIError) as raw_caught:
            read_rows(engine, bad, ("meta-secret",))
        for error in (caught.value, raw_caught.value):
            assert "no_such_table" in str(error)
            assert "meta-secret" not in str(error)
            assert not error.connection_invalidated
        assert read_rows(engine, sql, (0, 0)) == through_sqlalchemy  # the pool still serves
    finally:
        engine.dispose()


def test_driver_writes_join_the_transaction_and_fail_as_sqlalchemy(migrated_url: str) -> None:
    engine = open_database(migrated_url)
    p = param_marker(engine)
    insert = f"INSERT INTO tiles (level, idx, hashes) VALUES ({p}, {p}, {p})"
    count = "SELECT count(*) FROM tiles"
    try:
        with engine.begin() as conn:
            driver_write(conn, insert, (0, 1, b"\x01" * 32))
            driver_write(conn, insert, [(0, 2, b"\x02" * 32), (0, 3, b"\x03" * 32)], many=True)
            assert driver_rows(conn, count) == [(3,)]  # seen inside the transaction
        with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
            driver_write(conn, insert, (0, 4, b"\x04" * 32))
            driver_write(conn, insert, (0, 1, b"meta-secret"))  # the key (0, 1) is taken
        assert "meta-secret" not in str(caught.value)
        assert not caught.value.connection_invalidated
        # The failed transaction rolled back whole: (0, 4) is not stored either.
        assert read_rows(engine, "SELECT idx FROM tiles ORDER BY idx") == [(1,), (2,), (3,)]
    finally:
        engine.dispose()


def test_driver_rows_invalidate_a_lost_postgres_connection(postgres_url: str) -> None:
    engine = create_engine(postgres_url)  # the server's own database: no schema needed
    try:
        with engine.connect() as conn:
            [(pid,)] = driver_rows(conn, "SELECT pg_backend_pid()")
            with engine.connect() as other:
                other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            with pytest.raises(OperationalError) as caught:
                driver_rows(conn, "SELECT 1")
            assert caught.value.connection_invalidated
        with engine.connect() as conn:  # the pool dropped the lost connection
            assert driver_rows(conn, "SELECT 1") == [(1,)]
        pooled = engine.raw_connection()  # the same through a raw pooled connection
        try:
            [(pid,)] = pooled_rows(engine, pooled, "SELECT pg_backend_pid()")
            with engine.connect() as other:
                other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            with pytest.raises(OperationalError) as caught:
                pooled_rows(engine, pooled, "SELECT 1")
            assert caught.value.connection_invalidated
        finally:
            pooled.close()
        assert read_rows(engine, "SELECT 1") == [(1,)]
    finally:
        engine.dispose()


def test_sqlite_busy_timeout_from_the_url(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    open_database(f"sqlite:///{db}").dispose()
    holder = sqlite3.connect(db, isolation_level=None)   # another process's connection
    waiter = create_engine(f"sqlite:///{db}?timeout=0.3")
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(OperationalError, match="locked"), waiter.begin() as conn:
            conn.exec_driver_sql("INSERT INTO tenants (name, created_at) VALUES ('b', 1)")
        assert time.monotonic() - started < 5  # not the default 60 s
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        waiter.dispose()
    with pytest.raises(ConfigError, match="timeout"):
        create_engine(f"sqlite:///{db}?timeout=soon")


@pytest.mark.parametrize(
    ("query", "default", "expected"),
    [("", 2, 2), ("?connect_timeout=2", 600, 2)],
    ids=["the default", "the URL's own"],
)
def test_a_silent_postgres_server_fails_the_connect_after_its_timeout(
    query: str, default: int, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "POSTGRES_CONNECT_TIMEOUT_S", default)
    with SilentServer() as silent:
        engine = create_engine(silent.postgres_url(query))
        started = time.monotonic()
        with pytest.raises(OperationalError, match="timeout"):
            engine.connect()
        assert expected - 0.5 < time.monotonic() - started < expected + 3
        engine.dispose()
