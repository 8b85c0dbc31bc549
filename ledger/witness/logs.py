"""The logs this office witnesses (add, list, remove) and what it kept: states, forks caught."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from ipledger.ledger.db import read_engine, write_connection
from ipledger.ledger.store import now_ms
from ipledger.ledger.witness.errors import WitnessedLogError
from ipledger.ledger.witness.tables import (
    ORIGIN_LENGTH,
    WitnessedLog,
    WitnessEquivocation,
    WitnessState,
)
from ipledger.verifier.core.errors import InvalidVerifierKey
from ipledger.verifier.core.note import ALG_ED25519, VerifierKey, parse_verifier_key
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

LOGS = WitnessedLog.__table__  # type: ignore[attr-defined]
STATES = WitnessState.__table__  # type: ignore[attr-defined]
FORKS = WitnessEquivocation.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WitnessedLogInfo:
    """A witnessed log: origin, log key, when added, and the latest tree cosigned (if any)."""

    origin: str
    verifier_key: str
    added_at: int
    cosigned_size: int | None
    cosigned_at: int | None


@dataclass(frozen=True)
class Equivocation:
    """Two signed notes of one log that cannot both be true, as caught by this witness."""

    id: int
    origin: str
    size: int
    kind: str
    accepted_note: str
    conflicting_note: str
    proof: str
    detected_at: int


def log_key(text: str) -> VerifierKey:
    """Parse a log's note verifier key (0x01); raise `WitnessedLogError` saying what is wrong."""
    try:
        key = parse_verifier_key(text.strip())
    except InvalidVerifierKey as exc:
        raise WitnessedLogError(f"the log key is not usable: {exc}") from None
    if key.algorithm != ALG_ED25519:
        raise WitnessedLogError(
            f"{key.name}+{key.key_id.hex()} is a witness's cosigner key (0x04), not a log's "
            "note key: give the verifier key the log signs its checkpoints with"
        )
    return key


def add_log(
    engine: Engine, key_text: str, origin: str | None = None
) -> tuple[WitnessedLogInfo, bool]:
    """Witness the log whose checkpoints `key_text` signs; origin defaults to the key's name.

    Returns the log and whether it was newly added (adding it again with the same key
    changes nothing). Refuses another key for an origin already witnessed. A log removed
    and added again resumes from the tree last cosigned for it.
    """
    key = log_key(key_text)
    origin = key.name if origin is None else origin
    if not origin or len(origin) > ORIGIN_LENGTH or any(ord(c) < 0x20 for c in origin):
        raise WitnessedLogError(
            f"origin {origin[:60]!r} must be 1 to {ORIGIN_LENGTH} characters on one line"
        )
    now = now_ms()
    with write_connection(engine) as conn, conn.begin():
        found = conn.execute(select(LOGS).where(LOGS.c.origin == origin)).first()
        if found is not None:
            if found.verifier_key != str(key):
                raise WitnessedLogError(
                    f"{origin} is witnessed with the key {found.verifier_key}; run `ipledger "
                    f"witness remove {origin}` first to trust {key} instead"
                )
        else:
            conn.execute(insert(LOGS).values(origin=origin, verifier_key=str(key), added_at=now))
            state = conn.execute(select(STATES.c.origin).where(STATES.c.origin == origin)).first()
            if state is None:
                conn.execute(
                    insert(STATES).values(
                        origin=origin, size=0, root=EMPTY_ROOT, note=None, updated_at=now
                    )
                )
    info = next(i for i in list_logs(engine) if i.origin == origin)
    return info, found is None


def remove_log(engine: Engine, origin: str) -> None:
    """Stop witnessing `origin`; its cosigned checkpoints and equivocations stay stored."""
    with write_connection(engine) as conn, conn.begin():
        gone = conn.execute(delete(LOGS).where(LOGS.c.origin == origin)).rowcount
    if not gone:
        raise WitnessedLogError(
            f"{origin!r} is not a witnessed log; `ipledger witness list` shows them"
        )


def list_logs(engine: Engine) -> list[WitnessedLogInfo]:
    """Return the witnessed logs by origin, with the size and time of their latest cosigning."""
    query = (
        select(LOGS, STATES.c.size, STATES.c.note, STATES.c.updated_at)
        .join(STATES, STATES.c.origin == LOGS.c.origin, isouter=True)
        .order_by(LOGS.c.origin)
    )
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return [
        WitnessedLogInfo(
            r.origin,
            r.verifier_key,
            r.added_at,
            None if r.note is None else r.size,
            None if r.note is None else r.updated_at,
        )
        for r in rows
    ]


def trusted_key(engine: Engine, origin: str) -> VerifierKey | None:
    """Return the key trusted for `origin`, or None when this office does not witness it."""
    with read_engine(engine).connect() as conn:
        found = conn.execute(select(LOGS.c.verifier_key).where(LOGS.c.origin == origin)).first()
    return None if found is None else parse_verifier_key(found.verifier_key)


def origin_hash(origin: str) -> str:
    """Return the lowercase hex SHA-256 of an origin: its name in the monitoring URL."""
    return hashlib.sha256(origin.encode("utf-8")).hexdigest()


def latest_cosigned(engine: Engine, hashed_origin: str) -> str | None:
    """Return the latest cosigned note (log signature and ours) of the origin hashing to it."""
    with read_engine(engine).connect() as conn:
        rows = conn.execute(
            select(STATES.c.origin, STATES.c.note).where(STATES.c.note.is_not(None))
        ).all()
    for row in rows:
        if origin_hash(row.origin) == hashed_origin:
            note: str = row.note
            return note
    return None


def list_equivocations(engine: Engine, origin: str | None = None) -> list[Equivocation]:
    """Return every equivocation caught (of `origin`, or of all logs), oldest first."""
    query = select(FORKS).order_by(FORKS.c.id)
    if origin is not None:
        query = query.where(FORKS.c.origin == origin)
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return [
        Equivocation(
            r.id,
            r.origin,
            r.size,
            r.kind,
            r.accepted_note,
            r.conflicting_note,
            r.proof,
            r.detected_at,
        )
        for r in rows
    ]


def equivocation_count(engine: Engine) -> int:
    """Return how many equivocations this witness has caught (never decreases)."""
    with read_engine(engine).connect() as conn:
        return int(conn.execute(select(func.count()).select_from(FORKS)).scalar_one())
