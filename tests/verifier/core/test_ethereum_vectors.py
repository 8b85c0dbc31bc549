"""Headers, receipts and receipt proofs of real anvil blocks (tests/vectors/anvil_block_*)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rlp as oracle_rlp
from trie.hexary import HexaryTrie

from ipledger.verifier.core.errors import (
    HeaderMismatch,
    InvalidHeader,
    InvalidReceipt,
    ReceiptProofError,
    RootMismatchError,
    VerifierError,
)
from ipledger.verifier.core.ethereum import (
    FORKS_BY_FIELD_COUNT,
    decode_header,
    decode_receipt,
    verify_header,
    verify_receipt_proof,
)
from ipledger.verifier.core.keccak import keccak256

VECTORS = Path(__file__).parents[2] / "vectors"
FILES = sorted(VECTORS.glob("anvil_block_*.json"))
BLOCKS: dict[str, dict[str, Any]] = {p.stem: json.loads(p.read_text()) for p in FILES}
FIELD_COUNTS = {"berlin": 15, "london": 16, "shanghai": 17, "cancun": 20, "prague": 21, None: 21}


def unhex(text: str) -> bytes:
    assert text.startswith("0x")
    return bytes.fromhex(text[2:])


def proven(name: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    block = BLOCKS[name]
    return [(block, r) for r in block["receipts"] if "proof" in r]


CASES = [(name, r) for name in BLOCKS for _, r in proven(name)]


def test_vectors_present() -> None:
    assert {"anvil_block_big", "anvil_block_prague", "anvil_block_berlin"} <= set(BLOCKS)


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_header_matches_node_json(name: str) -> None:
    data = BLOCKS[name]
    block = data["block"]
    header = verify_header(unhex(data["block_header"]), unhex(block["hash"]))
    assert len(oracle_rlp.decode(header.encoded)) == FIELD_COUNTS[data["hardfork"]]
    assert header.fork == FORKS_BY_FIELD_COUNT[FIELD_COUNTS[data["hardfork"]]]
    hashes = {
        "parentHash": header.parent_hash,
        "sha3Uncles": header.ommers_hash,
        "miner": header.coinbase,
        "stateRoot": header.state_root,
        "transactionsRoot": header.transactions_root,
        "receiptsRoot": header.receipts_root,
        "logsBloom": header.logs_bloom,
        "extraData": header.extra_data,
        "mixHash": header.mix_hash,
        "nonce": header.nonce,
        "withdrawalsRoot": header.withdrawals_root,
        "parentBeaconBlockRoot": header.parent_beacon_block_root,
        "requestsHash": header.requests_hash,
    }
    numbers = {
        "difficulty": header.difficulty,
        "number": header.number,
        "gasLimit": header.gas_limit,
        "gasUsed": header.gas_used,
        "timestamp": header.timestamp,
        "baseFeePerGas": header.base_fee_per_gas,
        "blobGasUsed": header.blob_gas_used,
        "excessBlobGas": header.excess_blob_gas,
    }
    for key, raw in hashes.items():
        if key in block:
            assert raw is not None and "0x" + raw.hex() == block[key].lower(), key
        else:
            assert raw is None, key
    for key, value in numbers.items():
        if key in block:
            assert value == int(block[key], 16), key
        else:
            assert value is None, key


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_receipts_trie_root_with_oracle(name: str) -> None:
    """All the block's consensus receipts, put in a `trie` package trie, give receiptsRoot."""
    data = BLOCKS[name]
    trie = HexaryTrie({})
    for index, receipt in enumerate(data["receipts"]):
        assert int(receipt["transactionIndex"], 16) == index
        trie[oracle_rlp.encode(index)] = unhex(receipt["encoded"])
    assert "0x" + bytes(trie.root_hash).hex() == data["block"]["receiptsRoot"]


