"""Tenants and their API keys (hashed at rest, scoped, revocable), and who submitted what."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from ipledger.ledger.db import driver_write, param_marker, read_rows, write_connection
from ipledger.ledger.entries import LogEntry, NewEntry
from ipledger.ledger.errors import ApiKeyError, InvalidApiKey, UnknownKey
from ipledger.ledger.store import LogStore

SCOPES = ("submit", "read")
KEY_PREFIX = "ipl_"
KEY_ID_HEX = 12
SECRET_BYTES = 32
_KEY_RE = re.compile(r"ipl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
_TENANT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class Tenant(SQLModel, table=True):
    """An office or firm submitting through the API; it reads only its own entries."""

    __tablename__ = "tenants"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, sa_column_kwargs={"unique": True, "nullable": False})
    created_at: int = Field(sa_type=sa.BigInteger(), description="ms since the Unix epoch.")


class ApiKey(SQLModel, table=True):
    """An API key: its public id, the SHA-256 of its secret, scopes, and revocation time."""

    __tablename__ = "api_keys"

    id: str = Field(primary_key=True, max_length=KEY_ID_HEX)
    tenant_id: int = Field(foreign_key="tenants.id", index=True)
    secret_sha256: bytes = Field(sa_type=sa.LargeBinary(32))
    scopes: str = Field(max_length=100, description="Space-separated scopes.")
    created_at: int = Field(sa_type=sa.BigInteger())
    revoked_at: int | None = Field(default=None, sa_type=sa.BigInteger())


class Submission(SQLModel, table=True):
    """Entries [first_index, first_index + count) were submitted by a tenant with a key.

    One row per run of an API commit, so a batch of 10,000 costs one row; an entry with
    no covering row was appended locally (CLI) and belongs to no tenant.
    """

    __tablename__ = "submissions"

    first_index: int = Field(
        sa_column=sa.Column(
            "first_index",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        )
    )
    count: int
    tenant_id: int = Field(foreign_key="tenants.id")
    key_id: str = Field(foreign_key="api_keys.id", max_length=KEY_ID_HEX)


@dataclass(frozen=True)
class KeyInfo:
    """What may be shown about an API key (never its secret)."""

    key_id: str
    tenant: str
    scopes: tuple[str, ...]
    created_at: int
    revoked_at: int | None


@dataclass(frozen=True)
class Principal:
    """The tenant and scopes an authenticated request acts with."""

    tenant_id: int
    tenant: str
    key_id: str
    scopes: frozenset[str]


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(scopes))
    if not chosen:
        raise ApiKeyError(f"give at least one scope ({', '.join(SCOPES)})")
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown:
        raise ApiKeyError(f"unknown scope {unknown[0]!r}; scopes are {', '.join(SCOPES)}")
    return tuple(s for s in SCOPES if s in chosen)


def _hash_secret(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("ascii")).digest()


def create_key(engine: Engine, tenant: str, scopes: Iterable[str]) -> tuple[str, str]:
    """Create an API key for `tenant` (created if new); return (key id, full key string).

    The full key `ipl_<12 hex id>_<43 base64url secret chars>` is shown once: only the
    SHA-256 of its secret is stored. The secret has 256 bits of entropy, so a plain
    SHA-256 (not a slow password hash) is enough to make the stored value useless.
    """
    if not isinstance(tenant, str) or not _TENANT_RE.fullmatch(tenant):
        raise ApiKeyError(
            "a tenant name is 1-100 letters, digits, '.', '_' or '-', starting with a "
            f"letter or digit; got {tenant!r}"
        )
    chosen = _check_scopes(scopes)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    # The write lock up front (SQLite BEGIN IMMEDIATE): in WAL mode a transaction that
    # reads, then writes after another process committed, fails at once without waiting.
    with write_connection(engine) as conn, Session(bind=conn) as session:
        tenant_row = session.exec(select(Tenant).where(Tenant.name == tenant)).first()
        if tenant_row is None:
            tenant_row = Tenant(name=tenant, created_at=_now_ms())
            session.add(tenant_row)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                tenant_row = session.exec(select(Tenant).where(Tenant.name == tenant)).one()
        assert tenant_row.id is not None
        key_id = secrets.token_hex(KEY_ID_HEX // 2)
        session.add(
            ApiKey(
                id=key_id,
                tenant_id=tenant_row.id,
                secret_sha256=_hash_secret(secret),
                scopes=" ".join(chosen),
                created_at=_now_ms(),
            )
        )
        session.commit()
    return key_id, f"{KEY_PREFIX}{key_id}_{secret}"


def list_keys(engine: Engine, tenant: str | None = None) -> list[KeyInfo]:
    """Return the API keys (all, or one tenant's), oldest first, without secrets."""
    with Session(engine) as session:
        query = select(ApiKey, Tenant).where(ApiKey.tenant_id == Tenant.id)
        if tenant is not None:
            query = query.where(Tenant.name == tenant)
        rows = session.exec(query.order_by(col(ApiKey.created_at), col(ApiKey.id))).all()
        return [_info(key, t) for key, t in rows]


def revoke_key(engine: Engine, key_id: str) -> KeyInfo:
    """Revoke the key `key_id` (idempotent: a revoked key keeps its first revocation time)."""
    with write_connection(engine) as conn, Session(bind=conn) as session:
        row = session.exec(
            select(ApiKey, Tenant).where(ApiKey.id == key_id, ApiKey.tenant_id == Tenant.id)
        ).first()
        if row is None:
            raise UnknownKey(f"no API key has the id {key_id!r}; `ipledger keys list` shows them")
        key, tenant_row = row
        if key.revoked_at is None:
            key.revoked_at = _now_ms()
            session.add(key)
            session.commit()
            session.refresh(key)
        return _info(key, tenant_row)


def authenticate(engine: Engine, presented: str) -> Principal:
    """Return the principal of a presented key string, or raise `InvalidApiKey`."""
    match = _KEY_RE.fullmatch(presented)
    if match is None:
        raise InvalidApiKey("the API key is malformed; it reads ipl_<12 hex>_<43 characters>")
    key_id, secret = match.groups()
    with Session(engine) as session:
        row = session.exec(
            select(ApiKey, Tenant).where(ApiKey.id == key_id, ApiKey.tenant_id == Tenant.id)
        ).first()
    if row is None or not hmac.compare_digest(row[0].secret_sha256, _hash_secret(secret)):
        raise InvalidApiKey("the API key is not valid")
    key, tenant_row = row
    if key.revoked_at is not None:
        raise InvalidApiKey("the API key has been revoked")
    assert tenant_row.id is not None
    return Principal(
        tenant_id=tenant_row.id,
        tenant=tenant_row.name,
        key_id=key.id,
        scopes=frozenset(key.scopes.split()),
    )


def _info(key: ApiKey, tenant: Tenant) -> KeyInfo:
    return KeyInfo(
        key_id=key.id,
        tenant=tenant.name,
        scopes=tuple(key.scopes.split()),
        created_at=key.created_at,
        revoked_at=key.revoked_at,
    )


def append_for_tenants(
    store: LogStore,
    runs: Sequence[tuple[Principal, Sequence[NewEntry]]],
    within: Callable[[Connection, list[list[LogEntry]]], None],
) -> None:
    """Append every run in ONE transaction, in order, recording who submitted each run.

    `within(conn, stored runs)` runs inside the transaction after the inserts and before
    the commit; if it raises, nothing is stored. Adjacent runs of one key share one
    `submissions` row, so a group of single submissions costs one row per key.
    """
    items = [e for _, entries in runs for e in entries]
    insert, _ = _submission_sql(param_marker(store.engine))

    def hook(conn: Connection, stored: list[LogEntry]) -> None:
        grouped: list[list[LogEntry]] = []
        rows: list[list[Any]] = []  # first index, count, tenant, key
        offset = 0
        for who, entries in runs:
            run = stored[offset : offset + len(entries)]
            offset += len(entries)
            grouped.append(run)
            last = rows[-1] if rows else None
            if last is not None and (last[2], last[3]) == (who.tenant_id, who.key_id):
                last[1] += len(run)
            else:
                rows.append([run[0].index, len(run), who.tenant_id, who.key_id])
        driver_write(conn, insert, [tuple(r) for r in rows], many=True)
        within(conn, grouped)

    store.append(items, within=hook)


@functools.cache
def _submission_sql(p: str) -> tuple[str, str]:
    """Return the INSERT of a submissions row and the SELECT of the row covering an index.

    `p` is the driver's parameter marker (`param_marker`).
    """
    return (
        "INSERT INTO submissions (first_index, count, tenant_id, key_id) "
        f"VALUES ({p}, {p}, {p}, {p})",
        "SELECT first_index, count, tenant_id FROM submissions "
        f"WHERE first_index <= {p} ORDER BY first_index DESC LIMIT 1",
    )


def tenant_of(engine: Engine, index: int) -> int | None:
    """Return the id of the tenant that submitted entry `index`, or None (appended locally)."""
    # Driver SQL on the read view (no BEGIN on SQLite): every read of one's own entry asks
    # this first, and SQLAlchemy's select cost more than the indexed lookup itself.
    rows = read_rows(engine, _submission_sql(param_marker(engine))[1], (index,))
    if not rows or index >= rows[0][0] + rows[0][1]:
        return None
    tenant: int = rows[0][2]
    return tenant
