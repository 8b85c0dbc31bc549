"""Chain faults under load: node down, deep reorg, unfunded signer, dropped transaction."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ledger.chain.anvil import chain_down
from tests.reliability.audit import audit
from tests.reliability.conftest import anchors, under_load, wait_for
from tests.reliability.harness import Deployment

pytestmark = [pytest.mark.chain]


def finish(deployment: Deployment, run_records: list[dict[str, object]], label: str) -> None:
    result = audit(deployment, run_records)
    print(f"\n[{label}] {result.line()}")
    assert result.problems == [], "\n".join(result.problems)
    assert result.lost == 0 and result.acknowledged > 0


def test_node_down_then_back_under_load(deployment: Deployment, tmp_path: Path) -> None:
    with under_load(deployment, tmp_path / "clients") as run:
        wait_for("a first final anchor", lambda: anchors(deployment, "final"))
        url = deployment.rpc_url()
        assert chain_down(deployment.data_dir)        # SIGTERM: anvil saves its state
        time.sleep(4)                                 # load goes on; checkpoints pile up
        assert "rpc_unavailable" in run.server.tail(200)
        before = len(anchors(deployment, "final"))
        deployment.cli("chain", "up")                 # the operator brings it back
        assert deployment.rpc_url() == url, "the node came back on another port"
        wait_for("anchoring to resume", lambda: len(anchors(deployment, "final")) > before,
                 timeout=90)
        assert run.server.alive and run.server.starts == 1  # the same process recovered
    finish(deployment, run.records, "node down")
