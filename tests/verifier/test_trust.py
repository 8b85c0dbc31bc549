"""The shipped mainnet trust root, trust-root files, and `verify_block_header_with_proof`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import ipledger.verifier
from ipledger.verifier import HistoricalSummaries, ProvenBlock, verify_block_header_with_proof
from ipledger.verifier.core.beacon import CAPELLA_SLOT, period_of
from ipledger.verifier.core.errors import (
    BlockAfterTrustRoot,
    CanonicalityError,
    InvalidTrustRoot,
    UnsupportedBlockProof,
)
from ipledger.verifier.trust import (
    SHIPPED_TRUST_ROOT,
    load_trust_root,
    shipped_trust_root,
    trust_root_from_beacon_state,
)

PORTAL = Path(__file__).resolve().parents[1] / "vectors" / "portal" / "headers_with_proof"
SUMMARIES_SSZ = PORTAL / "beacon_data" / "historical_summaries_at_slot_11476992.ssz"
ROOT_AT_11476992 = "0xea683f50e62fec2100177c9cf2ad74744b096c15cc00c61579c336411994232c"


def _content(block: str) -> bytes:
    vector = yaml.safe_load((PORTAL / f"{block}.yaml").read_text("utf-8"))
    return bytes.fromhex(vector["content_value"][2:])


def test_the_shipped_trust_root_extends_the_portal_vectors_list() -> None:
    # A release refreshes the shipped root (`ipledger trust-root refresh`); it must still
    # extend the list the Portal vectors were published against, and reproduce its file.
    shipped = shipped_trust_root()
    published = HistoricalSummaries.from_ssz(SUMMARIES_SSZ.read_bytes(), 11476992)
    assert "0x" + published.root.hex() == ROOT_AT_11476992
    assert shipped.slot >= published.slot
    shipped.check_extends(published)
    assert len(shipped.summaries) == 643 + (shipped.slot - published.slot) // 8192
    assert SHIPPED_TRUST_ROOT.read_text("utf-8") == shipped.to_json()  # rebuilt byte for byte


@pytest.mark.parametrize(("block", "timestamp"), [
    ("17034870", 1681338479), ("17042287", 1681436783), ("19426587", 1710338135),
    ("22162263", 1743368267)])
def test_the_public_function_proves_real_mainnet_blocks(block: str, timestamp: int) -> None:
    proven = verify_block_header_with_proof(_content(block))
    assert isinstance(proven, ProvenBlock)
    assert (proven.number, proven.timestamp) == (int(block), timestamp)
    assert proven.trust_root == ROOT_AT_11476992
    assert proven == ipledger.verifier.verify_block_header_with_proof(
        _content(block), trust_root=shipped_trust_root())


def test_a_given_trust_root_replaces_the_shipped_one() -> None:
    shipped = shipped_trust_root()
    period = period_of(11378687)  # block 22162263's slot
    early = HistoricalSummaries(slot=CAPELLA_SLOT + period * 8192,
                                summaries=shipped.summaries[:period])
    with pytest.raises(BlockAfterTrustRoot) as caught:
        verify_block_header_with_proof(_content("22162263"), trust_root=early)
    assert caught.value.trust_root_slot == early.slot
    # slot 11378687 is the last of its period: the next slot, 12 s later, closes it
    assert caught.value.period_closes == "2025-03-30T20:57:59Z"
    with pytest.raises(UnsupportedBlockProof):
        verify_block_header_with_proof(_content("15539558"))
    content = bytearray(_content("17034870"))
    content[-9] ^= 1  # the last hash of the execution branch
    with pytest.raises(CanonicalityError):
        verify_block_header_with_proof(bytes(content))


def test_load_trust_root_reads_a_file_and_names_its_faults(tmp_path: Path) -> None:
    path = tmp_path / "trust.json"
    path.write_text(shipped_trust_root().to_json())
    assert load_trust_root(path) == shipped_trust_root()
    assert load_trust_root(str(path)) == shipped_trust_root()
    with pytest.raises(InvalidTrustRoot, match="cannot read the trust root"):
        load_trust_root(tmp_path / "missing.json")
    with pytest.raises(InvalidTrustRoot, match="cannot read the trust root"):
        load_trust_root(tmp_path)
    doc = json.loads(path.read_text())
    doc["historical_summaries_root"] = "0x" + "00" * 32
    path.write_text(json.dumps(doc))
    with pytest.raises(InvalidTrustRoot, match="not the stated historical_summaries_root"):
        load_trust_root(path)


def _state(slot: object, summaries: object) -> str:
    """A Beacon API state answer (`/eth/v2/debug/beacon/states/{id}`), the fields used here."""
    return json.dumps({"version": "deneb", "execution_optimistic": False, "finalized": True,
                       "data": {"genesis_time": "1606824023", "slot": slot,
                                "historical_summaries": summaries}})


def test_a_trust_root_is_built_from_a_beacon_api_state() -> None:
    shipped = shipped_trust_root()
    listed = [{"block_summary_root": "0x" + b.hex(), "state_summary_root": "0x" + s.hex()}
              for b, s in shipped.summaries]
    assert trust_root_from_beacon_state(_state("11476992", listed)) == shipped
    assert trust_root_from_beacon_state(_state("11476992", listed).encode()) == shipped
    newer = trust_root_from_beacon_state(_state("11485184", [*listed, listed[0]]))
    newer.check_extends(shipped)
    bad_hex = [*listed[:-1], {**listed[-1], "state_summary_root": "0x12"}]
    faults: dict[str | bytes, str] = {
        _state(11476992, listed): "slot is not a decimal string",
        _state("011476992", listed): "slot is not a decimal string",
        _state("11476992", listed[:-1]): "has 643 historical summaries, not 642",
        _state("11476992", bad_hex): "not a 32-byte root",
        _state("11476992", {"a": 1}): "not a Beacon API state",
        json.dumps({"data": {"slot": "5"}}): "historical_summaries",
        "[" * 100 + "]" * 100: "nested too deep",
        "{": "not a Beacon API state",
        b"\xff": "not a Beacon API state",
    }
    for text, match in faults.items():
        with pytest.raises(InvalidTrustRoot, match=match):
            trust_root_from_beacon_state(text)
