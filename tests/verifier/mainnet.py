"""A whole mainnet block from the Portal test vectors: header, transactions, receipts, tries.

Block 22162263 (tests/vectors/portal/block_data, from ethereum/portal-spec-tests): its
transactions and receipts rebuilt in their consensus encodings with code written from the
Yellow Paper and EIP-2718 (pyrlp, py-trie, eth-hash; not the verifier core), and checked
against the header's roots before any test uses them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import rlp
import yaml
from eth_account import Account
from eth_hash.auto import keccak
from trie.hexary import HexaryTrie

from ipledger.ledger.evidence.chainproof import trie_proof
from ipledger.verifier.core.beacon import DENEB, BlockProof
from ipledger.verifier.core.bundle import AnchorEvidence

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "portal"
HEADERS_WITH_PROOF = VECTORS / "headers_with_proof"
TRANSACTIONS_ROOT, RECEIPTS_ROOT = 4, 5  # header field positions


@dataclass(frozen=True)
class MainnetBlock:
    """One block: its RLP header and hash, raw transactions, consensus receipts and tries."""

    number: int
    header: bytes
    transactions: tuple[bytes, ...]
    receipts: tuple[bytes, ...]
    transactions_trie: HexaryTrie
    receipts_trie: HexaryTrie

    @property
    def hash(self) -> bytes:
        return bytes(keccak(self.header))

    @property
    def timestamp(self) -> int:
        return int.from_bytes(rlp.decode(self.header)[11], "big")


def _bloom(logs: list[list[object]]) -> bytes:
    """Yellow Paper 4.4.1: three bits per address and topic, from its Keccak-256."""
    bloom = 0
    for log in logs:
        address, topics = log[0], log[1]
        assert isinstance(address, bytes) and isinstance(topics, list)
        for item in (address, *topics):
            digest = keccak(item)
            for i in (0, 2, 4):
                bloom |= 1 << (((digest[i] << 8) | digest[i + 1]) & 2047)
    return bloom.to_bytes(256, "big")


def _consensus_receipt(compact: list[object]) -> bytes:
    """Portal's `[type, status, cumulativeGasUsed, logs]` back to the EIP-2718 encoding."""
    kind, status, gas, logs = compact
    assert isinstance(kind, bytes) and isinstance(logs, list)
    payload = rlp.encode([status, gas, _bloom(logs), logs])
    return bytes(payload if kind in (b"", b"\x00") else kind + payload)


def _trie(values: tuple[bytes, ...]) -> HexaryTrie:
    built = HexaryTrie({})
    for index, value in enumerate(values):
        built.set(rlp.encode(index), value)  # type: ignore[no-untyped-call]
    return built


@functools.cache
def mainnet_block(number: int = 22162263) -> MainnetBlock:
    """Load and check a block of tests/vectors/portal/block_data."""
    path = VECTORS / "block_data" / f"block-data-{number}.yaml"
    data = yaml.load(path.read_text(), yaml.BaseLoader)
    header = bytes.fromhex(data["header"][2:])
    body = rlp.decode(bytes.fromhex(data["body"][2:]))
    transactions = tuple(tx if isinstance(tx, bytes) else rlp.encode(tx) for tx in body[0])
    compact = rlp.decode(bytes.fromhex(data["receipts"][2:]))
    receipts = tuple(_consensus_receipt(r) for r in compact)
    fields = rlp.decode(header)
    block = MainnetBlock(
        number, header, transactions, receipts, _trie(transactions), _trie(receipts)
    )
    assert block.transactions_trie.root_hash == fields[TRANSACTIONS_ROOT]
    assert block.receipts_trie.root_hash == fields[RECEIPTS_ROOT]
    return block


def published_block_proof(number: int = 22162263) -> bytes:
    """Return the SSZ proof part of the Portal `BlockHeaderWithProof` published for a block."""
    data = yaml.load((HEADERS_WITH_PROOF / f"{number}.yaml").read_text(), yaml.BaseLoader)
    content = bytes.fromhex(data["content_value"][2:])
    header_offset, proof_offset = (int.from_bytes(content[i : i + 4], "little") for i in (0, 4))
    assert header_offset == 8
    return content[proof_offset:]


def anchor_of(block: MainnetBlock, index: int) -> AnchorEvidence:
    """The chain part for transaction `index`, as a v2 bundle carries it."""
    receipt = block.receipts[index]
    logs = rlp.decode(receipt[1:] if receipt[0] < 0xC0 else receipt)[3]
    return AnchorEvidence(
        chain_id=1,
        contract=logs[0][0] if logs else bytes(20),
        log=bytes.fromhex(Account.recover_transaction(block.transactions[index])[2:]),
        tx_hash=bytes(keccak(block.transactions[index])),
        tx_index=index,
        log_index=0,
        block_number=block.number,
        block_hash=block.hash,
        block_time=block.timestamp,
        block_header=block.header,
        receipt=receipt,
        receipt_proof=trie_proof(block.receipts_trie, rlp.encode(index)),
        transaction=block.transactions[index],
        transaction_proof=trie_proof(block.transactions_trie, rlp.encode(index)),
        block_proof=BlockProof.from_ssz(DENEB, published_block_proof(block.number)),
    )
