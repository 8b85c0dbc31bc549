"""The anvil node process: finding the binary, picking a port, starting and stopping it."""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from ipledger.ledger.chain.chaindir import (
    HOST,
    PidRecord,
    last_port,
    live_node,
    log_file,
    pid_file,
    port_file,
    process_alive,
    read_pid_file,
    start_lock,
    state_file,
    write_pid_file,
)
from ipledger.ledger.errors import (
    AnvilAlreadyRunning,
    AnvilNotInstalled,
    AnvilStartError,
    ChainError,
    RpcUnavailable,
)

log = logging.getLogger(__name__)

DEFAULT_CHAIN_ID = 31337
REPO_ROOT = Path(__file__).resolve().parents[2]

# npm installs exactly one of these optional dependencies of @foundry-rs/anvil.
_PLATFORM_PACKAGES: dict[tuple[str, str], str] = {
    ("linux", "x86_64"): "anvil-linux-amd64",
    ("linux", "amd64"): "anvil-linux-amd64",
    ("linux", "aarch64"): "anvil-linux-arm64",
    ("linux", "arm64"): "anvil-linux-arm64",
    ("darwin", "x86_64"): "anvil-darwin-amd64",
    ("darwin", "arm64"): "anvil-darwin-arm64",
    ("win32", "amd64"): "anvil-win32-amd64",
    ("win32", "x86_64"): "anvil-win32-amd64",
}


def find_anvil(node_modules: Path | None = None) -> Path:
    """Return the anvil executable shipped by the npm package @foundry-rs/anvil.

    Looks in `node_modules` (default: the repository's, then the working directory's) for the
    platform package's binary, then for the package's own `dist/` copy, then for the
    `node_modules/.bin/anvil` launcher (a Node script). Raises AnvilNotInstalled naming the
    places searched and the command that installs it.
    """
    dirs = [node_modules] if node_modules is not None else _default_node_modules()
    exe = "anvil.exe" if sys.platform == "win32" else "anvil"
    package = _PLATFORM_PACKAGES.get((sys.platform, platform.machine().lower()))
    searched: list[Path] = []
    for nm in dirs:
        candidates = []
        if package is not None:
            candidates.append(nm / "@foundry-rs" / package / "bin" / exe)
        candidates += [nm / "@foundry-rs" / "anvil" / "dist" / exe, nm / ".bin" / exe]
        for path in candidates:
            searched.append(path)
            if path.is_file() and os.access(path, os.X_OK):
                return path
    if package is None:
        raise AnvilNotInstalled(
            f"@foundry-rs/anvil ships no binary for {sys.platform}/{platform.machine()}: "
            "run an Ethereum node yourself and set IPLEDGER_RPC_URL"
        )
    where = ", ".join(str(p) for p in searched)
    raise AnvilNotInstalled(
        f"anvil is not installed (looked for {where}): run `make install` "
        f"(or `npm ci`) in {REPO_ROOT}"
    )


def _default_node_modules() -> list[Path]:
    dirs = [REPO_ROOT / "node_modules"]
    cwd = Path.cwd() / "node_modules"
    if cwd.resolve() != dirs[0].resolve():
        dirs.append(cwd)
    return dirs


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listened on a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_in_use(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.2):
            return True
    except OSError:
        return False


def rpc_call(url: str, method: str, params: list[Any] | None = None, timeout: float = 2.0) -> Any:
    """Send one JSON-RPC request with the standard library; return its `result`.

    Raises RpcUnavailable when the endpoint does not answer or answers with an error.
    """
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []})
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except (OSError, ValueError) as exc:
        raise RpcUnavailable(f"{url} does not answer {method}: {exc}") from exc
    if not isinstance(answer, dict) or "error" in answer or "result" not in answer:
        raise RpcUnavailable(f"{url} answered {method} with {answer!r}")
    return answer["result"]


def _die_with_parent() -> Callable[[], None] | None:
    """Return a pre-exec hook asking Linux to SIGTERM the child when this process dies.

    An attached node must not outlive a crashed parent (its state would stay locked by a
    pid file nobody cleans). Linux delivers the signal when the *thread* that forked exits,
    so the hook is used only from the main thread; elsewhere, and off Linux, None.
    """
    if sys.platform != "linux" or threading.current_thread() is not threading.main_thread():
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def hook() -> None:  # runs in the child between fork and exec: keep it to two calls
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return hook


