"""Strict request bodies: JSON media type, UTF-8, no duplicate keys, no NaN, else a problem."""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

import pydantic_core
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError

from ipledger.api.problems import ApiProblem


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ApiProblem(400, f"the body holds {name}, which is not a JSON number", slug="invalid-json")


def parse_json_body(body: bytes) -> Any:
    """Decode a request body as strict JSON; raise a 400 `ApiProblem` saying what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiProblem(
            400, f"the body is not valid UTF-8 (byte {exc.start})", slug="invalid-json"
        ) from None
    # The standard library's C decoder can overflow the C stack (a crash, not an exception)
    # on deeply nested input; the Rust decoder stops at depth 200 first.
    try:
        pydantic_core.from_json(body)
    except ValueError as exc:
        if "recursion limit" in str(exc):
            raise ApiProblem(400, "the body nests too deeply", slug="invalid-json") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        raise ApiProblem(
            400, f"the body repeats the key {exc.args[0]!r} in one object", slug="invalid-json"
        ) from None
    except json.JSONDecodeError as exc:
        raise ApiProblem(
            400,
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            slug="invalid-json",
        ) from None
    except RecursionError:
        raise ApiProblem(400, "the body nests too deeply", slug="invalid-json") from None
    except ValueError:  # e.g. an integer of more digits than CPython converts (4300)
        raise ApiProblem(
            400, "the body holds a number too long to read", slug="invalid-json"
        ) from None


_PLAIN_JSON = frozenset(
    ("application/json", "application/json; charset=utf-8", "application/json;charset=utf-8")
)


def is_json_media_type(content_type: str | None) -> bool:
    """Return whether a Content-Type header names JSON (`application/json` or `*/*+json`)."""
    if not content_type:
        return False
    if content_type.lower() in _PLAIN_JSON:  # the common spellings, without a MIME parser
        return True
    message = email.message.Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    charset = message.get_param("charset")
    if isinstance(charset, str) and charset.lower() not in ("utf-8", "utf8"):
        return False
    return subtype == "json" or subtype.endswith("+json")


class StrictJsonRequest(Request):
    """A request whose `json()` is `parse_json_body` of its body."""

    async def json(self) -> Any:
        """Return the body parsed strictly (see `parse_json_body`)."""
        if not hasattr(self, "_json"):
            self._json = parse_json_body(await self.body())
        return self._json


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
