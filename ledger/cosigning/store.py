"""Stored cosignatures (one per checkpoint and witness key) and each witness's state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from ipledger.ledger.checkpoints import SignedCheckpoint, checkpoint_at
from ipledger.ledger.cosigning.witnesses import WitnessEndpoint
from ipledger.ledger.db import param_marker, read_rows, write_connection
from ipledger.ledger.errors import OutOfRange
from ipledger.ledger.rounds import count_request
from ipledger.ledger.store import LogStore, now_ms
from ipledger.verifier.core.cosignature import Cosignature

# The outcomes of one add-checkpoint request, each counted per witness (health, metrics).
OUTCOMES = ("cosigned", "conflict", "refused", "unreachable", "invalid")


class CosignatureRow(SQLModel, table=True):
    """A witness's cosignature/v1 line on the checkpoint of `tree_size`, as it returned it."""

    __tablename__ = "checkpoint_cosignatures"
    __table_args__ = (
        UniqueConstraint("tree_size", "witness_name", "key_id", name="uq_cosignatures_witness"),
    )

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    tree_size: int = Field(sa_column=Column(BigInteger, nullable=False))
    witness_name: str = Field(sa_column=Column(String(255), nullable=False))
    key_id: bytes = Field(sa_column=Column(LargeBinary(4), nullable=False))
    timestamp: int = Field(sa_column=Column(BigInteger, nullable=False))
    line: str = Field(sa_column=Column(Text, nullable=False))
    received_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class LogWitnessRow(SQLModel, table=True):
    """What the log knows of one witness (by its key): sizes, last error, request counts."""

    __tablename__ = "log_witnesses"

    witness_key: str = Field(sa_column=Column(String(1024), primary_key=True))
    url: str = Field(sa_column=Column(Text, nullable=False))
    known_size: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_cosigned_size: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    last_cosigned_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    last_outcome: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_error_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    cosigned: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    conflict: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    refused: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    unreachable: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    invalid: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    latency_ms_sum: int = Field(
        default=0, sa_column=Column(BigInteger, nullable=False, default=0)
    )


_cosignatures = CosignatureRow.__table__  # type: ignore[attr-defined]
_states = LogWitnessRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StoredCosignature:
    """A stored cosignature: the checkpoint's size, the line and when the log received it."""

    tree_size: int
    cosignature: Cosignature
    received_at: int


@dataclass(frozen=True)
class LogWitnessStatus:
    """One witness as the log last saw it (times in ms UTC), and its requests by outcome."""

    witness_key: str
    url: str
    known_size: int | None
    last_cosigned_size: int | None
    last_cosigned_at: int | None
    last_outcome: str | None
    last_error: str | None
    last_error_at: int | None
    requests: dict[str, int]
    latency_ms_sum: int

    @property
    def label(self) -> str:
        """The witness as metrics label it: `<name>+<hex key id>`."""
        return "+".join(self.witness_key.split("+")[:2])

    @property
    def needs_operator(self) -> bool:
        """True when the last answer was a refusal or an invalid cosignature (not an outage)."""
        return self.last_outcome in ("refused", "invalid")


def _engine(store_or_engine: LogStore | Engine) -> Engine:
    return store_or_engine.engine if isinstance(store_or_engine, LogStore) else store_or_engine


def store_cosignature(
    store_or_engine: LogStore | Engine, tree_size: int, cosignature: Cosignature,
    received_at: int | None = None,
) -> bool:
    """Store a (checked) cosignature of the checkpoint at `tree_size`; False if one is kept.

    One per checkpoint and witness key: the first kept is never replaced (its timestamp
    is the earliest the witness vouched for the tree).
    """
    values = {
        "tree_size": tree_size,
        "witness_name": cosignature.name,
        "key_id": cosignature.key_id,
        "timestamp": cosignature.timestamp,
        "line": cosignature.line(),
        "received_at": now_ms() if received_at is None else received_at,
    }
    try:
        with write_connection(_engine(store_or_engine)) as conn, conn.begin():
            conn.execute(insert(_cosignatures).values(**values))
    except IntegrityError:
        return False
    return True


def cosignatures_at(store_or_engine: LogStore | Engine, tree_size: int) -> list[StoredCosignature]:
    """Return the stored cosignatures of the checkpoint at `tree_size`, in witness-name order."""
    query = (
        select(_cosignatures)
        .where(_cosignatures.c.tree_size == tree_size)
        .order_by(_cosignatures.c.witness_name, _cosignatures.c.key_id)
    )
    with _engine(store_or_engine).connect() as conn:
        rows = conn.execute(query).all()
    return [
        StoredCosignature(
            r.tree_size,
            Cosignature(r.witness_name, bytes(r.key_id), r.timestamp, _signature(r.line)),
            r.received_at,
        )
        for r in rows
    ]


def _signature(line: str) -> bytes:
    from ipledger.verifier.core.note import parse_note

    parsed = parse_note("x\n\n" + line)
    return Cosignature.from_note_signature(parsed.signatures[0]).signature


def cosignature_count(store_or_engine: LogStore | Engine, tree_size: int) -> int:
    """Return how many witnesses' cosignatures are stored for the checkpoint at `tree_size`."""
    engine = _engine(store_or_engine)  # driver SQL: asked on every bundle request
    sql = f"SELECT count(*) FROM checkpoint_cosignatures WHERE tree_size = {param_marker(engine)}"
    return int(read_rows(engine, sql, (tree_size,))[0][0])


