"""Soak: `ipledger serve` with its anchoring worker under sustained load; rate, memory, latency."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.api import free_port
from bench.http_load import batch_body, exchange, post_request, single_body

IPLEDGER = str(Path(sys.executable).parent / "ipledger")
ORIGIN = "soak.ipledger/log"
WINDOW = 15.0  # seconds per row of the rate table


# -- the load generator (`python -m bench.soak load ...`, its own process) -----------------


async def _closed_loop(port: int, key: str, seconds: float, singles: int, batch: int,
                       out: dict[str, Any]) -> None:
    """`singles` connections of single submissions and one of `batch`-entry batches.

    Each connection sends its next request when the answer arrives. Every answer must be
    201; acknowledged entries are counted per whole second since the start.
    """
    per_second: dict[str, dict[int, int]] = {"single": {}, "batch": {}}
    statuses: dict[int, int] = {}
    start = time.perf_counter()
    stop_at = start + seconds
    batches = [post_request("/v1/entries/batch", batch_body(batch), key) for _ in range(4)]

    async def connection(kind: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        n = 0
        try:
            while time.perf_counter() < stop_at:
                if kind == "batch":
                    request, entries = batches[n % len(batches)], batch
                else:
                    request, entries = post_request("/v1/entries", single_body(), key), 1
                n += 1
                status = await exchange(reader, writer, request)
                statuses[status] = statuses.get(status, 0) + 1
                if status == 201:
                    second = int(time.perf_counter() - start)
                    counts = per_second[kind]
                    counts[second] = counts.get(second, 0) + entries
        finally:
            writer.close()

    kinds = ["single"] * singles + (["batch"] if batch else [])
    await asyncio.gather(*(connection(k) for k in kinds))
    out["per_second"] = per_second
    out["statuses"] = statuses
    out["seconds"] = time.perf_counter() - start


def load(port: int, key: str, seconds: float, singles: int, batch: int) -> dict[str, Any]:
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    out: dict[str, Any] = {}
    asyncio.run(_closed_loop(port, key, seconds, singles, batch, out))
    return out


# -- the orchestration ------------------------------------------------------------------


@dataclass
class RssSample:
    t: float
    rss_mb: float
    log_size: int


@dataclass
class Soak:
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    def env(self, batch_interval: float) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
        env.update({
            "IPLEDGER_DATA_DIR": str(self.data_dir), "IPLEDGER_ORIGIN": ORIGIN,
            "IPLEDGER_API_RATE_PER_SECOND": "0", "IPLEDGER_LOG_LEVEL": "WARNING",
            "IPLEDGER_BATCH_INTERVAL": str(batch_interval),
            "IPLEDGER_ANCHOR_POLL_INTERVAL": "1",
        })
        return env

    def cli(self, env: dict[str, str], *args: str) -> str:
        done = subprocess.run([IPLEDGER, *args], env=env, capture_output=True, text=True,
                              check=True, timeout=120)
        return done.stdout

    def start(self, env: dict[str, str]) -> None:
        self.cli(env, "init")
        with (self.workdir / "serve.log").open("wb") as log:
            self.process = subprocess.Popen(
                [IPLEDGER, "serve", "--port", str(self.port)], env=env,
                stdout=log, stderr=subprocess.STDOUT)
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{self.port}/v1/health", timeout=1).json()
                if health.get("chain", {}).get("anchoring") == "here":
                    return
            except Exception:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("ipledger serve exited at start; see serve.log")
            time.sleep(0.2)
        raise RuntimeError("ipledger serve did not start anchoring within 60 s")

    def rss_mb(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def query(self, sql: str, *args: Any) -> list[Any]:
        conn = sqlite3.connect(f"file:{self.data_dir / 'ledger.db'}?mode=ro", uri=True,
                               timeout=30)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def stop(self, env: dict[str, str]) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        subprocess.run([IPLEDGER, "chain", "down"], env=env, capture_output=True, check=False)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys over xs."""
    if len(xs) < 2 or max(xs) == min(xs):
        return 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den


