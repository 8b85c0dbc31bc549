"""Chain evidence for a transaction: block header, the raw transaction, its receipt, trie proofs."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rlp
from trie.hexary import HexaryTrie
from web3 import Web3
from web3.types import RPCEndpoint

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
from ipledger.ledger.evidence.rawtx import transaction_from_json
from ipledger.ledger.lru import LruCache
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.ethereum import (
    Log,
    decode_receipt,
    verify_header,
    verify_receipt_proof,
)
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.transaction import verify_transaction_proof

_HEX_RE = re.compile(r"0x[0-9a-fA-F]*")
# not found / invalid request / invalid params / not supported (EIP-1474; Hardhat node)
_METHOD_MISSING = (-32601, -32600, -32602, -32004)
_DEPOSIT_TX_TYPE = 0x7E  # OP Stack deposit transactions
_BATCH = 50  # requests per JSON-RPC batch; public endpoints cap batch sizes
_CACHED_BLOCKS = 8

# JSON-RPC name, kind and size of each header field, in RLP order (Yellow Paper 4.3).
_BASE_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("parentHash", "data", 32),
    ("sha3Uncles", "data", 32),
    ("miner", "data", 20),
    ("stateRoot", "data", 32),
    ("transactionsRoot", "data", 32),
    ("receiptsRoot", "data", 32),
    ("logsBloom", "data", 256),
    ("difficulty", "quantity", 0),
    ("number", "quantity", 0),
    ("gasLimit", "quantity", 0),
    ("gasUsed", "quantity", 0),
    ("timestamp", "quantity", 0),
    ("extraData", "data", -1),
    ("mixHash", "data", 32),
    ("nonce", "data", 8),
)
# Fields added by later forks; present in a header only as an unbroken prefix of this list.
_FORK_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("baseFeePerGas", "quantity", 0),  # London
    ("withdrawalsRoot", "data", 32),  # Shanghai
    ("blobGasUsed", "quantity", 0),  # Cancun
    ("excessBlobGas", "quantity", 0),  # Cancun
    ("parentBeaconBlockRoot", "data", 32),  # Cancun
    ("requestsHash", "data", 32),  # Prague
)


@dataclass(frozen=True)
class ChainEvidence:
    """What a bundle's `anchor` needs from the chain, checked against the node's hashes."""

    chain_id: int
    tx_hash: bytes
    tx_index: int
    block_number: int
    block_hash: bytes
    block_time: int
    block_header: bytes
    receipt: bytes
    receipt_proof: tuple[bytes, ...]
    transaction: bytes  # EIP-2718 encoding as the block holds it (blob txs without blobs)
    transaction_proof: tuple[bytes, ...]  # under the header's transactionsRoot


def _quantity(value: object, name: str) -> int:
    if not isinstance(value, str) or not _HEX_RE.fullmatch(value) or len(value) < 3:
        raise ChainRpcError(f"{name} is not a JSON-RPC quantity: {value!r}")
    return int(value, 16)


def _data(value: object, name: str, size: int = -1) -> bytes:
    if not isinstance(value, str) or not _HEX_RE.fullmatch(value) or len(value) % 2:
        raise ChainRpcError(f"{name} is not 0x-prefixed hex data: {value!r}")
    raw = bytes.fromhex(value[2:])
    if size >= 0 and len(raw) != size:
        raise ChainRpcError(f"{name} is {len(raw)} bytes, expected {size}")
    return raw


def _field(block: Mapping[str, Any], name: str, kind: str, size: int) -> bytes | int:
    if kind == "quantity":
        return _quantity(block[name], name)
    return _data(block[name], name, size)


def header_rlp(block: Mapping[str, Any]) -> bytes:
    """Rebuild a block header's RLP from an `eth_getBlockBy*` result.

    The fork's layout follows from which optional fields the node reports
    (baseFeePerGas ... requestsHash); a later field without the earlier ones is an
    error. The caller must still compare keccak256 of the result with the block hash.
    """
    missing = [name for name, _, _ in _BASE_FIELDS if name not in block]
    if missing:
        raise ChainRpcError(f"block lacks header fields {', '.join(missing)}")
    fields = [_field(block, *spec) for spec in _BASE_FIELDS]
    present = [name in block and block[name] is not None for name, _, _ in _FORK_FIELDS]
    count = present.index(False) if False in present else len(present)
    if any(present[count:]):
        names = [spec[0] for spec, there in zip(_FORK_FIELDS, present, strict=True) if there]
        raise ChainRpcError(f"block has fork fields {names} without all the fields before them")
    fields += [_field(block, *spec) for spec in _FORK_FIELDS[:count]]
    return bytes(rlp.encode(fields))


def receipt_bytes(receipt: Mapping[str, Any]) -> bytes:
    """Return the EIP-2718 consensus encoding of an `eth_getTransactionReceipt` result.

    `type || rlp([status, cumulativeGasUsed, logsBloom, logs])` for a typed
    transaction, plain RLP for a legacy one; OP Stack deposit receipts (type 0x7e)
    carry depositNonce and depositReceiptVersion when the node reports them.
    """
    tx_type = _quantity(receipt.get("type", "0x0"), "receipt type")
    if "status" not in receipt or receipt["status"] is None:
        raise ChainRpcError("receipt has no status (pre-Byzantium state-root receipts)")
    logs = receipt.get("logs")
    if not isinstance(logs, list):
        raise ChainRpcError("receipt logs are not a list")
    fields: list[Any] = [
        _quantity(receipt["status"], "status"),
        _quantity(receipt["cumulativeGasUsed"], "cumulativeGasUsed"),
        _data(receipt["logsBloom"], "logsBloom", 256),
        [
            [
                _data(log["address"], "log address", 20),
                [_data(t, "log topic", 32) for t in log["topics"]],
                _data(log["data"], "log data"),
            ]
            for log in logs
        ],
    ]
    if tx_type == _DEPOSIT_TX_TYPE:
        for name in ("depositNonce", "depositReceiptVersion"):
            if receipt.get(name) is not None:
                fields.append(_quantity(receipt[name], name))
    payload = bytes(rlp.encode(fields))
    if tx_type == 0:
        return payload
    if not 0 < tx_type < 0x80:
        raise ChainRpcError(f"receipt type {tx_type} is outside EIP-2718's range 1-0x7f")
    return bytes([tx_type]) + payload


def build_index_trie(values: Sequence[bytes]) -> HexaryTrie:
    """Return a block's trie of receipts or transactions: key RLP(i) -> value i."""
    trie = HexaryTrie({})
    # One batch: py-trie hashes and prunes once at the end instead of after every insert.
    with trie.squash_changes() as batch:
        for index, encoded in enumerate(values):
            batch[rlp.encode(index)] = encoded
    return trie


