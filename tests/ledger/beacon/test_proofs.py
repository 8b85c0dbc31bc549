"""Proofs GENERATED from recorded mainnet beacon data equal the published ones byte for byte."""

from __future__ import annotations

import hashlib

import pytest
import rlp

from ipledger.ledger.beacon import proofs
from ipledger.ledger.errors import BeaconDataError
from tests.ledger.beacon import vectors


def _hex(items: object) -> list[bytes]:
    assert isinstance(items, list)
    return [bytes.fromhex(str(x).removeprefix("0x")) for x in items]


@pytest.mark.parametrize("number", sorted(vectors.BLOCKS))
def test_generated_proof_matches_published_fields(number: int) -> None:
    fork = vectors.BLOCKS[number]
    roots = proofs.split_roots(vectors.block_roots_ssz(number))
    built = proofs.build_proof(vectors.block_ssz(number), fork, roots)
    published = vectors.published_proof(number)
    assert list(built.execution_block_proof) == _hex(published["execution_block_proof"])
    assert list(built.beacon_block_proof) == _hex(published["beacon_block_proof"])
    assert built.beacon_block_root == _hex([published["beacon_block_root"]])[0]
    assert built.slot == published["slot"]
    assert len(built.execution_block_proof) == (11 if fork == "capella" else 12)
    assert built.proof_type == f"historical_summaries_{fork}"
    expected_hash = _hex([published["execution_block_header"]])[0]
    assert proofs.execution_block_hash(vectors.block_ssz(number), fork) == expected_hash


@pytest.mark.parametrize("number", sorted(vectors.BLOCKS))
def test_generated_content_value_matches_published_bytes(number: int) -> None:
    fork = vectors.BLOCKS[number]
    roots = proofs.split_roots(vectors.block_roots_ssz(number))
    proof = proofs.build_block_proof(vectors.block_ssz(number), fork, roots)
    assert len(proof) == 13 * 32 + 32 + (11 if fork == "capella" else 12) * 32 + 8
    value = proofs.block_header_with_proof(vectors.header_rlp(number), proof)
    assert value == vectors.content_value(number)


def test_electra_uses_the_deneb_layout() -> None:
    assert proofs.proof_type_of("electra") == proofs.PROOF_DENEB
    assert proofs.proof_type_of("Deneb") == proofs.PROOF_DENEB
    assert proofs.proof_type_of("capella") == proofs.PROOF_CAPELLA


def test_period_of_another_block_is_refused() -> None:
    roots = proofs.split_roots(vectors.block_roots_ssz(19426587))
    with pytest.raises(BeaconDataError, match="another period"):
        proofs.build_block_proof(vectors.block_ssz(22162263), "deneb", roots)


def test_wrong_fork_or_garbage_is_refused() -> None:
    roots = proofs.split_roots(vectors.block_roots_ssz(17034870))
    with pytest.raises(BeaconDataError, match="not an SSZ deneb BeaconBlock"):
        proofs.build_block_proof(vectors.block_ssz(17034870), "deneb", roots)
    with pytest.raises(BeaconDataError, match="not supported"):
        proofs.build_block_proof(vectors.block_ssz(17034870), "bellatrix", roots)
    with pytest.raises(BeaconDataError, match="block_roots must be"):
        proofs.split_roots(b"\x00" * 64)


@pytest.mark.parametrize("number", sorted(vectors.BLOCKS))
def test_slot_of_a_header_timestamp_is_its_beacon_slot(number: int) -> None:
    timestamp = int.from_bytes(rlp.decode(vectors.header_rlp(number))[11], "big")
    assert proofs.slot_of_timestamp(timestamp) == vectors.published_proof(number)["slot"]


def test_slot_arithmetic_of_mainnet() -> None:
    assert proofs.slot_of_timestamp(proofs.slot_time(11378687)) == 11378687
    assert proofs.period_bounds(11378687) == (11378688 - 8192, 11378688)
    with pytest.raises(BeaconDataError, match="not the start of a mainnet slot"):
        proofs.slot_of_timestamp(proofs.MAINNET_GENESIS_TIME + 5)


def _verify_branch(leaf: bytes, branch: tuple[bytes, ...], gindex: int, root: bytes) -> bool:
    """The consensus specs' is_valid_merkle_branch, written out: an independent check."""
    node = leaf
    for sibling in branch:
        pair = sibling + node if gindex & 1 else node + sibling
        node = hashlib.sha256(pair).digest()
        gindex >>= 1
    return gindex == 1 and node == root


@pytest.mark.parametrize("fork", ["electra", "fulu"])
def test_electra_and_fulu_blocks_prove_with_the_deneb_layout(fork: str) -> None:
    # No recorded Electra block exists in the vectors: a synthetic one, with a real Deneb
    # period's roots, checks the 13-field body keeps block_hash at the Deneb index.
    block_type, _signed = proofs.fork_types(fork)
    block = block_type()
    block.slot = 11378687
    block.body.execution_payload.block_hash = b"\xab" * 32
    block.body.execution_requests.consolidations.append(
        block.body.execution_requests.consolidations.element_cls()()
    )
    encoded = bytes(block.encode_bytes())
    roots = proofs.split_roots(vectors.block_roots_ssz(22162263))
    root = bytes(block.hash_tree_root())
    roots[11378687 % 8192] = root
    built = proofs.build_proof(encoded, fork, roots)
    assert built.proof_type == proofs.PROOF_DENEB and len(built.execution_block_proof) == 12
    gindex = proofs.EXECUTION_GINDEX[proofs.PROOF_DENEB]
    assert _verify_branch(b"\xab" * 32, built.execution_block_proof, gindex, root)
    assert _verify_branch(
        root, built.beacon_block_proof, 8192 + 11378687 % 8192, proofs.block_roots_root(roots)
    )
    assert proofs.execution_block_hash(encoded, fork) == b"\xab" * 32
