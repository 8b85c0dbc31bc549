"""Run the API under uvicorn: what `ipledger serve` calls."""

from __future__ import annotations

import uvicorn

from ledger.config import Settings


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the API on host:port (default the settings') until interrupted.

    One process, one event loop; the anchoring worker is the lead's to start beside it.
    """
    from api.main import create_app
    from api.timeouts import BodyTimeoutMiddleware

    uvicorn.run(
        BodyTimeoutMiddleware(create_app(settings), settings.api_body_timeout),
        host=host or settings.api_host,
        port=settings.api_port if port is None else port,
        log_level="info",
        access_log=False,
        proxy_headers=False,
    )
