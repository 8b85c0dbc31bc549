"""The FastAPI application factory: routers, problem handlers, limits, and the app context."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ipledger.api.auth import KeyAuthenticator
from ipledger.api.chain_side import ChainSide
from ipledger.api.context import ApiContext
from ipledger.api.deps import AUTHENTICATING, KEY_SECURITY, SECURITY_SCHEMES
from ipledger.api.docs_ui import install_docs_ui
from ipledger.api.limits import BodyLimitMiddleware, TokenBuckets
from ipledger.api.problems import PROBLEM_MEDIA_TYPE, Problem, install_problem_handlers
from ipledger.api.routes import (
    anchors,
    checkpoints,
    cosereceipts,
    digests,
    entries,
    evidence,
    log,
    mirrors,
    proofs,
    tiles,
    timestamp,
    tlogproofs,
    witness,
)
from ipledger.api.routing import DirectRoutes, HeadAsGet, api_routes
from ipledger.api.sequencer import Sequencer
from ipledger.api.writer_process import WriterProcess
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.tsa.authority import TimestampAuthority
from ipledger.ledger.witness.cosigning import Witness

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


def create_app(deployment: Deployment, *, chain: ChainSide | None = None) -> FastAPI:
    """Build the API of an opened deployment.

    `chain` (see `ipledger.api.chain_side.ChainSide`) connects the deployment's chain in
    the background, anchors, answers health and builds bundles; without it no anchor is
    known and every entry stays pending. The app starts and stops it with its lifespan.
    """
    settings = deployment.settings
    writer = WriterProcess(settings) if settings.api_writer_process else None
    sequencer = Sequencer(
        deployment.store, deployment.log_signer.sign_note, deployment.origin, writer=writer
    )
    context = ApiContext(
        deployment=deployment,
        sequencer=sequencer,
        buckets=TokenBuckets(settings.api_rate_per_second, settings.api_rate_burst),
        keys=KeyAuthenticator(deployment.engine, settings.api_key_cache_seconds),
        chain=chain,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sequencer.start()
        if chain is not None:
            chain.start()
        try:
            yield
        finally:
            if chain is not None:
                chain.stop()
            sequencer.stop()

    app = FastAPI(
        title="ipledger",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = context
    app.state.witness = Witness.from_settings(deployment.engine, settings)
    app.state.tsa = TimestampAuthority(deployment.engine, settings)
    install_problem_handlers(app)
    install_docs_ui(app)
    routers = (
        entries, evidence, tlogproofs, cosereceipts, digests, checkpoints, proofs, anchors, log
    )
    for module in (*routers, witness, timestamp, tiles):
        app.include_router(module.router)
    app.include_router(anchors.pages)
    app.include_router(mirrors.router)  # kept copies of other offices' logs (section 16.2)
    app.include_router(mirrors.proofs)
    # Added first, so inside the body limit: the submission routes skip only the router.
    app.add_middleware(DirectRoutes, api=app)
    small, large = settings.api_max_small_body_bytes, settings.api_max_body_bytes
    app.add_middleware(
        BodyLimitMiddleware,
        limit_for=lambda path: large if path.endswith("/entries/batch") else small,
    )
    app.add_middleware(HeadAsGet)  # outermost of the app's own: any route, any answer
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
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        for path, methods in _authenticating_operations(app):
            for method in methods:
                operation = schema["paths"].get(path, {}).get(method.lower())
                if operation is not None:
                    operation["security"] = [dict(s) for s in KEY_SECURITY]
        components = schema["components"].setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template=_REF)
        for name, definition in problem.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components.setdefault("Problem", problem)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for status, response in operation.get("responses", {}).items():
                    # A route declaring its own error media type (add-checkpoint's 409
                    # `text/x.tlog.size`, as tlog-witness requires) keeps it.
                    declared = set(response.get("content", {}))
                    if status.startswith(("4", "5")) and declared <= _JSON_TYPES:
                        response["content"] = {
                            PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _authenticating_operations(app: FastAPI) -> Iterator[tuple[str, set[str]]]:
    """Yield (path, methods) of every route that depends on `submitter` or `reader`."""
    for route in api_routes(app):
        dependant = getattr(route, "dependant", None)
        path = getattr(route, "path_format", None)
        if dependant is None or path is None:
            continue
        if any(d.call in AUTHENTICATING for d in dependant.dependencies):
            yield path, set(route.methods or ())


_REF = "#/components/schemas/{model}"
_JSON_TYPES = {"application/json", PROBLEM_MEDIA_TYPE}