def cosigned_note(store_or_engine: LogStore | Engine, tree_size: int) -> str:
    """Return the checkpoint note of `tree_size` with every stored cosignature line appended.

    The log's own signature line comes first, then the witnesses' lines in witness-name
    order. Raises `OutOfRange` when no checkpoint was cut at that size.
    """
    engine = _engine(store_or_engine)
    store = store_or_engine if isinstance(store_or_engine, LogStore) else LogStore(engine)
    checkpoint = checkpoint_at(store, tree_size)
    if checkpoint is None:
        raise OutOfRange(f"no checkpoint was cut at tree size {tree_size}")
    return note_with_cosignatures(engine, checkpoint)


def note_with_cosignatures(store_or_engine: LogStore | Engine, checkpoint: SignedCheckpoint) -> str:
    """Return `checkpoint`'s note with every stored cosignature line appended (see cosigned_note).

    For a caller that holds the checkpoint already: one read, of the cosignature lines.
    """
    size = checkpoint.tree_size
    return checkpoint.note + cosignature_lines(store_or_engine, [size]).get(size, "")


def cosignature_lines(store_or_engine: LogStore | Engine, sizes: list[int]) -> dict[int, str]:
    """Return the stored cosignature lines of each checkpoint size, joined in witness-name order.

    Sizes without a cosignature are left out; append a size's lines to its signed note.
    """
    if not sizes:
        return {}
    # Driver SQL: every tlog-proof and bundle request reads its checkpoint's lines, and
    # SQLAlchemy's select cost more than the lookup (docs/benchmarks.md, "Read path").
    engine = _engine(store_or_engine)
    wanted = sorted(set(sizes))
    p = param_marker(engine)
    rows = read_rows(
        engine,
        f"SELECT tree_size, line FROM checkpoint_cosignatures WHERE tree_size IN"
        f" ({', '.join([p] * len(wanted))}) ORDER BY tree_size, witness_name, key_id",
        wanted,
    )
    out: dict[int, str] = {}
    for tree_size, line in rows:
        out[tree_size] = out.get(tree_size, "") + line
    return out


def cosigned_sizes(
    store_or_engine: LogStore | Engine, witness: WitnessEndpoint
) -> list[int]:
    """Return the checkpoint sizes `witness` has cosigned (stored), largest first."""
    query = (
        select(_cosignatures.c.tree_size)
        .where(_cosignatures.c.witness_name == witness.key.name)
        .where(_cosignatures.c.key_id == witness.key.key_id)
        .order_by(_cosignatures.c.tree_size.desc())
    )
    with _engine(store_or_engine).connect() as conn:
        return [row.tree_size for row in conn.execute(query)]


def is_cosigned(store_or_engine: LogStore | Engine, witness: WitnessEndpoint, size: int) -> bool:
    """Return whether `witness`'s cosignature of the checkpoint at `size` is stored."""
    query = (
        select(_cosignatures.c.id)
        .where(_cosignatures.c.tree_size == size)
        .where(_cosignatures.c.witness_name == witness.key.name)
        .where(_cosignatures.c.key_id == witness.key.key_id)
    )
    with _engine(store_or_engine).connect() as conn:
        return conn.execute(query).first() is not None


def latest_cosigned_size(store_or_engine: LogStore | Engine, witness: WitnessEndpoint) -> int:
    """Return the largest checkpoint size `witness`'s cosignature is stored for, or 0."""
    query = (
        select(func.max(_cosignatures.c.tree_size))
        .where(_cosignatures.c.witness_name == witness.key.name)
        .where(_cosignatures.c.key_id == witness.key.key_id)
    )
    with _engine(store_or_engine).connect() as conn:
        found = conn.execute(query).scalar_one()
    return 0 if found is None else int(found)


def witness_status(
    store_or_engine: LogStore | Engine, witness: WitnessEndpoint
) -> LogWitnessStatus:
    """Return what is recorded of `witness` (all empty before its first request)."""
    with _engine(store_or_engine).connect() as conn:
        row = conn.execute(select(_states).where(_states.c.witness_key == witness.vkey)).first()
    if row is None:
        return LogWitnessStatus(
            witness.vkey, witness.shown_url, None, None, None, None, None, None,
            dict.fromkeys(OUTCOMES, 0), 0,
        )
    return _state(row)


def witness_statuses(store_or_engine: LogStore | Engine) -> list[LogWitnessStatus]:
    """Return every witness the log has asked, by key."""
    with _engine(store_or_engine).connect() as conn:
        rows = conn.execute(select(_states).order_by(_states.c.witness_key)).all()
    return [_state(r) for r in rows]


def _state(row: Any) -> LogWitnessStatus:
    return LogWitnessStatus(
        row.witness_key, row.url, row.known_size, row.last_cosigned_size, row.last_cosigned_at,
        row.last_outcome, row.last_error, row.last_error_at,
        {o: getattr(row, o) for o in OUTCOMES}, row.latency_ms_sum,
    )


def record_request(
    store_or_engine: LogStore | Engine,
    witness: WitnessEndpoint,
    outcome: str,
    *,
    known_size: int | None = None,
    cosigned_size: int | None = None,
    error: str | None = None,
    latency_ms: int = 0,
) -> None:
    """Count one request to `witness` by `outcome` and record what it taught.

    `known_size`: the size the witness said it holds (a 409, or a cosigned size);
    `cosigned_size`: a size it cosigned now (its latency counts); `error`: what went wrong.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    values: dict[str, Any] = {"url": witness.shown_url}
    if known_size is not None:
        values["known_size"] = known_size
    if cosigned_size is not None:
        values.update(
            last_cosigned_size=cosigned_size, last_cosigned_at=now_ms(),
            latency_ms_sum=_states.c.latency_ms_sum + latency_ms,
        )
    count_request(
        _engine(store_or_engine), _states, ("witness_key", witness.vkey), outcome,
        success="cosigned", error=error, first={"url": witness.shown_url}, values=values,
    )
