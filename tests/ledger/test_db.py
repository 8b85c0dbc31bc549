"""Engines and migrations: the Alembic schema is the models' schema, on both databases."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import ledger.models
from ledger.db import alembic_config, create_engine, migrate, open_database
from ledger.errors import ConfigError


def test_migration_matches_models(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, ledger.models.metadata) == []
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
    from ledger.config import Settings

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
