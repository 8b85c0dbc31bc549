"""The request body deadline (api.timeouts) at the ASGI level, with a trickling client."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastapi import FastAPI, Request

from ipledger.api.problems import install_problem_handlers
from ipledger.api.timeouts import BodyTimeoutMiddleware


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return app


async def _call(app: Any, chunks: list[bytes], gap: float, then_wait: bool) -> list[Any]:
    sent: list[Any] = []
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def feed() -> None:
        for i, chunk in enumerate(chunks):
            await asyncio.sleep(gap)
            last = i == len(chunks) - 1 and not then_wait
            await queue.put({"type": "http.request", "body": chunk, "more_body": not last})

    async def receive() -> dict[str, Any]:
        return await queue.get()

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/echo", "raw_path": b"/echo",
             "query_string": b"", "headers": [(b"content-type", b"application/json")],
             "http_version": "1.1", "scheme": "http", "server": ("t", 80), "client": ("c", 1),
             "root_path": ""}
    feeder = asyncio.create_task(feed())
    await BodyTimeoutMiddleware(app, 0.3)(scope, receive, send)
    feeder.cancel()
    return sent


def test_a_body_in_time_passes() -> None:
    sent = asyncio.run(_call(_app(), [b"ab", b"cd"], gap=0.01, then_wait=False))
    assert sent[0]["status"] == 200 and json.loads(sent[1]["body"]) == {"bytes": 4}


def test_a_trickling_body_gets_408_and_close() -> None:
    sent = asyncio.run(_call(_app(), [b"a"] * 100, gap=0.05, then_wait=True))
    start = sent[0]
    assert start["status"] == 408
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"application/problem+json"
    assert headers[b"connection"] == b"close"
    assert b"did not arrive within 0.3 s" in sent[1]["body"]


def test_the_deadline_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        BodyTimeoutMiddleware(_app(), 0)
