"""The API's route class (415, strict JSON), direct dispatch of the hot routes, HEAD as GET."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import fastapi.routing
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette._utils import get_route_path, is_async_callable
from starlette.concurrency import run_in_threadpool
from starlette.convertors import PathConvertor, StringConvertor
from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ipledger.api.bodies import StrictJsonRequest, is_json_media_type
from ipledger.api.problems import ApiProblem
from ipledger.ledger.db import is_sqlite
from ipledger.ledger.deployment import Deployment

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Model = TypeVar("Model", bound=BaseModel)
T = TypeVar("T")
_DIRECT = "__ipledger_direct__"


async def store_read(deployment: Deployment, work: Callable[[], T]) -> T:
    """Return `work()`, a direct handler's reads: in the event loop on SQLite, else in a thread.

    A read on SQLite is a few page-cache reads, shorter than the hop to the thread pool and
    back (docs/benchmarks.md, "Read path"): it runs in the event loop. Reads from
    PostgreSQL wait on the network, so they keep the hop.
    """
    if is_sqlite(deployment.store.engine):
        return work()
    return await run_in_threadpool(work)


def direct(handler: Handler) -> Callable[[Endpoint], Endpoint]:
    """Serve the decorated endpoint's route with `handler(request)`, past FastAPI's solver.

    For the hot paths only (submissions, proofs, the entry reads and listing, checkpoints, tiles):
    FastAPI's dependency solving cost about as much as the whole no-op request, and a sync
    endpoint two thread-pool hops (see docs/benchmarks.md). The endpoint keeps its
    declared signature, from which the OpenAPI document is made; `handler` must honour
    the same contract (the Schemathesis test holds both to the schema): read the body
    with `json_of` first, as FastAPI does, then authenticate, then `validated` (query
    parameters: `validated_query`, path parameters: `validated_path`).
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


def validated_query(request: Request, params: Sequence[tuple[str, TypeAdapter[Any]]]) -> list[Any]:
    """Return the required query parameters `params` (name, adapter), validated in order.

    As FastAPI reads them: the last value of a repeated name, lax validation of the text.
    Raises `RequestValidationError` with the locations (`query`, name) of every error.
    """
    return _validated("query", request.query_params, params)


def validated_query_or_default(
    request: Request, params: Sequence[tuple[str, TypeAdapter[Any], Any]]
) -> list[Any]:
    """Return the query parameters `params` (name, adapter, default): a missing one's default.

    As `validated_query` for those given, every error listed at once.
    """
    given = request.query_params
    present = [(name, adapter) for name, adapter, _ in params if name in given]
    values = iter(_validated("query", given, present))
    return [next(values) if name in given else default for name, _, default in params]


def validated_path(request: Request, params: Sequence[tuple[str, TypeAdapter[Any]]]) -> list[Any]:
    """Return the path parameters `params` (name, adapter), validated in order (see above).

    `DirectRoutes` puts them in the scope as the router would (text, as matched).
    """
    return _validated("path", request.path_params, params)


def _validated(
    where: str, given: Mapping[str, str], params: Sequence[tuple[str, TypeAdapter[Any]]]
) -> list[Any]:
    errors: list[dict[str, Any]] = []
    values: list[Any] = []
    for name, adapter in params:
        text = given.get(name)
        if text is None:
            errors.append({"type": "missing", "loc": (where, name), "msg": "Field required",
                           "input": None})
            continue
        try:
            values.append(adapter.validate_python(text))
        except ValidationError as exc:
            errors += [_at((where, name), e) for e in exc.errors(include_url=False)]
    if errors:
        raise RequestValidationError(errors)
    return values


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


def api_routes(app: FastAPI) -> Iterable[Any]:
    """Return every route of `app` with its full path, included routers' routes too.

    FastAPI 0.165 keeps an included router as one `_IncludedRouter` entry of `app.routes`
    (its routes are no longer copied in), so they are walked with its `iter_route_contexts`
    (each has `path_format`, `methods`, `dependant`, `original_route`); older versions
    list the routes themselves.
    """
    walk = getattr(fastapi.routing, "iter_route_contexts", None)
    return app.routes if walk is None else list(walk(app.routes))


ExceptionHandler = Callable[[Request, Exception], Any]
# Path parameters a direct route may take: text as matched (`{name}`, `{name:path}`).
_TEXT = (StringConvertor, PathConvertor)


