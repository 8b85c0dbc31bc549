"""The committed contract artifact Python loads: its keys, its ABI, the design's event layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from Crypto.Hash import keccak

ARTIFACT = Path(__file__).resolve().parents[2] / "contracts" / "EvidenceAnchor.json"


def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    return data


def _signature(item: dict[str, Any]) -> str:
    return f"{item['name']}({','.join(i['type'] for i in item['inputs'])})"


def _keccak(text: str) -> bytes:
    return keccak.new(digest_bits=256, data=text.encode()).digest()


def test_keys_and_compiler() -> None:
    doc = _load()
    assert list(doc) == [
        "format",
        "contractName",
        "sourceName",
        "sourceSha256",
        "compiler",
        "abi",
        "bytecode",
        "deployedBytecode",
    ]
    assert doc["format"] == "ipledger-contract-artifact/1"
    assert doc["contractName"] == "EvidenceAnchor"
    assert doc["compiler"]["version"].startswith("0.8.30+commit.")
    assert doc["compiler"]["settings"]["evmVersion"] == "cancun"
    for key in ("bytecode", "deployedBytecode"):
        code = bytes.fromhex(doc[key].removeprefix("0x"))
        assert len(code) > 100


def test_abi_matches_design_section_5() -> None:
    abi = _load()["abi"]
    functions = {_signature(i) for i in abi if i["type"] == "function"}
    assert functions == {
        "anchor(uint64,bytes32,bytes32[])",
        "latest(address)",
        "rootFromInclusionProof(uint64,uint64,bytes32,bytes32[])",
        "verifyInclusion(uint64,uint64,bytes32,bytes32[],bytes32)",
        "rootFromConsistencyProof(uint64,uint64,bytes32[],bytes32)",
        "verifyConsistency(uint64,uint64,bytes32[],bytes32,bytes32)",
    }
    errors = {_signature(i) for i in abi if i["type"] == "error"}
    assert all(e.startswith("EvidenceAnchor") for e in errors)
    (event,) = (i for i in abi if i["type"] == "event")
    assert _signature(event) == "Anchored(address,uint64,bytes32,uint64)"
    assert [i["indexed"] for i in event["inputs"]] == [True, True, False, False]


def test_event_topic_is_in_the_runtime_code() -> None:
    # LOG3 takes topic0 as a PUSH32 constant, so the runtime code must carry it.
    doc = _load()
    topic = _keccak("Anchored(address,uint64,bytes32,uint64)")
    assert topic.hex() in doc["deployedBytecode"]
