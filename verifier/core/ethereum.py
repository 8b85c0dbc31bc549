"""Ethereum block headers and EIP-2718 receipts: strict decoding and receipt-trie proofs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ipledger.verifier.core.errors import (
    HeaderMismatch,
    InvalidHeader,
    InvalidReceipt,
    InvalidRLP,
    ReceiptProofError,
    RootMismatchError,
    TrieProofError,
    VerifierError,
)
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.mpt import verify_mpt_proof
from ipledger.verifier.core.rlp import RLPItem, decode, decode_uint, encode

HASH_SIZE = 32
ADDRESS_SIZE = 20
BLOOM_SIZE = 256
MAX_TOPICS = 4  # LOG0 .. LOG4
RECEIPT_TYPES = (1, 2, 3, 4)  # EIP-2930, EIP-1559, EIP-4844, EIP-7702; 0 is legacy, unprefixed

# Header field count -> the fork that introduced the last field.
FORKS_BY_FIELD_COUNT = {15: "frontier", 16: "london", 17: "shanghai", 20: "cancun", 21: "prague"}


@dataclass(frozen=True)
class BlockHeader:
    """A decoded block header; `encoded` is its RLP, so `hash` is the block hash."""

    parent_hash: bytes
    ommers_hash: bytes
    coinbase: bytes
    state_root: bytes
    transactions_root: bytes
    receipts_root: bytes
    logs_bloom: bytes
    difficulty: int
    number: int
    gas_limit: int
    gas_used: int
    timestamp: int
    extra_data: bytes
    mix_hash: bytes
    nonce: bytes
    encoded: bytes
    base_fee_per_gas: int | None = None  # London (EIP-1559)
    withdrawals_root: bytes | None = None  # Shanghai (EIP-4895)
    blob_gas_used: int | None = None  # Cancun (EIP-4844)
    excess_blob_gas: int | None = None  # Cancun (EIP-4844)
    parent_beacon_block_root: bytes | None = None  # Cancun (EIP-4788)
    requests_hash: bytes | None = None  # Prague (EIP-7685)

    @property
    def hash(self) -> bytes:
        """Return keccak256 of the header's RLP: the block hash."""
        return keccak256(self.encoded)

    @property
    def fork(self) -> str:
        """Return the fork whose header layout this is (frontier, london ... prague)."""
        return FORKS_BY_FIELD_COUNT[len(_header_items(self.encoded))]


@dataclass(frozen=True)
class Log:
    """One log entry of a receipt: emitting contract, up to four topics, data."""

    address: bytes
    topics: tuple[bytes, ...]
    data: bytes


@dataclass(frozen=True)
class Receipt:
    """A decoded consensus receipt (post-Byzantium: status, not state root)."""

    tx_type: int
    status: int
    cumulative_gas_used: int
    logs_bloom: bytes
    logs: tuple[Log, ...]

    @property
    def succeeded(self) -> bool:
        """Return True when the transaction did not revert (status 1)."""
        return self.status == 1


def _header_items(raw: bytes) -> list[RLPItem]:
    try:
        item = decode(raw)
    except InvalidRLP as exc:
        raise InvalidHeader(f"block header is not canonical RLP: {exc}") from None
    if not isinstance(item, list):
        raise InvalidHeader("block header is an RLP string, not a list")
    if len(item) not in FORKS_BY_FIELD_COUNT:
        counts = ", ".join(f"{n} ({fork})" for n, fork in FORKS_BY_FIELD_COUNT.items())
        raise InvalidHeader(f"block header has {len(item)} fields; known layouts have {counts}")
    return item


def _fixed(item: RLPItem, size: int, name: str, error: type[ValueError]) -> bytes:
    if not isinstance(item, bytes):
        raise error(f"{name} is an RLP list, expected {size} bytes")
    if len(item) != size:
        raise error(f"{name} is {len(item)} bytes, expected {size}")
    return item


def _uint(item: RLPItem, max_bytes: int, name: str, error: type[ValueError]) -> int:
    if not isinstance(item, bytes):
        raise error(f"{name} is an RLP list, expected an integer")
    try:
        return decode_uint(item, max_bytes)
    except InvalidRLP as exc:
        raise error(f"{name}: {exc}") from None


def _bytes(item: RLPItem, name: str, error: type[ValueError]) -> bytes:
    if not isinstance(item, bytes):
        raise error(f"{name} is an RLP list, expected bytes")
    return item


