"""Alembic environment: runs on the connection ledger.db.migrate hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from ipledger.ledger.models import metadata

config = context.config


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite: one transaction for the whole upgrade, under the lock migrate() holds.
        transactional_ddl=True,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    from ipledger.ledger.db import create_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("run migrations through ledger.db.migrate(url), or set sqlalchemy.url")
    with create_engine(url).begin() as conn:
        run_migrations(conn)
else:
    run_migrations(connection)
