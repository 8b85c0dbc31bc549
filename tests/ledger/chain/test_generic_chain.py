"""IPLEDGER_CHAIN=evm:<id>: any EVM node over JSON-RPC, through the CLI, proven by the verifier."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from web3 import Web3

from ipledger.api.cli import main
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.signer import Signer

pytestmark = pytest.mark.chain

VERIFY = str(Path(sys.executable).parent / "ipledger-verify")


def test_stamp_anchor_and_prove_on_a_chain_without_a_preset(
    anvil: AnvilNode, w3: Web3, funded_signer: Signer, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    log_dir = tmp_path / "log"
    for name, value in {
        "IPLEDGER_CHAIN": "evm:31337", "IPLEDGER_RPC_URL": anvil.rpc_url,
        "IPLEDGER_SIGNER_KEY_FILE": str(tmp_path / "signer.key"),   # funded_signer's file
        "IPLEDGER_CONFIRMATIONS": "2",
    }.items():
        monkeypatch.setenv(name, value)
    document = tmp_path / "claims.txt"
    document.write_text("claim 1: a widget")
    assert main(["init", "--dir", str(log_dir), "--origin", "example.org/log"]) == 0
    assert main(["stamp", "--local", str(document), "--dir", str(log_dir)]) == 0
    # two confirmations: a block after the anchor's is needed (anvil mines one per tx)
    miner = threading.Timer(3.0, anvil.rpc, ["evm_mine"])
    miner.start()
    try:
        assert main(["anchor", "--timeout", "60", "--dir", str(log_dir)]) == 0
    finally:
        miner.join()
    assert "Anchored tree size 1" in capsys.readouterr().out
    deployment = (log_dir / "chain" / "deployment.json").read_text()
    assert funded_signer.address.lower() in deployment.lower()
    bundle = tmp_path / "claims.evidence.json"
    assert main(["evidence", "0", "-o", str(bundle), "--dir", str(log_dir)]) == 0
    key = (log_dir / "log.pub").read_text().strip()
    done = subprocess.run([VERIFY, str(document), str(bundle), "--log-key", key,
                           "--rpc", anvil.rpc_url], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PROVEN" in done.stdout and "chain 31337" in done.stdout


@pytest.mark.parametrize("name", ["evm:", "evm:0x1", "evm:-3", "evm:0", "evm:abc"])
def test_bad_generic_chain_names_say_how_to_write_one(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IPLEDGER_CHAIN", name)
    monkeypatch.setenv("IPLEDGER_RPC_URL", "http://127.0.0.1:1")
    log_dir = tmp_path / "log"
    assert main(["init", "--dir", str(log_dir)]) == 0
    assert main(["anchor", "--dir", str(log_dir)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "write evm:<chain id> with the decimal chain id" in err[0]
