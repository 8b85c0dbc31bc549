"""Node replies decoded: transient failures, why a broadcast was refused, why a call reverted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import requests
from eth_abi.abi import decode as abi_decode
from web3 import Web3
from web3.exceptions import (
    ProviderConnectionError,
    RequestTimedOut,
    TimeExhausted,
    TooManyRequests,
    TransactionIndexingInProgress,
    Web3RPCError,
)

from ipledger.ledger.errors import RpcUnavailable

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    RpcUnavailable,
    requests.RequestException,  # connection refused or reset, read timeout, HTTP 5xx
    ConnectionError,
    TimeoutError,
    ProviderConnectionError,
    RequestTimedOut,
    TooManyRequests,
    TimeExhausted,
    TransactionIndexingInProgress,
)
"""Failures of the path to the node, not of our transaction: retried with backoff."""


class BroadcastOutcome(Enum):
    """What `eth_sendRawTransaction` told us about one signed attempt."""

    ACCEPTED = "accepted"
    KNOWN = "known"
    """The node already has it (a rebroadcast)."""
    NONCE_USED = "nonce_used"
    """Its nonce is already mined: by this attempt, another of ours, or someone else."""
    FEE_TOO_LOW = "fee_too_low"
    """Max fee under the base fee, or a same-nonce transaction pays more: bump."""
    NO_FUNDS = "no_funds"
    """The account cannot pay gas x max fee."""
    REJECTED = "rejected"
    """Any other refusal; kept on the attempt and retried later."""


_PATTERNS: tuple[tuple[BroadcastOutcome, tuple[str, ...]], ...] = (
    (BroadcastOutcome.KNOWN, ("already known", "known transaction", "alreadyknown",
                              "already imported", "already in mempool")),
    (BroadcastOutcome.NO_FUNDS, ("insufficient funds", "insufficientfunds",
                                 "sender doesn't have enough funds")),
    (BroadcastOutcome.NONCE_USED, ("nonce too low", "nonce has already been used",
                                   "noncetoolow")),
    (BroadcastOutcome.FEE_TOO_LOW, ("underpriced", "less than block base fee",
                                    "lower than the current", "fee cap", "feecap",
                                    "max fee per gas less than", "basefee", "base fee")),
)


def rpc_message(exc: BaseException) -> str:
    """Return the node's error message inside a `Web3RPCError`, else `str(exc)`."""
    if isinstance(exc, Web3RPCError) and isinstance(exc.rpc_response, Mapping):
        error = exc.rpc_response.get("error")
        if isinstance(error, Mapping) and isinstance(error.get("message"), str):
            return str(error["message"])
    return str(exc)


def classify_rejection(exc: BaseException) -> BroadcastOutcome:
    """Map a node's refusal of a raw transaction to what the worker should do next.

    Nodes word these errors differently (geth, anvil, Hardhat, Nethermind): matching
    is on lowercase substrings of the message; unknown wording gives REJECTED.
    """
    text = rpc_message(exc).lower()
    for outcome, needles in _PATTERNS:
        if any(n in text for n in needles):
            return outcome
    return BroadcastOutcome.REJECTED


def _error_signature(item: Mapping[str, Any]) -> str:
    types = ",".join(_canonical_type(i) for i in item.get("inputs", []))
    return f"{item['name']}({types})"


def _canonical_type(param: Mapping[str, Any]) -> str:
    kind = str(param["type"])
    if kind.startswith("tuple"):
        inner = ",".join(_canonical_type(c) for c in param.get("components", []))
        return f"({inner}){kind[5:]}"
    return kind


def decode_revert(abi: Sequence[Mapping[str, Any]], data: bytes | str | None) -> str:
    """Return a readable reason for revert `data`.

    That is a custom error of `abi` with its arguments, `Error(string)`,
    `Panic(uint256)`, or the raw hex when the selector is unknown.
    """
    if data is None:
        return "reverted without data"
    raw = bytes.fromhex(data[2:] if data.startswith("0x") else data) if isinstance(
        data, str) else bytes(data)
    if len(raw) < 4:
        return "reverted without a reason" if not raw else f"reverted: 0x{raw.hex()}"
    selector, body = raw[:4], raw[4:]
    known: list[tuple[str, list[str]]] = [
        ("Error(string)", ["string"]), ("Panic(uint256)", ["uint256"]),
    ]
    for item in abi:
        if item.get("type") == "error":
            known.append((_error_signature(item),
                          [_canonical_type(i) for i in item.get("inputs", [])]))
    for signature, types in known:
        if Web3.keccak(text=signature)[:4] == selector:
            try:
                values = abi_decode(types, body)
            except Exception:
                return f"{signature.split('(')[0]}(undecodable arguments 0x{body.hex()})"
            shown = ", ".join(
                "0x" + v.hex() if isinstance(v, bytes) else repr(v) for v in values
            )
            return f"{signature.split('(')[0]}({shown})"
    return f"reverted: 0x{raw.hex()}"


def revert_data(exc: BaseException) -> str | None:
    """Return the hex revert data a web3 contract error carries, if any."""
    data = getattr(exc, "data", None)
    if isinstance(data, str) and data.startswith("0x"):
        return data
    if isinstance(data, Mapping):
        inner = data.get("data")
        if isinstance(inner, str):
            return inner
    return None