def decode_header(raw: bytes) -> BlockHeader:
    """Decode a block header's RLP, checking every field's size and canonical form.

    Accepts the layouts of frontier (15 fields) through prague (21 fields); raises
    `InvalidHeader` naming the field at fault. Integers are canonical (no leading
    zeros); gas, number and time fields fit 64 bits, difficulty and base fee 256.
    """
    if not isinstance(raw, bytes):
        raise InvalidHeader(f"block header must be bytes, got {type(raw).__name__}")
    f = _header_items(raw)
    e = InvalidHeader
    n = len(f)
    return BlockHeader(
        parent_hash=_fixed(f[0], HASH_SIZE, "parentHash", e),
        ommers_hash=_fixed(f[1], HASH_SIZE, "ommersHash", e),
        coinbase=_fixed(f[2], ADDRESS_SIZE, "coinbase", e),
        state_root=_fixed(f[3], HASH_SIZE, "stateRoot", e),
        transactions_root=_fixed(f[4], HASH_SIZE, "transactionsRoot", e),
        receipts_root=_fixed(f[5], HASH_SIZE, "receiptsRoot", e),
        logs_bloom=_fixed(f[6], BLOOM_SIZE, "logsBloom", e),
        difficulty=_uint(f[7], 32, "difficulty", e),
        number=_uint(f[8], 8, "number", e),
        gas_limit=_uint(f[9], 8, "gasLimit", e),
        gas_used=_uint(f[10], 8, "gasUsed", e),
        timestamp=_uint(f[11], 8, "timestamp", e),
        extra_data=_bytes(f[12], "extraData", e),
        mix_hash=_fixed(f[13], HASH_SIZE, "mixHash", e),
        nonce=_fixed(f[14], 8, "nonce", e),
        encoded=raw,
        base_fee_per_gas=_uint(f[15], 32, "baseFeePerGas", e) if n > 15 else None,
        withdrawals_root=_fixed(f[16], HASH_SIZE, "withdrawalsRoot", e) if n > 16 else None,
        blob_gas_used=_uint(f[17], 8, "blobGasUsed", e) if n > 17 else None,
        excess_blob_gas=_uint(f[18], 8, "excessBlobGas", e) if n > 18 else None,
        parent_beacon_block_root=(
            _fixed(f[19], HASH_SIZE, "parentBeaconBlockRoot", e) if n > 19 else None
        ),
        requests_hash=_fixed(f[20], HASH_SIZE, "requestsHash", e) if n > 20 else None,
    )


def verify_header(raw: bytes, block_hash: bytes) -> BlockHeader:
    """Decode `raw` and check that keccak256(raw) is `block_hash`.

    Raises `InvalidHeader` for a malformed header and `HeaderMismatch` when it
    hashes to another block hash.
    """
    if not isinstance(block_hash, bytes) or len(block_hash) != HASH_SIZE:
        raise InvalidHeader("the block hash must be 32 bytes")
    header = decode_header(raw)
    if header.hash != block_hash:
        raise HeaderMismatch(
            f"block header hashes to 0x{header.hash.hex()}, not the block hash 0x{block_hash.hex()}"
        )
    return header


