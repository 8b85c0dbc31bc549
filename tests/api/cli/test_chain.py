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
        assert f"stop it with `ipledger chain down --dir {data_dir}`" in first
        rpc_url = first.split("serves ")[1].split(":", 2)
        assert main(["chain", "status", "--dir", data_dir]) == 0
        status = capsys.readouterr().out
        url = "http:" + rpc_url[1] + ":" + rpc_url[2].split(":")[0]
        assert f"ipledger-verify FILE BUNDLE --rpc {url}" in status
        contract = first.split("EvidenceAnchor contract: ")[1].split()[0]
        assert main(["chain", "down", "--dir", data_dir]) == 0
        assert "state saved" in capsys.readouterr().out
        assert main(["chain", "status", "--dir", data_dir]) == 0
        assert "not running" in capsys.readouterr().out
        assert main(["chain", "up", "--dir", data_dir]) == 0
        assert f"EvidenceAnchor contract: {contract}" in capsys.readouterr().out
    finally:
        main(["chain", "down", "--dir", data_dir])


def test_a_command_that_starts_the_chain_says_so_and_how_to_stop_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = str(tmp_path / "office")
    try:
        assert main(["init", "--dir", data_dir]) == 0
        (tmp_path / "claims.txt").write_text("1. A method of ...")
        assert main(["stamp", "--local", str(tmp_path / "claims.txt"), "--dir", data_dir]) == 0
        capsys.readouterr()
        assert main(["anchor", "--dir", data_dir]) == 0
        said = capsys.readouterr()
        assert "Started the managed local chain (anvil, pid" in said.err
        assert f"stop it with `ipledger chain down --dir {data_dir}`" in said.err
        assert main(["anchor", "--dir", data_dir]) == 0  # running now: nothing to say
        assert "Started" not in capsys.readouterr().err
        assert main(["chain", "status", "--dir", data_dir]) == 0
        assert "ipledger-verify FILE BUNDLE --rpc http://127.0.0.1:" in capsys.readouterr().out
    finally:
        main(["chain", "down", "--dir", data_dir])
    assert main(["chain", "status", "--dir", data_dir]) == 0
    assert f"Start it with `ipledger chain up --dir {data_dir}`" in capsys.readouterr().out
