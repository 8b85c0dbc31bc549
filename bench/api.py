"""API benchmark: submissions through real HTTP, against a FastAPI no-op on the same server."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response

from bench.http_load import RETRIED_KEYS, load

ORIGIN = "bench.ipledger/log"
# The server settings both apps run under: one uvicorn process, its default (uvloop,
# httptools) event loop and parser, no access log.
UVICORN: dict[str, Any] = {
    "host": "127.0.0.1",
    "log_level": "warning",
    "access_log": False,
    "proxy_headers": False,
    "workers": 1,
}
# Closed-loop client counts: group commit needs submissions in flight to fill a commit,
# so the peak over the sweep is compared with the no-op's peak.
SWEEP = (64, 256)
BATCH = 10_000
BATCH_CONNECTIONS = 2


# -- the servers (run as `python -m bench.api serve ...` in their own process) -------------


def noop_app() -> FastAPI:
    """The baseline: a FastAPI route that reads the body and answers a constant 201."""
    app = FastAPI()

    @app.post("/v1/entries", status_code=201)
    @app.post("/v1/entries/batch", status_code=201)
    async def noop(request: Request) -> Response:
        await request.body()
        return Response(b'{"ok":true}', status_code=201, media_type="application/json")

    return app


def ipledger_app(data_dir: Path) -> Any:
    """The real API on a SQLite log (synchronous=FULL), no chain, rate limits off."""
    from ipledger.api.main import create_app
    from ipledger.ledger.config import Settings
    from ipledger.ledger.deployment import Deployment
    from ipledger.ledger.keys import LogSigner
    from ipledger.ledger.store import LogStore

    settings = Settings(data_dir=data_dir, origin=ORIGIN, api_rate_per_second=0)
    store = LogStore.open(settings.resolved_database_url)
    signer = LogSigner.load(settings.resolved_log_key_file)
    return create_app(Deployment(settings, store, signer))


def serve(kind: str, port: int, data_dir: Path) -> None:
    import uvicorn

    from ipledger.api.server import prepare_process

    app = noop_app() if kind == "noop" else ipledger_app(data_dir)
    prepare_process()  # as `ipledger serve` does: switch interval, settled heap; both apps
    if os.environ.get("BENCH_SWITCH_INTERVAL"):  # to measure another interval (seconds)
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH_INTERVAL"]))
    uvicorn.run(app, port=port, **UVICORN)


# -- the orchestration ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class BenchServer:
    kind: str
    port: int
    process: subprocess.Popen[bytes]

    @classmethod
    def start(cls, kind: str, data_dir: Path, *, writer_process: bool = False) -> BenchServer:
        port = free_port()
        env = {**os.environ, "IPLEDGER_API_WRITER_PROCESS": "true" if writer_process else "false"}
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.api", "serve", kind, str(port), str(data_dir)], env=env
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return cls(kind, port, process)
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"the {kind} server exited") from None
                time.sleep(0.1)
        process.kill()
        raise RuntimeError(f"the {kind} server did not listen on port {port}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process and its children so far (/proc).

        The children (the writer process) are read while they run: a process's own
        counters include only the children it has already waited for.
        """
        return sum(map(_cpu_ticks, _process_tree(self.process.pid))) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        from ipledger.ledger.testing import stop_process

        stop_process(self.process)


def _process_tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").iterdir():
            todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # ended between the listing and the read
        return 0
    return int(fields[11]) + int(fields[12])


def _keyed_rows(
    phase: str, one: str, run: dict[str, Any], base_64: dict[str, Any],
    base_at_peak: dict[str, Any],
) -> list[Row]:
    """Rate, latency and CPU of a keyed phase at 64 connections, against the no-op's."""
    return [
        Row(
            f"{phase}, 64 connections: rate, p50 / p99",
            f"{_rate(run):,.0f} /s, {run['p50_ms']:.1f} / {run['p99_ms']:.1f} ms",
            f"{_rate(base_64):,.0f} /s, {base_64['p50_ms']:.1f} / {base_64['p99_ms']:.1f} ms "
            "no-op",
            f"{_rate(run) / _rate(base_64):.0%}",
            "",
            None,
        ),
        Row(
            f"  server CPU per {one}",
            f"{run['cpu_us']:,.0f} µs",
            f"{base_at_peak['cpu_us']:,.0f} µs no-op",
            f"{run['cpu_us'] / base_at_peak['cpu_us']:.1f}x",
            "",
            None,
        ),
    ]


def _rate(result: dict[str, Any]) -> float:
    return float(result["requests"]) / float(result["seconds"])