_PR_SET_PDEATHSIG = 1


def require_posix() -> None:
    """Raise ChainError on Windows, where ipledger cannot manage an anvil node."""
    if sys.platform == "win32":
        raise ChainError(
            "the managed anvil node needs Linux or macOS: on Windows start a node yourself "
            "and set IPLEDGER_RPC_URL"
        )


def terminate(pid: int, timeout: float) -> bool:
    """SIGTERM (anvil then dumps its state), SIGKILL after `timeout`; True if it exited cleanly."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        time.sleep(0.02)
    log.warning("anvil (pid %d) ignored SIGTERM for %.1f s; killing it", pid, timeout)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return False


# Detached nodes started by this process: kept so they are reaped, not left as zombies.
_DETACHED: dict[int, subprocess.Popen[bytes]] = {}


def reap_detached(pid: int) -> None:
    """Reap the detached node `pid` if this process started it; call once it was stopped."""
    proc = _DETACHED.pop(pid, None)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1)


class AnvilNode:
    """One anvil process serving 127.0.0.1, its chain persisted in `<data_dir>/chain`.

    Mining: automatic (one block per transaction) by default; `block_time` seconds for
    interval mining; `no_mining=True` mines only on `evm_mine` (simulates a stuck
    transaction). `state_interval` (whole seconds) also dumps the state while running, so a
    crash loses at most that much; without it the state is written when the node stops.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        block_time: float | None = None,
        chain_id: int = DEFAULT_CHAIN_ID,
        *,
        no_mining: bool = False,
        state_interval: int | None = None,
        binary: Path | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        """Describe the node; nothing starts before `start()`. Invalid options raise ChainError."""
        if block_time is not None and no_mining:
            raise ChainError("choose interval mining (block_time) or no_mining, not both")
        if block_time is not None and block_time <= 0:
            raise ChainError(f"block_time must be positive, got {block_time}")
        if state_interval is not None and state_interval < 1:
            raise ChainError(f"state_interval must be at least 1 second, got {state_interval}")
        if port is not None and not 0 < port < 65536:
            raise ChainError(f"port must be between 1 and 65535, got {port}")
        self.data_dir = Path(data_dir)
        self.chain_id = chain_id
        self.block_time = block_time
        self.no_mining = no_mining
        self.state_interval = state_interval
        self._binary = binary
        self._requested_port = port
        self._startup_timeout = startup_timeout
        self._port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        """Show the data directory, URL and whether the node runs."""
        url = self.rpc_url if self._port is not None else None
        return (
            f"AnvilNode(data_dir={str(self.data_dir)!r}, rpc_url={url!r}, running={self.running})"
        )

    @property
    def state_file(self) -> Path:
        """Return the state file passed to `--state`."""
        return state_file(self.data_dir)

    @property
    def port(self) -> int:
        """Return the port the node listens on; ChainError before the first start."""
        if self._port is None:
            raise ChainError("the anvil node has not been started")
        return self._port

    @property
    def rpc_url(self) -> str:
        """Return `http://127.0.0.1:<port>`; ChainError before the first start."""
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        """Return the process id while the node runs, else None."""
        return self._proc.pid if self._proc is not None and self.running else None

    @property
    def running(self) -> bool:
        """Tell whether the process started by `start()` is still alive."""
        return self._proc is not None and self._proc.poll() is None

    def argv(self, binary: Path, port: int) -> list[str]:
        """Return the command line that starts this node on `port`."""
        args = [str(binary), "--host", HOST, "--port", str(port)]
        args += ["--chain-id", str(self.chain_id), "--state", str(self.state_file), "--quiet"]
        if self.block_time is not None:
            args += ["--block-time", repr(float(self.block_time))]
        if self.no_mining:
            args.append("--no-mining")
        if self.state_interval is not None:
            args += ["--state-interval", str(self.state_interval)]
        return args

    def start(self, *, detach: bool = False) -> AnvilNode:
        """Start anvil and return once it answers JSON-RPC with the expected chain id.

        Preconditions: no live node owns the data directory (else AnvilAlreadyRunning) and
        the binary is installed (else AnvilNotInstalled). With `detach`, the node runs in its
        own session and outlives this process; find it again with `managed.chain_status`.
        """
        require_posix()
        if self.running:
            return self
        binary = self._binary or find_anvil()
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            raise AnvilNotInstalled(
                f"{binary} is not an executable anvil: run `make install` (or `npm ci`) "
                f"in {REPO_ROOT}"
            )
        with start_lock(self.data_dir):
            other = live_node(self.data_dir)
            if other is not None:
                raise AnvilAlreadyRunning(
                    f"anvil already runs for {self.data_dir} (pid {other.pid}, "
                    f"{other.rpc_url}): use it, or stop it with `ipledger chain down`"
                )
            attempts = 1 if self._requested_port is not None else 3
            for attempt in range(attempts):
                port = self._pick_port(first=attempt == 0)
                try:
                    self._launch(binary, port, detach)
                    return self
                except _PortTaken:
                    continue
        raise AnvilStartError(f"no free port for anvil after {attempts} attempts")

    def _pick_port(self, first: bool) -> int:
        if self._requested_port is not None:
            if _port_in_use(self._requested_port):
                raise AnvilStartError(
                    f"port {self._requested_port} on {HOST} is in use: pick another port"
                )
            return self._requested_port
        # After a restart (of this object, or of the data directory's node), keep the
        # previous URL when its port is still free: processes that reach the node, such as
        # a running anchoring worker, then find it again.
        previous = self._port or last_port(self.data_dir)
        if first and previous is not None and not _port_in_use(previous):
            return previous
        return free_port()

    def _launch(self, binary: Path, port: int, detach: bool) -> None:
        logpath = log_file(self.data_dir)
        with logpath.open("wb") as out:
            proc = subprocess.Popen(
                self.argv(binary, port),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=detach,
                close_fds=True,
                # The hook only calls prctl and getppid (see _die_with_parent).
                preexec_fn=None if detach else _die_with_parent(),  # noqa: PLW1509
            )
        self._proc, self._port = proc, port
        write_pid_file(self.data_dir, PidRecord(pid=proc.pid, port=port, chain_id=self.chain_id))
        deadline = time.monotonic() + self._startup_timeout
        while True:
            code = proc.poll()
            if code is not None:
                pid_file(self.data_dir).unlink(missing_ok=True)
                self._proc = None
                output = logpath.read_text(errors="replace").strip()
                if "Address already in use" in output:
                    raise _PortTaken
                raise AnvilStartError(
                    f"anvil exited with code {code} at start: {output[-800:] or 'no output'}"
                    + (
                        f" (if the state file {self.state_file} is damaged, move it away)"
                        if "state" in output
                        else ""
                    )
                )
            with contextlib.suppress(RpcUnavailable):
                answered = int(rpc_call(self.rpc_url, "eth_chainId", timeout=0.5), 16)
                if answered != self.chain_id:
                    self.stop()
                    raise AnvilStartError(
                        f"anvil answered chain id {answered}, expected {self.chain_id}: "
                        f"the state in {self.state_file} belongs to another chain"
                    )
                break
            if time.monotonic() > deadline:
                self.stop()
                raise AnvilStartError(
                    f"anvil did not answer on {self.rpc_url} within {self._startup_timeout:.0f} s"
                    f"; its output is in {logpath}"
                )
            time.sleep(0.05)
        if detach:
            _DETACHED[proc.pid] = proc
        port_file(self.data_dir).write_text(f"{port}\n")
        log.info("anvil (pid %d) serves %s, state in %s", proc.pid, self.rpc_url, self.state_file)

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """Send one JSON-RPC request to the node (e.g. `evm_mine`) and return its result."""
        return rpc_call(self.rpc_url, method, params)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the node: SIGTERM, so anvil dumps its state; SIGKILL after `timeout` seconds."""
        proc = self._proc
        if proc is None:
            return
        self._proc = None
        _DETACHED.pop(proc.pid, None)
        if proc.poll() is None and not terminate(proc.pid, timeout):
            log.warning("anvil was killed; its state is as of its last dump")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1)
        record = read_pid_file(self.data_dir)
        if record is not None and record.pid == proc.pid:
            pid_file(self.data_dir).unlink(missing_ok=True)

    def __enter__(self) -> AnvilNode:
        """Start the node (attached) for the `with` block."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the node."""
        self.stop()


class _PortTaken(Exception):
    """Anvil lost the race for a port picked as free (internal: start() retries)."""
