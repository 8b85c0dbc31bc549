"""A database gone silent: a TCP listener that takes connections and never answers.

And the helpers that hang the key lookups' one thread on it.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.engine import Engine

from ipledger.api.key_lookups import KeyLookups
from ipledger.ledger.db import create_engine
from ipledger.ledger.idempotency import StoredResponse


class SilentServer:
    """Listens on 127.0.0.1; a client's connect succeeds, then hears nothing until `close`.

    Closing resets what is connected or waiting, so a client blocked on it fails at once.
    """

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.port: int = self._listener.getsockname()[1]
        self._taken: list[socket.socket] = []

    def postgres_url(self, query: str = "") -> str:
        """Return a PostgreSQL URL that points here."""
        return f"postgresql+psycopg://ipledger@127.0.0.1:{self.port}/ipledger{query}"

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Return once a client has connected (raise TimeoutError after `timeout` seconds)."""
        self._listener.settimeout(timeout)
        self._taken.append(self._listener.accept()[0])

    def close(self) -> None:
        """Stop listening and drop every connection."""
        for conn in self._taken:
            conn.close()
        self._listener.close()

    def __enter__(self) -> SilentServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class Lookup(threading.Thread):
    """One lookup awaited on an event loop of its own, as a request on another thread."""

    def __init__(self, lookups: KeyLookups, engine: Engine, key: str) -> None:
        super().__init__(daemon=True)
        self._lookups, self._engine, self._key = lookups, engine, key
        self.answer: StoredResponse | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.answer = asyncio.run(self._lookups.lookup(self._engine, 1, self._key))
        except BaseException as exc:
            self.error = exc

    def result(self) -> BaseException | StoredResponse | None:
        self.join(20)
        assert not self.is_alive()
        return self.error if self.error is not None else self.answer


def hang(lookups: KeyLookups, silent: SilentServer) -> Lookup:
    """Occupy the lookups' thread with a lookup that the silent server never answers."""
    hung = Lookup(lookups, create_engine(silent.postgres_url("?connect_timeout=60")), "hung")
    silent.wait_connected()
    return hung


def until(condition: Callable[[], bool]) -> None:
    """Return once `condition()` holds; fail after 20 s."""
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
