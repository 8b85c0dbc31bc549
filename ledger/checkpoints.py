"""Signed checkpoints: when to cut one, and the table that keeps every one cut."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, Text, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from ipledger.ledger.db import param_marker, read_rows
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.checkpoint import format_checkpoint


class CheckpointRow(SQLModel, table=True):
    """A signed C2SP checkpoint of the log at `tree_size` (one per size, never re-cut)."""

    __tablename__ = "checkpoints"

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    tree_size: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    note: str = Field(sa_column=Column(Text, nullable=False))
    created_at: int = Field(sa_column=Column(BigInteger, nullable=False))


@dataclass(frozen=True)
class CheckpointPolicy:
    """When to cut: `batch_max` entries pending, or the oldest pending one `batch_interval` old."""

    batch_interval: float = 30.0
    batch_max: int = 100_000

    def due(self, pending: int, oldest_pending_ms: int | None, now_ms: int) -> bool:
        """Return True when a checkpoint should be cut now (never for an unchanged tree)."""
        if pending <= 0:
            return False
        if pending >= self.batch_max:
            return True
        return oldest_pending_ms is not None and (
            now_ms - oldest_pending_ms >= self.batch_interval * 1000
        )


@dataclass(frozen=True)
class SignedCheckpoint:
    """A stored checkpoint: its size, root, signed note text and when it was cut."""

    tree_size: int
    root: bytes
    note: str
    created_at: int


_table = CheckpointRow.__table__  # type: ignore[attr-defined]


def _from_row(row: Any) -> SignedCheckpoint:
    return SignedCheckpoint(row.tree_size, bytes(row.root), row.note, row.created_at)


def latest_checkpoint(store: LogStore) -> SignedCheckpoint | None:
    """Return the checkpoint of the largest tree cut so far, or None."""
    return _read_one(store, "ORDER BY tree_size DESC LIMIT 1", ())


def checkpoint_at(store: LogStore, tree_size: int) -> SignedCheckpoint | None:
    """Return the checkpoint cut at exactly `tree_size`, or None."""
    return _read_one(store, "WHERE tree_size = {p}", (tree_size,))


def checkpoint_covering(store: LogStore, index: int) -> SignedCheckpoint | None:
    """Return the first checkpoint whose tree holds entry `index`, or None if none does yet."""
    return _read_one(store, "WHERE tree_size > {p} ORDER BY tree_size LIMIT 1", (index,))


def _read_one(store: LogStore, clauses: str, params: tuple[int, ...]) -> SignedCheckpoint | None:
    # Driver SQL on the read view (no BEGIN on SQLite): these run on every checkpoint,
    # proof file and bundle request, and SQLAlchemy's select cost more than the lookup.
    p = param_marker(store.engine)
    sql = f"SELECT tree_size, root, note, created_at FROM checkpoints {clauses.format(p=p)}"
    rows = read_rows(store.engine, sql, params)
    return SignedCheckpoint(rows[0][0], bytes(rows[0][1]), rows[0][2], rows[0][3]) if rows else None


def checkpoints_between(
    store: LogStore, after: int, upto: int, limit: int
) -> list[SignedCheckpoint]:
    """Return the first `limit` checkpoints of sizes in (after, upto], smallest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(_table)
            .where(_table.c.tree_size > after, _table.c.tree_size <= upto)
            .order_by(_table.c.tree_size)
            .limit(limit)
        ).all()
    return [_from_row(r) for r in rows]


def list_checkpoints(store: LogStore, limit: int = 100) -> list[SignedCheckpoint]:
    """Return the newest checkpoints, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(_table).order_by(_table.c.tree_size.desc()).limit(limit)).all()
    return [_from_row(r) for r in rows]


def cut_checkpoint(
    store: LogStore,
    signer: LogSigner,
    policy: CheckpointPolicy | None = None,
    now_ms: int | None = None,
) -> SignedCheckpoint | None:
    """Sign and store a checkpoint of the current tree, or return None.

    None when the tree is unchanged since the last checkpoint, or when `policy` is given
    and says it is not yet due. Two processes cutting the same size at once store one
    checkpoint (the size is unique); the loser returns the stored one.
    """
    now = store.clock() if now_ms is None else now_ms
    size, root = store.head()
    last = latest_checkpoint(store)
    last_size = last.tree_size if last is not None else 0
    if size <= last_size:
        return None
    if policy is not None:
        oldest = store.entry(last_size).received_at
        if not policy.due(size - last_size, oldest, now):
            return None
    note = signer.sign_note(format_checkpoint(signer.name, size, root))
    try:
        with store.engine.begin() as conn:
            conn.execute(
                insert(_table).values(tree_size=size, root=root, note=note, created_at=now)
            )
    except IntegrityError:
        stored = checkpoint_at(store, size)
        if stored is None:
            raise
        return stored
    return SignedCheckpoint(size, root, note, now)
