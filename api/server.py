"""Run the API under uvicorn: what `ipledger serve` calls."""

from __future__ import annotations

import uvicorn

from ledger.config import Settings


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the API on host:port (default the settings') until interrupted.

    One process, one event loop; the anchoring worker is the lead's to start beside it.
    """
    from api.main import create_app
    from api.metrics import MetricsMiddleware
    from api.timeouts import BodyTimeoutMiddleware
    from ledger.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    app = create_app(settings)
    uvicorn.run(
        MetricsMiddleware(BodyTimeoutMiddleware(app, settings.api_body_timeout),
                          app.state.context.engine),
        host=host or settings.api_host,
        port=settings.api_port if port is None else port,
        log_level=settings.log_level.lower(),
        log_config=None,  # uvicorn's lines go through ipledger's handler (configure_logging)
        access_log=False,
        proxy_headers=False,
    )
