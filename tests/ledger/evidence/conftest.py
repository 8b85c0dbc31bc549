"""A real anvil node per hardfork for the chain-evidence tests, started once per session."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from web3 import Web3

ANVIL = Path(__file__).parents[3] / "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"

StartAnvil = Callable[[str | None], Web3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def start_anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartAnvil]:
    """Return a function giving a Web3 on an anvil node of a hardfork (None: anvil's default).

    Nodes run with --no-mining, so tests decide what goes in each block (evm_mine).
    """
    if not ANVIL.exists():
        pytest.fail(f"{ANVIL} is missing: run `make install`")
    nodes: dict[str | None, Web3] = {}
    processes: list[subprocess.Popen[bytes]] = []

    def start(hardfork: str | None) -> Web3:
        if hardfork in nodes:
            return nodes[hardfork]
        port = _free_port()
        args = [str(ANVIL), "--port", str(port), "--host", "127.0.0.1", "--silent", "--no-mining"]
        if hardfork is not None:
            args += ["--hardfork", hardfork]
        workdir = tmp_path_factory.mktemp(f"anvil-{hardfork or 'default'}")
        log = (workdir / "anvil.log").open("wb")
        proc = subprocess.Popen(args, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
        processes.append(proc)
        w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{port}", request_kwargs={"timeout": 30}))
        deadline = time.monotonic() + 30
        while not w3.is_connected():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"anvil {args} did not start: {(workdir / 'anvil.log').read_text()}")
            time.sleep(0.05)
        nodes[hardfork] = w3
        return w3

    yield start
    for proc in processes:
        proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
