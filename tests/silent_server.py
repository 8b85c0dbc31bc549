"""A TCP listener that takes connections and never answers: a database gone silent."""

from __future__ import annotations

import socket
from types import TracebackType


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
