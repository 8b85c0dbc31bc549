"""SIGKILL `ipledger serve` under load, again and again: no acknowledged entry is ever lost."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PostgresCluster
from tests.reliability.audit import audit
from tests.reliability.conftest import report
from tests.reliability.harness import DeploymentHome, LoadClients, Server, make_deployment

pytestmark = [pytest.mark.chain]


@dataclass(frozen=True)
class Chaos:
    """How to kill: how many times, how long a server lives, how often it dies starting up."""

    kills: int
    up: tuple[float, float]
    during_startup: float
    clients: tuple[str, ...] = ("single", "batch", "mixed")
    pause: float = 0.0
    """Seconds each client waits between submissions (0: as fast as answers come)."""


# 6 kills on each database: the 12 of the bounded form (each costs a server start, ~6 s;
# the long form has 80). Clients pace themselves so both databases' runs fit on two cores.
BOUNDED = Chaos(kills=6, up=(0.2, 1.2), during_startup=0.3, clients=("single", "mixed"),
                pause=0.02)
LONG = Chaos(kills=80, up=(0.5, 8.0), during_startup=0.15,
             clients=("single", "single", "batch", "mixed"))


def chaos_seed() -> int:
    """The run's seed: IPLEDGER_CHAOS_SEED to replay a failure, else a fresh one (printed)."""
    return int(os.environ.get("IPLEDGER_CHAOS_SEED") or random.randrange(1 << 32))


@pytest.fixture(params=["sqlite", "postgres"])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DeploymentHome]:
    url = None
    name = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        name = cluster.create()
        url = cluster.url(name)
    dep = make_deployment(tmp_path / "deploy", url)
    try:
        yield dep
    finally:
        dep.shutdown()
        if name is not None:
            cluster.drop(name)


def run_chaos(deployment: DeploymentHome, chaos: Chaos, seed: int,
              workdir: Path) -> tuple[int, list[dict[str, Any]], Server, int]:
    """Serve under load, SIGKILL the server `chaos.kills` times, leave the last one running.

    Returns the kills made, the clients' records, the running server and how many of its
    starts committed in a writer process.
    """
    rng = random.Random(seed)

    def start(server: Server) -> Server:
        # Each start draws whether serve commits in a writer process of its own, so both
        # ways are killed at random moments (the child too: it dies with its pipe).
        writer = rng.random() < 0.5
        deployment.settings["IPLEDGER_API_WRITER_PROCESS"] = "true" if writer else "false"
        writer_starts.append(writer)
        return server.start()

    writer_starts: list[bool] = []
    server = start(Server(deployment))
    clients = LoadClients(deployment, workdir)
    kills = 0
    try:
        server.wait_healthy()
        for i, mode in enumerate(chaos.clients):
            clients.start(mode, seed=seed + i, pause=chaos.pause)
        while kills < chaos.kills:
            if rng.random() < chaos.during_startup:
                time.sleep(rng.uniform(0.1, 1.2))  # mid-start: imports, migrations, chain
            else:
                server.wait_healthy()
                time.sleep(rng.uniform(*chaos.up))
            kills += server.kill()
            start(server)
        server.wait_healthy()
        time.sleep(1.0)  # the last server takes load too
        records = clients.stop()
    except BaseException:
        clients.kill()
        server.stop()
        raise
    return kills, records, server, sum(writer_starts)


def check_run(deployment: DeploymentHome, chaos: Chaos, tmp_path: Path, label: str) -> None:
    seed = chaos_seed()
    started = time.monotonic()
    kills, records, server, writer_starts = run_chaos(deployment, chaos, seed,
                                                      tmp_path / "clients")
    chaos_s = time.monotonic() - started
    try:
        result = audit(deployment, records)
    finally:
        server.stop()
    report(f"[crash {label}] seed={seed} kills={kills} starts={server.starts} "
           f"writer_process_starts={writer_starts} {result.line()} "
          f"chaos={chaos_s:.0f}s audit={time.monotonic() - started - chaos_s:.0f}s")
    assert result.problems == [], "\n".join(result.problems)
    assert kills == chaos.kills
    assert result.lost == 0
    assert result.acknowledged > 0
    assert result.verified == len(acked_indexes(records))  # every one, counted once
    assert result.anchors >= 1
    assert result.proven_by_cli >= 1                      # served bundles, ipledger-verify


def acked_indexes(records: list[dict[str, Any]]) -> set[int]:
    """Return the log indexes the clients hold receipts for."""
    out: set[int] = set()
    for record in records:
        if record["type"] == "ack":
            body = record["body"]
            out.update([body["index"]] if record["kind"] == "single"
                       else [e["index"] for e in body["entries"]])
    return out


def test_sigkill_under_load_loses_no_acknowledged_entry(
    deployment: DeploymentHome, tmp_path: Path, request: pytest.FixtureRequest,
) -> None:
    check_run(deployment, BOUNDED, tmp_path, request.node.callspec.id)


@pytest.mark.slow
@pytest.mark.timeout(3600)  # 80 kills with servers living up to 8 s: about 15 minutes
def test_sigkill_under_load_long(
    deployment: DeploymentHome, tmp_path: Path, request: pytest.FixtureRequest,
) -> None:
    check_run(deployment, LONG, tmp_path, request.node.callspec.id + " long")