def build_receipts_trie(receipts: Sequence[bytes]) -> HexaryTrie:
    """Return the receipts trie: key RLP(i) -> consensus receipt i."""
    return build_index_trie(receipts)


def canonical_transaction(raw: bytes) -> bytes:
    """Return a transaction as blocks hold it: a blob transaction loses its network wrapper.

    Nodes (anvil among them) may answer the raw-transaction methods for an EIP-4844
    transaction with `0x03 || rlp([tx, blobs, commitments, proofs])`; the block, and
    the transaction hash, have `0x03 || rlp(tx)`.
    """
    if raw[:1] != b"\x03":
        return raw
    try:
        item = rlp.decode(raw[1:])
    except rlp.DecodingError as exc:
        raise ChainRpcError(f"a blob transaction from the node is not RLP: {exc}") from exc
    if isinstance(item, list) and item and isinstance(item[0], list):
        return b"\x03" + bytes(rlp.encode(item[0]))
    return raw


def trie_proof(trie: HexaryTrie, key: bytes) -> tuple[bytes, ...]:
    """Return the proof of `key` in the eth_getProof convention: hashed nodes, root first."""
    nodes: Sequence[Any] = trie.get_proof(key)  # type: ignore[no-untyped-call]
    encoded = [bytes(rlp.encode(node)) for node in nodes]
    return tuple(raw for i, raw in enumerate(encoded) if i == 0 or len(raw) >= 32)


def _rpc(w3: Web3, method: str, params: list[Any]) -> Any:
    try:
        response = w3.provider.make_request(RPCEndpoint(method), params)
    except OSError as exc:
        raise RpcUnavailable(f"{method}: the node does not answer ({exc})") from exc
    except ValueError as exc:
        raise ChainRpcError(f"{method} failed: {exc}") from exc
    if "error" in response:
        error = response["error"]
        code = error.get("code") if isinstance(error, Mapping) else None
        code = code if isinstance(code, int) else None
        message = error.get("message") if isinstance(error, Mapping) else error
        raise ChainRpcError(f"{method} failed: {message}", code)
    return response.get("result")


