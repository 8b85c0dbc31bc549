"""The EvidenceAnchor contract: its artifact, deploying it once, reading what a log anchored."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress
from eth_utils.address import is_hex_address, to_checksum_address
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3 import Web3
from web3.contract import Contract
from web3.types import BlockIdentifier

from ipledger.ledger.chain.chaindir import chain_dir
from ipledger.ledger.chain.connection import node_url, redact_url, rpc_errors, send_transaction
from ipledger.ledger.chain.signer import Signer
from ipledger.ledger.errors import ArtifactError, ChainIdMismatch, DeploymentError

log = logging.getLogger(__name__)


# A symlink to contracts/EvidenceAnchor.json in the source tree, so that a wheel (which
# copies the file it points to) ships the artifact as package data of `ledger.chain`.
DEFAULT_ARTIFACT = Path(__file__).with_name("EvidenceAnchor.json")
DEPLOYMENT_FORMAT = "ipledger-deployment"
DEPLOYMENT_VERSION = 1


@dataclass(frozen=True)
class ContractArtifact:
    """A compiled contract: its ABI, creation bytecode and runtime bytecode."""

    abi: list[dict[str, Any]]
    bytecode: bytes
    deployed_bytecode: bytes

    @property
    def runtime_code_hash(self) -> bytes:
        """Return keccak256 of the runtime bytecode (what `eth_getCode` returns once deployed)."""
        return keccak(self.deployed_bytecode)


def load_artifact(path: Path = DEFAULT_ARTIFACT) -> ContractArtifact:
    """Read a Hardhat-style artifact JSON with keys `abi`, `bytecode`, `deployedBytecode`.

    Raises ArtifactError when the file is missing, not JSON, or a field is absent, not
    0x-hex, empty, or still holds unlinked library placeholders.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(
            f"contract artifact {path} does not exist: build it (`npx hardhat compile`) "
            "or check out the committed one"
        ) from None
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"cannot read contract artifact {path}: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("abi"), list):
        raise ArtifactError(f"contract artifact {path} has no `abi` list")
    return ContractArtifact(
        abi=raw["abi"],
        bytecode=_artifact_hex(raw, "bytecode", path),
        deployed_bytecode=_artifact_hex(raw, "deployedBytecode", path),
    )


def _artifact_hex(raw: dict[str, Any], key: str, path: Path) -> bytes:
    value = raw.get(key)
    if isinstance(value, dict):  # solc standard-JSON shape: {"object": "..."}
        value = value.get("object")
    if not isinstance(value, str):
        raise ArtifactError(f"contract artifact {path} has no `{key}` string")
    text = value.removeprefix("0x")
    if "__" in text:
        raise ArtifactError(f"contract artifact {path}: `{key}` has unlinked libraries")
    try:
        code = bytes.fromhex(text)
    except ValueError:
        raise ArtifactError(f"contract artifact {path}: `{key}` is not hex") from None
    if not code:
        raise ArtifactError(f"contract artifact {path}: `{key}` is empty")
    return code


