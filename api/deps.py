"""Annotated dependencies of the routes: the app context, the caller's tenant and scopes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPBearer

from api.auth import presented_key, require_scope
from api.context import ApiContext
from ledger.config import Settings
from ledger.tenants import Principal

# Declared for the OpenAPI document (the "Authorize" button of /docs); the key itself is
# read from the headers by `principal` so that a malformed header gets a precise problem.
_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <API key>`")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="The API key.")


def get_context(request: Request) -> ApiContext:
    """Return the context `create_app` stored on the application."""
    context: ApiContext = request.app.state.context
    return context


Context = Annotated[ApiContext, Depends(get_context)]


def get_settings(context: Context) -> Settings:
    """Return the deployment's settings."""
    return context.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def principal(
    request: Request,
    context: Context,
    _bearer_credentials: Annotated[object, Security(_bearer)] = None,
    _header_key: Annotated[object, Security(_api_key)] = None,
) -> Principal:
    """Authenticate the request's API key (401) and charge its rate limit (429)."""
    key = presented_key(request.headers.get("authorization"), request.headers.get("x-api-key"))
    found = context.keys.principal(key)
    context.buckets.check(found.key_id)
    return found


def submitter(found: Annotated[Principal, Depends(principal)]) -> Principal:
    """Require the `submit` scope (403)."""
    require_scope(found, "submit")
    return found


def reader(found: Annotated[Principal, Depends(principal)]) -> Principal:
    """Require the `read` scope (403)."""
    require_scope(found, "read")
    return found


Submitter = Annotated[Principal, Depends(submitter)]
Reader = Annotated[Principal, Depends(reader)]
