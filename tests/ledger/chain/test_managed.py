"""The managed local chain: detached `chain up`, `chain down` from anywhere, `local_chain`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ipledger.ledger.chain.chaindir import pid_file, port_file
from ipledger.ledger.chain.connection import connect, fund_local_account, send_transaction
from ipledger.ledger.chain.managed import chain_down, chain_status, chain_up, local_chain
from ipledger.ledger.chain.signer import generate_key_file
from tests.ledger.chain.processes import alive

pytestmark = pytest.mark.chain

RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
REPO = Path(__file__).resolve().parents[3]


def test_chain_up_detaches_and_chain_down_stops_from_other_processes(tmp_path: Path) -> None:
    def run(code: str) -> str:
        script = "\n".join(
            [
                "from pathlib import Path",
                "from ipledger.ledger.chain.managed import *",
                f"d = Path({str(tmp_path)!r})",
                code,
            ]
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            check=False,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    # `ipledger chain up` returns while the node keeps running.
    out = run("print(chain_up(d).describe())")
    assert "serves http://127.0.0.1:" in out
    status = chain_status(tmp_path)
    assert status.running and status.answering and status.pid is not None
    pid = status.pid
    try:
        w3 = connect(str(status.rpc_url), expected_chain_id=31337)
        signer = generate_key_file(tmp_path / "k")
        fund_local_account(w3, signer.address)
        receipt = send_transaction(w3, signer, {"to": RECIPIENT, "value": 7})

        # Idempotent: a second `chain up` finds the same node.
        again = run("print(chain_up(d).describe()); print(chain_status(d).describe())")
        assert again.count(f"anvil (pid {pid}) serves") == 2

        assert run("print(chain_down(d))").strip() == "True"
        assert not alive(pid)
        assert not chain_status(tmp_path).running
        assert run("print(chain_down(d))").strip() == "False"
    finally:
        if alive(pid):
            os.kill(pid, 9)

    # Up again in this process: the transaction is still on the chain.
    up = chain_up(tmp_path)
    try:
        w3 = connect(str(up.rpc_url), expected_chain_id=31337)
        assert w3.eth.get_transaction(receipt["transactionHash"])["value"] == 7
    finally:
        assert chain_down(tmp_path) is True
    assert up.pid is not None and not alive(up.pid)


def test_concurrent_chain_up_starts_one_node(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "import sys",
            "from pathlib import Path",
            "from ipledger.ledger.chain.managed import chain_up",
            f"print(chain_up(Path({str(tmp_path)!r})).pid)",
        ]
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    try:
        pids = {proc.communicate(timeout=60)[0].strip() for proc in procs}
        assert all(proc.returncode == 0 for proc in procs)
        status = chain_status(tmp_path)
        assert status.running and status.answering
        assert pids == {str(status.pid)}
    finally:
        chain_down(tmp_path)
    assert not chain_status(tmp_path).running


def test_local_chain_uses_the_running_node_or_starts_one(tmp_path: Path) -> None:
    with local_chain(tmp_path) as url:
        status = chain_status(tmp_path)
        assert status.running and status.rpc_url == url
        assert connect(url).eth.chain_id == 31337
    assert not chain_status(tmp_path).running  # started for the block, stopped after

    up = chain_up(tmp_path)
    try:
        with local_chain(tmp_path) as url:
            assert url == up.rpc_url
        assert chain_status(tmp_path).pid == up.pid  # `chain up`'s node keeps running
    finally:
        chain_down(tmp_path)


def test_chain_down_kills_a_node_that_ignores_sigterm(tmp_path: Path) -> None:
    # A process whose command line names `anvil` and that ignores SIGTERM.
    stubborn = tmp_path / "anvil"
    stubborn.write_text(
        textwrap.dedent(
            """\
            import signal, sys, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            print("ready", flush=True)
            time.sleep(60)
            """
        )
    )
    with subprocess.Popen(
        [sys.executable, str(stubborn)], stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
            pid_file(tmp_path).parent.mkdir(parents=True)
            pid_file(tmp_path).write_text(json.dumps({"pid": proc.pid, "port": 1, "chain_id": 1}))
            started = time.monotonic()
            assert chain_down(tmp_path, timeout=0.5) is True
            assert not alive(proc.pid)
            assert time.monotonic() - started < 5
            assert not pid_file(tmp_path).exists()
        finally:
            proc.kill()


def test_chain_up_after_chain_down_takes_the_same_port(tmp_path: Path) -> None:
    # A running worker keeps the node's URL: after `chain down` / `chain up` it must work again.
    first = chain_up(tmp_path, state_interval=None)
    assert first.rpc_url is not None
    port = int(first.rpc_url.rsplit(":", 1)[1])
    try:
        assert chain_down(tmp_path)
        assert port_file(tmp_path).read_text().strip() == str(port)
        again = chain_up(tmp_path, state_interval=None)
        assert again.answering and again.rpc_url == first.rpc_url
        chain_down(tmp_path)
        with socket.socket() as squatter:  # the old port is taken: another one, no error
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            moved = chain_up(tmp_path, state_interval=None)
            assert moved.answering and moved.rpc_url != first.rpc_url
    finally:
        chain_down(tmp_path)