def entry_latencies(soak: Soak) -> list[float]:
    """Seconds from each entry's receipt (received_at) to the finality of its covering anchor."""
    finals = soak.query("SELECT tree_size, final_at FROM anchors WHERE state = 'final' "
                        "ORDER BY tree_size")
    received = [r[0] for r in soak.query("SELECT received_at FROM entries ORDER BY idx")]
    out: list[float] = []
    start = 0
    for size, final_at in finals:
        out.extend((final_at - received[i]) / 1000 for i in range(start, min(size, len(received))))
        start = max(start, size)
    return out


def idle_latencies(soak: Soak, key: str, count: int) -> list[float]:
    """The baseline: receipt -> final anchor of single entries sent to the idle server."""
    import httpx

    out = []
    for i in range(count):
        time.sleep(0.7 * i)  # land at different points of the checkpoint cycle
        answer = httpx.post(f"http://127.0.0.1:{soak.port}/v1/entries", timeout=30,
                            headers={"Authorization": f"Bearer {key}"},
                            json={"digest": "sha256:" + os.urandom(32).hex()})
        answer.raise_for_status()
        index, received = answer.json()["index"], answer.json()["received_at"]
        deadline = time.monotonic() + 120
        while True:
            final = soak.query("SELECT min(final_at) FROM anchors WHERE state = 'final' AND "
                               "tree_size > ?", index)[0][0]
            if final is not None:
                out.append((final - received) / 1000)
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"entry {index} not anchored in 120 s on an idle server")
            time.sleep(0.2)
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["load"]:
        port, key, secs, singles, batch = argv[1:6]
        print(json.dumps(load(int(port), key, float(secs), int(singles), int(batch))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="30 s of load: a smoke run")
    parser.add_argument("--long", action="store_true", help="15 minutes of load")
    parser.add_argument("--minutes", type=float, default=None, help="minutes of load")
    parser.add_argument("--batch-interval", type=float, default=5.0,
                        help="IPLEDGER_BATCH_INTERVAL of the server (default 5 s)")
    parser.add_argument("--connections", type=int, default=16,
                        help="connections sending single submissions (default 16)")
    parser.add_argument("--batch", type=int, default=1000,
                        help="entries per batch on one more connection (0: none)")
    args, _ = parser.parse_known_args([a for a in argv if a != "soak"])
    minutes = args.minutes or (15.0 if args.long else 0.5 if args.quick else 1.5)
    seconds = minutes * 60
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-soak-"))
    soak = Soak(workdir)
    env = soak.env(args.batch_interval)
    print(f"Soak: ipledger serve (API + anchoring worker on the managed anvil, SQLite "
          f"synchronous=FULL) for {minutes:g} min of load: {args.connections} connections of "
          f"single submissions + 1 of {args.batch}-entry batches (closed loop); "
          f"IPLEDGER_BATCH_INTERVAL={args.batch_interval:g} s; {os.cpu_count()} CPUs, load "
          f"average {os.getloadavg()[0]:.2f}")
    try:
        soak.start(env)
        key = next(line.strip() for line in soak.cli(env, "keys", "create", "soak").splitlines()
                   if line.startswith("ipl_"))
        time.sleep(2)
        idle_rss = soak.rss_mb()
        generator = subprocess.Popen(
            [sys.executable, "-m", "bench.soak", "load", str(soak.port), key, str(seconds),
             str(args.connections), str(args.batch)], stdout=subprocess.PIPE, text=True)
        samples: list[RssSample] = []
        started = time.monotonic()
        while generator.poll() is None:
            size = soak.query("SELECT size FROM log_state")[0][0]
            samples.append(RssSample(time.monotonic() - started, soak.rss_mb(), int(size)))
            time.sleep(1.0)
        out, _ = generator.communicate()
        result = json.loads(out)
        ended = time.monotonic()
        size = soak.query("SELECT size FROM log_state")[0][0]
        while True:   # the backlog left at the end drains: checkpoint, anchor, final
            done = soak.query("SELECT max(tree_size) FROM anchors WHERE state = 'final'")[0][0]
            if done is not None and done >= size:
                break
            if time.monotonic() - ended > 120:
                raise RuntimeError(f"the backlog did not drain in 120 s ({done} of {size})")
            time.sleep(0.5)
        drain = time.monotonic() - ended
        idle = idle_latencies(soak, key, 1 if args.quick else 3)
        report(soak, result, samples, idle_rss, seconds, drain, idle, args, int(size))
        return 0
    finally:
        soak.stop(env)
        shutil.rmtree(workdir, ignore_errors=True)


def report(soak: Soak, result: dict[str, Any], samples: list[RssSample], idle_rss: float,
           seconds: float, drain: float, idle: list[float], args: argparse.Namespace,
           final_size: int) -> None:
    statuses = {int(k): v for k, v in result["statuses"].items()}
    bad = {k: v for k, v in statuses.items() if k != 201}
    per_kind = {kind: {int(k): v for k, v in counts.items()}
                for kind, counts in result["per_second"].items()}
    w = int(WINDOW)
    windows: list[tuple[int, float, float]] = []
    for start in range(0, int(seconds), w):
        single = sum(per_kind["single"].get(t, 0) for t in range(start, start + w)) / w
        batch = sum(per_kind["batch"].get(t, 0) for t in range(start, start + w)) / w
        windows.append((start, single, batch))
    print("\nEntries acknowledged per second, by window of load (every answer 201, each after "
          "an fsync'd commit):")
    print("  window (s)   single  in batches      total")
    for start, single, batch in windows:
        print(f"  {start:4d}-{start + w:<5d} {single:8,.0f} {batch:11,.0f} {single + batch:10,.0f}")
    total = sum(sum(c.values()) for c in per_kind.values())
    rate = total / result["seconds"]
    first, last = sum(windows[0][1:]), sum(windows[-1][1:])
    steady = [x for x in samples if x.t > 0.3 * seconds]
    growth = slope([x.log_size for x in steady], [x.rss_mb for x in steady]) * 1e6
    latencies = entry_latencies(soak)
    anchors = soak.query("SELECT count(*), coalesce(sum(gas_used), 0) FROM anchors "
                         "WHERE state = 'final'")[0]
    p50, p99 = pct(latencies, .5), pct(latencies, .99)
    idle_p = statistics.median(idle)
    print(f"\n{'metric':<50} {'soak':>14} {'baseline (same run)':>22} {'ratio':>7}")
    rows = [
        ("entries acknowledged (answers not 201)", f"{total:,} ({sum(bad.values())})", "", ""),
        ("rate over the run, entries/s", f"{rate:,.0f}", "", ""),
        (f"rate in the last {w} s vs the first {w} s", f"{last:,.0f}", f"{first:,.0f}",
         f"{last / first:.2f}" if first else "n/a"),
        ("server RSS at the end vs idle after start, MB", f"{samples[-1].rss_mb:.0f}",
         f"{idle_rss:.0f}", f"{samples[-1].rss_mb / idle_rss:.2f}"),
        ("RSS slope after the first 30%, MB per 1M entries", f"{growth:,.1f}", "", ""),
        ("receipt -> final anchor p50 vs idle server, s", f"{p50:.1f}", f"{idle_p:.1f}",
         f"{p50 / idle_p:.2f}" if idle_p else "n/a"),
        ("receipt -> final anchor p90 / p99 / max, s",
         f"{pct(latencies, .9):.1f} / {p99:.1f} / {max(latencies):.1f}", "", ""),
        ("final anchors, gas used", f"{anchors[0]}, {anchors[1]:,}", "", ""),
        ("log size at the end", f"{final_size:,}", "", ""),
        ("backlog drained after the load stopped, s", f"{drain:.1f}", "", ""),
    ]
    for name, value, base, ratio in rows:
        print(f"{name:<50} {value:>14} {base:>22} {ratio:>7}")
    print(f"\nTargets: every answer 201: {'met' if not bad else 'NOT met'}; the rate holds "
          f"(last window >= 0.8 x first): {'met' if first and last >= 0.8 * first else 'NOT met'}"
          f"; every entry anchored to final after the load: met ({drain:.1f} s).")
    print("RSS per million entries is the slope over this run, extrapolated; the process's "
          "caches are bounded (1,024 tile pyramids, 1,024 bundles, 10,000 API keys), so a "
          "short run also measures them filling.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
