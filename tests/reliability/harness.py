"""Real processes for the reliability tests: `ipledger serve`, its data dir, load clients."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ipledger.api.cli import main as cli_main
from ipledger.ledger.chain.anvil import rpc_call
from ipledger.ledger.chain.chaindir import live_node
from ipledger.ledger.chain.managed import chain_down
from tests.ports import free_port

REPO = Path(__file__).resolve().parents[2]
IPLEDGER = str(Path(sys.executable).parent / "ipledger")


@dataclass
class DeploymentHome:
    """A data directory initialized with `ipledger init`, two tenants' API keys, settings."""

    root: Path
    database_url: str | None = None
    settings: dict[str, str] = field(default_factory=dict)
    port: int = 0
    keys: dict[str, str] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)
    """Every server started for this deployment, stopped by `shutdown`."""

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_path(self) -> Path:
        """The SQLite file of the log (its default, or the one the URL names)."""
        if self.database_url is None:
            return self.data_dir / "ledger.db"
        assert self.database_url.startswith("sqlite:///"), "not a SQLite deployment"
        return Path(self.database_url.removeprefix("sqlite:///").split("?", 1)[0])

    @property
    def verifier_key(self) -> str:
        return (self.data_dir / "log.pub").read_text().strip()

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
        env["IPLEDGER_DATA_DIR"] = str(self.data_dir)
        if self.database_url is not None:
            env["IPLEDGER_DATABASE_URL"] = self.database_url
        env.update(self.settings)
        return env

    def cli(self, *args: str, check: bool = True,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [IPLEDGER, *args], env=self.env(), cwd=self.root, capture_output=True, text=True,
            timeout=timeout, check=False,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"ipledger {' '.join(args)} exited {proc.returncode}: "
                                 f"{proc.stdout}{proc.stderr}")
        return proc

    def set_up(self, *args: str) -> str:
        """Run a set-up command (`init`, `keys create`) in this process; return its output.

        The console script's own `main`, with this deployment's environment and folder,
        without a new interpreter (each cost 1.3-1.9 s of CPU, ~45 s a suite run). The
        commands under test keep `cli`: a real process, as an operator runs them. It swaps
        the process's environment and working directory: never call it from a thread.
        """
        out = io.StringIO()
        saved_env, saved_cwd = dict(os.environ), Path.cwd()
        os.environ.clear()
        os.environ.update(self.env())
        os.chdir(self.root)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = cli_main(list(args))
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        if code != 0:
            raise AssertionError(f"ipledger {' '.join(args)} exited {code}: {out.getvalue()}")
        return out.getvalue()

    def create_key(self, tenant: str, *scopes: str) -> str:
        args = ["keys", "create", tenant]
        for scope in scopes:
            args += ["--scope", scope]
        out = self.set_up(*args)
        (secret,) = [line.strip() for line in out.splitlines() if line.startswith("ipl_")]
        self.keys[tenant] = secret
        return secret

    def rpc_url(self) -> str:
        record = live_node(self.data_dir)
        assert record is not None, "the managed chain is not running"
        return record.rpc_url

    def chain_rpc(self, method: str, params: list[Any] | None = None) -> Any:
        return rpc_call(self.rpc_url(), method, params, timeout=10)

    def shutdown(self) -> None:
        """Stop every server of the deployment, then its managed chain."""
        for server in self.servers:
            server.stop()
        chain_down(self.data_dir)


def make_deployment(root: Path, database_url: str | None = None,
                    tenants: tuple[str, ...] = ("office-a",), **settings: str) -> DeploymentHome:
    """Initialize a log in `root/data` (key, database) and create one key per tenant."""
    root.mkdir(parents=True, exist_ok=True)
    base = {
        "IPLEDGER_BATCH_INTERVAL": "1",
        "IPLEDGER_API_RATE_PER_SECOND": "0",
        "IPLEDGER_ANCHOR_LEASE_TTL": "3",
        "IPLEDGER_ORIGIN": "reliability.test/log",
    }
    base.update(settings)
    deployment = DeploymentHome(root, database_url, base, free_port())
    deployment.set_up("init")
    for tenant in tenants:
        deployment.create_key(tenant)
    return deployment


