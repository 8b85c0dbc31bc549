"""Run the API under uvicorn: what `ipledger serve` calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

import uvicorn

from ipledger.ledger.config import Settings

if TYPE_CHECKING:
    from ipledger.ledger.runtime import ChainContext


def serve(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    *,
    chain: ChainContext | None = None,
    worker: bool = True,
) -> None:
    """Serve the API on host:port (default the settings') until interrupted.

    One process, one event loop. Beside it the chain side (`api.chain_side.ChainSide`)
    uses `chain` (or connects in the background when None) and, with `worker`, runs the
    anchoring worker. Logs go through ipledger's handler (`ledger.logs`), secrets scrubbed;
    `/metrics` and the request-body timeout wrap the app.
    """
    from ipledger.api.chain_side import ChainSide
    from ipledger.api.ledger_port import open_ledger
    from ipledger.api.main import create_app
    from ipledger.api.metrics import MetricsMiddleware
    from ipledger.api.timeouts import BodyTimeoutMiddleware
    from ipledger.ledger.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    opened = open_ledger(settings)
    side = ChainSide(
        settings, opened.ledger.store, opened.signer, run_worker=worker, context=chain
    )
    opened.ledger.target = side.target
    app = create_app(settings, ledger=opened.ledger, signer=opened.signer, chain=side)
    try:
        uvicorn.run(
            MetricsMiddleware(
                BodyTimeoutMiddleware(app, settings.api_body_timeout), app.state.context.engine
            ),
            host=host or settings.api_host,
            port=settings.api_port if port is None else port,
            log_level=settings.log_level.lower(),
            log_config=None,  # uvicorn's lines go through ipledger's handler
            access_log=False,
            proxy_headers=False,
        )
    finally:
        opened.ledger.store.close()
