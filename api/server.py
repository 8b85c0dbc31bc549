"""Run the API under uvicorn: what `ipledger serve` calls."""

from __future__ import annotations

import uvicorn

from ipledger.ledger.deployment import Deployment


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
    (`ipledger.ledger.logs`), secrets scrubbed; `/metrics` and the request-body timeout
    wrap the app.
    """
    from ipledger.api.chain_side import ChainSide
    from ipledger.api.main import create_app
    from ipledger.api.metrics import MetricsMiddleware
    from ipledger.api.timeouts import BodyTimeoutMiddleware
    from ipledger.ledger.logs import configure_logging

    settings = deployment.settings
    configure_logging(settings.log_level, settings.log_format)
    app = create_app(deployment, chain=ChainSide(deployment, run_worker=worker))
    uvicorn.run(
        MetricsMiddleware(BodyTimeoutMiddleware(app, settings.api_body_timeout), deployment.engine),
        host=host or settings.api_host,
        port=settings.api_port if port is None else port,
        log_level=settings.log_level.lower(),
        log_config=None,  # uvicorn's lines go through ipledger's handler
        access_log=False,
        proxy_headers=False,
    )
