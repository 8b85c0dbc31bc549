from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.chain.chaindir import live_node


def test_demo_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_dir = tmp_path / "demo"
    assert main(["demo", "--dir", str(demo_dir)]) == 0
    out = capsys.readouterr().out
    assert out.count("PROVEN: The document existed no later than") == 3
    assert "NOT PROVEN" in out and "forged" in out
    for name in ["patent-claims.txt", "trademark-logo.svg", "lab-notebook-2026-11-24.md"]:
        assert (demo_dir / "samples" / f"{name}.evidence.json").is_file()
    assert live_node(demo_dir / "ledger") is None, "the demo must leave no node running"
