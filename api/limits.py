"""Request limits: body size per route (413) and per-key token buckets (429), per process."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ipledger.api.problems import ApiProblem, problem_response


class BodyLimitMiddleware:
    """Answer 413 for a body over the limit: at once from Content-Length, else while reading.

    `limit_for(path)` gives the byte limit of a request path.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        """Wrap `app`; `limit_for` maps a request path to its body limit in bytes."""
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes as the app reads them."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = problem_response(
                None,
                413,
                f"the body is {declared} bytes; the limit for this route is {limit} bytes"
                + _batch_hint(scope["path"]),
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise ApiProblem(
                        413,
                        f"the body exceeds the limit for this route, {limit} bytes"
                        + _batch_hint(scope["path"]),
                    )
            return message

        await self.app(scope, limited_receive, send)


def _batch_hint(path: str) -> str:
    return "; split the batch into smaller ones" if path.endswith("/batch") else ""


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class TokenBuckets:
    """One token bucket per key: `rate` tokens a second, at most `burst` saved up.

    State lives in this process only: with N API processes a key may get up to N times
    the rate. Thread-safe.
    """

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Create empty buckets; a rate of 0 turns limiting off."""
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: float = 1.0) -> float:
        """Take `cost` tokens from `key`'s bucket; return 0, or seconds to wait when empty."""
        if self.rate <= 0:
            return 0.0
        cost = min(cost, float(self.burst))
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / self.rate

    def check(self, key: str, cost: float = 1.0) -> None:
        """Take tokens or raise a 429 problem with `Retry-After` in whole seconds."""
        wait = self.take(key, cost)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise ApiProblem(
                429,
                f"rate limit of {self.rate:g} requests/s (burst {self.burst}) for this API key "
                f"reached; retry in {seconds} s",
                headers={"Retry-After": str(seconds)},
            )
