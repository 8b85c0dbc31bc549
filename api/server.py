"""Run the API under uvicorn: what `ipledger serve` calls, and the server's own refusals."""

from __future__ import annotations

import gc
import json
import logging
import re
import sys
from http import HTTPStatus
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# What the server itself accepts before the app sees a request: nginx's defaults
# (large_client_header_buffers 4 8k), so a proxy configured as docs/operations.md says
# refuses first, and a client talking to this server directly meets the same limits.
MAX_URL_BYTES = 8 * 1024
MAX_HEAD_BYTES = 32 * 1024
UNREADABLE_REQUEST = (
    "the request could not be read as HTTP/1.1 (a malformed request line or header); "
    "check the client, and the proxy in front of this server"
)


class _HeadTooLarge(Exception):
    """Raised from the parser's callbacks to stop reading a request over a limit."""


def _refusal(status: int, detail: str) -> bytes:
    """Return the bytes of an `application/problem+json` answer closing the connection."""
    phrase = HTTPStatus(status).phrase
    body = json.dumps(
        {
            "type": "urn:ipledger:problem:" + _SLUGS[status],
            "title": phrase,
            "status": status,
            "detail": detail,
        }
    ).encode("utf-8")
    return (
        f"HTTP/1.1 {status} {phrase}\r\ncontent-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode("ascii") + body
    )


_LINGER_S = 2.0
_SLUGS = {400: "bad-request", 414: "uri-too-long", 431: "request-header-fields-too-large"}


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with limits on the request head, refusing with problem+json.

    uvicorn answers a request it cannot parse itself, before any application sees it, as
    `text/plain`, and httptools sets no limit on the headers' size; uvicorn's `http` option
    takes a protocol class, so this one adds the limits and replaces only those answers.
    """

    _refusing: tuple[int, str] | None = None
    _head_bytes = 0
    _draining = False

    def on_message_begin(self) -> None:
        """Start counting the new request's head."""
        super().on_message_begin()
        self._head_bytes = 0

    def on_url(self, url: bytes) -> None:
        """Refuse a URL over `MAX_URL_BYTES` (414)."""
        super().on_url(url)
        if len(self.url) > MAX_URL_BYTES:
            self._refusing = (414, f"the URL is longer than {MAX_URL_BYTES} bytes; "
                                   "send long values in a request body")
            raise _HeadTooLarge

    def on_header(self, name: bytes, value: bytes) -> None:
        """Refuse headers over `MAX_HEAD_BYTES` in all (431)."""
        self._head_bytes += len(name) + len(value) + 4
        if self._head_bytes > MAX_HEAD_BYTES:
            self._refusing = (431, f"the request's headers exceed {MAX_HEAD_BYTES} bytes "
                                   "in all; send fewer or shorter headers")
            raise _HeadTooLarge
        super().on_header(name, value)

    def data_received(self, data: bytes) -> None:
        """Parse the request, or discard what still arrives after a refusal."""
        if not self._draining:
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        """Write the refusal as a problem document, then close without losing it.

        A lingering close: closing with the rest of a large request unread would make the
        kernel reset the connection, and a reset can destroy the refusal before the client
        reads it. So the write side is shut, what still arrives is discarded, and the
        connection closes when the client closes it (or after `_LINGER_S`).
        """
        if self._draining:
            return
        status, detail = self._refusing or (400, UNREADABLE_REQUEST)
        self.transport.write(_refusal(status, detail))
        self._draining = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(_LINGER_S, self.transport.close)
        else:
            self.transport.close()


# The interpreter's default, set explicitly: request handling (the event loop) and the
# group-commit writer thread share the GIL, and a shorter interval (0.5 ms was tried) only
# made them hand it back and forth more often for no gain in rate or tail (docs/benchmarks.md).
SWITCH_INTERVAL_S = 0.005


def settle_heap() -> None:
    """Collect garbage once, then freeze every object left, before serving.

    The app's long-lived objects (modules, FastAPI's routes and models, pydantic
    validators, SQLAlchemy's metadata) would otherwise be scanned again by every full
    collection while requests wait; frozen, they are skipped (`gc.freeze`). Measured in
    the API server: a full collection went from 132-144 ms to 6-7 ms.
    """
    gc.collect()
    gc.freeze()


def prepare_process() -> None:
    """Set the GIL switch interval and settle the heap, once, before uvicorn starts."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    settle_heap()


class PlainRecords(logging.Filter):
    """Drop the ANSI colour codes uvicorn adds to its records (`color_message`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Remove `color_message` and any colour code in the message; keep the record."""
        record.__dict__.pop("color_message", None)
        if isinstance(record.msg, str) and "\x1b" in record.msg:
            record.msg = _ANSI.sub("", record.msg)
        return True


def plain_uvicorn_logs() -> None:
    """Make uvicorn's loggers emit plain records (JSON or text, never colour codes)."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, PlainRecords) for f in logger.filters):
            logger.addFilter(PlainRecords())


def server_options(
    settings: Settings, host: str | None = None, port: int | None = None
) -> dict[str, Any]:
    """Return the uvicorn options `ipledger serve` runs with (`uvicorn.run`'s keywords)."""
    return {
        "host": host or settings.api_host,
        "port": settings.api_port if port is None else port,
        "http": ProblemHttpToolsProtocol,
        "log_level": settings.log_level.lower(),
        "log_config": None,  # uvicorn's lines go through ipledger's handler
        "use_colors": False,
        "access_log": False,
        "proxy_headers": False,
    }


def server_config(
    app: ASGIApp, settings: Settings, host: str | None = None, port: int | None = None
) -> uvicorn.Config:
    """Return the uvicorn configuration `ipledger serve` would run `app` with."""
    return uvicorn.Config(app, **server_options(settings, host, port))


def serve(
    deployment: Deployment,
    host: str | None = None,
    port: int | None = None,
    *,
    worker: bool = True,
) -> None:
    """Serve the API of `deployment` on host:port (default the settings') until interrupted.

    One process, one event loop. Beside it the chain side (`ipledger.api.chain_side.ChainSide`)
    uses the deployment's chain (connecting in the background unless it is open already)
    and, with `worker`, runs the anchoring worker. Logs go through ipledger's handler
    (`ipledger.ledger.logs`), secrets scrubbed, colour codes removed; `/metrics` and the
    request-body timeout wrap the app. Before serving, `prepare_process` sets the GIL switch
    interval and settles the heap.
    """
    from ipledger.api.chain_side import ChainSide
    from ipledger.api.main import create_app
    from ipledger.api.metrics import MetricsMiddleware
    from ipledger.api.timeouts import BodyTimeoutMiddleware
    from ipledger.ledger.logs import configure_logging

    settings = deployment.settings
    configure_logging(settings.log_level, settings.log_format)
    plain_uvicorn_logs()
    app = create_app(deployment, chain=ChainSide(deployment, run_worker=worker))
    wrapped = MetricsMiddleware(BodyTimeoutMiddleware(app, settings.api_body_timeout),
                                deployment.engine, writer=app.state.context.sequencer.writer)
    prepare_process()
    uvicorn.run(wrapped, **server_options(settings, host, port))