@pytest.mark.parametrize(
    ("name", "receipt"), CASES, ids=[f"{n}-{r['transactionIndex']}" for n, r in CASES]
)
def test_receipt_proof_and_decoding(name: str, receipt: dict[str, Any]) -> None:
    data = BLOCKS[name]
    header = decode_header(unhex(data["block_header"]))
    index = int(receipt["transactionIndex"], 16)
    proof = [unhex(n) for n in receipt["proof"]]
    decoded = verify_receipt_proof(header.receipts_root, index, unhex(receipt["encoded"]), proof)
    assert decoded.tx_type == int(receipt["type"], 16)
    assert decoded.status == int(receipt["status"], 16)
    assert decoded.cumulative_gas_used == int(receipt["cumulativeGasUsed"], 16)
    assert "0x" + decoded.logs_bloom.hex() == receipt["logsBloom"]
    assert [
        ("0x" + log.address.hex(), ["0x" + t.hex() for t in log.topics], "0x" + log.data.hex())
        for log in decoded.logs
    ] == [(log["address"].lower(), log["topics"], log["data"]) for log in receipt["logs"]]


def test_vectors_cover_types_statuses_and_key_boundaries() -> None:
    seen = {(r["type"], r["status"]) for _, r in CASES}
    assert {t for t, _ in seen} == {"0x0", "0x1", "0x2", "0x3", "0x4"}
    assert {s for _, s in seen} == {"0x0", "0x1"}
    big = {int(r["transactionIndex"], 16) for _, r in proven("anvil_block_big")}
    assert {0, 127, 128, 129} <= big


def big_case(index: int) -> tuple[bytes, bytes, list[bytes]]:
    data = BLOCKS["anvil_block_big"]
    receipt = data["receipts"][index]
    root = decode_header(unhex(data["block_header"])).receipts_root
    return root, unhex(receipt["encoded"]), [unhex(n) for n in receipt["proof"]]


@pytest.mark.parametrize("index", [0, 1, 127, 128])
def test_tampered_receipt_proofs_fail(index: int) -> None:
    root, receipt, proof = big_case(index)
    verify_receipt_proof(root, index, receipt, proof)
    for other in (index + 1, index + 256, 2**64 - 1):
        with pytest.raises(ReceiptProofError):
            verify_receipt_proof(root, other, receipt, proof)
    flipped = bytearray(receipt)
    flipped[len(receipt) // 2] ^= 0x10
    with pytest.raises(ReceiptProofError, match="different receipt"):
        verify_receipt_proof(root, index, bytes(flipped), proof)
    other_receipt = unhex(BLOCKS["anvil_block_big"]["receipts"][index + 1]["encoded"])
    with pytest.raises(ReceiptProofError):
        verify_receipt_proof(root, index, other_receipt, proof)
    with pytest.raises(RootMismatchError, match="receiptsRoot"):
        verify_receipt_proof(keccak256(b"x"), index, receipt, proof)
    with pytest.raises(ReceiptProofError):
        verify_receipt_proof(root, index, receipt, proof[:-1])
    with pytest.raises(ReceiptProofError):
        verify_receipt_proof(root, index, receipt, [*proof, proof[-1]])
    with pytest.raises(ReceiptProofError, match="tx_index"):
        verify_receipt_proof(root, -1, receipt, proof)


def test_tampered_header_fails() -> None:
    data = BLOCKS["anvil_block_prague"]
    raw = unhex(data["block_header"])
    block_hash = unhex(data["block"]["hash"])
    verify_header(raw, block_hash)
    with pytest.raises(HeaderMismatch):
        verify_header(raw, keccak256(b"another block"))
    for pos in range(0, len(raw), 7):
        mutated = bytearray(raw)
        mutated[pos] ^= 0x01
        with pytest.raises(VerifierError):
            verify_header(bytes(mutated), block_hash)
    with pytest.raises(InvalidHeader, match="trailing"):
        verify_header(raw + b"\x00", block_hash)


def test_receipt_decoding_is_strict() -> None:
    _, receipt, _ = big_case(1)
    decode_receipt(receipt)
    with pytest.raises(InvalidReceipt, match="trailing"):
        decode_receipt(receipt + b"\x80")
    with pytest.raises(InvalidReceipt, match="type 0x05"):
        decode_receipt(b"\x05" + receipt.lstrip(b"\x01\x02\x03\x04"))
    with pytest.raises(InvalidReceipt, match="non-empty"):
        decode_receipt(b"")