def _rpc_many(w3: Web3, method: str, params: list[list[Any]]) -> list[Any]:
    """Send the same method with each of `params`, in JSON-RPC batches where the node allows."""
    results: list[Any] = []
    batch = getattr(w3.provider, "make_batch_request", None)
    for start in range(0, len(params), _BATCH):
        chunk = params[start : start + _BATCH]
        try:
            answers = batch([(RPCEndpoint(method), p) for p in chunk]) if batch else None
        except (OSError, ValueError, NotImplementedError):
            answers = None
        if not isinstance(answers, list) or len(answers) != len(chunk):
            results += [_rpc(w3, method, p) for p in chunk]  # no batches here: one by one
            continue
        for p, answer in zip(chunk, answers, strict=True):
            if isinstance(answer, Mapping) and "result" in answer and "error" not in answer:
                results.append(answer["result"])
            else:
                results.append(_rpc(w3, method, p))  # retried alone, to report its error
    return results


def _block_receipts(w3: Web3, block_hash: str, tx_hashes: list[str]) -> list[Mapping[str, Any]]:
    try:
        receipts = _rpc(w3, "eth_getBlockReceipts", [block_hash])
    except ChainRpcError as exc:
        if exc.code not in _METHOD_MISSING:
            raise
        receipts = None
    if receipts is None:
        receipts = [_rpc(w3, "eth_getTransactionReceipt", [h]) for h in tx_hashes]
    if not isinstance(receipts, list) or len(receipts) != len(tx_hashes):
        raise ChainEvidenceError(
            f"block {block_hash} has {len(tx_hashes)} transactions but the node returned "
            f"{len(receipts) if isinstance(receipts, list) else 'no'} receipts"
        )
    for index, (receipt, tx_hash) in enumerate(zip(receipts, tx_hashes, strict=True)):
        if (
            not isinstance(receipt, Mapping)
            or str(receipt.get("transactionHash", "")).lower() != tx_hash.lower()
            or str(receipt.get("blockHash", "")).lower() != block_hash.lower()
            or _quantity(receipt.get("transactionIndex"), "transactionIndex") != index
        ):
            raise ChainEvidenceError(
                f"receipt {index} of block {block_hash} is not that of transaction {tx_hash}; "
                "the block may have been reorganized away, try again"
            )
    return receipts


def _block_transactions(
    w3: Web3, block_hash: str, tx_hashes: list[str]
) -> tuple[list[bytes], list[bytes]]:
    """Return every transaction of the block as the node serves it and in canonical form.

    Each canonical form must hash to the transaction's hash.
    """
    served, canonical = [], []
    try:
        answers = _rpc_many(
            w3,
            "eth_getRawTransactionByBlockHashAndIndex",
            [[block_hash, hex(index)] for index in range(len(tx_hashes))],
        )
    except ChainRpcError as exc:
        if exc.code not in _METHOD_MISSING:
            raise
        answers = _raw_by_hash(w3, tx_hashes)
    for index, (tx_hash, answer) in enumerate(zip(tx_hashes, answers, strict=True)):
        if answer is None:
            raise TransactionNotFound(f"block {block_hash} is gone (reorg?); try again")
        raw = answer if isinstance(answer, bytes) else _data(answer, f"raw transaction {index}")
        served.append(raw)
        canonical.append(canonical_transaction(served[-1]))
        if "0x" + keccak256(canonical[-1]).hex() != tx_hash:
            raise ChainEvidenceError(
                f"transaction {index} of block {block_hash} from the node hashes to "
                f"0x{keccak256(canonical[-1]).hex()}, not {tx_hash}; the block may have been "
                "reorganized away, try again"
            )
    return served, canonical


def _raw_by_hash(w3: Web3, tx_hashes: list[str]) -> list[Any]:
    """Return the raw transactions by hash, rebuilt from JSON where the node has no raw form."""
    try:
        return _rpc_many(w3, "eth_getRawTransactionByHash", [[h] for h in tx_hashes])
    except ChainRpcError as exc:
        if exc.code not in _METHOD_MISSING and "not supported" not in str(exc):
            raise
    answers = _rpc_many(w3, "eth_getTransactionByHash", [[h] for h in tx_hashes])
    return [None if a is None else transaction_from_json(a) for a in answers]


