"""Real `ipledger serve` processes for the benches, their baselines, and a GET load generator.

Shared by bench/postgres.py and bench/readpath.py: a data directory set up as an operator
would (`ipledger init`, `ipledger chain up`, `ipledger keys create`), `ipledger serve`
processes on free ports, the baselines on the same uvicorn settings as bench/api.py (a
FastAPI no-op answering GETs, Starlette's StaticFiles over an exported tile copy), and a
closed-loop GET load generator in its own process (bench.api's client loop).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.api import UVICORN, free_port
from bench.http_load import run_clients
from bench.log import cpu_pressure

BIN = Path(sys.executable).parent
ORIGIN = "bench.ipledger/log"


def machine_load() -> str:
    """One line: CPUs, 1-minute load average, CPU pressure (bench.log's reading)."""
    return (
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
        f"CPU pressure {cpu_pressure()}"
    )


@dataclass
class BenchDataDir:
    """A data directory initialised as an operator would, its managed chain up, one key."""

    path: Path
    env: dict[str, str]
    key: str = ""

    @classmethod
    def init(
        cls, path: Path, database_url: str | None = None, batch_interval: float = 3600.0
    ) -> BenchDataDir:
        """`ipledger init`, `chain up`, `keys create bench` (scopes submit and read)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
        env.update(
            IPLEDGER_ORIGIN=ORIGIN,
            IPLEDGER_BATCH_INTERVAL=str(batch_interval),
            IPLEDGER_ANCHOR_POLL_INTERVAL="0.2",
            IPLEDGER_API_RATE_PER_SECOND="0",
        )
        if database_url is not None:
            env["IPLEDGER_DATABASE_URL"] = database_url
        made = cls(path, env)
        made.ipledger("init")
        made.ipledger("chain", "up")
        created = made.ipledger("keys", "create", "bench")
        made.key = next(line for line in created.splitlines() if line.startswith("ipl_"))
        return made

    def ipledger(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "ipledger"), *args, "--dir", str(self.path)],
            env=self.env, capture_output=True, text=True, timeout=1800, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"ipledger {' '.join(args)} failed: {done.stderr}{done.stdout}")
        return done.stdout

    def down(self) -> None:
        from ipledger.ledger.chain.managed import chain_down

        chain_down(self.path)


@dataclass
class ServerProcess:
    """A server process listening on 127.0.0.1:`port`."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path | None = field(default=None)

    @classmethod
    def start(
        cls, name: str, argv: list[str], port: int, env: dict[str, str] | None = None,
        log: Path | None = None, wait: float = 120.0,
    ) -> ServerProcess:
        out = log.open("wb") if log is not None else subprocess.DEVNULL
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return cls(name, port, process, log)
            except OSError:
                if process.poll() is not None:
                    detail = log.read_text()[-2000:] if log is not None else ""
                    raise RuntimeError(f"{name} exited: {detail}") from None
                time.sleep(0.1)
        process.kill()
        raise RuntimeError(f"{name} did not listen on port {port}")

    def stop(self) -> None:
        from ipledger.ledger.testing import stop_process

        stop_process(self.process)


def ipledger_serve(
    data: BenchDataDir, *, worker: bool = False, name: str = "ipledger serve"
) -> ServerProcess:
    """One real `ipledger serve` process (`--no-worker` unless `worker`)."""
    port = free_port()
    argv = [
        str(BIN / "ipledger"), "serve", "--dir", str(data.path), "--host", "127.0.0.1",
        "--port", str(port), "--worker" if worker else "--no-worker",
    ]
    return ServerProcess.start(name, argv, port, data.env, log=data.path / f"serve-{port}.log")


def baseline(kind: str, directory: Path | None = None) -> ServerProcess:
    """`noop` (FastAPI, constant JSON on GET) or `static` (StaticFiles over `directory`)."""
    port = free_port()
    argv = [sys.executable, "-m", "bench.served", kind, str(port), str(directory or ".")]
    return ServerProcess.start(kind, argv, port)


# -- the baselines' processes ---------------------------------------------------------------

NOOP_BODY = b'{"index":0,"size":1,"leaf_hash":"","root":"","proof":[]}'


def _run_baseline(kind: str, port: int, directory: Path) -> None:
    import uvicorn
    from fastapi import FastAPI, Response

    sys.setswitchinterval(0.0005)  # as bench.api's servers
    app: Any
    if kind == "noop":
        app = FastAPI()

        @app.get("/{path:path}")
        def noop(path: str) -> Response:  # sync, as the proof routes are
            return Response(NOOP_BODY, media_type="application/json")
    else:
        from starlette.applications import Starlette
        from starlette.routing import Mount
        from starlette.staticfiles import StaticFiles

        app = Starlette(routes=[Mount("/", app=StaticFiles(directory=directory))])
    uvicorn.run(app, port=port, **UVICORN)


# -- the GET load generator (its own process) -------------------------------------------------


def get_request(path: str, key: str | None) -> bytes:
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}\r\n".encode("ascii")


def get_load(
    port: int, paths: list[str], *, key: str | None = None, seconds: float = 10.0,
    connections: int = 64, expect: int = 200,
) -> dict[str, Any]:
    """GET `paths` in turn over `connections` keep-alive connections for `seconds` (closed loop).

    Runs bench.api's client loop in a process of its own; raises unless every answer was
    `expect`. Returns requests, seconds, statuses, p50_ms, p99_ms.
    """
    spec = json.dumps(
        {"port": port, "paths": paths, "key": key, "seconds": seconds, "connections": connections}
    )
    done = subprocess.run(
        [sys.executable, "-m", "bench.served", "load"], input=spec, capture_output=True,
        text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the GET load generator failed: {done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    if result["statuses"].get(str(expect), 0) != result["requests"]:
        raise RuntimeError(f"GET load on port {port}: not all answers were {expect}: {result}")
    return result


def _load_main(spec: dict[str, Any]) -> dict[str, Any]:
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    paths: list[str] = spec["paths"]
    requests = [get_request(p, spec["key"]) for p in paths]
    # The list is cycled if the run outlasts it (each path answers the same every time).
    budget = int(spec["seconds"] * 20_000) + spec["connections"] * 4
    requests = [requests[i % len(requests)] for i in range(budget)]
    port, conns = spec["port"], spec["connections"]
    asyncio.run(run_clients(port, requests[: conns * 4], conns, 1.0, None))
    return asyncio.run(run_clients(port, requests[conns * 4 :], conns, spec["seconds"], None))


def rate(result: dict[str, Any]) -> float:
    return float(result["requests"]) / float(result["seconds"])


def main(argv: list[str]) -> int:
    if argv[:1] == ["load"]:
        print(json.dumps(_load_main(json.loads(sys.stdin.read()))))
        return 0
    if argv[:1] in (["noop"], ["static"]):
        _run_baseline(argv[0], int(argv[1]), Path(argv[2]))
        return 0
    print("usage: python -m bench.served {noop|static} PORT DIR | load < spec.json")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
