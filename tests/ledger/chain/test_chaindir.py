"""The chain folder of a data directory: a stale or foreign pid file never counts as a node."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.chaindir import pid_file, read_pid_file
from ipledger.ledger.chain.managed import chain_down, chain_status
from tests.ledger.chain.processes import alive

pytestmark = pytest.mark.chain


def test_stale_pid_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    pid_file(tmp_path).parent.mkdir(parents=True)
    pid_file(tmp_path).write_text(json.dumps({"pid": dead.pid, "port": 1, "chain_id": 31337}))
    status = chain_status(tmp_path)
    assert not status.running and "not running" in status.describe()
    assert not pid_file(tmp_path).exists()

    pid_file(tmp_path).write_text(json.dumps({"pid": dead.pid, "port": 1, "chain_id": 31337}))
    with AnvilNode(tmp_path) as node:
        record = read_pid_file(tmp_path)
        assert record is not None and record.pid == node.pid


def test_pid_of_another_program_is_not_taken_for_anvil(tmp_path: Path) -> None:
    # Our own pid is alive but is Python, not anvil: a reused pid must not count as a node.
    pid_file(tmp_path).parent.mkdir(parents=True)
    pid_file(tmp_path).write_text(json.dumps({"pid": os.getpid(), "port": 1, "chain_id": 31337}))
    assert not chain_status(tmp_path).running
    assert chain_down(tmp_path) is False
    assert alive(os.getpid())
