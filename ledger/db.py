"""Database engines (SQLite with WAL, or PostgreSQL) and Alembic migrations run on open."""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, text
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import URL, Connection, Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from ipledger.ledger.errors import ConfigError, StorageError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration (tests/ledger/test_db.py checks it is Alembic's head). A database
# already there is opened without Alembic, whose import and script scan cost each process
# ~0.4 s of CPU and each open ~40 ms.
HEAD_REVISION = "0009_timestamping"
# SQLite: how a transaction starts. Appends take the write lock up front (IMMEDIATE) so
# two processes serialize instead of failing with SQLITE_BUSY on lock upgrade.
BEGIN_OPTION = "ipledger_sqlite_begin"
# synchronous=FULL: with WAL, NORMAL may lose the last commits on power loss, and an
# acknowledged entry must never be lost (docs/benchmarks.md measures what FULL costs).
SQLITE_SYNCHRONOUS = "FULL"
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA cache_size=-65536",
    "PRAGMA foreign_keys=ON",
)
SQLITE_BUSY_TIMEOUT_S = 60.0
# libpq waits for a silent server as long as TCP does (minutes) unless told otherwise.
POSTGRES_CONNECT_TIMEOUT_S = 10


def is_sqlite(engine_or_conn: Engine | Connection) -> bool:
    """Return True when the engine or connection talks to SQLite."""
    return engine_or_conn.dialect.name == "sqlite"


def create_engine(
    url: str, *, sqlite_synchronous: str = SQLITE_SYNCHRONOUS, **kwargs: Any
) -> Engine:
    """Return an engine for `url` (sqlite:///file or postgresql+psycopg://...), not migrated.

    `sqlite_synchronous` exists for the benchmark's comparison; keep FULL in service.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ConfigError(f"database URL {url!r} is not a valid SQLAlchemy URL ({exc})") from None
    backend = parsed.get_backend_name()
    # SQL parameters stay out of exception messages, hence out of logs: they carry
    # submitted metadata and API key hashes.
    kwargs.setdefault("hide_parameters", True)
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": _busy_timeout(parsed), "check_same_thread": False}
        engine = sa_create_engine(parsed, connect_args=connect_args, **kwargs)
        pragmas = (*SQLITE_PRAGMAS, f"PRAGMA synchronous={sqlite_synchronous}")
        event.listen(engine, "connect", functools.partial(_sqlite_connect, pragmas))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        timeout = {} if "connect_timeout" in parsed.query else {
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S
        }
        return sa_create_engine(parsed, connect_args=timeout, **kwargs)
    raise ConfigError(
        f"unsupported database {backend!r}: use sqlite:///path or postgresql+psycopg://..."
    )


def _busy_timeout(url: URL) -> float:
    """Seconds a SQLite write waits for another writer's lock: `?timeout=` in the URL, or 60.

    While another process holds the database locked past it, appends fail (the API answers
    503, nothing stored) instead of waiting on.
    """
    raw = url.query.get("timeout")
    if raw is None:
        return SQLITE_BUSY_TIMEOUT_S
    try:
        value = float(raw if isinstance(raw, str) else raw[-1])
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise ConfigError(
            f"the database URL's timeout={raw!r} must be seconds between 0 and 3600"
        )
    return value


def _sqlite_connect(
    pragmas: tuple[str, ...], dbapi_connection: Any, _record: ConnectionPoolEntry
) -> None:
    # Take transaction control from the sqlite3 module so `_sqlite_begin` decides how a
    # transaction starts (the SQLAlchemy recipe for SQLite transactions).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in pragmas:
        _pragma_when_unlocked(cursor, pragma)
    cursor.close()


def _pragma_when_unlocked(cursor: sqlite3.Cursor, pragma: str, wait: float = 30.0) -> None:
    # Switching a new database file to WAL takes an exclusive lock and SQLite answers "database
    # is locked" at once, without its busy handler, when another connection is opening it too.
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            cursor.execute(pragma)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    if mode != "NONE":
        driver_write(conn, f"BEGIN {mode}")


def write_connection(engine: Engine) -> Connection:
    """Return a connection whose transactions take the database write lock when they begin.

    SQLite: BEGIN IMMEDIATE. PostgreSQL: callers lock the `log_state` row FOR UPDATE.
    """
    conn = engine.connect()
    if is_sqlite(engine):
        conn = conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
    return conn


def driver_rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run the read `sql` on the driver's cursor beneath `conn`; return its rows as tuples.

    For reads on hot paths (tiles, the log's size, entries by index): `exec_driver_sql`
    builds a result object and its column metadata on every call, 40 µs over a one-row
    SQLite read of 10 (docs/benchmarks.md, "Read path"). Values come as the driver gives
    them, `sql` uses its parameter marker (`param_marker`). A driver error is raised as
    SQLAlchemy's (`DBAPIError` subclasses, parameters hidden) and a lost connection is
    invalidated, as `exec_driver_sql` would.
    """
    return _on_cursor(conn.dialect, conn.connection, conn.invalidate, sql, params)


