"""RFC 9457 problem details: the one shape of every error the API returns."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ipledger.api.models import (
    DIGEST_PATTERN,
    HASH_PATTERN,
    KEY_PATTERN,
    METADATA_KEY_PATTERN,
    NONCE_PATTERN,
)
from ipledger.ledger.errors import InvalidEntry, StorageError, StorageUnavailable

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:ipledger:problem:"
log = logging.getLogger("ipledger.api")

# Problem type slug for each status the API answers with when no more specific one applies.
_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "content-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "rate-limited",
    500: "internal",
    503: "unavailable",
}


class FieldProblem(BaseModel):
    """One invalid field: where it is and why it was rejected."""

    model_config = ConfigDict(frozen=True)

    field: str = Field(description="Path of the field, e.g. `entries[3].digest` or `index`.")
    reason: str = Field(description="What is wrong with it and what is expected.")
    position: int | None = Field(
        default=None, description="Position of the entry in a batch, when the field is in one."
    )


class Problem(BaseModel):
    """An RFC 9457 problem details object (`application/problem+json`)."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:ipledger:problem:validation",
                    "title": "Unprocessable Content",
                    "status": 422,
                    "detail": "1 field is invalid",
                    "instance": "/v1/entries",
                    "errors": [
                        {
                            "field": "digest",
                            "reason": "must be 'sha256:' followed by 64 lowercase hex characters",
                            "position": None,
                        }
                    ],
                }
            ]
        },
    )

    type: str = Field(description="URI naming the kind of problem (`urn:ipledger:problem:*`).")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, and how to fix it.")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[FieldProblem] | None = Field(
        default=None, description="The invalid fields, for validation problems."
    )


class ApiProblem(StarletteHTTPException):
    """Raised by routes and dependencies to answer with a problem document.

    A Starlette `HTTPException` so that FastAPI passes it through body parsing unchanged.
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        errors: Sequence[FieldProblem] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Give the status, a detail for humans, and optionally a type slug, fields, headers."""
        super().__init__(status_code=status, detail=detail, headers=dict(headers or {}))
        self.status = status
        self.slug = slug or _SLUGS.get(status, "error")
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers or {})


def problem_response(
    request: Request | None,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: Sequence[FieldProblem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Return an `application/problem+json` response."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + (slug or _SLUGS.get(status, "error")),
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
    if errors is not None:
        body["errors"] = [e.model_dump() for e in errors]
    return Response(
        content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def field_path(loc: Sequence[int | str]) -> tuple[str, int | None]:
    """Turn a pydantic error location into `entries[3].digest` and the batch position 3."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    position = None
    if len(parts) >= 2 and parts[0] == "entries" and isinstance(parts[1], int):
        position = parts[1]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "body", position


# What each pattern of the API's fields means, said in words: a validation problem never
# shows a regular expression (tests/api/test_lists.py checks every pattern has words).
PATTERN_WORDS = {
    DIGEST_PATTERN: "must be 'sha256:' followed by 64 lowercase hex characters (0-9, a-f)",
    NONCE_PATTERN: "must be 32 lowercase hex characters (16 bytes)",
    HASH_PATTERN: "must be 64 lowercase hex characters (32 bytes)",
    KEY_PATTERN: "must be printable ASCII characters without spaces",
    METADATA_KEY_PATTERN: "must be 1 to 100 letters, digits, '_', '.' or '-'",
}


def _reason(error: Mapping[str, Any]) -> str:
    if error.get("type") == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern"))
        return PATTERN_WORDS.get(pattern, "does not have the form this field needs; see /docs")
    msg = str(error.get("msg", "is invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def validation_problems(errors: Sequence[Mapping[str, Any]]) -> list[FieldProblem]:
    """Convert pydantic/FastAPI validation errors to `FieldProblem`s."""
    problems: list[FieldProblem] = []
    for error in errors:
        field, position = field_path(tuple(error.get("loc", ())))
        problems.append(FieldProblem(field=field, reason=_reason(error), position=position))
    return problems


def _validation_detail(problems: Sequence[FieldProblem]) -> str:
    first = problems[0] if problems else None
    if first is None:
        return "the request is invalid"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{first.field}: {first.reason}{more}"


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error the app can raise answer with `application/problem+json`."""

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return problem_response(
            request, exc.status, exc.detail, slug=exc.slug, errors=exc.errors, headers=exc.headers
        )

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        headers = dict(exc.headers or {})
        if status == 404:
            detail = f"no resource at {request.url.path}; see /docs for the routes"
        elif status == 405:
            allow = headers.get("Allow") or headers.get("allow") or ""
            detail = f"{request.method} is not allowed here; allowed: {allow or 'none'}"
        elif status == 413:
            detail = "the request body is too large"
        elif isinstance(exc.detail, str) and exc.detail:
            detail = exc.detail
        else:
            detail = _title(status)
        if status == 400 and detail == "There was an error parsing the body":
            detail = "the request body could not be read as JSON"
        return problem_response(request, status, detail, headers=headers)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = validation_problems(exc.errors())
        return problem_response(request, 422, _validation_detail(problems), errors=problems)

    async def on_invalid_entry(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InvalidEntry)
        field = exc.field
        if exc.position is not None:
            field = f"entries[{exc.position}].{field}"
        problem = FieldProblem(field=field, reason=exc.reason, position=exc.position)
        return problem_response(request, 422, f"{field}: {exc.reason}", errors=[problem])

    async def on_database(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable: %s", database_reason(exc))
        return problem_response(
            request,
            503,
            "the database is unavailable; nothing was stored, retry later",
            headers={"Retry-After": "5"},
        )

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(request, 500, "internal error; it has been logged")

    app.add_exception_handler(ApiProblem, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(InvalidEntry, on_invalid_entry)
    async def on_storage(request: Request, exc: Exception) -> Response:
        # An append the database refused (locked past its timeout, disk full, server gone)
        # was rolled back whole: the client may retry. Anything else broke an invariant.
        if isinstance(exc.__cause__, OperationalError | PoolTimeoutError):
            return await on_database(request, exc.__cause__)
        if isinstance(exc, StorageUnavailable):
            return await on_database(request, exc)
        return await on_unexpected(request, exc)

    app.add_exception_handler(StorageError, on_storage)
    app.add_exception_handler(OperationalError, on_database)
    app.add_exception_handler(PoolTimeoutError, on_database)
    app.add_exception_handler(Exception, on_unexpected)


def database_reason(exc: BaseException) -> str:
    """Return the driver's one-line reason for a database failure (never SQL parameters)."""
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
    return f"{type(orig).__name__}: {first[:200]}" if first else type(orig).__name__


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI `responses` entries documenting problem answers for `statuses`."""
    return {
        status: {
            "model": Problem,
            "description": _title(status),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
