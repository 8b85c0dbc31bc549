"""Idempotency keys in the API: the request fingerprint, the replayed answer, the lookup thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import threading
from typing import Any

import rfc8785
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from ipledger.api.problems import ApiProblem
from ipledger.ledger import idempotency

MAX_WAITING = 256
WAIT_S = 10.0
RECORDED_KEPT = 4096  # answers a process keeps of the keys it recorded or read (ApiContext)
RECORDED_MAX_CHARS = 8192  # ... each at most this long (a single's: 600-1,000; a batch's: more)


def request_fingerprint(route: str, payload: Any) -> bytes:
    """SHA-256 of the route and the RFC 8785 form of the validated body (all fields)."""
    return hashlib.sha256(route.encode("ascii") + b"\n" + rfc8785.dumps(payload)).digest()


def replayed(stored: idempotency.StoredResponse, fingerprint: bytes, key: str) -> Response:
    """Answer a retry with the recorded answer; 409 when the key came with another request."""
    if stored.request_sha256 != fingerprint:
        raise ApiProblem(
            409,
            f"the Idempotency-Key {key!r} was used for a different request; "
            "use a new key for a new submission",
            slug="idempotency-key-reused",
        )
    return Response(
        content=stored.body,
        status_code=stored.status,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


class KeyLookups:
    """Keyed submissions' key lookups, on one thread of their own, in arrival order.

    A keyed batch asks before its commit; a keyed single only in the rare case that its
    commit was refused with no recorded answer at hand (its record's insert is its lookup:
    `Sequencer._refuse_recorded`).

    Not on Starlette's shared pool: with 64 requests in flight, 40 pool threads contending
    for the GIL cost more than the lookups (bench api's keyed phase: 1,021/s and 1,199 µs of
    CPU a request on the pool, 1,407/s and 819 µs here; two threads measured no better).
    One thread also means that a slow or hung lookup (a database gone) holds up all the
    others, so what waits is bounded: past `max_waiting` queued lookups, or after `wait_s`
    seconds for one, the submission is answered 503 with Retry-After (nothing stored) and
    its lookup leaves the queue if it has not started.
    """

    def __init__(self, *, max_waiting: int = MAX_WAITING, wait_s: float = WAIT_S) -> None:
        """Bound the queue to `max_waiting` lookups and each wait to `wait_s` seconds."""
        self.max_waiting = max_waiting
        self.wait_s = wait_s
        self._thread = concurrent.futures.ThreadPoolExecutor(
            1, thread_name_prefix="ipledger-keys"
        )
        self._lock = threading.Lock()
        self._queued = 0

    @property
    def queued(self) -> int:
        """Return how many lookups are queued or running."""
        return self._queued

    async def lookup(
        self, engine: Engine, tenant_id: int, key: str
    ) -> idempotency.StoredResponse | None:
        """Return the answer recorded for the tenant's key, or None.

        Raises ApiProblem (503) when `max_waiting` lookups are queued already, or when this
        one is not answered within `wait_s` seconds; the database's own errors pass through.
        """
        with self._lock:
            if self._queued >= self.max_waiting:
                raise _unavailable(
                    f"{self._queued} submissions with an Idempotency-Key are waiting for "
                    "the database to look their keys up"
                )
            self._queued += 1
        future = self._thread.submit(idempotency.lookup, engine, tenant_id, key)
        future.add_done_callback(self._left)
        try:
            # Cancelling the wrapper (on timeout) cancels the lookup if it has not started.
            return await asyncio.wait_for(asyncio.wrap_future(future), self.wait_s)
        except TimeoutError:
            raise _unavailable(
                f"the database did not look the Idempotency-Key up within {self.wait_s:g} s"
            ) from None

    def _left(self, _future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._queued -= 1


def _unavailable(why: str) -> ApiProblem:
    return ApiProblem(
        503, f"{why}; nothing was stored, retry later", headers={"Retry-After": "5"}
    )


KEY_LOOKUPS = KeyLookups()
