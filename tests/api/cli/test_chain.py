"""The chain's commands on the managed local node: up, down, status keep one contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main


def test_chain_up_down_keeps_the_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = str(tmp_path / "chain-home")
    try:
        assert main(["chain", "up", "--dir", data_dir]) == 0
        first = capsys.readouterr().out
        assert "serves http://127.0.0.1:" in first and "EvidenceAnchor contract: 0x" in first
        contract = first.split("EvidenceAnchor contract: ")[1].split()[0]
        assert main(["chain", "down", "--dir", data_dir]) == 0
        assert "state saved" in capsys.readouterr().out
        assert main(["chain", "status", "--dir", data_dir]) == 0
        assert "not running" in capsys.readouterr().out
        assert main(["chain", "up", "--dir", data_dir]) == 0
        assert f"EvidenceAnchor contract: {contract}" in capsys.readouterr().out
    finally:
        main(["chain", "down", "--dir", data_dir])
