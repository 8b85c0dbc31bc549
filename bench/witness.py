"""Witnessing's cost: cosigning latency per checkpoint with 2 witnesses, appends/s on vs off."""

from __future__ import annotations

import argparse
import json
import os
import secrets
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

import httpx

from bench.api import free_port

IPLEDGER = str(Path(sys.executable).parent / "ipledger")


@dataclass
class WitnessBenchOffice:
    """One office's `ipledger serve` (API, worker, its managed anvil) on a SQLite file."""

    name: str
    workdir: Path
    batch_interval: float
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.workdir / self.name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
        env.update({
            "IPLEDGER_DATA_DIR": str(self.data_dir), "IPLEDGER_ORIGIN": f"{self.name}.bench/log",
            "IPLEDGER_API_RATE_PER_SECOND": "0", "IPLEDGER_LOG_LEVEL": "WARNING",
            "IPLEDGER_BATCH_INTERVAL": str(self.batch_interval),
            "IPLEDGER_ANCHOR_POLL_INTERVAL": "1", **self.extra_env,
        })
        return env

    def cli(self, *args: str) -> str:
        done = subprocess.run([IPLEDGER, *args], env=self.env, capture_output=True, text=True,
                              check=False, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"ipledger {' '.join(args)} at {self.name}: {done.stderr}")
        return done.stdout

    def vkey(self, text: str) -> str:
        """The last verifier key printed in `text` (a `<name>+<id>+<key>` word)."""
        words = [w for w in text.split() if w.count("+") >= 2 and w.startswith(self.name)]
        return words[-1]

    def start(self) -> None:
        with (self.workdir / f"{self.name}.log").open("wb") as log:
            self.process = subprocess.Popen(
                [IPLEDGER, "serve", "--port", str(self.port)], env=self.env,
                stdout=log, stderr=subprocess.STDOUT)

    def wait_up(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"{self.url}/v1/health", timeout=2).json()
                if health.get("chain", {}).get("anchoring") == "here":
                    return
            except (httpx.HTTPError, ValueError):
                pass
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"ipledger serve {self.name} exited; see {self.name}.log")
            time.sleep(0.2)
        raise RuntimeError(f"ipledger serve {self.name} did not start within 90 s")

    def query(self, sql: str, *args: Any) -> list[Any]:
        conn = sqlite3.connect(f"file:{self.data_dir / 'ledger.db'}?mode=ro", uri=True,
                               timeout=30)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        subprocess.run([IPLEDGER, "chain", "down"], env=self.env, capture_output=True,
                       check=False)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def cosigning_latencies(log: WitnessBenchOffice, witnesses: int,
                        since_ms: int, until_ms: int) -> tuple[list[float], int]:
    """Per checkpoint cut in [since, until): ms from its signing to its last cosignature stored.

    Returns the latencies of checkpoints cosigned by all `witnesses`, and how many
    checkpoints of the window are not (yet) cosigned by all.
    """
    rows = log.query(
        "SELECT c.tree_size, c.created_at, count(s.id), max(s.received_at) FROM checkpoints c "
        "LEFT JOIN checkpoint_cosignatures s ON s.tree_size = c.tree_size "
        "WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.tree_size, c.created_at",
        since_ms, until_ms)
    done = [float(last - created) for _, created, count, last in rows if count >= witnesses]
    return done, sum(1 for row in rows if row[2] < witnesses)


def anchored_uncosigned(log: WitnessBenchOffice, witnesses: int) -> tuple[int, int]:
    """Final anchors, and how many anchor a checkpoint not cosigned by all `witnesses`.

    An entry's bundle carries the checkpoint of the anchor that covers it: an anchored
    checkpoint short of cosignatures gives its entries bundles short of a quorum.
    """
    rows = log.query(
        "SELECT a.tree_size, (SELECT count(*) FROM checkpoint_cosignatures s "
        "WHERE s.tree_size = a.tree_size) FROM anchors a WHERE a.state = 'final'")
    return len(rows), sum(1 for _, count in rows if count < witnesses)


