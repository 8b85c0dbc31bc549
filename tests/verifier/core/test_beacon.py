# No `from __future__ import annotations`: remerkleable reads the container's field types.
"""Mainnet canonicality proofs: Portal's real headers, each part tampered, trust roots."""

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from remerkleable.basic import uint64
from remerkleable.byte_arrays import Bytes32
from remerkleable.complex import Container, List, Vector

from ipledger.verifier.core.beacon import (
    CAPELLA,
    CAPELLA_SLOT,
    DENEB,
    BlockProof,
    HistoricalSummaries,
    decode_header_with_proof,
    encode_header_with_proof,
    period_of,
    proof_type_for,
    slot_time,
    verify_block_proof,
    verify_header_proof,
)
from ipledger.verifier.core.errors import (
    BlockAfterTrustRoot,
    CanonicalityError,
    InvalidBlockProof,
    InvalidHeader,
    InvalidRLP,
    InvalidTrustRoot,
    TrustRootNotExtended,
    UnsupportedBlockProof,
)
from ipledger.verifier.core.ethereum import decode_header

PORTAL = Path(__file__).resolve().parents[2] / "vectors" / "portal" / "headers_with_proof"
SUMMARIES_SSZ = PORTAL / "beacon_data" / "historical_summaries_at_slot_11476992.ssz"
TRUST_SLOT = 11476992
PROVEN = {"17034870": CAPELLA, "17042287": CAPELLA, "19426587": DENEB, "22162263": DENEB}
PRE_CAPELLA = ["14764013", "15537393", "15537394", "15539558", "17034869"]
SHANGHAI_TIMESTAMP = 1681338455  # Portal history spec: Capella's first slot on the EL side
CANCUN_TIMESTAMP = 1710338135  # EIP-7569: Deneb's first slot on the EL side


class HistoricalSummary(Container):  # type: ignore[misc]
    block_summary_root: Bytes32
    state_summary_root: Bytes32


class CapellaProof(Container):  # type: ignore[misc]
    beacon_block_proof: Vector[Bytes32, 13]
    beacon_block_root: Bytes32
    execution_block_proof: Vector[Bytes32, 11]
    slot: uint64


class DenebProof(Container):  # type: ignore[misc]
    beacon_block_proof: Vector[Bytes32, 13]
    beacon_block_root: Bytes32
    execution_block_proof: Vector[Bytes32, 12]
    slot: uint64