@dataclass(frozen=True)
class _BlockTries:
    """A block's receipts and transactions with their tries, roots checked against the header.

    Bound to the block hash (the header commits to both roots), so it can be kept.
    """

    receipts: list[bytes]
    receipts_trie: HexaryTrie
    served: list[bytes]
    transactions: list[bytes]
    transactions_trie: HexaryTrie
    blob_sidecar_committed: bool


# The last few blocks' tries: a block of N transactions costs 2 tries once, not N times.
# Keyed by node connection and block hash: what is kept is bound to the hash either way,
# and a new connection (another node) is checked afresh. The key holds the provider
# itself, not its id(): a freed provider's id is reused by the next one, which then got
# the tries another connection had fetched (a flaky test showed it).
_BLOCK_TRIES: LruCache[tuple[object, bytes], _BlockTries] = LruCache(_CACHED_BLOCKS)


def _block_tries(w3: Web3, block: Mapping[str, Any], tx_hashes: list[str]) -> _BlockTries:
    """Fetch the block's receipts and transactions and build both tries, checking each root."""
    block_hash = str(block["hash"])
    receipts = [receipt_bytes(r) for r in _block_receipts(w3, block_hash, tx_hashes)]
    trie = build_receipts_trie(receipts)
    receipts_root = _data(block["receiptsRoot"], "receiptsRoot", 32)
    if trie.root_hash != receipts_root:
        raise ReceiptsRootMismatch(
            f"the {len(receipts)} receipts of block {block_hash} form the trie root "
            f"0x{bytes(trie.root_hash).hex()}, the header says 0x{receipts_root.hex()}"
        )
    served, transactions = _block_transactions(w3, block_hash, tx_hashes)
    tx_trie, as_served = _transactions_trie(block, served, transactions)
    return _BlockTries(receipts, trie, served, transactions, tx_trie, as_served)


def _transactions_trie(
    block: Mapping[str, Any], served: list[bytes], canonical: list[bytes]
) -> tuple[HexaryTrie, bool]:
    """Return the trie of the block's transactions that has the header's transactionsRoot.

    The flag says the block commits to a blob transaction in its network form.
    """
    root = _data(block["transactionsRoot"], "transactionsRoot", 32)
    trie = build_index_trie(canonical)
    if trie.root_hash != root and served != canonical:
        # anvil before foundry-rs/foundry#15699 (1.7.1 among them) commits blob transactions
        # in their network form, sidecar included; the other leaves are still proven exactly.
        as_served = build_index_trie(served)
        if as_served.root_hash == root:
            return as_served, True
    if trie.root_hash != root:
        raise TransactionsRootMismatch(
            f"the {len(canonical)} transactions of block {block['hash']} form the trie root "
            f"0x{bytes(trie.root_hash).hex()}, the header says 0x{root.hex()}"
        )
    return trie, False


def _hex_hash(tx_hash: bytes | str) -> str:
    raw = bytes(tx_hash) if isinstance(tx_hash, bytes | bytearray) else _data(tx_hash, "tx hash")
    if len(raw) != 32:
        raise ChainEvidenceError(f"a transaction hash is 32 bytes, got {len(raw)}")
    return "0x" + raw.hex()