def run_load(
    server: BenchServer, path: str, key: str, seconds: float, *, connections: int = 64,
    rate: float | None = None, batch: int = 1, keys: str = "none",
) -> dict[str, Any]:
    args = [
        sys.executable, "-m", "bench.api", "load", str(server.port), path, key, str(seconds),
        str(connections), str(rate or 0), str(batch), keys,
    ]
    cpu = server.cpu_seconds()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    # Server CPU over the phase (its warm-up included) per request answered in it.
    result["cpu_us"] = 1e6 * (server.cpu_seconds() - cpu) / max(1, result["requests"])
    accepted = result["statuses"].get("201", 0)
    if accepted != result["requests"]:
        raise RuntimeError(f"{server.kind} {path}: not all answers were 201: {result}")
    return result


@dataclass
class Row:
    metric: str
    ours: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None


def fsync_probe(directory: Path, count: int = 100) -> tuple[float, float, float]:
    """Time `count` 4 KiB write + fsync pairs in `directory`: (p50, p99, max) in ms.

    What one durable commit cannot go below on this disk; group commit spreads it over
    the submissions waiting together.
    """
    times: list[float] = []
    path = directory / "fsync-probe"
    with path.open("wb") as f:
        for _ in range(count):
            f.write(os.urandom(4096))
            f.flush()
            start = time.perf_counter()
            os.fsync(f.fileno())
            times.append(1e3 * (time.perf_counter() - start))
    path.unlink()
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.99 * (count - 1))], ordered[-1]


def commits_so_far(data_dir: Path) -> tuple[int, int]:
    """Return (commits, entries) so far: the bench has one key, so one `submissions` row each."""
    import sqlalchemy as sa

    from ipledger.ledger.config import Settings

    engine = sa.create_engine(Settings(data_dir=data_dir, origin=ORIGIN).resolved_database_url)
    try:
        with engine.connect() as conn:
            rows, entries = conn.execute(
                sa.text("SELECT count(*), coalesce(sum(count), 0) FROM submissions")
            ).one()
    finally:
        engine.dispose()
    return int(rows), int(entries)


def per_commit(before: tuple[int, int], after: tuple[int, int]) -> float:
    """Mean entries per commit between two `commits_so_far` readings."""
    return (after[1] - before[1]) / max(1, after[0] - before[0])


