from typing import Any

import pytest
from eth_abi.abi import encode
from web3 import Web3
from web3.exceptions import Web3RPCError

from ipledger.ledger.anchoring.chainio import BroadcastOutcome, classify_rejection, decode_revert

ABI: list[dict[str, Any]] = [
    {"type": "error", "name": "EvidenceAnchorSizeNotIncreasing",
     "inputs": [{"name": "stored", "type": "uint64"}, {"name": "given", "type": "uint64"}]},
    {"type": "error", "name": "EvidenceAnchorInvalidProof", "inputs": []},
]


def selector(signature: str) -> bytes:
    return Web3.keccak(text=signature)[:4]


def test_custom_error_with_arguments_is_named() -> None:
    data = selector("EvidenceAnchorSizeNotIncreasing(uint64,uint64)") + encode(
        ["uint64", "uint64"], [10, 7])
    assert decode_revert(ABI, "0x" + data.hex()) == "EvidenceAnchorSizeNotIncreasing(10, 7)"


def test_custom_error_without_arguments() -> None:
    assert decode_revert(ABI, selector("EvidenceAnchorInvalidProof()")) == (
        "EvidenceAnchorInvalidProof()")


def test_solidity_error_string_and_panic() -> None:
    err = selector("Error(string)") + encode(["string"], ["nope"])
    assert decode_revert(ABI, err) == "Error('nope')"
    panic = selector("Panic(uint256)") + encode(["uint256"], [0x11])
    assert decode_revert(ABI, panic) == "Panic(17)"


def test_unknown_selector_keeps_the_hex() -> None:
    assert decode_revert(ABI, "0xdeadbeef00") == "reverted: 0xdeadbeef00"
    assert decode_revert(ABI, None) == "reverted without data"
    assert decode_revert(ABI, "0x") == "reverted without a reason"


def rpc_error(message: str) -> Web3RPCError:
    return Web3RPCError(message, rpc_response={"jsonrpc": "2.0", "id": 1,
                                               "error": {"code": -32000, "message": message}})


@pytest.mark.parametrize(("message", "outcome"), [
    ("already known", BroadcastOutcome.KNOWN),                          # geth
    ("nonce too low", BroadcastOutcome.NONCE_USED),                     # geth, anvil
    ("Nonce too low. Expected nonce to be 3 but got 2.", BroadcastOutcome.NONCE_USED),  # hardhat
    ("replacement transaction underpriced", BroadcastOutcome.FEE_TOO_LOW),
    ("max fee per gas less than block base fee", BroadcastOutcome.FEE_TOO_LOW),
    ("insufficient funds for gas * price + value", BroadcastOutcome.NO_FUNDS),
    ("intrinsic gas too low", BroadcastOutcome.REJECTED),
])
def test_node_refusals_are_classified(message: str, outcome: BroadcastOutcome) -> None:
    assert classify_rejection(rpc_error(message)) is outcome
