"""The chain part of a v2 bundle built from a whole real mainnet block, proven with no node.

From block 22162263 (tests/verifier/mainnet.py): a real transaction, its receipt, both trie
proofs and the block's published Portal canonicality proof make an `AnchorEvidence`; it must
verify, offline, to "canonical on Ethereum mainnet" against the shipped trust root, and a
changed byte anywhere must fail at the step that checks it (design section 8).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from ipledger.verifier.core.anchoring import verify_anchor_block
from ipledger.verifier.core.beacon import DENEB, BlockProof, HistoricalSummaries
from ipledger.verifier.core.bundle import AnchorEvidence
from ipledger.verifier.core.errors import (
    BlockAfterTrustRoot,
    CanonicalityError,
    InvalidBlockProof,
    VerifierError,
)
from ipledger.verifier.failure import failed_step
from ipledger.verifier.trust import shipped_trust_root
from tests.verifier.mainnet import anchor_of, mainnet_block, published_block_proof

NUMBER = 22162263
# Both ends, the trie-key boundary (127/128) and the first of each type: legacy (21),
# EIP-2930 (53), EIP-1559 (0) and EIP-4844 blob transactions (139).
SAMPLE = (0, 1, 21, 53, 127, 128, 139, 141)


@pytest.fixture(scope="module")
def trust_root() -> HistoricalSummaries:
    return shipped_trust_root()


@pytest.mark.parametrize("index", SAMPLE)
def test_a_real_transaction_is_proven_on_mainnet_with_no_node(
    index: int, trust_root: HistoricalSummaries
) -> None:
    block = mainnet_block(NUMBER)
    anchor = anchor_of(block, index)
    proven = verify_anchor_block(anchor, trust_root)
    assert proven.canonical is not None and proven.later_than_trust_root is None
    assert (proven.canonical.number, proven.canonical.hash) == (NUMBER, block.hash)
    assert proven.canonical.chain_id == 1
    tx = proven.transaction
    assert tx is not None and tx.hash == anchor.tx_hash and tx.chain_id == 1
    assert tx.sender == anchor.log  # eth-account recovered the same signer


def test_every_type_of_the_block_is_in_the_sample() -> None:
    block = mainnet_block(NUMBER)
    kinds = {raw[0] if raw[0] < 0xC0 else 0 for raw in block.transactions}
    sampled = {block.transactions[i][0] if block.transactions[i][0] < 0xC0 else 0 for i in SAMPLE}
    assert kinds == sampled, (kinds, sampled)


def _with(anchor: AnchorEvidence, field: str, value: Any) -> AnchorEvidence:
    changes: dict[str, Any] = {field: value}
    return dataclasses.replace(anchor, **changes)


def _flips(raw: bytes) -> Iterator[bytes]:
    for i in range(len(raw)):
        out = bytearray(raw)
        out[i] ^= 0x01
        yield bytes(out)


def _step(anchor: AnchorEvidence, trust_root: HistoricalSummaries) -> int | None:
    with pytest.raises(VerifierError) as info:
        verify_anchor_block(anchor, trust_root)
    return failed_step(info.value)


@pytest.mark.parametrize(
    ("field", "step"),
    [("block_header", 5), ("receipt", 6), ("transaction", 6)],
)
def test_every_byte_fails_at_its_own_step(
    field: str, step: int, trust_root: HistoricalSummaries
) -> None:
    anchor = anchor_of(mainnet_block(NUMBER), 128)
    for changed in _flips(getattr(anchor, field)):
        assert _step(_with(anchor, field, changed), trust_root) == step, field


@pytest.mark.parametrize("field", ["receipt_proof", "transaction_proof"])
def test_every_byte_of_every_trie_node_fails_at_step_6(
    field: str, trust_root: HistoricalSummaries
) -> None:
    anchor = anchor_of(mainnet_block(NUMBER), 128)
    nodes = getattr(anchor, field)
    for k, node in enumerate(nodes):
        for changed in _flips(node):
            proof = (*nodes[:k], changed, *nodes[k + 1 :])
            assert _step(_with(anchor, field, proof), trust_root) == 6


def test_every_byte_of_the_block_proof_fails_at_step_8(trust_root: HistoricalSummaries) -> None:
    anchor = anchor_of(mainnet_block(NUMBER), 128)
    assert anchor.block_proof is not None
    for changed in _flips(anchor.block_proof.to_ssz()):
        try:
            proof = BlockProof.from_ssz(DENEB, changed)
        except InvalidBlockProof:
            continue  # refused as it is parsed: a bundle carrying it is not well formed
        with pytest.raises((CanonicalityError, InvalidBlockProof, BlockAfterTrustRoot)) as info:
            result = verify_anchor_block(dataclasses.replace(anchor, block_proof=proof), trust_root)
            if result.later_than_trust_root is not None:
                raise result.later_than_trust_root
        if not isinstance(info.value, BlockAfterTrustRoot):
            assert failed_step(info.value) == 8


def test_identity_fields_fail_at_their_steps(trust_root: HistoricalSummaries) -> None:
    block = mainnet_block(NUMBER)
    anchor = anchor_of(block, 128)
    cases = {
        "block_hash": (bytes(32), 5),
        "block_number": (NUMBER + 1, 5),
        "block_time": (anchor.block_time + 12, 5),
        "tx_index": (129, 6),
        "tx_hash": (bytes(32), 6),
        "chain_id": (137, 6),  # the transaction is signed for chain id 1
    }
    for field, (value, step) in cases.items():
        assert _step(_with(anchor, field, value), trust_root) == step, field
    # Another block's proof, or a proof for a block the trust root does not reach yet.
    other = BlockProof.from_ssz(DENEB, published_block_proof(19426587))
    assert _step(dataclasses.replace(anchor, block_proof=other), trust_root) == 8


def test_a_trust_root_older_than_the_block_leaves_it_unproven() -> None:
    full = shipped_trust_root()
    block = mainnet_block(NUMBER)
    anchor = anchor_of(block, 0)
    assert anchor.block_proof is not None
    slot = anchor.block_proof.slot
    periods = (slot - 6209536) // 8192  # the block's period is the first not covered
    older = HistoricalSummaries(slot=6209536 + periods * 8192, summaries=full.summaries[:periods])
    result = verify_anchor_block(anchor, older)
    assert result.canonical is None and result.later_than_trust_root is not None
    assert result.later_than_trust_root.slot == slot
    assert result.transaction is not None  # everything but canonicality still checked


def test_without_trust_root_or_proof_canonicality_is_left_open() -> None:
    anchor = anchor_of(mainnet_block(NUMBER), 3)
    assert verify_anchor_block(anchor).canonical is None
    unproven = dataclasses.replace(anchor, block_proof=None)
    result = verify_anchor_block(unproven, shipped_trust_root())
    assert result.canonical is None and result.transaction is not None


def test_a_block_proof_of_an_unknown_type_is_refused() -> None:
    with pytest.raises(InvalidBlockProof):
        BlockProof.from_ssz("historical_summaries_gloas", published_block_proof(NUMBER))
