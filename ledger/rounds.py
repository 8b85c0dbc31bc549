"""Background rounds per remote party (witness, TSA) over checkpoints, off the commit path."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Table, insert, select, update

from ipledger.ledger.checkpoints import SignedCheckpoint, checkpoints_between, latest_checkpoint
from ipledger.ledger.db import write_connection
from ipledger.ledger.store import LogStore, now_ms

log = logging.getLogger(__name__)

MAX_QUIET = 60.0  # seconds a party that keeps failing waits at most between its rounds
# A round sends every checkpoint cut since the party's last success, oldest first, read this
# many at a time: one cut during a round or an outage (perhaps the one anchored, which bundles
# carry) is handled late rather than never.
PAGE = 64

P = TypeVar("P")


class CheckpointRounds(Generic[P]):
    """Runs a round per party in a thread of its own whenever a newer checkpoint is cut.

    `poll()` is cheap and never raises: for each party without a round running, not yet
    settled with the newest checkpoint and not waiting out a failure (backoff doubling up
    to MAX_QUIET), it starts `_settle(party, newest)` in a thread. A party that is down
    or slow delays only itself, never appends, anchoring or the other parties.
    """

    thread_prefix = "round"

    def __init__(
        self, store: LogStore, parties: Sequence[P], clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Serve `parties` from `store`'s checkpoints; `clock` paces the backoff (tests)."""
        self.store = store
        self.parties = tuple(parties)
        self._clock = clock
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}
        self._not_before: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self._done: dict[str, int] = {}  # party key -> newest size settled with it

    def party_key(self, party: P) -> str:
        """Return the key naming `party` in this object's bookkeeping."""
        raise NotImplementedError

    def _settle(self, party: P, newest: SignedCheckpoint) -> bool | None:
        """Do one round for `party` up to `newest`.

        True: settled with `newest`; False: failed, retried after a backoff; None: it went
        well but stopped short of `newest` (a bounded round), the next poll goes on.
        """
        raise NotImplementedError

    def poll(self) -> None:
        """Start a round for each party that is due and idle; never raises."""
        if not self.parties:
            return
        try:
            latest = latest_checkpoint(self.store)
            if latest is None:
                return
            now = self._clock()
            with self._lock:
                for party in self.parties:
                    key = self.party_key(party)
                    running = self._threads.get(key)
                    if running is not None and running.is_alive():
                        continue
                    if self._done.get(key) == latest.tree_size:
                        continue
                    if self._not_before.get(key, 0.0) > now:
                        continue
                    thread = threading.Thread(
                        target=self._round, args=(party, key, latest),
                        name=f"{self.thread_prefix}-{key[:40]}", daemon=True,
                    )
                    self._threads[key] = thread
                    thread.start()
        except Exception:  # the worker's step must go on whatever happens here
            log.exception("%s round could not start", self.thread_prefix)

    def _round(self, party: P, key: str, newest: SignedCheckpoint) -> None:
        settled: bool | None = False
        try:
            settled = self._settle(party, newest)
        except Exception:  # the database, most likely: the party is served again later
            log.exception("%s round failed party=%s", self.thread_prefix, key)
        with self._lock:
            if settled or settled is None:
                if settled:
                    self._done[key] = newest.tree_size
                self._failures[key] = 0
                self._not_before[key] = 0.0
            else:
                failures = self._failures.get(key, 0) + 1
                self._failures[key] = failures
                self._not_before[key] = self._clock() + min(MAX_QUIET, 2.0**failures)

    def backlog(
        self, since: int | None, newest: SignedCheckpoint
    ) -> Iterator[SignedCheckpoint]:
        """Yield the checkpoints to send, oldest first: all after `since` up to `newest`.

        A party never served (`since` None) starts at the newest: the log's past before it
        joined is not its to vouch for.
        """
        if since is None:
            yield newest
            return
        while since < newest.tree_size:
            page = checkpoints_between(self.store, since, newest.tree_size, PAGE)
            if not page:
                return
            yield from page
            since = page[-1].tree_size

    def join(self, timeout: float | None = None) -> None:
        """Wait for the running rounds (tests, shutdown)."""
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)


def count_request(
    engine: Engine,
    table: Table,
    key: tuple[str, str],
    outcome: str,
    *,
    success: str,
    error: str | None = None,
    first: Mapping[str, Any] | None = None,
    values: Mapping[str, Any] | None = None,
) -> int:
    """Count one request to a party by `outcome` in its state row (`key`: column, value).

    The row is made on first use with `first`; `values` are set too; `error` is recorded
    with its time, and a `success` without one clears the last error. Returns the time
    recorded (ms UTC).
    """
    now = now_ms()
    column, name = key
    changes: dict[str, Any] = {outcome: table.c[outcome] + 1, "last_outcome": outcome}
    changes.update(values or {})
    if error is not None:
        changes.update(last_error=error, last_error_at=now)
    elif outcome == success:
        changes.update(last_error=None, last_error_at=None)
    with write_connection(engine) as conn, conn.begin():
        if conn.execute(select(table.c[column]).where(table.c[column] == name)).first() is None:
            conn.execute(insert(table).values({column: name, **(first or {})}))
        conn.execute(update(table).where(table.c[column] == name).values(**changes))
    return now
