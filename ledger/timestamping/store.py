"""Stored time-stamp tokens (one per checkpoint and TSA) and what the log knows of each TSA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ipledger.ledger.db import param_marker, read_rows, write_connection
from ipledger.ledger.rounds import count_request
from ipledger.ledger.store import LogStore, now_ms
from ipledger.ledger.timestamping.tables import CheckpointTimestampRow, LogTsaRow
from ipledger.verifier.core.timestamp import TimestampToken

# The outcomes of one time-stamp request, each counted per TSA (health, metrics).
OUTCOMES = ("stamped", "refused", "unreachable", "invalid")


_tokens = CheckpointTimestampRow.__table__  # type: ignore[attr-defined]
_states = LogTsaRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StoredTimestamp:
    """A stored token of a checkpoint: which TSA, its genTime (ms UTC), serial (hex), DER."""

    tree_size: int
    tsa_url: str
    token: bytes
    gen_time: int
    serial: str
    tsa_name: str
    received_at: int

    @property
    def gen_datetime(self) -> datetime:
        """The token's genTime as an aware UTC datetime (milliseconds kept)."""
        return datetime.fromtimestamp(self.gen_time / 1000, UTC)


@dataclass(frozen=True)
class LogTsaStatus:
    """One TSA as the log last saw it (times in ms UTC), and its requests by outcome."""

    url: str
    last_stamped_size: int | None
    last_stamped_at: int | None
    last_outcome: str | None
    last_error: str | None
    last_error_at: int | None
    requests: dict[str, int]
    latency_ms_sum: int

    @property
    def needs_operator(self) -> bool:
        """True when the last answer was a refusal or an invalid token (not an outage)."""
        return self.last_outcome in ("refused", "invalid")


def _engine(store_or_engine: LogStore | Engine) -> Engine:
    return store_or_engine.engine if isinstance(store_or_engine, LogStore) else store_or_engine


def store_timestamp(
    store_or_engine: LogStore | Engine, tree_size: int, tsa_url: str, token: TimestampToken,
    received_at: int | None = None,
) -> bool:
    """Store a (checked) token of the checkpoint at `tree_size` from `tsa_url`; False if kept.

    One per checkpoint and TSA: the first kept is never replaced (its genTime is the
    earliest the TSA vouched for the checkpoint).
    """
    values = {
        "tree_size": tree_size,
        "tsa_url": tsa_url,
        "token": token.token,
        "gen_time": int(token.gen_time.timestamp() * 1000),
        "serial": format(token.serial, "x")[:64],
        "tsa_name": token.tsa.subject_text,
        "received_at": now_ms() if received_at is None else received_at,
    }
    try:
        with write_connection(_engine(store_or_engine)) as conn, conn.begin():
            conn.execute(insert(_tokens).values(**values))
    except IntegrityError:
        return False
    return True


def stored_timestamps(
    store_or_engine: LogStore | Engine, tree_size: int
) -> list[StoredTimestamp]:
    """Return the stored tokens of the checkpoint at `tree_size`, ordered by TSA URL."""
    query = select(_tokens).where(_tokens.c.tree_size == tree_size).order_by(_tokens.c.tsa_url)
    with _engine(store_or_engine).connect() as conn:
        rows = conn.execute(query).all()
    return [
        StoredTimestamp(r.tree_size, r.tsa_url, bytes(r.token), r.gen_time, r.serial,
                        r.tsa_name, r.received_at)
        for r in rows
    ]


def timestamps_for(store_or_engine: LogStore | Engine, tree_size: int) -> tuple[bytes, ...]:
    """Return every stored token (DER) of the checkpoint at `tree_size`, ordered by TSA URL.

    What a bundle of an entry anchored at `tree_size` carries.
    """
    # Driver SQL: every bundle request reads its checkpoint's tokens here.
    engine = _engine(store_or_engine)
    rows = read_rows(
        engine,
        "SELECT token FROM checkpoint_timestamps"
        f" WHERE tree_size = {param_marker(engine)} ORDER BY tsa_url",
        (tree_size,),
    )
    return tuple(bytes(token) for (token,) in rows)


def timestamp_count(store_or_engine: LogStore | Engine, tree_size: int) -> int:
    """Return how many TSAs' tokens are stored for the checkpoint at `tree_size`."""
    engine = _engine(store_or_engine)  # driver SQL: asked on every bundle request
    sql = f"SELECT count(*) FROM checkpoint_timestamps WHERE tree_size = {param_marker(engine)}"
    return int(read_rows(engine, sql, (tree_size,))[0][0])


def is_stamped(store_or_engine: LogStore | Engine, tsa_url: str, tree_size: int) -> bool:
    """Return whether a token of `tsa_url` for the checkpoint at `tree_size` is stored."""
    query = select(_tokens.c.id).where(
        _tokens.c.tree_size == tree_size, _tokens.c.tsa_url == tsa_url
    )
    with _engine(store_or_engine).connect() as conn:
        return conn.execute(query).first() is not None


def latest_stamped_size(store_or_engine: LogStore | Engine, tsa_url: str) -> int:
    """Return the largest checkpoint size a token of `tsa_url` is stored for, or 0."""
    query = select(func.max(_tokens.c.tree_size)).where(_tokens.c.tsa_url == tsa_url)
    with _engine(store_or_engine).connect() as conn:
        found = conn.execute(query).scalar_one()
    return 0 if found is None else int(found)


def tsa_status(store_or_engine: LogStore | Engine, tsa_url: str) -> LogTsaStatus:
    """Return what is recorded of the TSA at `tsa_url` (all empty before its first request)."""
    with _engine(store_or_engine).connect() as conn:
        row = conn.execute(select(_states).where(_states.c.url == tsa_url)).first()
    if row is None:
        return LogTsaStatus(tsa_url, None, None, None, None, None, dict.fromkeys(OUTCOMES, 0), 0)
    return _state(row)


def tsa_statuses(store_or_engine: LogStore | Engine) -> list[LogTsaStatus]:
    """Return every TSA the log has asked, by URL."""
    with _engine(store_or_engine).connect() as conn:
        rows = conn.execute(select(_states).order_by(_states.c.url)).all()
    return [_state(r) for r in rows]


def _state(row: Any) -> LogTsaStatus:
    return LogTsaStatus(
        row.url, row.last_stamped_size, row.last_stamped_at, row.last_outcome, row.last_error,
        row.last_error_at, {o: getattr(row, o) for o in OUTCOMES}, row.latency_ms_sum,
    )


def record_request(
    store_or_engine: LogStore | Engine,
    tsa_url: str,
    outcome: str,
    *,
    stamped_size: int | None = None,
    error: str | None = None,
    latency_ms: int = 0,
) -> None:
    """Count one request to the TSA at `tsa_url` by `outcome`; record a token or an error."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    values: dict[str, Any] = {}
    if stamped_size is not None:
        values.update(
            last_stamped_size=stamped_size,
            last_stamped_at=now_ms(),
            latency_ms_sum=_states.c.latency_ms_sum + latency_ms,
        )
    count_request(
        _engine(store_or_engine), _states, ("url", tsa_url), outcome, success="stamped",
        error=error, first=dict.fromkeys((*OUTCOMES, "latency_ms_sum"), 0), values=values,
    )
