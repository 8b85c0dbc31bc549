"""A transaction's EIP-2718 bytes rebuilt from its JSON-RPC fields, for nodes with no raw form.

Hardhat serves neither `eth_getRawTransactionByBlockHashAndIndex` nor
`eth_getRawTransactionByHash`. The encoding is rebuilt per type (legacy, EIP-2930, EIP-1559,
EIP-4844, EIP-7702) and is only ever used after its keccak256 was checked to be the
transaction's hash, as the header is (chainproof.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rlp

from ipledger.ledger.errors import ChainEvidenceError

_FEES = {
    0: ("gasPrice",),
    1: ("chainId", "gasPrice"),
    2: ("chainId", "maxPriorityFeePerGas", "maxFeePerGas"),
    3: ("chainId", "maxPriorityFeePerGas", "maxFeePerGas"),
    4: ("chainId", "maxPriorityFeePerGas", "maxFeePerGas"),
}


def _int(tx: Mapping[str, Any], name: str) -> int:
    value = tx.get(name)
    if not isinstance(value, str) or not value.startswith("0x"):
        raise ChainEvidenceError(f"the node's transaction has no {name} quantity: {value!r}")
    return int(value, 16)


def _bytes(tx: Mapping[str, Any], name: str) -> bytes:
    value = tx.get(name)
    if value is None and name == "to":
        return b""  # a contract creation
    if not isinstance(value, str) or not value.startswith("0x"):
        raise ChainEvidenceError(f"the node's transaction has no {name} data: {value!r}")
    return bytes.fromhex(value[2:])


def _access_list(tx: Mapping[str, Any]) -> list[list[Any]]:
    return [
        [bytes.fromhex(item["address"][2:]), [bytes.fromhex(k[2:]) for k in item["storageKeys"]]]
        for item in tx.get("accessList") or []
    ]


def _authorizations(tx: Mapping[str, Any]) -> list[list[Any]]:
    names = ("chainId", "address", "nonce", "yParity", "r", "s")
    return [
        [_bytes(a, n) if n == "address" else _int(a, n) for n in names]
        for a in tx.get("authorizationList") or []
    ]


def transaction_from_json(tx: Mapping[str, Any]) -> bytes:
    """Return the EIP-2718 encoding of an `eth_getTransactionBy*` result."""
    kind = _int(tx, "type") if "type" in tx else 0
    if kind not in _FEES:
        raise ChainEvidenceError(f"transaction type {kind} is not one ipledger can rebuild")
    fields: list[Any] = [_int(tx, name) for name in _FEES[kind] if name == "chainId"]
    fields += [_int(tx, "nonce")]
    fields += [_int(tx, name) for name in _FEES[kind] if name != "chainId"]
    fields += [_int(tx, "gas"), _bytes(tx, "to"), _int(tx, "value"), _bytes(tx, "input")]
    if kind == 0:
        return bytes(rlp.encode([*fields, _int(tx, "v"), _int(tx, "r"), _int(tx, "s")]))
    fields.append(_access_list(tx))
    if kind == 3:
        fields += [
            _int(tx, "maxFeePerBlobGas"),
            [bytes.fromhex(h[2:]) for h in tx.get("blobVersionedHashes") or []],
        ]
    if kind == 4:
        fields.append(_authorizations(tx))
    parity = _int(tx, "yParity") if "yParity" in tx else _int(tx, "v")
    fields += [parity, _int(tx, "r"), _int(tx, "s")]
    return bytes([kind]) + bytes(rlp.encode(fields))