def fetch_chain_evidence(w3: Web3, tx_hash: bytes | str) -> ChainEvidence:
    """Gather and check the block header, receipt, raw transaction and their trie proofs.

    The header is rebuilt from JSON-RPC and must hash to the block hash; every
    receipt of the block is re-encoded and the trie they form must have the
    header's receiptsRoot; every raw transaction must hash to its hash and together
    they must form the header's transactionsRoot. The result is then checked with the
    offline verifier, so what is returned is exactly what a bundle's verifier accepts.
    """
    tx_hex = _hex_hash(tx_hash)
    chain_id = _quantity(_rpc(w3, "eth_chainId", []), "chainId")
    tx_receipt = _rpc(w3, "eth_getTransactionReceipt", [tx_hex])
    if not isinstance(tx_receipt, Mapping) or tx_receipt.get("blockHash") is None:
        raise TransactionNotFound(f"transaction {tx_hex} is not mined (no receipt)")
    block_hash = str(tx_receipt["blockHash"])
    block = _rpc(w3, "eth_getBlockByHash", [block_hash, False])
    if not isinstance(block, Mapping):
        raise TransactionNotFound(f"block {block_hash} of transaction {tx_hex} is gone (reorg?)")
    header = header_rlp(block)
    block_hash_raw = _data(block_hash, "blockHash", 32)
    reported = _data(block.get("hash"), "hash", 32)
    if keccak256(header) != block_hash_raw or reported != block_hash_raw:
        raise BlockHeaderMismatch(
            f"the header rebuilt for block {block_hash} hashes to 0x{keccak256(header).hex()}; "
            "the node reports a header field this chain's layout does not cover"
        )
    tx_hashes = [str(h).lower() for h in block.get("transactions", [])]
    if tx_hex not in tx_hashes:
        raise TransactionNotFound(f"block {block_hash} does not list transaction {tx_hex}")
    tx_index = tx_hashes.index(tx_hex)
    key: tuple[object, bytes] = (w3.provider, block_hash_raw)
    tries = _BLOCK_TRIES.get(key)
    if tries is None:
        tries = _block_tries(w3, block, tx_hashes)
        _BLOCK_TRIES.put(key, tries)
    receipts, trie, transactions = tries.receipts, tries.receipts_trie, tries.transactions
    if tries.blob_sidecar_committed and tries.served[tx_index] != transactions[tx_index]:
        raise ChainEvidenceError(
            f"block {block_hash} commits to blob transaction {tx_index} with its "
            "blobs (anvil before foundry-rs/foundry#15699): no offline proof of it "
            "is possible; anchor with a transaction of type 0, 1 or 2"
        )
    proof = trie_proof(trie, rlp.encode(tx_index))
    tx_proof = trie_proof(tries.transactions_trie, rlp.encode(tx_index))
    try:
        decoded = verify_header(header, block_hash_raw)
        verify_receipt_proof(decoded.receipts_root, tx_index, receipts[tx_index], proof)
        verify_transaction_proof(
            decoded.transactions_root, tx_index, transactions[tx_index], tx_proof
        )
    except VerifierError as exc:
        raise ChainEvidenceError(f"the offline verifier rejects this evidence: {exc}") from exc
    return ChainEvidence(
        chain_id=chain_id,
        tx_hash=bytes.fromhex(tx_hex[2:]),
        tx_index=tx_index,
        block_number=decoded.number,
        block_hash=block_hash_raw,
        block_time=decoded.timestamp,
        block_header=header,
        receipt=receipts[tx_index],
        receipt_proof=proof,
        transaction=transactions[tx_index],
        transaction_proof=tx_proof,
    )


def _address(value: bytes | str) -> bytes:
    raw = bytes(value) if isinstance(value, bytes | bytearray) else _data(value, "address")
    if len(raw) != 20:
        raise ChainEvidenceError(f"an address is 20 bytes, got {len(raw)}")
    return raw


def find_log_index(receipt: bytes, contract: bytes | str, event_topic: bytes) -> int:
    """Return the position of a log within `receipt`'s logs (not the block-wide logIndex).

    The log is the first one emitted by `contract` whose first topic is `event_topic`;
    raises `LogNotFound` when there is none.
    """
    return find_log(receipt, contract, event_topic)[0]


@functools.lru_cache(maxsize=64)
def find_log(receipt: bytes, contract: bytes | str, event_topic: bytes) -> tuple[int, Log]:
    """Return `find_log_index`'s position with the log itself (decoded, frozen).

    Remembered for the newest receipts: every bundle under one anchor reads the same
    receipt, and decoding it (its bloom recomputed) was a tenth of a bundle's work.
    """
    address = _address(contract)
    try:
        logs = decode_receipt(receipt).logs
    except VerifierError as exc:
        raise ChainEvidenceError(f"cannot decode the receipt: {exc}") from exc
    for index, log in enumerate(logs):
        if log.address == address and log.topics[:1] == (bytes(event_topic),):
            return index, log
    raise LogNotFound(f"no log from 0x{address.hex()} with topic 0x{bytes(event_topic).hex()}")
