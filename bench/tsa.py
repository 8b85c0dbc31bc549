"""The TSA's speed: tokens signed per second on one thread vs bare ECDSA P-256, and POSTs/s."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from bench.api import BenchServer, prepare, run_load
from bench.http_load import run_clients
from ipledger.ledger.der import (
    der_boolean,
    der_integer,
    der_null,
    der_octet_string,
    der_oid,
    der_sequence,
)

TARGET = 1_000.0  # tokens per second, single-threaded (issue 14)
CONNECTIONS = 64


def timestamp_request(nonce: bool = True) -> bytes:
    """An RFC 3161 TimeStampReq as `openssl ts -query -sha256 -cert` writes it."""
    parts = [
        der_integer(1),
        der_sequence(
            der_sequence(der_oid("2.16.840.1.101.3.4.2.1"), der_null()),
            der_octet_string(secrets.token_bytes(32)),
        ),
    ]
    if nonce:
        parts.append(der_integer(int.from_bytes(secrets.token_bytes(8), "big")))
    parts.append(der_boolean(True))
    return der_sequence(*parts)


def _per_second(work: Any, seconds: float) -> float:
    done, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            work()
        done += 100
    return done / (time.perf_counter() - start)


def signing_path(workdir: Path, seconds: float) -> tuple[float, float]:
    """Tokens/s (parse, serial, TSTInfo, CMS, signature; no log append) and bare signatures/s."""
    from ipledger.ledger.db import migrate
    from ipledger.ledger.tsa.identity import create_tsa
    from ipledger.ledger.tsa.serials import SerialAllocator
    from ipledger.ledger.tsa.tokens import TokenIssuer, parse_request

    identity = create_tsa(workdir / "signing-tsa", name="bench.ipledger/log")
    issuer = TokenIssuer(identity, timedelta(seconds=1))
    serials = SerialAllocator(migrate(f"sqlite:///{workdir / 'serials.db'}"))
    policy = identity.policy
    requests = [timestamp_request() for _ in range(4096)]
    position = 0

    def one_token() -> None:
        nonlocal position
        position = (position + 1) & 4095
        request = parse_request(requests[position], policy)
        now = datetime.now(UTC)
        gen_time = now.replace(microsecond=now.microsecond // 1000 * 1000)
        issuer.grant(request, serials.next(), gen_time)

    key = ec.generate_private_key(ec.SECP256R1())
    message = secrets.token_bytes(200)  # about the size of the signed attributes
    algorithm = ec.ECDSA(hashes.SHA256())

    def one_signature() -> None:
        key.sign(message, algorithm)

    _per_second(one_token, 0.3)  # warm-up
    # Alternating windows, so that both rates see the same (shared) machine.
    rounds = 5
    signatures = tokens = 0.0
    for _ in range(rounds):
        signatures += _per_second(one_signature, seconds / rounds) / rounds
        tokens += _per_second(one_token, seconds / rounds) / rounds
    return tokens, signatures


def _raw(key: str, body: bytes) -> bytes:
    head = (
        f"POST /v1/timestamp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/timestamp-query\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


def load(port: int, key: str, seconds: float, connections: int) -> dict[str, Any]:
    requests = [_raw(key, timestamp_request()) for _ in range(int(seconds * 5000) + connections)]
    asyncio.run(run_clients(port, requests[: connections * 4], connections, 1.0, None))
    return asyncio.run(run_clients(port, requests, connections, seconds, None))


def end_to_end(workdir: Path, seconds: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """POST /v1/timestamp over HTTP (server and client in separate processes), log append on;
    and POST /v1/entries (the same append, no token) on the same server, just before."""
    from ipledger.ledger.tsa.identity import create_tsa

    data_dir = workdir / "served"
    key = prepare(data_dir)
    create_tsa(data_dir / "tsa", name="bench.ipledger/log")
    server = BenchServer.start("ipledger", data_dir)
    try:
        entries = run_load(server, "/v1/entries", key, seconds, connections=CONNECTIONS)
        done = subprocess.run(
            [sys.executable, "-m", "bench.tsa", "load", str(server.port), key, str(seconds),
             str(CONNECTIONS)],
            capture_output=True, text=True, check=True,
        )
    finally:
        server.stop()
    result: dict[str, Any] = json.loads(done.stdout)
    if result["statuses"].get("200", 0) != result["requests"]:
        raise RuntimeError(f"not every answer was 200: {result}")
    return result, entries


def main(argv: list[str]) -> int:
    if argv[:1] == ["load"]:
        port, key, secs, conns = argv[1:5]
        print(json.dumps(load(int(port), key, float(secs), int(conns))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench tsa", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 s per phase: a smoke run")
    parser.add_argument("--seconds", type=float, default=None, help="per phase (default 5)")
    args, _ = parser.parse_known_args(argv)
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-tsa-"))
    print(
        f"TSA benchmark: {seconds:g} s per phase; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    tokens, signatures = signing_path(workdir, seconds)
    ok = tokens >= TARGET
    print(f"  bare ECDSA P-256 signatures (cryptography), 1 thread: {signatures:,.0f}/s")
    print(
        f"  RFC 3161 tokens signed, 1 thread (parse + serial + TSTInfo + CMS + signature, "
        f"no log append): {tokens:,.0f}/s = {tokens / signatures:.2f} x bare signatures; "
        f"target >= {TARGET:,.0f}/s: {'OK' if ok else 'MISSED'}"
    )
    served, entries = end_to_end(workdir, seconds)
    rate = served["requests"] / served["seconds"]
    base = entries["requests"] / entries["seconds"]
    print(
        f"  POST /v1/entries (the same append, no token), same server, {CONNECTIONS} "
        f"connections: {base:,.0f}/s (p50 {entries['p50_ms']:.1f} ms, "
        f"p99 {entries['p99_ms']:.1f} ms)"
    )
    print(
        f"  POST /v1/timestamp over HTTP with the log append, {CONNECTIONS} connections: "
        f"{rate:,.0f}/s (p50 {served['p50_ms']:.1f} ms, p99 {served['p99_ms']:.1f} ms) "
        f"= {rate / base:.2f} x POST /v1/entries"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
