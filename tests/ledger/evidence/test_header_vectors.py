"""Headers rebuilt from go-ethereum JSON-RPC answers (execution-apis tests) hash to its hashes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipledger.ledger.evidence.chainproof import header_rlp
from ipledger.verifier.core.errors import HeaderMismatch
from ipledger.verifier.core.ethereum import verify_header

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "geth_blocks.json").read_text()
)
BLOCKS: dict[str, dict[str, Any]] = VECTORS["blocks"]


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_geth_header_round_trip(name: str) -> None:
    block = BLOCKS[name]
    header = verify_header(header_rlp(block), bytes.fromhex(block["hash"][2:]))
    assert header.fork == name.split("_", maxsplit=1)[0]
    assert header.number == int(block["number"], 16)
    assert header.timestamp == int(block["timestamp"], 16)
    assert header.difficulty == int(block["difficulty"], 16)
    assert "0x" + header.ommers_hash.hex() == block["sha3Uncles"]
    assert "0x" + header.receipts_root.hex() == block["receiptsRoot"]


def test_dropping_a_fork_field_changes_the_hash() -> None:
    block = BLOCKS["prague_requests"]
    without = {k: v for k, v in block.items() if k != "requestsHash"}
    header = header_rlp(without)
    with pytest.raises(HeaderMismatch, match="hashes to"):
        verify_header(header, bytes.fromhex(block["hash"][2:]))