def driver_write(
    conn: Connection, sql: str, params: Sequence[Any] = (), *, many: bool = False
) -> None:
    """Run the write `sql` on the driver's cursor beneath `conn`, inside its transaction.

    With `many`, `params` is a sequence of parameter rows, one execution each. For the
    append's statements, run on every commit: `exec_driver_sql` builds a result object
    each time, about 30 µs a statement here, which made a fifth of a one-entry commit's
    CPU (docs/benchmarks.md, "API", session 24). Errors as `driver_rows`.
    """
    _on_cursor(conn.dialect, conn.connection, conn.invalidate, sql, params, many=many, rows=False)


def pooled_rows(
    engine: Engine, pooled: PoolProxiedConnection, sql: str, params: Sequence[Any] = ()
) -> list[Any]:
    """As `driver_rows`, on a connection checked out with `engine.raw_connection()`.

    Checking out a raw pooled connection costs 9 µs here against 20 for a SQLAlchemy
    `Connection`; the pool still resets it (a rollback) when it is closed.
    """
    return _on_cursor(engine.dialect, pooled, pooled.invalidate, sql, params)


def read_rows(engine: Engine, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run one read on a raw pooled connection of `engine` (`pooled_rows`); return its rows.

    Needs no `read_engine`: the driver's cursor never triggers SQLAlchemy's BEGIN.
    """
    pooled = engine.raw_connection()
    try:
        return pooled_rows(engine, pooled, sql, params)
    finally:
        pooled.close()


def _on_cursor(
    dialect: Dialect,
    pooled: PoolProxiedConnection,
    invalidate: Callable[[BaseException], None],
    sql: str,
    params: Sequence[Any],
    *,
    many: bool = False,
    rows: bool = True,
) -> list[Any]:
    # `rows=False` for a write (psycopg refuses fetchall after one), `many` for executemany.
    dbapi_conn = pooled.dbapi_connection
    if dbapi_conn is None:
        raise StorageError("the database connection was invalidated")
    cursor = dbapi_conn.cursor()
    try:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
        return list(cursor.fetchall()) if rows else []
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, dbapi_conn, cursor)
        if lost:
            invalidate(exc)
        raise DBAPIError.instance(
            sql, params, exc, dialect.loaded_dbapi.Error,
            hide_parameters=True, connection_invalidated=lost, dialect=dialect,
        ) from exc
    finally:
        cursor.close()


def param_marker(bind: Engine | Connection) -> str:
    """Return how driver SQL marks a parameter on `bind`: `?` (sqlite3) or `%s` (psycopg)."""
    return "?" if bind.dialect.paramstyle == "qmark" else "%s"


def read_engine(engine: Engine) -> Engine:
    """Return a view of `engine` (same pool) for reads needing no snapshot: SQLite skips BEGIN."""
    if is_sqlite(engine):
        return engine.execution_options(**{BEGIN_OPTION: "NONE"})
    return engine


def alembic_config() -> Config:
    """Return the Alembic configuration of ipledger's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(url_or_engine: str | Engine) -> Engine:
    """Bring the database schema to the newest migration and return the engine.

    Safe to run from several processes at once: the upgrade runs under the database's
    write lock (SQLite BEGIN IMMEDIATE; PostgreSQL a transaction-scoped advisory lock).
    A database already at `HEAD_REVISION` is returned at once, without loading Alembic.
    """
    engine = create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    if schema_revision(engine) == HEAD_REVISION:
        return engine
    from alembic import command

    config = alembic_config()
    with write_connection(engine) as conn, conn.begin():
        if not is_sqlite(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return engine


def schema_revision(engine: Engine) -> str | None:
    """Return the migration the database is at; None for a database without ipledger's schema."""
    try:
        with read_engine(engine).connect() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError:  # no such table: a new database
        return None
    return None if version is None else str(version)


_MIGRATION_LOCK = 0x1D_1ED6E2  # arbitrary constant naming ipledger's migration lock


def open_database(url: str, **kwargs: Any) -> Engine:
    """Return a migrated engine for `url`: what the service calls on start."""
    return migrate(create_engine(url, **kwargs))


def ping(engine: Engine) -> None:
    """Run a trivial query; raise when the database does not answer."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
