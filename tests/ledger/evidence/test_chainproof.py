"""Chain evidence from real anvil blocks, checked with the offline verifier and the node's JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, cast

import pytest
from web3 import HTTPProvider, Web3
from web3.types import RPCEndpoint, RPCResponse

from ipledger.ledger.errors import (
    BlockHeaderMismatch,
    ChainEvidenceError,
    ChainRpcError,
    LogNotFound,
    ReceiptsRootMismatch,
    RpcUnavailable,
    TransactionNotFound,
    TransactionsRootMismatch,
)
from ipledger.ledger.evidence.chainproof import (
    ChainEvidence,
    canonical_transaction,
    fetch_chain_evidence,
    find_log,
    find_log_index,
    header_rlp,
)
from ipledger.ledger.testing import ACCOUNTS, EMITTED, SECOND, BlockFiller, mine, rpc
from ipledger.verifier.core.ethereum import (
    FORKS_BY_FIELD_COUNT,
    decode_header,
    verify_header,
    verify_receipt_proof,
)
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.rlp import decode
from ipledger.verifier.core.transaction import Transaction, verify_transaction_proof
from tests.ledger.evidence.conftest import StartAnvil

pytestmark = pytest.mark.chain

# hardfork -> (header field count, tx types it accepts)
FORKS: dict[str | None, tuple[int, tuple[int, ...]]] = {
    "berlin": (15, (0, 1)),
    "london": (16, (0, 1, 2)),
    "shanghai": (17, (0, 1, 2)),
    "cancun": (20, (0, 1, 2, 3)),
    "prague": (21, (0, 1, 2, 3, 4)),
    None: (21, (0, 1, 2, 3, 4)),  # anvil's default (latest) fork
}


def deploy_emitter(w3: Web3) -> str:
    filler = BlockFiller(w3, seed=99)
    tx_hash = filler.deploy_emitter()
    mine(w3)
    receipt = rpc(w3, "eth_getTransactionReceipt", [tx_hash])
    assert receipt["status"] == "0x1"
    return Web3.to_checksum_address(receipt["contractAddress"])


def fill_block(w3: Web3, count: int, types: tuple[int, ...], seed: int) -> dict[str, Any]:
    """Mine a block of `count` mixed transactions, plus types 3 and 4 where the fork has them."""
    emitter = deploy_emitter(w3)
    filler = BlockFiller(w3, seed=seed)
    filler.mixed(count, emitter, tuple(t for t in types if t in (0, 1, 2)))
    if 3 in types:
        filler.blob(emitter)
    if 4 in types:
        filler.delegate(emitter)
    block: dict[str, Any] = mine(w3)
    assert sorted(block["transactions"]) == sorted(filler.sent), "not all in one block"
    block["emitter"] = emitter
    return block


def committed_with_sidecar(w3: Web3, tx_hash: str) -> bool:
    """Whether the node serves (and, anvil 1.7.1, commits) a blob transaction with its blobs."""
    raw = bytes.fromhex(rpc(w3, "eth_getRawTransactionByHash", [tx_hash])[2:])
    return canonical_transaction(raw) != raw


def check_evidence(w3: Web3, block: Mapping[str, Any], tx_hash: str) -> ChainEvidence | None:
    """Fetch evidence and check it with the verifier and against the node's own JSON.

    None for a blob transaction that the block commits to with its blobs: it has no proof.
    """
    if committed_with_sidecar(w3, tx_hash):
        with pytest.raises(ChainEvidenceError, match="no offline proof of it is possible"):
            fetch_chain_evidence(w3, tx_hash)
        return None
    evidence = fetch_chain_evidence(w3, tx_hash)
    header = verify_header(evidence.block_header, evidence.block_hash)
    assert "0x" + header.hash.hex() == block["hash"]
    assert header.number == int(block["number"], 16) == evidence.block_number
    assert header.timestamp == int(block["timestamp"], 16) == evidence.block_time
    assert "0x" + header.receipts_root.hex() == block["receiptsRoot"]
    receipt = verify_receipt_proof(
        header.receipts_root, evidence.tx_index, evidence.receipt, evidence.receipt_proof
    )
    node = rpc(w3, "eth_getTransactionReceipt", [tx_hash])
    assert evidence.tx_index == int(node["transactionIndex"], 16)
    assert evidence.chain_id == w3.eth.chain_id
    assert receipt.tx_type == int(node["type"], 16)
    assert receipt.status == int(node["status"], 16)
    assert receipt.cumulative_gas_used == int(node["cumulativeGasUsed"], 16)
    assert "0x" + receipt.logs_bloom.hex() == node["logsBloom"]
    assert [
        ("0x" + log.address.hex(), ["0x" + t.hex() for t in log.topics], "0x" + log.data.hex())
        for log in receipt.logs
    ] == [(log["address"].lower(), log["topics"], log["data"]) for log in node["logs"]]
    check_transaction(w3, header.transactions_root, evidence, tx_hash)
    return evidence


def check_transaction(
    w3: Web3, transactions_root: bytes, evidence: ChainEvidence, tx_hash: str
) -> Transaction:
    """The transaction proof verifies and its decoding is what the node says the tx is."""
    tx = verify_transaction_proof(
        transactions_root, evidence.tx_index, evidence.transaction, evidence.transaction_proof
    )
    node = rpc(w3, "eth_getTransactionByHash", [tx_hash])
    assert "0x" + tx.hash.hex() == tx_hash == "0x" + evidence.tx_hash.hex()
    assert tx.tx_type == int(node["type"], 16)
    assert "0x" + tx.sender.hex() == node["from"].lower()
    assert tx.chain_id == evidence.chain_id == int(node["chainId"], 16)
    assert tx.nonce == int(node["nonce"], 16)
    assert tx.value == int(node["value"], 16)
    assert "0x" + tx.data.hex() == node["input"]
    assert (None if tx.to is None else "0x" + tx.to.hex()) == (node["to"] and node["to"].lower())
    return tx


@pytest.fixture(scope="module")
def big_block(start_anvil: StartAnvil) -> tuple[Web3, dict[str, Any]]:
    w3 = start_anvil(None)
    return w3, fill_block(w3, 150, FORKS[None][1], seed=7)


def test_every_receipt_of_a_150_tx_block(big_block: tuple[Web3, dict[str, Any]]) -> None:
    w3, block = big_block
    hashes = block["transactions"]
    assert len(hashes) >= 150
    receipts = [rpc(w3, "eth_getTransactionReceipt", [h]) for h in hashes]
    kinds = Counter(r["type"] for r in receipts)
    assert set(kinds) == {"0x0", "0x1", "0x2", "0x3", "0x4"}, kinds
    assert {r["status"] for r in receipts} == {"0x0", "0x1"}
    assert any(r["contractAddress"] for r in receipts)
    assert sum(len(r["logs"]) for r in receipts) > 100
    proof_lengths = set()
    seen_later_position = False
    full = rpc(w3, "eth_getBlockByHash", [block["hash"], False])
    for tx_hash, node in zip(hashes, receipts, strict=True):
        evidence = check_evidence(w3, block, tx_hash)
        if evidence is None:
            continue  # the blob transaction, which anvil 1.7.1 commits with its blobs
        proof_lengths.add(len(evidence.receipt_proof))
        assert evidence.block_header == header_rlp(full)
        # One fetch per transaction serves the log-position checks too (it is the slow part).
        seen_later_position |= _check_log_index(evidence, node, block["emitter"])
    # keys 0x01-0x7f and 0x80: root, branch, leaf; keys 0x81xx: root, 3 branches, leaf
    assert proof_lengths == {3, 5}, proof_lengths
    assert seen_later_position, "some emitter call should come after other logs in the block"


def _check_log_index(evidence: ChainEvidence, node: Mapping[str, Any], emitter: str) -> bool:
    """find_log_index counts within the receipt; True if the block-wide index differs."""
    ours = [i for i, log in enumerate(node["logs"]) if log["address"] == emitter.lower()]
    if not ours or node["to"] is None or node["to"].lower() != emitter.lower():
        return False
    assert find_log_index(evidence.receipt, emitter, EMITTED) == ours[0] == 0
    assert find_log_index(evidence.receipt, emitter.lower(), SECOND) == 1
    # find_log hands out the log the node reported at that position (address and topics).
    index, log = find_log(evidence.receipt, emitter, SECOND)
    reported = node["logs"][1]
    assert index == 1 and "0x" + log.address.hex() == reported["address"].lower()
    assert ["0x" + t.hex() for t in log.topics] == [t.lower() for t in reported["topics"]]
    with pytest.raises(LogNotFound):
        find_log_index(evidence.receipt, emitter, keccak256(b"Other()"))
    with pytest.raises(LogNotFound):
        find_log_index(evidence.receipt, b"\x01" * 20, EMITTED)
    return int(node["logs"][1]["logIndex"], 16) != 1


@pytest.mark.parametrize("hardfork", list(FORKS), ids=lambda f: f or "default")
def test_header_layout_per_fork(start_anvil: StartAnvil, hardfork: str | None) -> None:
    w3 = start_anvil(hardfork)
    field_count, types = FORKS[hardfork]
    block = fill_block(w3, 12, types, seed=field_count)
    checked = [check_evidence(w3, block, tx_hash) for tx_hash in block["transactions"]]
    evidence = next(e for e in checked if e is not None)
    header = decode_header(evidence.block_header)
    items = decode(evidence.block_header)
    assert isinstance(items, list) and len(items) == field_count
    assert header.fork == FORKS_BY_FIELD_COUNT[field_count]
    full = rpc(w3, "eth_getBlockByHash", [block["hash"], False])
    if field_count >= 16:
        assert header.base_fee_per_gas == int(full["baseFeePerGas"], 16)
    if field_count >= 20:
        assert header.blob_gas_used == int(full["blobGasUsed"], 16) > 0
        assert header.excess_blob_gas == int(full["excessBlobGas"], 16)
    if field_count >= 21:
        assert "0x" + header.requests_hash.hex() == full["requestsHash"]  # type: ignore[union-attr]


def test_legacy_only_block(start_anvil: StartAnvil) -> None:
    w3 = start_anvil("london")
    block = fill_block(w3, 40, (0,), seed=40)
    for tx_hash in block["transactions"]:
        evidence = check_evidence(w3, block, tx_hash)
        assert evidence is not None
        assert evidence.receipt[0] >= 0xC0  # legacy receipts are plain RLP lists


def test_one_transaction_block_is_a_single_leaf(start_anvil: StartAnvil) -> None:
    w3 = start_anvil("shanghai")
    emitter = deploy_emitter(w3)
    filler = BlockFiller(w3, seed=1)
    tx_hash = filler.send(2, ACCOUNTS[0], emitter, b"\x01" * 100)
    block = mine(w3)
    assert block["transactions"] == [tx_hash]
    evidence = check_evidence(w3, block, tx_hash)
    assert evidence is not None
    assert len(evidence.receipt_proof) == 1
    root_node = decode(evidence.receipt_proof[0])
    assert isinstance(root_node, list) and len(root_node) == 2  # [hp(key of 0x80), receipt]
    assert root_node[1] == evidence.receipt
    assert keccak256(evidence.receipt_proof[0]).hex() == block["receiptsRoot"][2:]


def test_unknown_transaction(start_anvil: StartAnvil) -> None:
    w3 = start_anvil(None)
    with pytest.raises(TransactionNotFound):
        fetch_chain_evidence(w3, b"\x42" * 32)


class Tampering(HTTPProvider):
    """An HTTP provider to a real node that alters or refuses chosen answers."""

    def __init__(self, url: str, alter: dict[str, Any]) -> None:
        super().__init__(url)
        self.alter = alter
        self.calls: Counter[str] = Counter()

    def make_request(self, method: RPCEndpoint, params: Any) -> RPCResponse:
        self.calls[method] += 1
        if method in self.alter and self.alter[method] == "missing":
            refusal = {"id": 1, "error": {"code": -32601, "message": "no such method"}}
            return cast(RPCResponse, refusal)
        response = super().make_request(method, params)
        if method in self.alter:
            return cast(RPCResponse, {**response, "result": self.alter[method](response["result"])})
        return response

    def make_batch_request(
        self, batch_requests: list[tuple[RPCEndpoint, Any]]
    ) -> list[RPCResponse] | RPCResponse:
        """Refuse batches when altering, so that every call goes through `make_request`."""
        self.calls["batch"] += 1
        if self.alter:
            return cast(RPCResponse, {"id": None, "error": {"code": -32600, "message": "no batch"}})
        return super().make_batch_request(batch_requests)


def tampered(w3: Web3, alter: dict[str, Any]) -> tuple[Web3, Tampering]:
    provider = Tampering(str(cast(HTTPProvider, w3.provider).endpoint_uri), alter)
    return Web3(provider), provider


def test_per_transaction_receipts_when_block_receipts_is_missing(
    big_block: tuple[Web3, dict[str, Any]],
) -> None:
    w3, block = big_block
    tx_hash = block["transactions"][77]
    slow, provider = tampered(w3, {"eth_getBlockReceipts": "missing"})
    assert fetch_chain_evidence(slow, tx_hash) == fetch_chain_evidence(w3, tx_hash)
    assert provider.calls["eth_getTransactionReceipt"] == len(block["transactions"]) + 1


def test_altered_header_field_is_caught(big_block: tuple[Web3, dict[str, Any]]) -> None:
    w3, block = big_block

    def drop_requests_hash(result: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in result.items() if k != "requestsHash"}

    def bump_gas_used(result: dict[str, Any]) -> dict[str, Any]:
        return {**result, "gasUsed": hex(int(result["gasUsed"], 16) + 1)}

    for alter in (drop_requests_hash, bump_gas_used):
        bad, _ = tampered(w3, {"eth_getBlockByHash": alter})
        with pytest.raises(BlockHeaderMismatch):
            fetch_chain_evidence(bad, block["transactions"][0])


def test_altered_receipt_is_caught(big_block: tuple[Web3, dict[str, Any]]) -> None:
    w3, block = big_block

    def flip_status(receipts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        first = {**receipts[3], "status": "0x0" if receipts[3]["status"] == "0x1" else "0x1"}
        return [*receipts[:3], first, *receipts[4:]]

    bad, _ = tampered(w3, {"eth_getBlockReceipts": flip_status})
    with pytest.raises(ReceiptsRootMismatch):
        fetch_chain_evidence(bad, block["transactions"][0])


def test_header_fields_must_come_in_fork_order(big_block: tuple[Web3, dict[str, Any]]) -> None:
    w3, block = big_block
    full = rpc(w3, "eth_getBlockByHash", [block["hash"], False])
    assert keccak256(header_rlp(full)).hex() == block["hash"][2:]
    gap = {k: v for k, v in full.items() if k != "withdrawalsRoot"}
    with pytest.raises(ChainRpcError, match="without all the fields before"):
        header_rlp(gap)
    with pytest.raises(ChainRpcError, match="lacks header fields mixHash"):
        header_rlp({k: v for k, v in full.items() if k != "mixHash"})
    with pytest.raises(ChainRpcError, match="not 0x-prefixed hex"):
        header_rlp({**full, "stateRoot": "0x123"})


def test_node_down_is_rpc_unavailable() -> None:
    from tests.ports import free_port

    w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{free_port()}", request_kwargs={"timeout": 2}))
    with pytest.raises(RpcUnavailable, match="does not answer"):
        fetch_chain_evidence(w3, b"\x42" * 32)


def test_bad_arguments(big_block: tuple[Web3, dict[str, Any]]) -> None:
    w3, block = big_block
    with pytest.raises(ChainEvidenceError, match="32 bytes"):
        fetch_chain_evidence(w3, b"\x42" * 31)
    with pytest.raises(ChainRpcError, match="hex"):
        fetch_chain_evidence(w3, "0xnothex")
    receipt = fetch_chain_evidence(w3, block["transactions"][0]).receipt
    with pytest.raises(ChainEvidenceError, match="20 bytes"):
        find_log_index(receipt, b"\x01" * 19, EMITTED)
    with pytest.raises(ChainEvidenceError, match="cannot decode"):
        find_log_index(receipt[:-1], b"\x01" * 20, EMITTED)


def test_one_by_one_raw_transactions_when_batches_are_refused(
    big_block: tuple[Web3, dict[str, Any]],
) -> None:
    w3, block = big_block
    tx_hash = block["transactions"][128]
    unbatched, provider = tampered(w3, {"eth_getRawTransactionByBlockHashAndIndex": lambda r: r})
    assert fetch_chain_evidence(unbatched, tx_hash) == fetch_chain_evidence(w3, tx_hash)
    count = len(block["transactions"])
    assert provider.calls["eth_getRawTransactionByBlockHashAndIndex"] == count
    batched, provider = tampered(w3, {})
    assert fetch_chain_evidence(batched, tx_hash).transaction_proof
    assert provider.calls["eth_getRawTransactionByBlockHashAndIndex"] == 0
    assert provider.calls["batch"] == (count + 49) // 50


def test_a_raw_transaction_not_of_its_hash_is_caught(
    big_block: tuple[Web3, dict[str, Any]],
) -> None:
    w3, block = big_block
    other: str = rpc(w3, "eth_getRawTransactionByBlockHashAndIndex", [block["hash"], "0x5"])

    def swap(result: str) -> str:
        return other

    bad, _ = tampered(w3, {"eth_getRawTransactionByBlockHashAndIndex": swap})
    with pytest.raises(ChainEvidenceError, match=r"transaction 0 of block .* hashes to"):
        fetch_chain_evidence(bad, block["transactions"][5])
    by_index = "eth_getRawTransactionByBlockHashAndIndex"
    by_hash, _ = tampered(w3, {by_index: "missing"})
    assert fetch_chain_evidence(by_hash, block["transactions"][5]) == fetch_chain_evidence(
        w3, block["transactions"][5]
    )
    # A node with neither raw method (Hardhat): the transactions are rebuilt from their JSON
    # fields (test_rawtx.py, and the Hardhat pipeline test, prove that path). This block holds
    # blob transactions, which anvil 1.7.1 commits with their blobs (foundry-rs/foundry#15132):
    # their JSON gives the block form, so the trie is not anvil's, and that is said.
    neither, _ = tampered(w3, {by_index: "missing", "eth_getRawTransactionByHash": "missing"})
    with pytest.raises(TransactionsRootMismatch, match="form the trie root"):
        fetch_chain_evidence(neither, block["transactions"][5])
    gone, _ = tampered(w3, {"eth_getRawTransactionByBlockHashAndIndex": lambda r: None})
    with pytest.raises(TransactionNotFound, match="is gone"):
        fetch_chain_evidence(gone, block["transactions"][5])


def test_the_network_form_of_a_blob_transaction_is_reduced_to_the_blocks_form(
    big_block: tuple[Web3, dict[str, Any]],
) -> None:
    w3, block = big_block
    for tx_hash in block["transactions"]:
        raw = bytes.fromhex(rpc(w3, "eth_getRawTransactionByHash", [tx_hash])[2:])
        canonical = canonical_transaction(raw)
        assert "0x" + keccak256(canonical).hex() == tx_hash
        assert (canonical != raw) == (raw[0] == 3)  # anvil 1.7.1 serves blobs with the tx
        assert canonical_transaction(canonical) == canonical
    with pytest.raises(ChainRpcError, match="not RLP"):
        canonical_transaction(b"\x03\xf9")


class Resending(HTTPProvider):
    """An HTTP provider that sends every raw transaction twice, as a retry after a timeout does."""

    def make_request(self, method: RPCEndpoint, params: Any) -> RPCResponse:
        if method == "eth_sendRawTransaction":
            first = super().make_request(method, params)
            assert "error" not in first, first
        return super().make_request(method, params)


def test_a_transaction_sent_twice_is_counted_once_with_its_hash(start_anvil: StartAnvil) -> None:
    # The second copy is refused as "already imported" (a clean-clone run once failed so);
    # the filler then computes the hash itself, for a blob transaction without its blobs.
    w3 = start_anvil("cancun")
    twice = Web3(Resending(cast(HTTPProvider, w3.provider).endpoint_uri))
    block = fill_block(twice, 4, FORKS["cancun"][1], seed=5)  # asserts each hash is mined
    assert 3 in {int(rpc(w3, "eth_getTransactionByHash", [h])["type"], 16)
                 for h in block["transactions"]}
