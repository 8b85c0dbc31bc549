"""The contract's artifact and deployment record: reading, checking, writing them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web3 import Web3

from ipledger.ledger.chain.contract import (
    ContractArtifact,
    ContractDeployment,
    deployment_file,
    load_artifact,
    load_deployment,
    save_deployment,
)
from ipledger.ledger.errors import ArtifactError, DeploymentError

pytestmark = pytest.mark.chain


def _artifact_file(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "A.json"
    path.write_text(json.dumps(doc))
    return path


def test_load_artifact_reads_hardhat_and_solc_shapes(tmp_path: Path) -> None:
    hardhat = {"abi": [], "bytecode": "0x6001", "deployedBytecode": "0x6002", "contractName": "A"}
    artifact = load_artifact(_artifact_file(tmp_path, hardhat))
    assert artifact == ContractArtifact(abi=[], bytecode=b"\x60\x01", deployed_bytecode=b"\x60\x02")
    assert artifact.runtime_code_hash == Web3.keccak(b"\x60\x02")
    solc = {"abi": [], "bytecode": {"object": "6001"}, "deployedBytecode": {"object": "6002"}}
    assert load_artifact(_artifact_file(tmp_path, solc)) == artifact


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ({"bytecode": "0x60", "deployedBytecode": "0x60"}, "no `abi`"),
        ({"abi": [], "deployedBytecode": "0x60"}, "no `bytecode`"),
        ({"abi": [], "bytecode": "0x60", "deployedBytecode": "0x"}, "`deployedBytecode` is empty"),
        ({"abi": [], "bytecode": "0xzz", "deployedBytecode": "0x60"}, "not hex"),
        (
            {"abi": [], "bytecode": "0x73__$abcd$__60", "deployedBytecode": "0x60"},
            "unlinked",
        ),
    ],
)
def test_malformed_artifact(tmp_path: Path, doc: object, reason: str) -> None:
    with pytest.raises(ArtifactError, match=reason):
        load_artifact(_artifact_file(tmp_path, doc))


def test_missing_artifact(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="does not exist"):
        load_artifact(tmp_path / "nope.json")


DEPLOYMENT = ContractDeployment(
    chain_id=31337,
    address=Web3.to_checksum_address("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
    tx_hash="0x" + "11" * 32,
    block_number=1,
    block_hash="0x" + "22" * 32,
    deployer=Web3.to_checksum_address("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
    code_hash="0x" + "33" * 32,
)


def test_deployment_record_round_trip(tmp_path: Path) -> None:
    assert load_deployment(tmp_path) is None
    path = save_deployment(tmp_path, DEPLOYMENT)
    assert path == deployment_file(tmp_path) == tmp_path / "chain" / "deployment.json"
    assert load_deployment(tmp_path) == DEPLOYMENT
    doc = json.loads(path.read_text())
    assert doc["format"] == "ipledger-deployment" and doc["version"] == 1
    assert not list(path.parent.glob("*.tmp"))


@pytest.mark.parametrize(
    "change",
    [{"version": 2}, {"format": "x"}, {"address": "0x1234"}, {"chain_id": "x"}, {"tx_hash": None}],
)
def test_malformed_deployment_record(tmp_path: Path, change: dict[str, object]) -> None:
    path = save_deployment(tmp_path, DEPLOYMENT)
    doc = json.loads(path.read_text())
    doc.update(change)
    if doc["tx_hash"] is None:
        del doc["tx_hash"]
    path.write_text(json.dumps(doc))
    with pytest.raises(DeploymentError, match=r"deployment\.json"):
        load_deployment(tmp_path)
