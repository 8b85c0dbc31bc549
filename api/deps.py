"""Annotated dependencies of the routes: the app context, the caller's tenant and scopes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from ipledger.api.auth import presented_key, require_scope
from ipledger.api.context import ApiContext
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.tenants import Principal

# The OpenAPI security schemes (the "Authorize" button of /docs), added to the document by
# `api.main`: routes that depend on `submitter` or `reader` list both as alternatives. The
# key is read from the headers by `authenticate`, with no security dependency object per
# request, so that a malformed header gets a precise problem and the hot path stays short.
SECURITY_SCHEMES = {
    "HTTPBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <API key>`",
    },
    "APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                     "description": "The API key."},
}
# An operation's `security`: either scheme (a route that authenticates by hand, not through
# a dependency, declares it with `openapi_extra`).
KEY_SECURITY: list[dict[str, list[str]]] = [{name: []} for name in SECURITY_SCHEMES]


def context_of(request: Request) -> ApiContext:
    """Return the context `create_app` stored on the application."""
    context: ApiContext = request.app.state.context
    return context


async def get_context(request: Request) -> ApiContext:
    """Return the context `create_app` stored on the application."""
    return context_of(request)


Context = Annotated[ApiContext, Depends(get_context)]


async def get_settings(context: Context) -> Settings:
    """Return the deployment's settings."""
    return context.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_deployment(context: Context) -> Deployment:
    """Return the deployment the app serves: its log store, key and chain."""
    return context.deployment


DeploymentDep = Annotated[Deployment, Depends(get_deployment)]


async def authenticate(request: Request, scope: str) -> Principal:
    """Authenticate the request's API key (401), check `scope` (403), charge the rate (429).

    A key found in the cache costs a dictionary lookup; only a miss asks the database, in
    a worker thread.
    """
    context = context_of(request)
    key = presented_key(request.headers.get("authorization"), request.headers.get("x-api-key"))
    found = context.keys.cached(key)
    if found is None:
        found = await run_in_threadpool(context.keys.principal, key)
    context.buckets.check(found.key_id)
    require_scope(found, scope)
    return found


async def submitter(request: Request) -> Principal:
    """Require a key with the `submit` scope."""
    return await authenticate(request, "submit")


async def reader(request: Request) -> Principal:
    """Require a key with the `read` scope."""
    return await authenticate(request, "read")


AUTHENTICATING = (submitter, reader)
Submitter = Annotated[Principal, Depends(submitter)]
Reader = Annotated[Principal, Depends(reader)]
