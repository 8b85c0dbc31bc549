"""Pages of a tenant's entries and of checkpoints, newest first, for the API's list routes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ipledger.ledger.checkpoints import CheckpointRow, SignedCheckpoint
from ipledger.ledger.db import driver_rows, param_marker
from ipledger.ledger.entries import (
    BUCKET_SQL,
    DIGEST_BUCKET_BITS,
    DIGEST_KEY_BYTES,
    DIGEST_KEY_SQL,
    LogEntry,
)
from ipledger.ledger.tenants import Submission

# Metadata keys a filter may name: the WIPO fields and ordinary names. Keeping them to
# these characters lets the key sit inside a JSON path literal on SQLite safely.
METADATA_KEY = re.compile(r"[A-Za-z0-9_.-]{1,100}")
# Submission runs read per query: a page reads the entries of at most this many runs at
# once (by primary key ranges), so a rare filter costs bounded queries, never one sort of a
# tenant's whole history.
_RUNS_PER_QUERY = 256
_runs = Submission.__table__  # type: ignore[attr-defined]
_checkpoints = CheckpointRow.__table__  # type: ignore[attr-defined]


# Entries a metadata filter reads per request at most: a filter that matches rarely (or
# never) would otherwise read the tenant's whole history in one request.
SCAN_BUDGET = 100_000


@dataclass(frozen=True)
class TenantEntries:
    """Entries found, newest first, and where to go on when the scan budget ran out first."""

    entries: list[LogEntry]
    resume_before: int | None = None


def tenant_entries(
    engine: Engine,
    tenant_id: int,
    limit: int,
    *,
    before: int | None = None,
    digest: bytes | None = None,
    metadata_key: str | None = None,
    scan_budget: int | None = None,
) -> TenantEntries:
    """Return up to `limit` of the tenant's entries below index `before`, newest first.

    Only entries recording `digest`, or whose metadata has the top-level key
    `metadata_key` (a `METADATA_KEY`; ValueError otherwise), when given. A metadata filter
    reads about `scan_budget` of the tenant's entries at most: when it stops with fewer
    than `limit` found and older entries unread, `resume_before` says where to go on.
    Without `scan_budget`, the module's SCAN_BUDGET.
    """
    budget = SCAN_BUDGET if scan_budget is None else scan_budget
    upper = before if before is not None else 2**63 - 1
    p = param_marker(engine)
    key_sql = ""
    key_params: tuple[str, ...] = ()
    if metadata_key is not None:
        key_sql, key_params = _has_key(engine.dialect.name, metadata_key, p)
    with engine.connect() as conn:
        if digest is not None:
            return TenantEntries(_by_digest(
                conn,
                tenant_id=tenant_id,
                limit=limit,
                upper=upper,
                digest=digest,
                key_sql=key_sql,
                key_params=key_params,
            ))
        found: list[LogEntry] = []
        run_cursor, scanned = upper, 0
        while len(found) < limit:
            if key_sql and scanned >= budget:
                return TenantEntries(found, resume_before=run_cursor)
            runs = conn.execute(
                sa.select(_runs.c.first_index, _runs.c.count)
                .where(_runs.c.tenant_id == tenant_id, _runs.c.first_index < run_cursor)
                .order_by(_runs.c.first_index.desc())
                .limit(_RUNS_PER_QUERY)
            ).all()
            if not runs:
                break
            wanted, held, lowest = limit - len(found), 0, run_cursor
            for first, count in runs:
                lowest = first
                held += min(first + count, upper) - first
                if key_sql and scanned + held >= budget:
                    break
                # Unfiltered, the newest runs that hold a page are enough; a filter may
                # discard any entry, so it reads every run of the chunk.
                if not key_sql and held >= wanted:
                    break
            # CROSS JOIN keeps the runs the outer loop on SQLite (each run then reads its
            # entries by primary key); bound parameters would otherwise make it scan.
            # On the driver's cursor, as LogStore's entry reads: plain tuples in the columns'
            # order, half the cost of SQLAlchemy rows and `from_row` for a page of 100.
            rows = driver_rows(
                conn,
                f"SELECT {_COLUMNS} FROM submissions s CROSS JOIN entries e"
                f" WHERE s.tenant_id = {p} AND s.first_index >= {p} AND s.first_index < {p}"
                " AND e.idx >= s.first_index AND e.idx < s.first_index + s.count"
                f" AND e.idx < {p}{key_sql} ORDER BY e.idx DESC LIMIT {p}",
                (tenant_id, lowest, run_cursor, upper, *key_params, wanted),
            )
            found.extend(map(LogEntry._make, rows))
            run_cursor, scanned = lowest, scanned + held
    return TenantEntries(found)


_COLUMNS = ", ".join(
    f"e.{c}" for c in ("idx", "digest", "nonce", "metadata_jcs", "metadata_hash",
                       "received_at", "leaf_hash")
)


def _by_digest(
    conn: Connection,
    *,
    tenant_id: int,
    limit: int,
    upper: int,
    digest: bytes,
    key_sql: str,
    key_params: tuple[str, ...],
) -> list[LogEntry]:
    # Through the digest index (entries.py): every entry of the digest, whoever submitted
    # it, is few; each is then kept if one of the tenant's runs holds it. On the driver's
    # cursor, as the page's read above.
    p = param_marker(conn)
    [(size,)] = driver_rows(conn, "SELECT max(idx) FROM entries")
    if size is None:
        return []
    buckets = list(range((min(size, upper - 1) >> DIGEST_BUCKET_BITS) + 1))
    rows = driver_rows(
        conn,
        # The index's expressions verbatim, so both databases seek ix_entries_digest_lookup.
        f"SELECT {_COLUMNS} FROM entries e WHERE {BUCKET_SQL} IN ({', '.join([p] * len(buckets))})"
        f" AND {DIGEST_KEY_SQL} = {p} AND e.digest = {p} AND e.idx < {p}{key_sql}"
        " ORDER BY e.idx DESC",
        (*buckets, digest[:DIGEST_KEY_BYTES], digest, upper, *key_params),
    )
    holder = (
        f"SELECT first_index, count, tenant_id FROM submissions WHERE first_index <= {p}"
        " ORDER BY first_index DESC LIMIT 1"
    )
    found: list[LogEntry] = []
    for entry in map(LogEntry._make, rows):
        run = driver_rows(conn, holder, (entry.index,))
        if run and run[0][2] == tenant_id and entry.index < run[0][0] + run[0][1]:
            found.append(entry)
            if len(found) == limit:
                break
    return found


def _has_key(dialect: str, key: str, p: str) -> tuple[str, tuple[str, ...]]:
    if not METADATA_KEY.fullmatch(key):
        raise ValueError(f"metadata key {key!r} must match {METADATA_KEY.pattern}")
    if dialect == "postgresql":
        return f" AND jsonb_exists(e.metadata_jcs::jsonb, {p})", (key,)
    return f" AND json_type(e.metadata_jcs, {p}) IS NOT NULL", (f'$."{key}"',)


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
