"""A portable database lease: at most one anchoring worker per log, in SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ipledger.ledger.anchoring.models import AnchoringLease
from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import LeaseLost

log = logging.getLogger(__name__)
_t = AnchoringLease.__table__  # type: ignore[attr-defined]


def now_ms() -> int:
    """Return wall-clock milliseconds since the Unix epoch."""
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds a lease and until when (ms since the epoch)."""

    owner: str
    expires_at: int


class Lease:
    """A named lease row held by `owner` for `ttl` seconds and renewed by each `acquire`.

    Acquiring is one conditional UPDATE (``WHERE owner = me OR expires_at < now``),
    or an INSERT when the row does not exist yet: atomic in SQLite (database write
    lock) and PostgreSQL (row lock, re-checked after a concurrent update). Holders'
    clocks should agree to well within `ttl`. Writes that must only happen under the
    lease call `fence(conn)` inside their own transaction.
    """

    def __init__(
        self, engine: Engine, name: str, owner: str, ttl: float = 30.0,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        """Prepare (not take) the lease `name` for `owner`; `ttl` in seconds, > 0."""
        if ttl <= 0:
            raise ValueError("lease ttl must be positive")
        self.engine = engine
        self.name = name
        self.owner = owner
        self.ttl_ms = int(ttl * 1000)
        self._clock = clock

    def acquire(self) -> bool:
        """Take or renew the lease; return whether this owner now holds it."""
        now = self._clock()
        with write_connection(self.engine) as conn, conn.begin():
            renewed = conn.execute(
                update(_t)
                .where(_t.c.name == self.name,
                       or_(_t.c.owner == self.owner, _t.c.expires_at < now))
                .values(owner=self.owner, expires_at=now + self.ttl_ms)
            ).rowcount
            if renewed == 1:
                return True
            exists = conn.execute(select(_t.c.owner).where(_t.c.name == self.name)).first()
        if exists is not None:
            return False
        try:
            with write_connection(self.engine) as conn, conn.begin():
                conn.execute(insert(_t).values(
                    name=self.name, owner=self.owner, expires_at=now + self.ttl_ms,
                    acquired_at=now,
                ))
        except IntegrityError:
            return False  # another worker inserted it first
        log.info("lease acquired name=%s owner=%s", self.name, self.owner)
        return True

    def fence(self, conn: Connection) -> None:
        """Inside the caller's transaction, check the lease is still ours, or raise `LeaseLost`.

        The UPDATE also locks the lease row (PostgreSQL) or the database (SQLite)
        until the caller commits, so no one can take over in between.
        """
        now = self._clock()
        held = conn.execute(
            update(_t)
            .where(_t.c.name == self.name, _t.c.owner == self.owner, _t.c.expires_at >= now)
            .values(expires_at=now + self.ttl_ms)
        ).rowcount
        if held != 1:
            raise LeaseLost(f"lease {self.name!r} is no longer held by {self.owner!r}")

    def holder(self) -> LeaseHolder | None:
        """Return the current holder, or None when no unexpired holder exists."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(_t.c.owner, _t.c.expires_at).where(_t.c.name == self.name)
            ).first()
        if row is None or row.expires_at < self._clock():
            return None
        return LeaseHolder(owner=row.owner, expires_at=row.expires_at)

    def release(self) -> None:
        """Give the lease up if this owner holds it, so a successor need not wait for expiry."""
        with write_connection(self.engine) as conn, conn.begin():
            conn.execute(delete(_t).where(_t.c.name == self.name, _t.c.owner == self.owner))