class Server:
    """One `ipledger serve` process of a deployment; its output appended to `serve.log`."""

    def __init__(self, deployment: DeploymentHome, *args: str) -> None:
        self.deployment = deployment
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = deployment.root / "serve.log"    # stderr: the service's log lines
        self.out_path = deployment.root / "serve.out"    # stdout: the CLI's banner
        self.starts = 0
        deployment.servers.append(self)

    def start(self) -> Server:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        with self.log_path.open("ab") as err, self.out_path.open("ab") as out:
            err.write(json.dumps({"harness": "start", "n": self.starts}).encode() + b"\n")
            err.flush()
            self.proc = subprocess.Popen(
                [IPLEDGER, "serve", "--port", str(self.deployment.port), *self.args],
                env=self.deployment.env(), cwd=self.deployment.root,
                stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            )
        self.starts += 1
        return self

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def healthy(self) -> bool:
        try:
            return httpx.get(self.deployment.url + "/v1/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if not self.alive:
                raise AssertionError(f"ipledger serve exited: {self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"ipledger serve not healthy in {timeout} s: {self.tail()}")
            time.sleep(0.05)

    def kill(self) -> bool:
        """SIGKILL the server; return whether it was still running."""
        assert self.proc is not None
        was_alive = self.proc.poll() is None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        return was_alive

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (uvicorn's graceful shutdown), SIGKILL if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def serving(deployment: DeploymentHome, *args: str) -> Iterator[Server]:
    """Run a server for the block; stop it and the managed chain afterwards, whatever happens."""
    server = Server(deployment, *args)
    try:
        yield server.start()
    finally:
        server.stop()
        chain_down(deployment.data_dir)


class LoadClients:
    """Client processes (`tests.reliability.loadgen`) submitting until told to stop."""

    def __init__(self, deployment: DeploymentHome, workdir: Path) -> None:
        self.deployment = deployment
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.stop_file = workdir / "stop"
        self.procs: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, mode: str, tenant: str = "office-a", seed: int = 0,
              idempotent: float = 0.3, pause: float = 0.0) -> None:
        out = self.workdir / f"client{len(self.procs)}-{mode}.jsonl"
        with (self.workdir / f"client{len(self.procs)}.err").open("wb") as err:
            proc = self._spawn(mode, tenant, seed, idempotent, pause, out, err)
        self.procs.append((proc, out))

    def _spawn(self, mode: str, tenant: str, seed: int, idempotent: float, pause: float,
               out: Path, err: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.loadgen", "--url", self.deployment.url,
             "--key", self.deployment.keys[tenant], "--mode", mode, "--out", str(out),
             "--stop-file", str(self.stop_file), "--seed", str(seed),
             "--idempotent", str(idempotent), "--tag", f"{tenant}-{len(self.procs)}",
             "--pause", str(pause)],
            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
        )

    def stop(self, timeout: float = 120) -> list[dict[str, Any]]:
        """Ask every client to finish (retries of keyed requests included); return all records."""
        self.stop_file.touch()
        records: list[dict[str, Any]] = []
        for proc, out in self.procs:
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise AssertionError(f"load client {out.name} did not stop") from None
            err = (self.workdir / f"{out.stem.split('-')[0]}.err").read_text(errors="replace")
            assert code == 0, f"load client {out.name} exited {code}: {err[-2000:]}"
            records += [json.loads(line) for line in out.read_text().splitlines() if line]
        return records

    def kill(self) -> None:
        for proc, _ in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def summary(records: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Add up the clients' own counts (entries submitted, acknowledged, errors seen)."""
    total = {"submitted": 0, "acknowledged": 0, "errors": 0, "requests": 0}
    for record in records:
        if record["type"] == "summary":
            for name in total:
                total[name] += int(record[name])
    return total
