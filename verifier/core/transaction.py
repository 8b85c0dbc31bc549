"""EIP-2718 transactions (types 0-4): strict decoding, sender recovery, transactions-trie proofs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ipledger.verifier.core.errors import (
    InvalidRLP,
    InvalidTransaction,
    TransactionProofError,
)
from ipledger.verifier.core.ethereum import ADDRESS_SIZE, HASH_SIZE, check_block_trie_value
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.rlp import RLPItem, decode, decode_uint, encode
from ipledger.verifier.core.secp256k1 import recover_address

# Fields before the signature, in RLP order, as name:kind. Kind uN is an integer of at most N
# bytes, "to" an address or empty (creation), "addr" an address, "bytes" any bytes, "access"
# an EIP-2930 access list, "blobs" EIP-4844 versioned hashes, "auths" EIP-7702 authorizations.
_SPECS = {
    0: "nonce:u8 gasPrice:u32 gasLimit:u8 to:to value:u32 data:bytes",
    1: "chainId:u32 nonce:u8 gasPrice:u32 gasLimit:u8 to:to value:u32 data:bytes accessList:access",
    2: "chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:to "
    "value:u32 data:bytes accessList:access",
    3: "chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:addr "
    "value:u32 data:bytes accessList:access maxFeePerBlobGas:u32 blobVersionedHashes:blobs",
    4: "chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:addr "
    "value:u32 data:bytes accessList:access authorizationList:auths",
    -1: "chainId:u32 address:addr nonce:u8 yParity:u1 r:u32 s:u32",  # an authorization tuple
}
_FIELDS = {t: tuple(tuple(f.split(":")) for f in spec.split()) for t, spec in _SPECS.items()}
BLOB_HASH_VERSION = 0x01  # EIP-4844 VERSIONED_HASH_VERSION_KZG


@dataclass(frozen=True)
class Transaction:
    """A decoded, signed transaction; `hash` is keccak256 of its EIP-2718 encoding."""

    tx_type: int
    chain_id: int | None  # None only for a pre-EIP-155 legacy transaction
    nonce: int
    to: bytes | None  # None creates a contract
    value: int
    data: bytes
    sender: bytes
    hash: bytes


def _check(item: RLPItem, kind: str, name: str) -> RLPItem:
    if kind in ("access", "blobs", "auths"):
        if not isinstance(item, list):
            raise InvalidTransaction(f"{name} is an RLP string, expected a list")
        if kind != "access" and not item:
            raise InvalidTransaction(f"{name} is empty; this transaction type requires entries")
        for i, entry in enumerate(item):
            _entry(entry, kind, f"{name}[{i}]")
        return item
    if not isinstance(item, bytes):
        raise InvalidTransaction(f"{name} is an RLP list, expected bytes")
    if kind[0] == "u":
        try:
            decode_uint(item, int(kind[1:]))
        except InvalidRLP as exc:
            raise InvalidTransaction(f"{name}: {exc}") from None
    elif kind in ("to", "addr") and len(item) != ADDRESS_SIZE and (kind == "addr" or item):
        raise InvalidTransaction(f"{name} is {len(item)} bytes, expected {ADDRESS_SIZE}")
    return item


def _entry(entry: RLPItem, kind: str, name: str) -> None:
    if kind == "blobs":
        if not isinstance(entry, bytes) or len(entry) != HASH_SIZE:
            raise InvalidTransaction(f"{name} is not a 32-byte versioned hash")
        if entry[0] != BLOB_HASH_VERSION:
            raise InvalidTransaction(f"{name} has version 0x{entry[0]:02x}, not 0x01 (KZG)")
        return
    fields = _FIELDS[-1] if kind == "auths" else (("address", "addr"), ("storageKeys", "keys"))
    if not isinstance(entry, list) or len(entry) != len(fields):
        raise InvalidTransaction(f"{name} must be an RLP list of {len(fields)} fields")
    for item, (field, sub) in zip(entry, fields, strict=True):
        if sub != "keys":
            _check(item, sub, f"{name}.{field}")
        elif not isinstance(item, list) or any(
            not isinstance(key, bytes) or len(key) != HASH_SIZE for key in item
        ):
            raise InvalidTransaction(f"{name}.storageKeys must be a list of 32-byte keys")


def decode_transaction(raw: bytes) -> Transaction:
    """Decode a signed EIP-2718 transaction and recover its sender.

    Legacy (`rlp([...])`, v = 27/28 before EIP-155 or 35 + 2 * chainId), EIP-2930
    (type 1), EIP-1559 (2), EIP-4844 (3, only the canonical form a block holds,
    not the network wrapper with blobs) and EIP-7702 (4, its authorizations only
    parsed) as `type || rlp([...])`. Every field's size and canonical form is
    checked; the signature must be low-s (EIP-2). Raises `InvalidTransaction`
    naming the field at fault, or `InvalidSignature` for the signature.
    """
    if not isinstance(raw, bytes) or not raw:
        raise InvalidTransaction("a transaction must be non-empty bytes")
    if raw[0] >= 0xC0:
        tx_type, payload = 0, raw
    elif 0 < raw[0] < 5:
        tx_type, payload = raw[0], raw[1:]
    else:
        raise InvalidTransaction(f"transaction type 0x{raw[0]:02x} is not legacy or one of 1-4")
    try:
        item = decode(payload)
    except InvalidRLP as exc:
        raise InvalidTransaction(f"transaction is not canonical RLP: {exc}") from None
    spec = _FIELDS[tx_type]
    if tx_type == 3 and isinstance(item, list) and item and isinstance(item[0], list):
        raise InvalidTransaction(
            "a blob transaction in its network form (with blobs) is not the form blocks hold"
        )
    if not isinstance(item, list) or len(item) != len(spec) + 3:
        raise InvalidTransaction(
            f"a type {tx_type} transaction is an RLP list of {len(spec) + 3} fields"
        )
    fields = [_check(value, kind, name) for value, (name, kind) in zip(item, spec, strict=False)]
    named = {name: value for value, (name, _) in zip(fields, spec, strict=False)}
    v = _int(_check(item[-3], "u32" if tx_type == 0 else "u1", "v" if tx_type == 0 else "yParity"))
    r, s = (_int(_check(x, "u32", name)) for x, name in ((item[-2], "r"), (item[-1], "s")))
    if tx_type:
        chain_id: int | None = _int(named["chainId"])
        y_parity = v
        signing = bytes([tx_type]) + encode(fields)
    elif v in (27, 28):
        chain_id, y_parity = None, v - 27
        signing = encode(fields)
    elif v >= 35:
        chain_id, y_parity = (v - 35) // 2, (v - 35) % 2
        signing = encode([*fields, chain_id, 0, 0])
    else:
        raise InvalidTransaction(f"legacy v is {v}; it must be 27, 28 or 35 + 2 * chainId + 0/1")
    to, data = _bytes(named["to"]), _bytes(named["data"])
    return Transaction(
        tx_type=tx_type,
        chain_id=chain_id,
        nonce=_int(named["nonce"]),
        to=to or None,
        value=_int(named["value"]),
        data=data,
        sender=recover_address(keccak256(signing), y_parity, r, s),
        hash=keccak256(raw),
    )


def _bytes(item: RLPItem) -> bytes:
    if not isinstance(item, bytes):  # _check has refused lists where bytes belong
        raise InvalidTransaction("a scalar field is an RLP list")
    return item


def _int(item: RLPItem) -> int:
    return int.from_bytes(_bytes(item), "big")  # _check has bounded its size and form


def verify_transaction_proof(
    transactions_root: bytes, tx_index: int, raw: bytes, proof: Sequence[bytes]
) -> Transaction:
    """Check that `proof` proves `raw` at key RLP(`tx_index`) under `transactions_root`.

    Returns the decoded transaction. Raises `RootMismatchError` when the proof's
    first node is not the transactions root, `TransactionProofError` when the index
    is invalid or the proof is malformed, proves another value or none, and
    `InvalidTransaction` / `InvalidSignature` for a malformed transaction.
    """
    if isinstance(tx_index, bool) or not isinstance(tx_index, int) or not 0 <= tx_index < 2**64:
        raise TransactionProofError(f"tx_index must be an integer in [0, 2^64), got {tx_index!r}")
    check_block_trie_value(
        (transactions_root, "transactionsRoot"),
        tx_index,
        raw,
        proof,
        (TransactionProofError, "transaction"),
    )
    return decode_transaction(raw)
