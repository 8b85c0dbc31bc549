"""The log's identity: its origin and verifier key, recorded in the database at init."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from ipledger.ledger.db import is_sqlite, write_connection
from ipledger.ledger.store import now_ms
from ipledger.ledger.tables import LogIdentityRow

DEFAULT_ORIGIN = "ipledger.local/log"
_IDENTITY_ID = 1


@dataclass(frozen=True)
class LogIdentity:
    """What names a log for ever: the origin line of its checkpoints and its verifier key."""

    origin: str
    verifier_key: str


def read_identity(engine: Engine) -> LogIdentity | None:
    """Return the identity recorded in the database, or None for a log older than it."""
    table = LogIdentityRow.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        row = conn.execute(
            select(table.c.origin, table.c.verifier_key).where(table.c.id == _IDENTITY_ID)
        ).first()
    return None if row is None else LogIdentity(row.origin, row.verifier_key)


def bind_identity(engine: Engine, identity: LogIdentity) -> LogIdentity:
    """Record `identity` unless one is recorded already; return the recorded one.

    The first writer wins (insert-or-ignore under the database's write lock), so two
    processes opening a fresh log at once agree on one identity; the caller compares.
    """
    table = LogIdentityRow.__table__  # type: ignore[attr-defined]
    values = {
        "id": _IDENTITY_ID,
        "origin": identity.origin,
        "verifier_key": identity.verifier_key,
        "recorded_at": now_ms(),
    }
    insert = (sqlite.insert if is_sqlite(engine) else postgresql.insert)(table)
    with write_connection(engine) as conn, conn.begin():
        conn.execute(insert.values(**values).on_conflict_do_nothing(index_elements=["id"]))
    recorded = read_identity(engine)
    assert recorded is not None  # inserted above or by an earlier writer
    return recorded
