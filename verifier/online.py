"""Step 8 against a node: is the bundle's block canonical, its contract the published one."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import BlockNotFinal, UntrustedBlock, VerifierError
from ipledger.verifier.core.keccak import keccak256

# keccak256 of the deployed (runtime) bytecode in contracts/EvidenceAnchor.json, compiled with
# solc 0.8.30+commit.73712a01; a test recomputes it from the artifact. Add a hash here (never
# replace one) when a new contract version is published, so older bundles still verify.
RUNTIME_CODE_HASHES: frozenset[bytes] = frozenset(
    {
        bytes.fromhex("8fa2ba6a175e6b723ad5f980cfc3c5a1c565e4cd53eb8144aa017e40c38c5f1f"),
    }
)


class RpcError(VerifierError):
    """The node could not be asked, or answered something that is not JSON-RPC."""


@dataclass(frozen=True)
class ChainConfirmation:
    """What the node confirmed about the bundle's block, ready to pass as `trusted`."""

    block_number: int
    block_hash: bytes
    confirmations: int
    finalized: bool
    facts: tuple[str, ...]


class JsonRpc:
    """A minimal JSON-RPC 2.0 client over HTTP(S) using only the standard library."""

    def __init__(self, url: str, timeout: float = 20.0) -> None:
        """Remember the endpoint; nothing is sent until a call."""
        if not url.startswith(("http://", "https://")):
            raise RpcError(f"--rpc must be an http:// or https:// URL, got {url!r}")
        self.url = url
        self.timeout = timeout
        self._id = 0

    def call(self, method: str, *params: Any) -> Any:
        """Call `method` and return its result, raising `RpcError` on any failure."""
        self._id += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "id": self._id, "method": method, "params": list(params)}
        ).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply = json.loads(response.read(1 << 24))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise RpcError(f"cannot ask the node at {self.url}: {exc}") from None
        if not isinstance(reply, dict):
            raise RpcError(f"the node answered {method} with something that is not JSON-RPC")
        if reply.get("error"):
            raise RpcError(f"the node refused {method}: {reply['error']}")
        return reply.get("result")


def confirm_on_chain(
    bundle: EvidenceBundle,
    rpc: JsonRpc,
    min_confirmations: int,
    runtime_code_hashes: frozenset[bytes],
) -> ChainConfirmation:
    """Ask a node about the bundle's block, transaction and contract (design section 8, step 8).

    Raises `UntrustedBlock` when the node's chain disagrees with the bundle, its subclass
    `BlockNotFinal` when it agrees but the block is not yet `min_confirmations` deep nor
    finalized, and `RpcError` when the node cannot answer. The returned block hash is
    then trusted by `verify`.
    """
    anchor = bundle.anchor
    chain_id = _quantity(rpc.call("eth_chainId"), "eth_chainId")
    if chain_id != anchor.chain_id:
        raise UntrustedBlock(
            f"the node serves chain {chain_id}, the bundle is anchored on chain {anchor.chain_id}"
        )
    facts = [f"the node serves chain {chain_id}"]
    block = rpc.call("eth_getBlockByNumber", hex(anchor.block_number), False)
    if not isinstance(block, dict):
        raise UntrustedBlock(f"the node has no block {anchor.block_number} on its chain")
    node_hash = _data(block.get("hash"), "block hash")
    if node_hash != anchor.block_hash:
        raise UntrustedBlock(
            f"block {anchor.block_number} on the node's chain has hash 0x{node_hash.hex()}, "
            f"not the bundle's 0x{anchor.block_hash.hex()}: the bundle's block is not canonical"
        )
    facts.append(f"block {anchor.block_number} has the bundle's hash on the node's chain")
    tx_hash = rpc.call(
        "eth_getTransactionByBlockNumberAndIndex", hex(anchor.block_number), hex(anchor.tx_index)
    )
    if not isinstance(tx_hash, dict) or _data(tx_hash.get("hash"), "tx hash") != anchor.tx_hash:
        raise UntrustedBlock(
            f"transaction {anchor.tx_index} of block {anchor.block_number} is not the bundle's "
            f"transaction 0x{anchor.tx_hash.hex()}"
        )
    facts.append(f"transaction {anchor.tx_index} of that block is 0x{anchor.tx_hash.hex()}")
    code = _data(rpc.call("eth_getCode", "0x" + anchor.contract.hex(), "latest"), "code")
    if keccak256(code) not in runtime_code_hashes:
        raise UntrustedBlock(
            f"the contract at 0x{anchor.contract.hex()} is not the published EvidenceAnchor "
            "(its runtime code differs)"
        )
    facts.append("the contract's code is the published EvidenceAnchor runtime code")
    head = _quantity(rpc.call("eth_blockNumber"), "eth_blockNumber")
    confirmations = head - anchor.block_number + 1
    finalized = False
    try:
        final_block = rpc.call("eth_getBlockByNumber", "finalized", False)
    except RpcError:
        final_block = None
    if isinstance(final_block, dict):
        finalized = _quantity(final_block.get("number"), "finalized number") >= anchor.block_number
    if not finalized and confirmations < min_confirmations:
        raise BlockNotFinal(
            f"block {anchor.block_number} has {confirmations} confirmation(s), fewer than the "
            f"{min_confirmations} required, and is not finalized yet: try again later"
        )
    facts.append(
        "the block is finalized"
        if finalized
        else f"the block has {confirmations} confirmation{'' if confirmations == 1 else 's'}"
    )
    return ChainConfirmation(
        block_number=anchor.block_number,
        block_hash=node_hash,
        confirmations=confirmations,
        finalized=finalized,
        facts=tuple(facts),
    )


def _quantity(value: object, what: str) -> int:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise RpcError(f"the node's {what} is not a hex quantity")
    try:
        return int(value, 16)
    except ValueError:
        raise RpcError(f"the node's {what} is not a hex quantity") from None


def _data(value: object, what: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise RpcError(f"the node's {what} is not hex data")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise RpcError(f"the node's {what} is not hex data") from None
