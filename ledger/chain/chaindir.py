"""The chain folder of a data directory: its files, the node's pid record, liveness, locks."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


def chain_dir(data_dir: Path) -> Path:
    """Return `<data_dir>/chain`, where the node's state, pid file, log and deployment live."""
    return Path(data_dir) / "chain"


def state_file(data_dir: Path) -> Path:
    """Return the anvil state file (`--state`) of a data directory."""
    return chain_dir(data_dir) / "anvil-state.json"


def pid_file(data_dir: Path) -> Path:
    """Return the pid file (JSON: pid, port, chain id) of the node owning a data directory."""
    return chain_dir(data_dir) / "anvil.pid"


def port_file(data_dir: Path) -> Path:
    """Return the file naming the port of the node's last run, reused by the next start."""
    return chain_dir(data_dir) / "anvil.port"


def last_port(data_dir: Path) -> int | None:
    """Return the port recorded in the port file, or None when it is missing or invalid."""
    try:
        port = int(port_file(data_dir).read_text().strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None


def log_file(data_dir: Path) -> Path:
    """Return the file receiving the output of the node's current run."""
    return chain_dir(data_dir) / "anvil.log"


def process_alive(pid: int) -> bool:
    """Tell whether process `pid` exists and is not a zombie (our own exited child is reaped)."""
    # Reap the node if it is our own exited child, else a zombie would look alive.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _is_anvil(pid: int) -> bool:
    """Tell whether `pid` runs anvil, where the OS lets us look (guards against pid reuse)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        argv = cmdline.read_bytes().split(b"\0")
    except OSError:
        return process_alive(pid)  # no /proc (macOS): trust the pid file and the RPC check
    names = {Path(arg.decode(errors="replace")).stem for arg in argv}
    return "anvil" in names and process_alive(pid)


@dataclass(frozen=True)
class PidRecord:
    """The contents of the pid file: which process serves which port for a data directory."""

    pid: int
    port: int
    chain_id: int

    @property
    def rpc_url(self) -> str:
        """Return the node's JSON-RPC URL."""
        return f"http://{HOST}:{self.port}"


def read_pid_file(data_dir: Path) -> PidRecord | None:
    """Return the pid file's record, or None when there is none or it is unreadable."""
    try:
        raw = json.loads(pid_file(data_dir).read_text())
        return PidRecord(pid=int(raw["pid"]), port=int(raw["port"]), chain_id=int(raw["chain_id"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("ignoring unreadable pid file %s", pid_file(data_dir))
        return None


def write_pid_file(data_dir: Path, record: PidRecord) -> None:
    """Replace the pid file atomically (temp file, rename). The chain folder must exist."""
    path = pid_file(data_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(record)))
    os.replace(tmp, path)


def live_node(data_dir: Path) -> PidRecord | None:
    """Return the record of the anvil node running for `data_dir`; drop a stale pid file."""
    record = read_pid_file(data_dir)
    if record is None:
        return None
    if _is_anvil(record.pid):
        return record
    log.info("removing stale pid file %s (pid %d is gone)", pid_file(data_dir), record.pid)
    pid_file(data_dir).unlink(missing_ok=True)
    return None


@contextlib.contextmanager
def start_lock(data_dir: Path) -> Iterator[None]:
    """Serialize starts for one data directory, so two processes never share a state file."""
    with chain_lock(data_dir, "anvil"):
        yield


@contextlib.contextmanager
def chain_lock(data_dir: Path, name: str) -> Iterator[None]:
    """Hold the exclusive lock `<data_dir>/chain/<name>.lock` (flock: released if we die)."""
    directory = chain_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (directory / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