@dataclass(frozen=True)
class ContractDeployment:
    """Where the contract lives: chain, address, the deploying transaction and code hash."""

    chain_id: int
    address: ChecksumAddress
    tx_hash: str
    block_number: int
    block_hash: str
    deployer: ChecksumAddress
    code_hash: str

    def to_json(self) -> str:
        """Return the record as written to `deployment.json`."""
        doc = {"format": DEPLOYMENT_FORMAT, "version": DEPLOYMENT_VERSION, **asdict(self)}
        return json.dumps(doc, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ContractDeployment:
        """Parse a record; raise DeploymentError when it is not a version 1 record."""
        try:
            doc = json.loads(text)
            if doc.pop("format") != DEPLOYMENT_FORMAT or doc.pop("version") != DEPLOYMENT_VERSION:
                raise ValueError("unknown format or version")
            if not is_hex_address(doc["address"]) or not is_hex_address(doc["deployer"]):
                raise ValueError("bad address")
            return cls(
                chain_id=int(doc["chain_id"]),
                address=to_checksum_address(doc["address"]),
                tx_hash=str(doc["tx_hash"]),
                block_number=int(doc["block_number"]),
                block_hash=str(doc["block_hash"]),
                deployer=to_checksum_address(doc["deployer"]),
                code_hash=str(doc["code_hash"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DeploymentError(f"deployment record is malformed: {exc}") from None


def deployment_file(data_dir: Path) -> Path:
    """Return `<data_dir>/chain/deployment.json`."""
    return chain_dir(data_dir) / "deployment.json"


def load_deployment(data_dir: Path) -> ContractDeployment | None:
    """Return the recorded deployment of `data_dir`, or None when nothing was deployed yet."""
    path = deployment_file(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return ContractDeployment.from_json(text)
    except DeploymentError as exc:
        raise DeploymentError(f"{path}: {exc}") from None


def save_deployment(data_dir: Path, deployment: ContractDeployment) -> Path:
    """Write the deployment record atomically (temp file, fsync, rename); return its path."""
    path = deployment_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(deployment.to_json())
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


def deploy_contract(
    w3: Web3, signer: Signer, artifact: ContractArtifact, timeout: float = 120.0
) -> ContractDeployment:
    """Deploy `artifact` (constructor without arguments) from `signer`; wait for the receipt.

    Returns the ContractDeployment (its `address` is the new contract). Raises
    TransactionFailed when the creation reverts, and DeploymentError when the code left at the
    address is not the artifact's runtime bytecode.
    """
    receipt = send_transaction(w3, signer, {"data": HexBytes(artifact.bytecode)}, timeout)
    address = receipt.get("contractAddress")
    if address is None:
        raise DeploymentError(f"creation receipt {receipt['transactionHash']!r} has no address")
    deployment = ContractDeployment(
        chain_id=w3.eth.chain_id,
        address=to_checksum_address(address),
        tx_hash=receipt["transactionHash"].to_0x_hex(),
        block_number=receipt["blockNumber"],
        block_hash=receipt["blockHash"].to_0x_hex(),
        deployer=signer.address,
        code_hash="0x" + runtime_code_hash(w3, address).hex(),
    )
    if deployment.code_hash != "0x" + artifact.runtime_code_hash.hex():
        raise DeploymentError(
            f"the code deployed at {deployment.address} differs from the artifact's "
            "deployedBytecode (immutables or a different build?)"
        )
    log.info(
        "deployed contract at %s on chain %d (tx %s, block %d)",
        deployment.address,
        deployment.chain_id,
        deployment.tx_hash,
        deployment.block_number,
    )
    return deployment


def runtime_code_hash(w3: Web3, address: str, block: BlockIdentifier = "latest") -> bytes:
    """Return keccak256 of the code at `address` (keccak of empty bytes when there is none)."""
    with rpc_errors(node_url(w3)):
        code = w3.eth.get_code(to_checksum_address(address), block)
    return keccak(bytes(code))


def ensure_deployed(
    w3: Web3,
    signer: Signer,
    artifact: ContractArtifact,
    data_dir: Path,
    *,
    managed_local: bool,
    timeout: float = 120.0,
) -> ContractDeployment:
    """Return the data directory's deployment, deploying the contract only when needed.

    With no record, deploys and records it. With a record, checks that it is on the
    connected chain (else ChainIdMismatch) and that the code at its address still is the
    artifact's runtime bytecode. If not, on the managed local chain (`managed_local`: e.g.
    its state file was deleted) it redeploys, records and logs a warning saying so; on any
    other chain it raises DeploymentError, never deploying a second copy silently.
    """
    with rpc_errors(node_url(w3)):
        chain_id = w3.eth.chain_id
    record = load_deployment(data_dir)
    if record is not None:
        if record.chain_id != chain_id:
            raise ChainIdMismatch(
                record.chain_id,
                chain_id,
                f"{redact_url(node_url(w3))} (contract recorded in {deployment_file(data_dir)})",
            )
        found = runtime_code_hash(w3, record.address)
        expected = artifact.runtime_code_hash
        if found == expected:
            return record
        what = "no code" if found == keccak(b"") else "other code"
        if not managed_local:
            raise DeploymentError(
                f"chain {chain_id} has {what} at the recorded contract {record.address}, not "
                f"the EvidenceAnchor build this ipledger expects: check IPLEDGER_RPC_URL, or "
                f"move {deployment_file(data_dir)} away to deploy anew"
            )
        log.warning(
            "the local chain has %s at the recorded contract %s (was its state reset?); "
            "deploying it again: anchors recorded on the old contract are gone",
            what,
            record.address,
        )
    deployment = deploy_contract(w3, signer, artifact, timeout)
    save_deployment(data_dir, deployment)
    return deployment


def anchor_contract(w3: Web3, address: str, artifact: ContractArtifact) -> Contract:
    """Return a web3 contract object for the EvidenceAnchor at `address`."""
    return w3.eth.contract(address=to_checksum_address(address), abi=artifact.abi)


def latest_on_chain(
    contract: Contract, log_address: str, block: BlockIdentifier = "latest"
) -> tuple[int, bytes]:
    """Return the (tree size, root) last anchored by `log_address`; (0, 32 zero bytes) if none."""
    with rpc_errors(node_url(contract.w3)):
        size, root = contract.functions.latest(to_checksum_address(log_address)).call(
            block_identifier=block
        )
    return int(size), bytes(root)


__all__ = [
    "DEFAULT_ARTIFACT",
    "ContractArtifact",
    "ContractDeployment",
    "anchor_contract",
    "deploy_contract",
    "deployment_file",
    "ensure_deployed",
    "latest_on_chain",
    "load_artifact",
    "load_deployment",
    "runtime_code_hash",
    "save_deployment",
]