def load_window(office: WitnessBenchOffice, key: str, seconds: float,
                connections: int) -> float:
    """Closed-loop single submissions for `seconds` (bench.soak's generator); entries/s."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.soak", "load", str(office.port), key, str(seconds),
         str(connections), "0"], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    bad = {k: v for k, v in result["statuses"].items() if k != "201"}
    if bad:
        raise RuntimeError(f"answers other than 201 at {office.name}: {bad}")
    total = sum(sum(c.values()) for c in result["per_second"].values())
    return float(total / result["seconds"])


def idle_stamps(office: WitnessBenchOffice, key: str, count: int, gap: float) -> None:
    """Single entries `gap` seconds apart: each lands in a checkpoint of its own."""
    for _ in range(count):
        answer = httpx.post(f"{office.url}/v1/entries", timeout=30,
                            headers={"Authorization": f"Bearer {key}"},
                            json={"digest": "sha256:" + secrets.token_hex(32)})
        answer.raise_for_status()
        time.sleep(gap)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench witness", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 5 s: a smoke run")
    parser.add_argument("--rounds", type=int, default=None, help="on/off rounds (default 4)")
    parser.add_argument("--seconds", type=float, default=None,
                        help="seconds of load per window (default 15)")
    parser.add_argument("--batch-interval", type=float, default=1.0,
                        help="IPLEDGER_BATCH_INTERVAL of the logs (default 1 s)")
    parser.add_argument("--connections", type=int, default=16,
                        help="connections sending single submissions (default 16)")
    args, _ = parser.parse_known_args([a for a in argv if a != "witness"])
    rounds = args.rounds or (2 if args.quick else 4)
    seconds = args.seconds or (5.0 if args.quick else 15.0)
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-witness-bench-"))
    witnesses = [WitnessBenchOffice(f"witness-{n}", workdir, args.batch_interval)
                 for n in (1, 2)]
    on = WitnessBenchOffice("log-on", workdir, args.batch_interval)
    off = WitnessBenchOffice("log-off", workdir, args.batch_interval)
    offices = [*witnesses, on, off]
    print(f"Witnessing: two logs served by `ipledger serve` (SQLite synchronous=FULL, anchoring "
          f"on their managed anvil), one with IPLEDGER_WITNESSES naming 2 ipledger witnesses "
          f"(two more `ipledger serve` processes, over HTTP), one without; {rounds} rounds of "
          f"{seconds:g} s of load on each in turn ({args.connections} connections of single "
          f"submissions, closed loop); IPLEDGER_BATCH_INTERVAL={args.batch_interval:g} s; "
          f"{os.cpu_count()} CPUs, all processes on this machine, load average "
          f"{os.getloadavg()[0]:.2f}")
    try:
        for office in offices:
            office.cli("init")
        log_key = (on.data_dir / "log.pub").read_text().strip()
        entries = []
        for witness in witnesses:
            witness.cli("witness", "add", log_key)
            entries.append(f"{witness.url}/witness {witness.vkey(witness.cli('witness', 'key'))}")
        on.extra_env["IPLEDGER_WITNESSES"] = ",".join(entries)
        for office in offices:
            office.start()
        for office in offices:
            office.wait_up()
        keys = {o.name: next(line for line in o.cli("keys", "create", "bench").splitlines()
                             if line.startswith("ipl_")) for o in (on, off)}

        idle_from = int(time.time() * 1000)
        idle_stamps(on, keys[on.name], 3 if args.quick else 10, args.batch_interval * 1.5)
        time.sleep(args.batch_interval + 1)
        idle, idle_missing = cosigning_latencies(on, 2, idle_from, int(time.time() * 1000))

        rates: dict[str, list[float]] = {on.name: [], off.name: []}
        load_from = int(time.time() * 1000)
        for r in range(rounds):
            for office in (on, off) if r % 2 == 0 else (off, on):
                rates[office.name].append(
                    load_window(office, keys[office.name], seconds, args.connections))
        load_until = int(time.time() * 1000)
        time.sleep(args.batch_interval + 2)  # the last checkpoints' cosignatures arrive
        loaded, loaded_missing = cosigning_latencies(on, 2, load_from, load_until)
        requests = on.query("SELECT url, cosigned, latency_ms_sum FROM log_witnesses")
        anchored, short = anchored_uncosigned(on, 2)
        report(idle, idle_missing, loaded, loaded_missing, rates, on.name, off.name)
        print("\nadd-checkpoint round trip as the log measured it (request sent -> cosignature "
              "checked), mean over the run:")
        for url, cosigned, total_ms in requests:
            mean = f"{total_ms / cosigned:.0f} ms" if cosigned else "-"
            print(f"  {url:<40} {cosigned:>6} cosigned  {mean:>8}")
        print(f"\nFinal anchors of the witnessed log: {anchored}; anchoring a checkpoint not "
              f"cosigned by both witnesses (its entries' bundles short of a 2-witness quorum): "
              f"{short}")
        return 0
    finally:
        for office in offices:
            office.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def report(idle: list[float], idle_missing: int, loaded: list[float], loaded_missing: int,
           rates: dict[str, list[float]], on: str, off: str) -> None:
    print("\nCosigning latency per checkpoint (ms from the log signing it to the second "
          "witness's cosignature stored):")
    print(f"  {'':<22} {'checkpoints':>11} {'median':>8} {'p95':>8} {'max':>8} "
          f"{'not cosigned by both':>21}")
    for what, values, missing in (("idle log", idle, idle_missing),
                                  ("log under load", loaded, loaded_missing)):
        if values:
            print(f"  {what:<22} {len(values):>11} {statistics.median(values):>8.0f} "
                  f"{pct(values, .95):>8.0f} {max(values):>8.0f} {missing:>21}")
        else:
            print(f"  {what:<22} {0:>11} {'-':>8} {'-':>8} {'-':>8} {missing:>21}")
    print("\nAppends per second (entries acknowledged, every answer 201), by window:")
    print(f"  {'round':<6} {'witnesses on':>13} {'witnesses off':>14}")
    for n, (x, y) in enumerate(zip(rates[on], rates[off], strict=True), start=1):
        print(f"  {n:<6} {x:>13,.0f} {y:>14,.0f}")
    mean_on, mean_off = statistics.fmean(rates[on]), statistics.fmean(rates[off])
    ratio = mean_on / mean_off
    print(f"  {'mean':<6} {mean_on:>13,.0f} {mean_off:>14,.0f}   ratio on/off {ratio:.2f}")
    print(f"\nTarget (appends per second unchanged with witnesses on, ratio ~1.0, >= 0.9): "
          f"{'met' if ratio >= 0.9 else 'NOT met'}. A checkpoint cut while a witness's round "
          "is still running is never sent (the next round sends the newest): it is counted "
          "under 'not cosigned by both'.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