def prepare(data_dir: Path) -> str:
    from ipledger.ledger.config import Settings
    from ipledger.ledger.deployment import Deployment
    from ipledger.ledger.tenants import create_key

    ledger, _ = Deployment.init(Settings(data_dir=data_dir, origin=ORIGIN))
    try:
        return create_key(ledger.store.engine, "bench", ("submit", "read"))[1]
    finally:
        ledger.close()


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"]:
        serve(argv[1], int(argv[2]), Path(argv[3]))
        return 0
    if argv[:1] == ["load"]:
        port, path, key, secs, conns, pace, size, keys = argv[1:9]
        result = load(int(port), path, key, float(secs), int(conns), float(pace) or None,
                      int(size), keys)
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench api", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 s per phase: a smoke run")
    parser.add_argument("--seconds", type=float, default=None, help="per phase (default 10)")
    parser.add_argument(
        "--writer-process", action="store_true",
        help="serve ipledger with IPLEDGER_API_WRITER_PROCESS=true (commits in a child process)",
    )
    args = parser.parse_args(argv)
    seconds = args.seconds or (3.0 if args.quick else 10.0)
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-api-"))
    rows: list[Row] = []
    if switch := os.environ.get("BENCH_SWITCH_INTERVAL"):
        print(f"BENCH_SWITCH_INTERVAL={switch}: the servers' switch interval overridden")
    print(
        f"API benchmark: {seconds:g} s per phase; server and load generator are separate "
        f"processes on 127.0.0.1; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}"
        + ("; ipledger commits in its writer process" if args.writer_process else "")
    )
    sweep: dict[str, dict[int, dict[str, Any]]] = {"noop": {}, "ipledger": {}}
    try:
        key = prepare(workdir)
        noop = BenchServer.start("noop", workdir)
        try:
            for clients in SWEEP:
                sweep["noop"][clients] = run_load(
                    noop, "/v1/entries", key, seconds, connections=clients
                )
            base_batch = run_load(
                noop, "/v1/entries/batch", key, seconds, connections=BATCH_CONNECTIONS,
                batch=BATCH,
            )
        finally:
            noop.stop()
        ours = BenchServer.start("ipledger", workdir, writer_process=args.writer_process)
        try:
            for clients in SWEEP:
                sweep["ipledger"][clients] = run_load(
                    ours, "/v1/entries", key, seconds, connections=clients
                )
            peak = max(_rate(r) for r in sweep["ipledger"].values())
            swept = commits_so_far(workdir)
            half = run_load(
                ours, "/v1/entries", key, seconds, connections=max(SWEEP), rate=peak / 2
            )
            # The single-submission phases only: all of them, and the half-peak phase alone.
            halved = commits_so_far(workdir)
            group, half_group = per_commit((0, 0), halved), per_commit(swept, halved)
            batch = run_load(
                ours, "/v1/entries/batch", key, seconds, connections=BATCH_CONNECTIONS,
                batch=BATCH,
            )
            # Last, so that the phases before it run on the state they always ran on.
            keyed_run = run_load(ours, "/v1/entries", key, seconds, connections=64, keys="fresh")
            run_load(ours, "/v1/entries", key, seconds, connections=64, keys="record")
            retried = run_load(ours, "/v1/entries", key, seconds, connections=64, keys="retries")
        finally:
            ours.stop()
        noop = BenchServer.start("noop", workdir)
        try:  # the baseline's own tail at the same offered rate
            base_half = run_load(
                noop, "/v1/entries", key, seconds, connections=max(SWEEP), rate=peak / 2
            )
        finally:
            noop.stop()
        fsync = fsync_probe(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    for clients in SWEEP:
        ours_at, base_at = sweep["ipledger"][clients], sweep["noop"][clients]
        rows.append(
            Row(
                f"single submissions, {clients} connections (closed loop): rate, p50 / p99",
                f"{_rate(ours_at):,.0f} /s, {ours_at['p50_ms']:.1f} / {ours_at['p99_ms']:.1f} ms",
                f"{_rate(base_at):,.0f} /s, {base_at['p50_ms']:.1f} / {base_at['p99_ms']:.1f} ms",
                f"{_rate(ours_at) / _rate(base_at):.0%}",
                "",
                None,
            )
        )
    base_peak = max(_rate(r) for r in sweep["noop"].values())
    rows.append(
        Row(
            "single submissions, peak of the sweep",
            f"{peak:,.0f} /s",
            f"{base_peak:,.0f} /s no-op",
            f"{peak / base_peak:.0%}",
            ">= 50% of the no-op",
            peak / base_peak >= 0.50,
        )
    )
    at_peak = max(sweep["ipledger"].values(), key=_rate)
    base_at_peak = max(sweep["noop"].values(), key=_rate)
    rows.append(
        Row(
            "  server CPU per single submission at the peak",
            f"{at_peak['cpu_us']:,.0f} µs",
            f"{base_at_peak['cpu_us']:,.0f} µs no-op",
            f"{at_peak['cpu_us'] / base_at_peak['cpu_us']:.1f}x",
            "",
            None,
        )
    )
    rows.append(
        Row(
            f"single submissions at half the peak ({_rate(half):,.0f} /s, open loop) p50 / p99",
            f"{half['p50_ms']:.1f} / {half['p99_ms']:.1f} ms",
            f"{base_half['p50_ms']:.1f} / {base_half['p99_ms']:.1f} ms no-op, same rate",
            "",
            "p99 < 50 ms",
            half["p99_ms"] < 50,
        )
    )
    rows.append(
        Row(
            "  server CPU per single submission at half the peak",
            f"{half['cpu_us']:,.0f} µs ({half_group:.1f} entries a commit)",
            f"{base_half['cpu_us']:,.0f} µs no-op",
            f"{half['cpu_us'] / base_half['cpu_us']:.1f}x",
            "",
            None,
        )
    )
    base_64 = sweep["noop"][64]
    rows += _keyed_rows("keyed single submissions (a new Idempotency-Key each)",
                        "keyed single submission", keyed_run, base_64, base_at_peak)
    rows += _keyed_rows(f"keyed retries (every request a replay of one of {RETRIED_KEYS:,} keys)",
                        "keyed retry", retried, base_64, base_at_peak)
    batch_rate = batch["requests"] * BATCH / batch["seconds"]
    base_batch_rate = base_batch["requests"] * BATCH / base_batch["seconds"]
    rows.append(
        Row(
            f"batch route, {BATCH:,} entries a request, {BATCH_CONNECTIONS} connections",
            f"{batch_rate:,.0f} entries/s",
            f"{base_batch_rate:,.0f} /s no-op",
            f"{batch_rate / base_batch_rate:.1%}",
            ">= 20,000 entries/s",
            batch_rate >= 20_000,
        )
    )
    rows.append(
        Row(
            "  latency p50 / p99 of one batch",
            f"{batch['p50_ms']:.0f} / {batch['p99_ms']:.0f} ms",
            f"{base_batch['p50_ms']:.0f} / {base_batch['p99_ms']:.0f} ms",
            "",
            "",
            None,
        )
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"single submissions: {group:.1f} entries per commit on average (all phases)")
    print(
        f"fsync probe (4 KiB write + fsync, 100 times, in the log's directory): p50 "
        f"{fsync[0]:.2f} ms, p99 {fsync[1]:.2f} ms, max {fsync[2]:.2f} ms"
    )
    print()
    print("| metric | ipledger | baseline (same run) | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        met = "" if r.ok is None else ("yes" if r.ok else "NO")
        print(f"| {r.metric} | {r.ours} | {r.baseline} | {r.ratio} | {r.target} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
