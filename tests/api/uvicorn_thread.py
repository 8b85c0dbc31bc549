"""An app behind uvicorn in a thread on a free port, configured as `ipledger serve` does."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from ipledger.api.server import server_config
from ipledger.ledger.config import Settings
from tests.ports import free_port


@contextmanager
def uvicorn_thread(app: ASGIApp, settings: Settings) -> Iterator[int]:
    """Serve `app` until the block ends; yields the port once uvicorn has started."""
    port = free_port()
    server = uvicorn.Server(server_config(app, settings, "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)
