"""The anchoring tables as migrated by Alembic: equal to the models, constraints enforced."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

import ipledger.ledger.models as models
from ipledger.ledger.db import alembic_config, create_engine, open_database

INSERT = (
    "INSERT INTO anchors (chain_id, contract, log_address, tree_size, root, state, "
    "created_at, updated_at) VALUES (1, '0xc', '0xl', :size, :root, :state, 0, 0)"
)


def test_migration_creates_the_anchoring_tables_as_modelled(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, models.metadata) == []
            tables = set(inspect(conn).get_table_names())
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    assert {"anchors", "anchor_attempts", "anchoring_leases"} <= tables
    # At the newest revision (later migrations, e.g. 0004, come after 0003_anchors).
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.mark.parametrize(("size", "state"), [(0, "pending"), (5, "mined")])
def test_database_rejects_impossible_anchor_rows(migrated_url: str, size: int,
                                                  state: str) -> None:
    engine = create_engine(migrated_url)
    try:
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(INSERT), {"size": size, "root": b"\x00" * 32, "state": state})
    finally:
        engine.dispose()


def test_one_row_per_size_whatever_its_state(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(INSERT), {"size": 5, "root": b"\x01" * 32, "state": "failed"})
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(INSERT), {"size": 5, "root": b"\x01" * 32, "state": "pending"})
    finally:
        engine.dispose()
