"""The API's route class: 415 for a non-JSON body, strict JSON, and the direct submission path."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError

from ipledger.api.bodies import StrictJsonRequest, is_json_media_type
from ipledger.api.problems import ApiProblem

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Model = TypeVar("Model", bound=BaseModel)
_DIRECT = "__ipledger_direct__"


def direct(handler: Handler) -> Callable[[Endpoint], Endpoint]:
    """Serve the decorated endpoint's route with `handler(request)`, past FastAPI's solver.

    For the submission routes only, the hot path: FastAPI's dependency solving cost about
    as much as the whole no-op request (see docs/benchmarks.md). The endpoint keeps its
    declared signature, from which the OpenAPI document is made; `handler` must honour
    the same contract (the Schemathesis test holds both to the schema): read the body
    with `json_of` first, as FastAPI does, then authenticate, then `validated`.
    """

    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _DIRECT, handler)
        return endpoint

    return mark


async def json_of(request: Request) -> Any:
    """Return the request's JSON body (400 if malformed), or `MISSING` for an empty one."""
    if not await request.body():
        return MISSING
    return await request.json()


MISSING: Any = object()


def validated(
    model: type[Model],
    raw: Any,
    headers: Sequence[tuple[str, TypeAdapter[Any], Any]] = (),
) -> Model:
    """Validate the body `raw` as `model` and each (name, adapter, value) header given.

    Raises `RequestValidationError` with FastAPI's locations (`body`, `header`) listing
    every error at once, as FastAPI's own validation would.
    """
    errors: list[dict[str, Any]] = []
    for name, adapter, value in headers:
        if value is not None:
            try:
                adapter.validate_python(value)
            except ValidationError as exc:
                errors += [_at(("header", name), e) for e in exc.errors(include_url=False)]
    body: Model | None = None
    if raw is MISSING:
        errors.append({"type": "missing", "loc": ("body",), "msg": "Field required"})
    else:
        try:
            body = model.model_validate(raw)
        except ValidationError as exc:
            errors += [_at(("body",), e) for e in exc.errors(include_url=False)]
    if errors or body is None:
        raise RequestValidationError(errors)
    return body


def _at(prefix: tuple[str, ...], error: Any) -> dict[str, Any]:
    return {**error, "loc": (*prefix, *error["loc"])}


class StrictRoute(APIRoute):
    """An APIRoute that answers 415 for a non-JSON body and parses JSON strictly."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's (or the `direct`) handler with the media type check and strict JSON."""
        original: Handler = getattr(self.endpoint, _DIRECT, None) or super().get_route_handler()
        takes_body = self.body_field is not None

        async def handler(request: Request) -> Response:
            if takes_body and not is_json_media_type(request.headers.get("content-type")):
                raise ApiProblem(
                    415,
                    "send the body as JSON with 'Content-Type: application/json' (UTF-8)",
                    headers={"Accept-Post": "application/json"},
                )
            return await original(StrictJsonRequest(request.scope, request.receive))

        return handler
