"""Idempotency keys: the first response to a keyed submission, replayed for its retries."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import insert
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, Session, SQLModel

MAX_KEY_LENGTH = 255


class IdempotencyRecord(SQLModel, table=True):
    """A tenant's idempotency key, the SHA-256 of its request, and the response sent."""

    __tablename__ = "idempotency_keys"

    tenant_id: int = Field(foreign_key="tenants.id", primary_key=True)
    key: str = Field(primary_key=True, max_length=MAX_KEY_LENGTH)
    request_sha256: bytes = Field(sa_type=sa.LargeBinary(32))
    status: int
    body: str = Field(sa_type=sa.Text())
    created_at: int = Field(sa_type=sa.BigInteger())


@dataclass(frozen=True)
class StoredResponse:
    """A recorded response: its request fingerprint, HTTP status and JSON body."""

    request_sha256: bytes
    status: int
    body: str


def lookup(engine: Engine, tenant_id: int, key: str) -> StoredResponse | None:
    """Return the response recorded for (tenant, key), or None."""
    with Session(engine) as session:
        row = session.get(IdempotencyRecord, (tenant_id, key))
        if row is None:
            return None
        return StoredResponse(row.request_sha256, row.status, row.body)


def remember_in(
    conn: Connection,
    tenant_id: int,
    key: str,
    *,
    request_sha256: bytes,
    status: int,
    body: bytes,
) -> None:
    """Record a response inside the caller's transaction (the one appending the entries).

    Raises `IntegrityError` when (tenant, key) is already recorded: the caller's whole
    transaction must then roll back, so a key never stands for two sets of entries.
    """
    conn.execute(
        insert(_records).values(
            tenant_id=tenant_id,
            key=key,
            request_sha256=request_sha256,
            status=status,
            body=body.decode("utf-8"),
            created_at=time.time_ns() // 1_000_000,
        )
    )


_records = IdempotencyRecord.__table__  # type: ignore[attr-defined]
