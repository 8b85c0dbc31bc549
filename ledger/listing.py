"""Pages of a tenant's entries and of checkpoints, newest first, for the API's list routes."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine

from ipledger.ledger.checkpoints import CheckpointRow, SignedCheckpoint
from ipledger.ledger.entries import Entry, LogEntry
from ipledger.ledger.tenants import Submission

# Metadata keys a filter may name: the WIPO fields and ordinary names. Keeping them to
# these characters lets the key sit inside a JSON path literal on SQLite safely.
METADATA_KEY = re.compile(r"[A-Za-z0-9_.-]{1,100}")
# Submission runs read per query: a page scans the entries of at most this many runs at
# once, so a rare filter costs a bounded query, repeated, never one unbounded sort.
_RUNS_PER_QUERY = 256
_entries = Entry.__table__  # type: ignore[attr-defined]
_runs = Submission.__table__  # type: ignore[attr-defined]
_checkpoints = CheckpointRow.__table__  # type: ignore[attr-defined]


def tenant_entries(
    engine: Engine,
    tenant_id: int,
    limit: int,
    *,
    before: int | None = None,
    digest: bytes | None = None,
    metadata_key: str | None = None,
) -> list[LogEntry]:
    """Return up to `limit` of the tenant's entries below index `before`, newest first.

    Only entries recording `digest`, or whose metadata has the top-level key
    `metadata_key` (a `METADATA_KEY`; ValueError otherwise), when given.
    """
    conditions: list[Any] = []
    if digest is not None:
        conditions.append(_entries.c.digest == digest)
    if metadata_key is not None:
        conditions.append(_has_key(engine.dialect.name, metadata_key))
    found: list[LogEntry] = []
    upper = before if before is not None else 2**63 - 1
    run_cursor = upper
    with engine.connect() as conn:
        while len(found) < limit:
            firsts = conn.execute(
                sa.select(_runs.c.first_index)
                .where(_runs.c.tenant_id == tenant_id, _runs.c.first_index < run_cursor)
                .order_by(_runs.c.first_index.desc())
                .limit(_RUNS_PER_QUERY)
            ).scalars().all()
            if not firsts:
                break
            lowest = firsts[-1]
            rows = conn.execute(
                sa.select(_entries)
                .join(
                    _runs,
                    sa.and_(
                        _entries.c.idx >= _runs.c.first_index,
                        _entries.c.idx < _runs.c.first_index + _runs.c.count,
                    ),
                )
                .where(
                    _runs.c.tenant_id == tenant_id,
                    _runs.c.first_index >= lowest,
                    _runs.c.first_index < run_cursor,
                    _entries.c.idx < upper,
                    *conditions,
                )
                .order_by(_entries.c.idx.desc())
                .limit(limit - len(found))
            ).all()
            found.extend(LogEntry.from_row(row) for row in rows)
            run_cursor = lowest
    return found


def _has_key(dialect: str, key: str) -> Any:
    if not METADATA_KEY.fullmatch(key):
        raise ValueError(f"metadata key {key!r} must match {METADATA_KEY.pattern}")
    column = _entries.c.metadata_jcs
    if dialect == "postgresql":
        return sa.func.jsonb_exists(sa.cast(column, JSONB), key)
    return sa.func.json_type(column, f'$."{key}"').is_not(None)


def checkpoints_before(
    engine: Engine, limit: int, before: int | None = None
) -> list[SignedCheckpoint]:
    """Return up to `limit` checkpoints of tree sizes below `before`, largest first."""
    query = sa.select(_checkpoints).order_by(_checkpoints.c.tree_size.desc()).limit(limit)
    if before is not None:
        query = query.where(_checkpoints.c.tree_size < before)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [SignedCheckpoint(r.tree_size, bytes(r.root), r.note, r.created_at) for r in rows]
