"""The benches' HTTP load generator: raw keep-alive HTTP/1.1 over asyncio, closed or open loop."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import statistics
import time
from typing import Any

# The keyed singles the retries phase sends again and again.
RETRIED_KEYS = 1_000


def post_request(path: str, body: bytes, key: str, idempotency_key: str | None = None) -> bytes:
    """Return the bytes of a keep-alive POST of the JSON `body` to `path` with API key `key`."""
    keyed = f"Idempotency-Key: {idempotency_key}\r\n" if idempotency_key else ""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        f"{keyed}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


def single_body() -> bytes:
    """Return a single submission's body with a random digest."""
    return b'{"digest":"sha256:%s"}' % secrets.token_hex(32).encode()


def batch_body(size: int) -> bytes:
    """Return a batch submission's body of `size` random digests."""
    items = ",".join(f'{{"digest":"sha256:{secrets.token_hex(32)}"}}' for _ in range(size))
    return f'{{"entries":[{items}]}}'.encode()


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    """Send `request` on the connection, read the whole answer; return its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def run_clients(
    port: int, requests: list[bytes], connections: int, duration: float, rate: float | None
) -> dict[str, Any]:
    """Send `requests` over keep-alive connections for `duration` seconds.

    Closed loop (rate None): each connection sends its next request when the answer
    arrives. Open loop: request i is due at start + i / rate and its latency counts
    from then, so a slow server cannot hide its queueing (no coordinated omission).
    """
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop_at = 0.0
    start = 0.0
    counter = iter(range(len(requests)))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for i in counter:
                due = start + i / rate if rate else time.perf_counter()
                if rate:
                    delay = due - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                if due >= stop_at:
                    break
                status = await exchange(reader, writer, requests[i])
                latencies.append(time.perf_counter() - due)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    start = time.perf_counter()
    stop_at = start + duration
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "statuses": statuses,
        "p50_ms": 1e3 * statistics.median(ordered) if ordered else None,
        "p99_ms": 1e3 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        if ordered
        else None,
    }


def retry_requests(path: str, key: str) -> list[bytes]:
    """Return the keyed requests the retries phase sends again and again (the same each run)."""
    digests = (hashlib.sha256(b"%d" % i).hexdigest().encode() for i in range(RETRIED_KEYS))
    return [
        post_request(path, b'{"digest":"sha256:%s"}' % digest, key, f"retry-{i}")
        for i, digest in enumerate(digests)
    ]


def load(
    port: int, path: str, key: str, seconds: float, connections: int, rate: float | None,
    batch: int, keys: str = "none",
) -> dict[str, Any]:
    """Run one phase; `keys`: "none", "fresh" (a new Idempotency-Key each), or "record"
    then "retries" (`retry_requests` sent once, then again and again: every answer a replay).
    """
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    if batch > 1:
        # Eight distinct batches sent in turn (a digest may be submitted again: each time
        # it is a new entry with a fresh nonce), shared, not copied, in the request list.
        distinct = [post_request(path, batch_body(batch), key) for _ in range(8)]
        requests = [distinct[i % len(distinct)] for i in range(int(seconds * 200))]
    elif keys == "record":  # once each, as long as it takes
        return asyncio.run(run_clients(port, retry_requests(path, key), connections, 3600.0, None))
    else:
        budget = int((rate or 30_000) * seconds * 1.2) + connections
        if keys == "retries":
            recorded = retry_requests(path, key)
            requests = [recorded[i % len(recorded)] for i in range(budget)]
        else:
            requests = [
                post_request(path, single_body(), key,
                         secrets.token_hex(16) if keys == "fresh" else None)
                for _ in range(budget)
            ]
    # Warm up each connection's path through the server first; with fresh keys, on requests
    # from the end of the list, which the phase does not reach (it would only replay them).
    warm = requests[-connections * 4 :] if keys == "fresh" else requests[: connections * 4]
    asyncio.run(run_clients(port, warm, connections, 1.0, None))
    return asyncio.run(run_clients(port, requests, connections, seconds, rate))