def _yaml(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _content(block: str) -> bytes:
    return bytes.fromhex(_yaml(PORTAL / f"{block}.yaml")["content_value"][2:])


@pytest.fixture(scope="module")
def trust_root() -> HistoricalSummaries:
    return HistoricalSummaries.from_ssz(SUMMARIES_SSZ.read_bytes(), TRUST_SLOT)


def _truncated(trust_root: HistoricalSummaries, periods: int) -> HistoricalSummaries:
    return HistoricalSummaries(slot=CAPELLA_SLOT + periods * 8192,
                               summaries=trust_root.summaries[:periods])


def _parts(block: str) -> tuple[bytes, BlockProof]:
    header, proof = decode_header_with_proof(_content(block))
    return header.encoded, proof


def test_fork_times_are_mainnets() -> None:
    assert slot_time(CAPELLA_SLOT) == SHANGHAI_TIMESTAMP
    assert proof_type_for(SHANGHAI_TIMESTAMP) == CAPELLA
    assert proof_type_for(CANCUN_TIMESTAMP - 1) == CAPELLA
    assert proof_type_for(CANCUN_TIMESTAMP) == DENEB
    assert proof_type_for(2**63) == DENEB  # Electra and Fulu keep Deneb's layout
    with pytest.raises(UnsupportedBlockProof, match="before Capella"):
        proof_type_for(SHANGHAI_TIMESTAMP - 1)


@pytest.mark.parametrize("block", sorted(PROVEN))
def test_every_capella_and_deneb_header_verifies(block: str, trust_root: HistoricalSummaries
                                                 ) -> None:
    vector = _yaml(PORTAL / f"{block}.yaml")
    header = decode_header(_parts(block)[0])
    proven = verify_header_proof(_content(block), trust_root)
    assert proven.number == int(block) == header.number
    assert proven.hash.hex() == vector["content_key"][4:]  # 0x, selector 00, the block hash
    assert proven.timestamp == header.timestamp == slot_time(proven.slot)
    assert proven.proof_type == PROVEN[block]
    assert proven.chain_id == 1
    assert (proven.trust_root_slot, proven.trust_root) == (TRUST_SLOT, "0x" + trust_root.root.hex())
    assert f"block {block} (0x{proven.hash.hex()})" in proven.statement
    assert f"historical_summaries at slot {TRUST_SLOT}" in proven.statement


@pytest.mark.parametrize("block", sorted(PROVEN))
def test_the_readable_proof_is_what_the_content_holds(block: str) -> None:
    kind = "capella" if PROVEN[block] == CAPELLA else "deneb"
    readable = _yaml(PORTAL / f"block_proofs_{kind}" / f"beacon_block_proof-{block}.yaml")
    header_rlp, proof = _parts(block)
    assert decode_header(header_rlp).hash.hex() == readable["execution_block_header"][2:]
    assert ["0x" + h.hex() for h in proof.beacon_block_proof] == readable["beacon_block_proof"]
    assert ["0x" + h.hex() for h in proof.execution_block_proof] == readable[
        "execution_block_proof"]
    assert "0x" + proof.beacon_block_root.hex() == readable["beacon_block_root"]
    assert proof.slot == readable["slot"]
    assert encode_header_with_proof(header_rlp, proof) == _content(block)
    oracle = (CapellaProof if kind == "capella" else DenebProof).decode_bytes(proof.to_ssz())
    assert bytes(oracle.beacon_block_root) == proof.beacon_block_root
    assert int(oracle.slot) == proof.slot
    assert [bytes(h) for h in oracle.execution_block_proof] == list(proof.execution_block_proof)
    assert oracle.encode_bytes() == proof.to_ssz()


@pytest.mark.parametrize("block", ["17034870", "22162263"])
def test_block_roots_of_the_period_are_the_trust_roots_summary(
    block: str, trust_root: HistoricalSummaries
) -> None:
    data = (PORTAL / "beacon_data" / block / "block_roots.ssz").read_bytes()
    _, proof = _parts(block)
    assert Vector[Bytes32, 8192].decode_bytes(data).hash_tree_root() == (
        trust_root.summaries[period_of(proof.slot)][0])
    index = proof.slot % 8192
    assert data[32 * index : 32 * index + 32] == proof.beacon_block_root


def test_the_trust_roots_root_is_remerkleables(trust_root: HistoricalSummaries) -> None:
    summaries = List[HistoricalSummary, 2**24](*[
        HistoricalSummary(block_summary_root=b, state_summary_root=s)
        for b, s in trust_root.summaries])
    assert len(trust_root.summaries) == 643
    assert summaries.hash_tree_root() == trust_root.root
    assert summaries.encode_bytes() == trust_root.to_ssz() == SUMMARIES_SSZ.read_bytes()


@pytest.mark.parametrize("block", sorted(PROVEN))
def test_each_proof_hash_changed_fails_its_branch(block: str,
                                                  trust_root: HistoricalSummaries) -> None:
    header_rlp, proof = _parts(block)
    header = decode_header(header_rlp)

    def check(changed: BlockProof, match: str) -> None:
        with pytest.raises(CanonicalityError, match=match):
            verify_block_proof(header.hash, header.timestamp, header.number, changed, trust_root)

    for i in range(len(proof.execution_block_proof)):
        hashes = list(proof.execution_block_proof)
        hashes[i] = bytes(a ^ 1 for a in hashes[i])
        check(replace(proof, execution_block_proof=tuple(hashes)), "execution block proof")
    for i in range(len(proof.beacon_block_proof)):
        hashes = list(proof.beacon_block_proof)
        hashes[i] = bytes(a ^ 1 for a in hashes[i])
        check(replace(proof, beacon_block_proof=tuple(hashes)), "beacon block proof")
    root = bytes([proof.beacon_block_root[0] ^ 1]) + proof.beacon_block_root[1:]
    check(replace(proof, beacon_block_root=root), "execution block proof")
    for slot in (proof.slot - 1, proof.slot + 1, proof.slot + 8192, 0, 2**64 - 1):
        check(replace(proof, slot=slot), "not at the header's time")
    with pytest.raises(CanonicalityError, match="execution block proof"):
        verify_block_proof(bytes(32), header.timestamp, header.number, proof, trust_root)


def test_a_proof_checked_under_another_period_fails(trust_root: HistoricalSummaries) -> None:
    header_rlp, proof = _parts("22162263")
    header = decode_header(header_rlp)
    period = period_of(proof.slot)
    swapped = list(trust_root.summaries)
    swapped[period] = swapped[period - 1]
    other = HistoricalSummaries(slot=trust_root.slot, summaries=tuple(swapped))
    with pytest.raises(CanonicalityError, match="beacon block proof"):
        verify_block_proof(header.hash, header.timestamp, header.number, proof, other)


def test_a_header_from_another_block_fails(trust_root: HistoricalSummaries) -> None:
    header_a, _ = _parts("17042287")
    _, proof_b = _parts("17034870")
    with pytest.raises(CanonicalityError, match="not at the header's time"):
        verify_header_proof(encode_header_with_proof(header_a, proof_b), trust_root)
    header = decode_header(header_a)  # the other block's proof, moved to this header's slot
    moved = replace(proof_b, slot=(header.timestamp - slot_time(0)) // 12)
    with pytest.raises(CanonicalityError, match="execution block proof"):
        verify_block_proof(header.hash, header.timestamp, header.number, moved, trust_root)


def test_every_header_byte_changed_fails(trust_root: HistoricalSummaries) -> None:
    header_rlp, proof = _parts("22162263")
    outcomes: set[type] = set()
    for i in range(len(header_rlp)):
        changed = header_rlp[:i] + bytes([header_rlp[i] ^ 0x01]) + header_rlp[i + 1 :]
        with pytest.raises((CanonicalityError, InvalidHeader, InvalidRLP, InvalidBlockProof)
                           ) as caught:
            verify_header_proof(encode_header_with_proof(changed, proof), trust_root)
        outcomes.add(caught.type)
    assert CanonicalityError in outcomes


@pytest.mark.parametrize("block", sorted(PROVEN))
def test_a_block_after_the_trust_root_is_named(block: str,
                                               trust_root: HistoricalSummaries) -> None:
    _, proof = _parts(block)
    period = period_of(proof.slot)
    verify_header_proof(_content(block), _truncated(trust_root, period + 1))
    short = _truncated(trust_root, period)
    assert not short.covers_slot(proof.slot)
    with pytest.raises(BlockAfterTrustRoot) as caught:
        verify_header_proof(_content(block), short)
    assert caught.value.slot == proof.slot
    assert caught.value.trust_root_slot == short.slot
    closes = CAPELLA_SLOT + (period + 1) * 8192
    assert caught.value.period_closes == _truncated(trust_root, period + 1).closes
    assert slot_time(closes) > slot_time(proof.slot)
    assert "--rpc" in str(caught.value)


def test_the_wrong_proof_type_for_the_time_is_refused(trust_root: HistoricalSummaries) -> None:
    header_rlp, proof = _parts("22162263")
    header = decode_header(header_rlp)
    capella = BlockProof(type=CAPELLA, beacon_block_proof=proof.beacon_block_proof,
                         beacon_block_root=proof.beacon_block_root,
                         execution_block_proof=proof.execution_block_proof[1:], slot=proof.slot)
    with pytest.raises(InvalidBlockProof, match="needs a historical_summaries_deneb proof"):
        verify_block_proof(header.hash, header.timestamp, header.number, capella, trust_root)
    with pytest.raises(InvalidBlockProof, match="historical_summaries_deneb proof is 840 bytes"):
        verify_header_proof(encode_header_with_proof(header_rlp, capella), trust_root)
    old_rlp, old = _parts("17034870")
    deneb = replace(old, type=DENEB, execution_block_proof=(bytes(32), *old.execution_block_proof))
    with pytest.raises(InvalidBlockProof, match="capella proof is 808 bytes"):
        verify_header_proof(encode_header_with_proof(old_rlp, deneb), trust_root)


@pytest.mark.parametrize("block", PRE_CAPELLA)
def test_pre_capella_headers_are_unsupported(block: str, trust_root: HistoricalSummaries) -> None:
    with pytest.raises(UnsupportedBlockProof, match="not implemented"):
        verify_header_proof(_content(block), trust_root)


def test_malformed_contents_and_proofs_are_refused(trust_root: HistoricalSummaries) -> None:
    content = _content("17034870")
    for bad in (content[:-1], content + b"\0", content[:8], b""):
        with pytest.raises(InvalidBlockProof):
            verify_header_proof(bad, trust_root)
    _, proof = _parts("17034870")
    with pytest.raises(InvalidBlockProof, match="unknown block proof type"):
        replace(proof, type="historical_summaries_gloas")
    with pytest.raises(InvalidBlockProof, match="beacon_block_proof"):
        replace(proof, beacon_block_proof=proof.beacon_block_proof[1:])
    with pytest.raises(InvalidBlockProof, match="beacon_block_root"):
        replace(proof, beacon_block_root=b"\0" * 31)
    with pytest.raises(InvalidBlockProof, match="uint64"):
        replace(proof, slot=2**64)
    with pytest.raises(InvalidBlockProof, match="unknown block proof type"):
        BlockProof.from_ssz("historical_roots", proof.to_ssz())


def test_trust_root_json_round_trip(trust_root: HistoricalSummaries) -> None:
    text = trust_root.to_json()
    assert HistoricalSummaries.from_json(text) == trust_root
    assert HistoricalSummaries.from_json(text.encode()) == trust_root
    doc = json.loads(text)
    assert doc["historical_summaries_root"] == "0x" + trust_root.root.hex()
    assert base64.b64decode(doc["historical_summaries"]) == SUMMARIES_SSZ.read_bytes()
    assert trust_root.closes == "2025-04-13T12:38:47Z"


def test_trust_root_json_faults_are_named(trust_root: HistoricalSummaries) -> None:
    doc = json.loads(trust_root.to_json())
    other_root = "0x" + trust_root.summaries[0][0].hex()
    cases: dict[str, tuple[dict[str, Any], str]] = {
        "stated root": ({"historical_summaries_root": other_root}, "not the stated"),
        "upper-case root": ({"historical_summaries_root": doc["historical_summaries_root"]
                             .upper().replace("0X", "0x")}, "64 lowercase hex"),
        "network": ({"network": "sepolia"}, "network must be 'mainnet'"),
        "chain": ({"chain_id": 11155111}, "chain_id must be 1"),
        "version": ({"version": 2}, "version must be 1"),
        "version true": ({"version": True}, "version must be 1"),
        "format": ({"format": "x"}, "format must be"),
        "slot text": ({"slot": "11476992"}, "slot must be an integer"),
        "slot count": ({"slot": TRUST_SLOT + 8192}, "has 644 historical summaries, not 643"),
        "base64": ({"historical_summaries": doc["historical_summaries"][:-4] + "!!!!"}, "base64"),
        "base64 type": ({"historical_summaries": 5}, "base64"),
        "truncated": ({"historical_summaries": base64.b64encode(
            SUMMARIES_SSZ.read_bytes()[:-1]).decode()}, "whole number of 64 bytes"),
    }
    for name, (change, match) in cases.items():
        with pytest.raises(InvalidTrustRoot, match=match):
            HistoricalSummaries.from_json(json.dumps(doc | change))
            pytest.fail(name)
    for text in ("[]", "{", json.dumps(doc | {"extra": 1}), json.dumps({"a": {"b": 1}}),
                 b"\xff"):
        with pytest.raises(InvalidTrustRoot):
            HistoricalSummaries.from_json(text)


def test_a_newer_trust_root_must_extend_the_older(trust_root: HistoricalSummaries) -> None:
    older = _truncated(trust_root, 600)
    trust_root.check_extends(older)
    trust_root.check_extends(trust_root)
    changed = list(older.summaries)
    changed[3] = (changed[3][1], changed[3][0])
    with pytest.raises(TrustRootNotExtended, match="does not extend the one at slot"):
        trust_root.check_extends(replace(older, summaries=tuple(changed)))
    with pytest.raises(TrustRootNotExtended):
        older.check_extends(trust_root)


def test_covers_slot_at_the_period_edges(trust_root: HistoricalSummaries) -> None:
    last = CAPELLA_SLOT + 643 * 8192
    assert trust_root.covers_slot(CAPELLA_SLOT)
    assert trust_root.covers_slot(last - 1)
    assert not trust_root.covers_slot(last)
    assert not trust_root.covers_slot(CAPELLA_SLOT - 1)
    with pytest.raises(InvalidTrustRoot, match="slot must be an integer"):
        HistoricalSummaries(slot=CAPELLA_SLOT - 1, summaries=())
    with pytest.raises(InvalidTrustRoot, match="two 32-byte roots"):
        HistoricalSummaries(slot=CAPELLA_SLOT + 8192, summaries=((b"\0" * 32, b"\0" * 31),))
