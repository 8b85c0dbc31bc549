"""The FastAPI application factory: routers, problem handlers, limits, and the app context."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.auth import KeyAuthenticator
from api.context import ApiContext, EvidenceBuilder, LedgerPort
from api.limits import BodyLimitMiddleware, TokenBuckets
from api.problems import PROBLEM_MEDIA_TYPE, Problem, install_problem_handlers
from api.routes import anchors, checkpoints, digests, entries, log, proofs
from api.sequencer import Sequencer
from ledger.config import Settings
from ledger.keys import LogSigner

DESCRIPTION = """\
ipledger records SHA-256 digests of documents (never the documents) in an append-only
RFC 9162 Merkle log, signs checkpoints, anchors them on an EVM chain, and hands out evidence
bundles that `ipledger-verify` checks offline.

* Submissions need an API key with the `submit` scope (`Authorization: Bearer <key>` or
  `X-API-Key`); reading entries needs `read`. Checkpoints, proofs, anchors and log info are
  public.
* Every error is an RFC 9457 `application/problem+json` document.
* A submission is answered only after its commit, with a receipt signed by the log key
  (`ipledger-receipt v1` signed note); `Idempotency-Key` makes retries safe.
"""


def _no_evidence(index: int) -> None:
    """Evidence assembly is not wired on this server (see `create_app(evidence=...)`)."""
    return None


def create_app(
    settings: Settings | None = None,
    *,
    ledger: LedgerPort | None = None,
    signer: LogSigner | None = None,
    evidence: EvidenceBuilder | None = None,
) -> FastAPI:
    """Build the API for a deployment.

    By default the ledger (database migrated on open) and the log key come from
    `settings` (`api.ledger_port.open_ledger`); tests and the CLI may pass their own.
    `evidence(index)` returns an entry's evidence bundle as a JSON-ready dict, or None
    when it cannot be assembled yet; it is called only for entries whose covering anchor
    is in a block. The lead's bundle assembly plugs in there.
    """
    settings = settings or Settings()
    if ledger is None or signer is None:
        from api.ledger_port import open_ledger

        opened = open_ledger(settings)
        ledger = ledger or opened.ledger
        signer = signer or opened.signer
    sequencer = Sequencer(ledger, signer.sign_note, settings.origin)
    context = ApiContext(
        settings=settings,
        engine=ledger.engine,
        ledger=ledger,
        origin=settings.origin,
        verifier_key=signer.verifier_key,
        sign=signer.sign_note,
        sequencer=sequencer,
        buckets=TokenBuckets(settings.api_rate_per_second, settings.api_rate_burst),
        keys=KeyAuthenticator(ledger.engine, settings.api_key_cache_seconds),
        evidence=evidence or _no_evidence,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sequencer.start()
        try:
            yield
        finally:
            sequencer.stop()

    app = FastAPI(
        title="ipledger",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.context = context
    install_problem_handlers(app)
    for module in (entries, digests, checkpoints, proofs, anchors, log):
        app.include_router(module.router)
    small, large = settings.api_max_small_body_bytes, settings.api_max_body_bytes
    app.add_middleware(
        BodyLimitMiddleware,
        limit_for=lambda path: large if path.endswith("/entries/batch") else small,
    )
    _install_openapi(app)
    return app


def _install_openapi(app: FastAPI) -> None:
    """Document error responses as `application/problem+json` only, with the Problem schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template=_REF)
        for name, definition in problem.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components.setdefault("Problem", problem)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for status, response in operation.get("responses", {}).items():
                    if status.startswith(("4", "5")):
                        response["content"] = {
                            PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


_REF = "#/components/schemas/{model}"
