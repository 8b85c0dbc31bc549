"""Deploying the committed EvidenceAnchor artifact once, and reading a log's latest anchor."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from eth_utils.crypto import keccak
from web3 import Web3

from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.chaindir import state_file
from ipledger.ledger.chain.connection import connect, fund_local_account, send_transaction
from ipledger.ledger.chain.contract import (
    DEFAULT_ARTIFACT,
    ContractArtifact,
    ContractDeployment,
    anchor_contract,
    deploy_contract,
    deployment_file,
    ensure_deployed,
    latest_on_chain,
    load_artifact,
    load_deployment,
    save_deployment,
)
from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.ledger.chain.signer import Signer, generate_key_file
from ipledger.ledger.errors import ChainIdMismatch, DeploymentError
from ipledger.verifier import hash_children, hash_leaf, verify_consistency

pytestmark = pytest.mark.chain

ANCHORED_TOPIC = keccak(b"Anchored(address,uint64,bytes32,uint64)")


@pytest.fixture(scope="module")
def artifact() -> ContractArtifact:
    return load_artifact(DEFAULT_ARTIFACT)


def test_committed_artifact_has_the_designed_interface(artifact: ContractArtifact) -> None:
    names = {item.get("name") for item in artifact.abi}
    assert {"anchor", "latest", "Anchored"} <= names
    repo = Path(__file__).resolve().parents[3]
    assert DEFAULT_ARTIFACT.resolve() == repo / "contracts" / "EvidenceAnchor.json"


def test_deploy_contract(w3: Web3, funded_signer: Signer, artifact: ContractArtifact) -> None:
    deployment = deploy_contract(w3, funded_signer, artifact)
    assert w3.eth.get_code(deployment.address) == artifact.deployed_bytecode
    receipt = w3.eth.get_transaction_receipt(deployment.tx_hash)  # type: ignore[arg-type]
    assert receipt["contractAddress"] == deployment.address
    assert receipt["blockNumber"] == deployment.block_number
    assert w3.eth.get_block(deployment.block_number)["hash"].to_0x_hex() == deployment.block_hash
    assert deployment.deployer == funded_signer.address
    assert deployment.chain_id == 31337
    assert deployment.code_hash == "0x" + keccak(artifact.deployed_bytecode).hex()


def test_latest_on_chain_follows_anchors(
    w3: Web3, funded_signer: Signer, artifact: ContractArtifact
) -> None:
    deployment = deploy_contract(w3, funded_signer, artifact)
    contract = anchor_contract(w3, deployment.address, artifact)
    log_address = funded_signer.address
    assert latest_on_chain(contract, log_address) == (0, bytes(32))

    leaves = [hash_leaf(b"first"), hash_leaf(b"second")]
    root1, root2 = leaves[0], hash_children(leaves[0], leaves[1])
    proof = [leaves[1]]
    verify_consistency(1, 2, proof, root1, root2)  # the verifier agrees before the contract

    anchor = {"to": deployment.address, "data": contract.encode_abi("anchor", [1, root1, []])}
    first = send_transaction(w3, funded_signer, anchor)
    assert latest_on_chain(contract, log_address) == (1, root1)
    anchor = {"to": deployment.address, "data": contract.encode_abi("anchor", [2, root2, proof])}
    second = send_transaction(w3, funded_signer, anchor)
    assert latest_on_chain(contract, log_address) == (2, root2)
    assert latest_on_chain(contract, log_address, first["blockNumber"]) == (1, root1)
    # Another address has anchored nothing.
    assert latest_on_chain(contract, deployment.address) == (0, bytes(32))

    (event,) = second["logs"]
    assert event["address"] == deployment.address
    assert event["topics"][0] == ANCHORED_TOPIC
    assert event["topics"][1] == bytes(12) + bytes.fromhex(log_address[2:])
    assert int.from_bytes(event["topics"][2], "big") == 2
    assert event["data"] == root2 + (1).to_bytes(32, "big")


def _fresh_local(tmp_path: Path) -> tuple[AnvilNode, Path]:
    data_dir = tmp_path / "data"
    return AnvilNode(data_dir), data_dir


def test_ensure_deployed_deploys_once_and_survives_restarts(
    tmp_path: Path, artifact: ContractArtifact, caplog: pytest.LogCaptureFixture
) -> None:
    node, data_dir = _fresh_local(tmp_path)
    with node:
        w3 = connect(node.rpc_url, expected_chain_id=31337)
        signer = generate_key_file(tmp_path / "k")
        fund_local_account(w3, signer.address)
        first = ensure_deployed(w3, signer, artifact, data_dir, managed_local=True)
        assert load_deployment(data_dir) == first
        height = w3.eth.block_number
        assert ensure_deployed(w3, signer, artifact, data_dir, managed_local=True) == first
        assert w3.eth.block_number == height  # no second deployment transaction

    with node:  # restarted from its state file
        w3 = connect(node.rpc_url, expected_chain_id=31337)
        assert ensure_deployed(w3, signer, artifact, data_dir, managed_local=True) == first
        assert w3.eth.block_number == height

    # The chain's state is lost: the local chain redeploys and says so ...
    state_file(data_dir).unlink()
    with node:
        w3 = connect(node.rpc_url, expected_chain_id=31337)
        fund_local_account(w3, signer.address)
        # ... but a public chain never does.
        with pytest.raises(DeploymentError, match="no code at the recorded contract"):
            ensure_deployed(w3, signer, artifact, data_dir, managed_local=False)
        assert load_deployment(data_dir) == first
        with caplog.at_level(logging.WARNING):
            again = ensure_deployed(w3, signer, artifact, data_dir, managed_local=True)
        assert "deploying it again" in caplog.text
        assert load_deployment(data_dir) == again
        # Deployed on the new chain (the same signed transaction, replayed on an empty
        # chain, may well give the same hash and address).
        assert w3.eth.get_transaction_receipt(again.tx_hash)["status"] == 1  # type: ignore[arg-type]
        assert w3.eth.get_block(again.block_number)["hash"].to_0x_hex() == again.block_hash
        assert w3.eth.get_code(again.address) == artifact.deployed_bytecode


def test_recorded_contract_with_other_code_is_refused(
    w3: Web3, funded_signer: Signer, artifact: ContractArtifact, tmp_path: Path
) -> None:
    deployment = deploy_contract(w3, funded_signer, artifact)
    other = ContractArtifact(
        abi=artifact.abi, bytecode=artifact.bytecode, deployed_bytecode=b"\x00" + b"\x60" * 4
    )
    save_deployment(tmp_path, deployment)
    with pytest.raises(DeploymentError, match="other code"):
        ensure_deployed(w3, funded_signer, other, tmp_path, managed_local=False)


def test_recorded_deployment_on_another_chain(
    w3: Web3, funded_signer: Signer, artifact: ContractArtifact, tmp_path: Path
) -> None:
    deployment = deploy_contract(w3, funded_signer, artifact)
    elsewhere = ContractDeployment(**{**deployment.__dict__, "chain_id": 11155111})
    save_deployment(tmp_path, elsewhere)
    with pytest.raises(ChainIdMismatch, match="expected 11155111") as err:
        ensure_deployed(w3, funded_signer, artifact, tmp_path, managed_local=True)
    assert str(deployment_file(tmp_path)) in str(err.value)
    assert load_deployment(tmp_path) == elsewhere


def test_copying_a_data_dir_keeps_its_deployment(
    tmp_path: Path, artifact: ContractArtifact
) -> None:
    node, data_dir = _fresh_local(tmp_path)
    with node:
        w3 = connect(node.rpc_url)
        signer = generate_key_file(tmp_path / "k")
        fund_local_account(w3, signer.address)
        first = ensure_deployed(w3, signer, artifact, data_dir, managed_local=True)
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    with AnvilNode(copy) as other:
        w3 = connect(other.rpc_url)
        assert ensure_deployed(w3, signer, artifact, copy, managed_local=True) == first


def test_processes_opening_a_fresh_data_dir_together_share_one_key_and_contract(
    tmp_path: Path,
) -> None:
    """Three processes call open_chain at once on a fresh data dir (as `serve` x3 would)."""
    data_dir = tmp_path / "data"
    code = ("import sys\nfrom pathlib import Path\nfrom ipledger.ledger.config import Settings\n"
            "from ipledger.ledger.deployed_chain import open_chain\n"
            "sys.stdin.readline()\n"   # start together
            "c = open_chain(Settings(data_dir=Path(sys.argv[1])))\n"
            "print(c.signer.address, c.contract_deployment.address, flush=True)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(data_dir)], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        answers = [proc.communicate(timeout=180) for proc in procs]
        for proc, (_, err) in zip(procs, answers, strict=True):
            assert proc.returncode == 0, err
        assert len({out for out, _ in answers}) == 1, answers   # one key, one contract
        signer, contract = answers[0][0].split()
        w3 = connect(chain_status(data_dir).rpc_url or "", expected_chain_id=31337)
        assert w3.eth.get_transaction_count(Web3.to_checksum_address(signer)) == 1  # one deploy
        assert load_deployment(data_dir).address == contract     # type: ignore[union-attr]
    finally:
        for proc in procs:
            proc.kill()
        chain_down(data_dir)
