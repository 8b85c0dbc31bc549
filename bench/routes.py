"""Direct routes benchmark: CPU per proof request, direct dispatch against FastAPI's router."""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from bench.served import machine_load
from ipledger.api.main import create_app
from ipledger.api.routing import DirectRoutes
from ipledger.api.server import settle_heap
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore

ORIGIN = "bench.ipledger/log"


def routed_app(deployment: Deployment) -> FastAPI:
    """The same app as `create_app` builds, without `DirectRoutes`: FastAPI routes every request."""
    app = create_app(deployment)
    direct: Any = DirectRoutes
    app.user_middleware = [m for m in app.user_middleware if m.cls is not direct]
    return app


async def get(app: Any, path: str, query: bytes) -> bytes:
    """Send one GET straight to the ASGI `app` (no socket, no HTTP parsing); return the body.

    Raises AssertionError unless the answer is 200.
    """
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query,
        "root_path": "", "headers": [(b"host", b"bench")], "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
    }
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    await app(scope, receive, send)
    assert sent[0]["status"] == 200, sent
    return b"".join(m.get("body", b"") for m in sent[1:])


async def _cpu_us(app: Any, path: str, queries: list[bytes]) -> float:
    start = time.process_time()
    for query in queries:
        await get(app, path, query)
    return (time.process_time() - start) / len(queries) * 1e6


async def _run(store: LogStore, size: int, requests: int, rounds: int) -> list[str]:
    settings = Settings(origin=ORIGIN, api_rate_per_second=0)
    deployment = Deployment(settings, store, LogSigner.generate(ORIGIN))
    apps = {"direct": create_app(deployment), "routed": routed_app(deployment)}
    rnd = random.Random(1)
    paths = {
        "/v1/proofs/inclusion": [
            b"index=%d&size=%d" % (rnd.randrange(size), size) for _ in range(requests)
        ],
        "/v1/proofs/consistency": [
            b"first=%d&second=%d" % (rnd.randrange(1, size + 1), size) for _ in range(requests)
        ],
    }
    for path, queries in paths.items():  # the same answers, and warm caches on both
        for query in queries[:50]:
            assert await get(apps["direct"], path, query) == await get(apps["routed"], path, query)
    settle_heap()  # as `ipledger serve` does before serving
    lines = [
        "| route | direct: CPU per request (min / median) | routed by FastAPI (min / median) "
        "| direct / routed (medians) |",
        "| --- | --- | --- | --- |",
    ]
    for path, queries in paths.items():
        times: dict[str, list[float]] = {"direct": [], "routed": []}
        for r in range(rounds):  # interleaved, alternating which goes first
            for name in ("direct", "routed") if r % 2 == 0 else ("routed", "direct"):
                times[name].append(await _cpu_us(apps[name], path, queries))
        d, f = (statistics.median(times[k]) for k in ("direct", "routed"))
        lines.append(
            f"| GET {path} | {min(times['direct']):.0f} / {d:.0f} µs "
            f"| {min(times['routed']):.0f} / {f:.0f} µs | {d / f:.2f}x |"
        )
    gc.unfreeze()
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench routes", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small log, few rounds")
    parser.add_argument("--size", type=int, default=None, help="entries in the log")
    args = parser.parse_args(argv)
    size = args.size or (2_000 if args.quick else 200_000)
    requests, rounds = (200, 2) if args.quick else (1_000, 8)
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-routes-"))
    print(
        f"routes benchmark: SQLite log of {size:,} entries, {rounds} rounds of {requests:,} "
        "random proof requests per route and path, sent to the ASGI app in this process; "
        "CPU time of the process (the thread pool's too)"
    )
    print(f"machine: {machine_load()}")
    try:
        store = LogStore.open(f"sqlite:///{workdir / 'log.db'}")
        for start in range(0, size, 10_000):
            n = min(10_000, size - start)
            store.append([{"digest": "sha256:" + secrets.token_hex(32)} for _ in range(n)])
        lines = asyncio.run(_run(store, size, requests, rounds))
        store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"after: {machine_load()}")
    print()
    print("\n".join(lines))
    return 0
