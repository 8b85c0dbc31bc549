"""A kept-alive HTTP(S) connection to one remote party's URL, POSTs bounded in time and size."""

from __future__ import annotations

import http.client
from collections.abc import Mapping
from urllib.parse import urlsplit


class KeptAliveConnection:
    """A kept-alive connection POSTing to one URL; used by one thread at a time.

    A kept-alive connection the remote closed meanwhile is opened again once, at once (the
    callers' requests are idempotent). Failures to get an answer raise `unreachable`.
    """

    def __init__(
        self,
        url: str,
        headers: Mapping[str, str],
        max_answer_bytes: int,
        unreachable: type[Exception],
    ) -> None:
        """Connect to `url` on first use; send `headers` with every request."""
        self._parts = urlsplit(url)
        self._path = (self._parts.path or "/") + (
            f"?{self._parts.query}" if self._parts.query else ""
        )
        self._headers = dict(headers)
        self._max = max_answer_bytes
        self._unreachable = unreachable
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def post(self, body: bytes, timeout: float) -> tuple[int, str | None, bytes]:
        """POST `body`; return status, Content-Type and body; raise `unreachable`."""
        while True:
            kept = self._conn is not None
            try:
                return self._exchange(body, timeout)
            except TimeoutError:
                self.close()
                raise self._unreachable(f"no answer within {timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                stale = isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError
                                   | BrokenPipeError)
                if not (kept and stale):
                    raise self._unreachable(
                        f"unreachable ({type(exc).__name__}: {exc})"
                    ) from None

    def _exchange(self, body: bytes, timeout: float) -> tuple[int, str | None, bytes]:
        if self._conn is None:
            parts = self._parts
            kind = (http.client.HTTPSConnection if parts.scheme == "https"
                    else http.client.HTTPConnection)
            self._conn = kind(parts.hostname or "", parts.port, timeout=timeout)
        conn = self._conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        conn.request("POST", self._path, body=body, headers=self._headers)
        raw = conn.getresponse()
        data = raw.read(self._max + 1)
        if len(data) > self._max or raw.will_close:
            self.close()  # an answer left unread, or the remote closes: not reusable
        return raw.status, raw.getheader("Content-Type"), data
