"""GET a log's checkpoint and tiles from a URL prefix over one kept-alive HTTP(S) connection."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from ipledger.ledger.mirror.errors import SourceUnreachable, SourceUnverified

MAX_CHECKPOINT_BYTES = 1 << 16  # a checkpoint with dozens of cosignatures is under 8 KiB
DEFAULT_TIMEOUT = 20.0


class TileFetcher:
    """Reads `<prefix>/checkpoint` and `<prefix>/tile/...`; counts the requests it made."""

    def __init__(self, prefix: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Check the URL prefix (http or https, a host); connect on first use."""
        parts = urlsplit(prefix)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceUnreachable(
                f"{prefix!r} is not an http(s) URL; give the office's base URL, "
                "e.g. https://office-b.example or https://cdn.example/office-b-log"
            )
        if parts.query or parts.fragment:
            raise SourceUnreachable(f"{prefix!r}: a URL prefix has no query or fragment")
        self.prefix = prefix.rstrip("/")
        self._parts = parts
        self._base = parts.path.rstrip("/")
        self._timeout = timeout
        self._conn: http.client.HTTPConnection | None = None
        self.requests = 0

    def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def checkpoint(self) -> str:
        """Return the source's checkpoint note text (UTF-8, at most 64 KiB)."""
        body = self.get("checkpoint", MAX_CHECKPOINT_BYTES)
        if len(body) > MAX_CHECKPOINT_BYTES:
            raise SourceUnreachable(
                f"{self.prefix}/checkpoint is over {MAX_CHECKPOINT_BYTES} bytes: not a checkpoint"
            )
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceUnreachable(
                f"{self.prefix}/checkpoint is not text (not UTF-8): is this a log's URL prefix?"
            ) from None

    def tile(self, path: str, size: int) -> bytes:
        """Return the tile at `path` (e.g. `tile/0/001.p/5`); it must be exactly `size` bytes."""
        body = self.get(path, size)
        if len(body) != size:
            got = f"over {size}" if len(body) > size else f"{len(body)}"
            raise SourceUnverified(
                f"{self.prefix}/{path} is {got} bytes, expected {size} "
                "(32 bytes per hash of the tile's width); nothing was kept"
            )
        return body

    def get(self, path: str, limit: int) -> bytes:
        """GET `<prefix>/<path>`: at most `limit` + 1 bytes of a 200 answer, else raise."""
        url = f"{self.prefix}/{path}"
        for attempt in (1, 2):
            kept = self._conn is not None
            try:
                status, body = self._exchange(path, limit)
                break
            except TimeoutError:
                self.close()
                raise SourceUnreachable(f"{url}: no answer within {self._timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                stale = isinstance(
                    exc, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError
                )
                if not (kept and stale and attempt == 1):  # a kept connection closed meanwhile
                    raise SourceUnreachable(
                        f"{url}: unreachable ({type(exc).__name__}: {exc})"
                    ) from None
        if status == 404:
            raise SourceUnreachable(f"{url}: 404 not found (is the URL the log's prefix?)")
        if status != 200:
            raise SourceUnreachable(f"{url}: HTTP {status}")
        return body

    def _exchange(self, path: str, limit: int) -> tuple[int, bytes]:
        if self._conn is None:
            parts = self._parts
            kind = (
                http.client.HTTPSConnection if parts.scheme == "https"
                else http.client.HTTPConnection
            )
            self._conn = kind(parts.hostname or "", parts.port, timeout=self._timeout)
        conn = self._conn
        self.requests += 1
        conn.request("GET", f"{self._base}/{path}", headers={"Accept-Encoding": "identity"})
        raw = conn.getresponse()
        body = raw.read(limit + 1)
        if len(body) > limit or raw.will_close:
            self.close()  # an answer left unread, or the remote closes: not reusable
        return raw.status, body