class DirectRoutes:
    """Dispatch the `direct` routes (the hot ones: see `direct`) straight to their handlers.

    An ASGI middleware installed inside the app's body limit (`BodyLimitMiddleware`) and
    its server-error handler: a request whose method and path are those of a route whose
    endpoint is marked with `direct` goes to that route's handler (`StrictRoute`'s: the
    415 check, strict JSON, then the direct handler) without FastAPI's router, which tries
    each route's pattern in turn, and the per-request exit stacks and exception middleware
    around it (measured in docs/benchmarks.md). An exception is answered by the app's own
    exception handlers (the problem+json documents), looked up as Starlette's
    `ExceptionMiddleware` does; one without a handler goes up to `ServerErrorMiddleware`
    as before. Every other request goes down the stack unchanged. The routes stay declared
    in FastAPI, so the OpenAPI document and `url_for` are the same; tests/api/
    test_direct_routes.py holds the answers byte-identical to the routed ones.
    """

    def __init__(self, app: ASGIApp, *, api: FastAPI) -> None:
        """Wrap `app` (the rest of `api`'s stack); find `api`'s direct routes and handlers."""
        self.app = app
        self._routes: dict[tuple[str, str], tuple[Handler, Any]] = {}
        # Routes with path parameters, matched by pattern in declaration order (as the
        # router tries them); a path the pattern accepts is theirs whatever its text, as
        # with the router, and the handler validates the parameters.
        self._patterns: list[tuple[str, re.Pattern[str], str, Handler, Any]] = []
        for route in api_routes(app=api):
            original = getattr(route, "original_route", route)
            if isinstance(original, StrictRoute) and hasattr(original.endpoint, _DIRECT):
                handler = original.get_route_handler()
                pattern, _, convertors = compile_path(route.path_format)
                if any(type(c) not in _TEXT for c in convertors.values()):
                    raise TypeError(f"{route.path_format}: direct routes take text parameters")
                for method in route.methods or ():
                    if convertors:
                        self._patterns.append(
                            (method, pattern, route.path_format, handler, original)
                        )
                    else:
                        self._routes[method, route.path_format] = (handler, original)
        self._by_status: dict[int, ExceptionHandler] = {}
        self._by_class: dict[type[BaseException], ExceptionHandler] = {}
        for key, value in api.exception_handlers.items():
            if isinstance(key, int):
                if key != 500:  # 500 and Exception are ServerErrorMiddleware's
                    self._by_status[key] = value
            elif key is not Exception:
                self._by_class[key] = value

    @property
    def paths(self) -> set[tuple[str, str]]:
        """The (method, path) pairs dispatched directly, path parameters as declared."""
        return set(self._routes) | {(m, path) for m, _, path, _, _ in self._patterns}

    def _find(self, method: str, path: str) -> tuple[Handler, Any, dict[str, str]] | None:
        found = self._routes.get((method, path))
        if found is not None:
            return found[0], found[1], {}
        for wanted, pattern, _, handler, route in self._patterns:
            if wanted == method and (match := pattern.match(path)) is not None:
                return handler, route, match.groupdict()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a direct route's request, or pass the request down the stack."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = self._find(scope["method"], get_route_path(scope))
        if found is None:
            await self.app(scope, receive, send)
            return
        handler, route, path_params = found
        # As the router leaves them: /metrics labels requests by scope["route"].path.
        scope["endpoint"] = route.endpoint
        scope["path_params"] = path_params
        scope["route"] = route
        request = Request(scope, receive, send)
        started = False

        async def sender(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            response = await handler(request)
            await response(scope, receive, sender)
        except Exception as exc:
            on_error = self._handler_for(exc)
            if on_error is None:
                raise
            if started:
                raise RuntimeError(
                    "Caught handled exception, but response already started."
                ) from exc
            if is_async_callable(on_error):
                answer = await on_error(request, exc)
            else:
                answer = await run_in_threadpool(on_error, request, exc)
            await answer(scope, receive, sender)

    def _handler_for(self, exc: Exception) -> ExceptionHandler | None:
        if isinstance(exc, HTTPException) and exc.status_code in self._by_status:
            return self._by_status[exc.status_code]
        for cls in type(exc).__mro__:
            if cls in self._by_class:
                return self._by_class[cls]
        return None


class HeadAsGet:
    """Answer HEAD on every GET route: the GET's status and headers, no body (RFC 9110).

    RFC 9110 section 9.1 has general-purpose servers support HEAD, and mirrors, caches and
    `curl -I` use it; FastAPI's routes answer only the methods they declare, so HEAD got 405.
    The request goes down as GET in a copy of the scope (the server's own scope keeps HEAD,
    so uvicorn expects no body after the GET's Content-Length); the answer's body is dropped.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a HEAD request as GET without the body; pass anything else down."""
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headless(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        inner = {**scope, "method": "GET"}
        try:
            await self.app(inner, receive, headless)
        finally:
            if "route" in inner:  # /metrics, outside the app, labels requests by it
                scope["route"] = inner["route"]
