"""Run the API under uvicorn: what `ipledger serve` calls."""

from __future__ import annotations

import logging

import uvicorn

from ledger.config import Settings


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the API on host:port (default the settings') until interrupted.

    One process, one event loop; beside it a thread connects to the chain and runs the
    anchoring worker (see `api.chain_side`). ipledger's own log lines go to stderr.
    """
    from api.main import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")

    uvicorn.run(
        create_app(settings),
        host=host or settings.api_host,
        port=settings.api_port if port is None else port,
        log_level="info",
        access_log=False,
        proxy_headers=False,
    )
