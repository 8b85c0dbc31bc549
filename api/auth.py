"""API key authentication with a short per-process cache, and scope checks."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine

from ipledger.api.problems import ApiProblem
from ipledger.ledger.errors import InvalidApiKey
from ipledger.ledger.tenants import Principal, authenticate

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="ipledger"'}
MAX_CACHED_KEYS = 10_000


class KeyAuthenticator:
    """Check presented API keys against the database, caching successes for `ttl` seconds.

    The cache bounds how long a revoked key keeps working in a running process (`ttl`;
    0 checks the database on every request). Failures are never cached.
    """

    def __init__(
        self, engine: Engine, ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Authenticate against `engine`'s api_keys table."""
        self.engine = engine
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[bytes, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def cached(self, presented: str) -> Principal | None:
        """Return the principal of a key checked less than `ttl` seconds ago, else None."""
        if self.ttl <= 0:
            return None
        fingerprint = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        with self._lock:
            cached = self._cache.get(fingerprint)
        if cached is not None and cached[0] > self.clock():
            return cached[1]
        return None

    def principal(self, presented: str) -> Principal:
        """Return the principal of a key string or raise a 401 problem."""
        found = self.cached(presented)
        if found is not None:
            return found
        fingerprint = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        now = self.clock()
        try:
            found = authenticate(self.engine, presented)
        except InvalidApiKey as exc:
            raise ApiProblem(401, str(exc), headers=_CHALLENGE) from None
        if self.ttl > 0:
            with self._lock:
                if len(self._cache) >= MAX_CACHED_KEYS:
                    self._cache.clear()
                self._cache[fingerprint] = (now + self.ttl, found)
        return found


def presented_key(authorization: str | None, x_api_key: str | None) -> str:
    """Return the key from `Authorization: Bearer <key>` or `X-API-Key`, else raise 401."""
    if authorization is not None:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise ApiProblem(
                401,
                "use 'Authorization: Bearer <API key>' (or the X-API-Key header)",
                headers=_CHALLENGE,
            )
        key = credentials.strip()
        if x_api_key is not None and x_api_key.strip() and x_api_key.strip() != key:
            raise ApiProblem(401, "Authorization and X-API-Key name different keys")
        return key
    if x_api_key is not None and x_api_key.strip():
        return x_api_key.strip()
    raise ApiProblem(
        401,
        "this route needs an API key: 'Authorization: Bearer <key>' or 'X-API-Key: <key>'; "
        "an operator creates one with `ipledger keys create`",
        headers=_CHALLENGE,
    )


def require_scope(principal: Principal, scope: str) -> None:
    """Raise a 403 problem unless the principal's key has `scope`."""
    if scope not in principal.scopes:
        raise ApiProblem(
            403,
            f"this API key lacks the '{scope}' scope (it has: "
            f"{', '.join(sorted(principal.scopes)) or 'none'})",
        )