def logs_bloom(logs: Sequence[Log]) -> bytes:
    """Return the 2048-bit bloom of the logs' addresses and topics (Yellow Paper M3:2048)."""
    bloom = bytearray(BLOOM_SIZE)
    for log in logs:
        for value in (log.address, *log.topics):
            digest = keccak256(value)
            for i in (0, 2, 4):
                bit = int.from_bytes(digest[i : i + 2], "big") & 2047
                bloom[BLOOM_SIZE - 1 - bit // 8] |= 1 << (bit % 8)
    return bytes(bloom)


def decode_receipt(raw: bytes) -> Receipt:
    """Decode an EIP-2718 consensus receipt: `type || rlp([...])` or legacy `rlp([...])`.

    The payload is [status, cumulativeGasUsed, logsBloom, logs], each log
    [address, [topics], data]. Status must be 0 or 1 (pre-Byzantium state roots
    are refused), types 1-4 are accepted, and the bloom must be exactly the one
    the logs produce. Raises `InvalidReceipt` naming what is wrong.
    """
    if not isinstance(raw, bytes) or not raw:
        raise InvalidReceipt("a receipt must be non-empty bytes")
    if raw[0] >= 0xC0:
        tx_type, payload = 0, raw
    elif raw[0] in RECEIPT_TYPES:
        tx_type, payload = raw[0], raw[1:]
    else:
        raise InvalidReceipt(f"receipt type 0x{raw[0]:02x} is not legacy or one of 1-4")
    try:
        item = decode(payload)
    except InvalidRLP as exc:
        raise InvalidReceipt(f"receipt is not canonical RLP: {exc}") from None
    if not isinstance(item, list) or len(item) != 4:
        raise InvalidReceipt("a receipt must be an RLP list of 4 fields")
    e = InvalidReceipt
    status_raw = _bytes(item[0], "status", e)
    if status_raw not in (b"", b"\x01"):
        raise InvalidReceipt(
            "status must be 0 or 1 (a pre-Byzantium receipt with a state root is not supported)"
        )
    if not isinstance(item[3], list):
        raise InvalidReceipt("logs must be an RLP list")
    logs = tuple(_log(entry, i) for i, entry in enumerate(item[3]))
    bloom = _fixed(item[2], BLOOM_SIZE, "logsBloom", e)
    if bloom != logs_bloom(logs):
        raise InvalidReceipt("logsBloom does not match the receipt's logs")
    return Receipt(
        tx_type=tx_type,
        status=len(status_raw),
        cumulative_gas_used=_uint(item[1], 8, "cumulativeGasUsed", e),
        logs_bloom=bloom,
        logs=logs,
    )


def _log(entry: RLPItem, index: int) -> Log:
    e = InvalidReceipt
    if not isinstance(entry, list) or len(entry) != 3:
        raise InvalidReceipt(f"log {index} must be an RLP list [address, topics, data]")
    topics = entry[1]
    if not isinstance(topics, list) or len(topics) > MAX_TOPICS:
        raise InvalidReceipt(f"log {index} topics must be a list of at most {MAX_TOPICS}")
    return Log(
        address=_fixed(entry[0], ADDRESS_SIZE, f"log {index} address", e),
        topics=tuple(
            _fixed(t, HASH_SIZE, f"log {index} topic {j}", e) for j, t in enumerate(topics)
        ),
        data=_bytes(entry[2], f"log {index} data", e),
    )


def receipt_key(tx_index: int) -> bytes:
    """Return the receipts-trie key of a transaction index: RLP(tx_index)."""
    if isinstance(tx_index, bool) or not isinstance(tx_index, int) or not 0 <= tx_index < 2**64:
        raise ReceiptProofError(f"tx_index must be an integer in [0, 2^64), got {tx_index!r}")
    return encode(tx_index)


def verify_receipt_proof(
    receipts_root: bytes, tx_index: int, receipt: bytes, proof: Sequence[bytes]
) -> Receipt:
    """Check that `proof` proves `receipt` at key RLP(`tx_index`) under `receipts_root`.

    Returns the decoded receipt. Raises `RootMismatchError` when the proof's first
    node is not the receipts root, `ReceiptProofError` when the proof is malformed,
    proves another value or no value, and `InvalidReceipt` for a malformed receipt.
    """
    check_block_trie_value(
        (receipts_root, "receiptsRoot"), tx_index, receipt, proof, (ReceiptProofError, "receipt")
    )
    return decode_receipt(receipt)


def check_block_trie_value(
    root: tuple[bytes, str],
    tx_index: int,
    value: bytes,
    proof: Sequence[bytes],
    fault: tuple[type[VerifierError], str],
) -> None:
    """Check that `proof` proves `value` at key RLP(`tx_index`) under a block's trie root.

    `root` is (the root, its header field's name); `fault` is (the error to raise, what the
    value is). Raises `RootMismatchError` naming the field when the proof does not start at
    the root, `fault`'s error when the proof is malformed or proves another value or none.
    """
    error, what = fault
    try:
        proven = verify_mpt_proof(root[0], receipt_key(tx_index), proof)
    except RootMismatchError as exc:
        raise RootMismatchError(exc.computed, exc.expected, root[1]) from None
    except TrieProofError as exc:
        raise error(f"{what} proof for tx_index {tx_index}: {exc}") from exc
    if proven != value:
        raise error(
            f"the proof proves a different {what} at tx_index {tx_index} than the one given"
        )
