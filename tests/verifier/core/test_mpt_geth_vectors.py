"""Account and storage proofs produced by go-ethereum's eth_getProof (execution-apis vectors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipledger.verifier.core.errors import KeyNotInTrie, TrieProofError
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.mpt import verify_mpt_proof
from ipledger.verifier.core.rlp import encode

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "geth_proofs.json").read_text()
)
PROOFS: dict[str, dict[str, Any]] = VECTORS["proofs"]


def unhex(text: str) -> bytes:
    return bytes.fromhex(text[2:])


@pytest.mark.parametrize("name", sorted(PROOFS))
def test_account_proof_yields_the_reported_account(name: str) -> None:
    case = PROOFS[name]
    proof = [unhex(n) for n in case["accountProof"]]
    state_root = keccak256(proof[0])
    value = verify_mpt_proof(state_root, keccak256(unhex(case["address"])), proof)
    account: list[int | bytes] = [
        int(case["nonce"], 16),
        int(case["balance"], 16),
        unhex(case["storageHash"]),
        unhex(case["codeHash"]),
    ]
    assert value == encode(account)
    with pytest.raises(TrieProofError):
        verify_mpt_proof(state_root, keccak256(b"\x01" * 20), proof)


def test_storage_proof_of_an_empty_slot_is_absence() -> None:
    case = PROOFS["with_storage"]
    storage = case["storageProof"][0]
    assert storage["value"] == "0x0"
    slot_key = keccak256(int(storage["key"], 16).to_bytes(32, "big"))
    with pytest.raises(KeyNotInTrie):
        verify_mpt_proof(unhex(case["storageHash"]), slot_key, [unhex(n) for n in storage["proof"]])
