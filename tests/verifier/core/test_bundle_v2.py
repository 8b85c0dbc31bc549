"""Bundle v2 (design section 8): the golden v2 bundles made on a real anvil, their encoding,
the transaction step, and every change to what v2 adds failing at its own step."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import pytest
from eth_account import Account
from eth_hash.auto import keccak

from ipledger.verifier import EvidenceBundle, VerifierError, verify
from ipledger.verifier.core.beacon import DENEB, BlockProof
from ipledger.verifier.core.bundle import VERSION
from ipledger.verifier.core.errors import InvalidBundle, TransactionMismatch
from ipledger.verifier.failure import failed_step
from ipledger.verifier.trust import shipped_trust_root
from tests.verifier.golden import NAMES, NAMES_V2, Golden, load, manifest
from tests.verifier.mainnet import published_block_proof

GOLDEN = [load(n, 2) for n in NAMES_V2]
golden = pytest.mark.parametrize("g", GOLDEN, ids=NAMES_V2)


def _data(g: Golden) -> dict[str, Any]:
    return g.data()


def _step(g: Golden, bundle: str | EvidenceBundle) -> int | None:
    with pytest.raises(VerifierError) as info:
        verify(bundle, document=g.document, log_key=g.log_key, trusted=g.trusted)
    return failed_step(info.value)


def test_the_v2_goldens_stay_v2_and_the_v1_goldens_stay_v1() -> None:
    assert VERSION == 3 and NAMES == NAMES_V2
    assert all(json.loads(load(n).text)["version"] == 1 for n in NAMES)
    assert all(g.data()["version"] == 2 for g in GOLDEN)
    infos = manifest(2)["bundles"].values()
    assert {i["tx_type"] for i in infos} >= {0, 1, 2}
    assert any(i["tx_index"] >= 128 and i["transaction_proof_nodes"] >= 4 for i in infos)


@golden
def test_golden_v2_bundle_proves_its_transaction(g: Golden) -> None:
    verdict = verify(g.text, document=g.document, log_key=g.log_key, trusted=g.trusted)
    assert verdict.proven and verdict.bundle_version == 2 and verdict.transaction_proven
    assert verdict.sender == g.info["sender"]  # the log's operator signed its anchor
    assert verdict.sender == verdict.log
    assert [c.step for c in verdict.checks] == list(range(9))
    assert "signed for chain id 31337" in verdict.checks[6].detail
    # A canonical block holding a transaction signed for 31337 binds the chain id: no
    # "trusted block hashes are those of chain ..." left, unlike a v1 bundle.
    assert not any("trusted block hashes are those of chain" in r for r in verdict.remaining)
    assert verdict.warnings == ()


@golden
def test_golden_v2_bundle_round_trips_and_is_base64(g: Golden) -> None:
    bundle = EvidenceBundle.from_json(g.text)
    assert bundle.to_json() == g.text
    anchor = g.data()["anchor"]
    assert anchor["block_proof"] is None  # anvil has no beacon chain
    raw = base64.b64decode(anchor["transaction"])
    assert "0x" + bytes(keccak(raw)).hex() == anchor["tx_hash"]
    assert Account.recover_transaction(raw) == g.info["sender"]  # eth-account agrees
    for h in g.data()["inclusion"]["proof"]:
        assert len(base64.b64decode(h)) == 32


@golden
def test_every_byte_of_the_transaction_and_its_proof_fails_at_step_6(g: Golden) -> None:
    bundle = EvidenceBundle.from_json(g.text)
    anchor = bundle.anchor
    assert anchor.transaction is not None
    raw = anchor.transaction
    for i in range(len(raw)):
        changed = raw[:i] + bytes([raw[i] ^ 1]) + raw[i + 1 :]
        mutated = dataclasses.replace(anchor, transaction=changed)
        assert _step(g, dataclasses.replace(bundle, anchor=mutated)) == 6
    nodes = anchor.transaction_proof
    for k, node in enumerate(nodes):
        for i in range(0, len(node), 7):  # every seventh byte of every node
            flipped = node[:i] + bytes([node[i] ^ 1]) + node[i + 1 :]
            proof = (*nodes[:k], flipped, *nodes[k + 1 :])
            mutated = dataclasses.replace(anchor, transaction_proof=proof)
            assert _step(g, dataclasses.replace(bundle, anchor=mutated)) == 6


@golden
def test_tx_hash_and_chain_id_are_bound_offline(g: Golden) -> None:
    for field, value in (("tx_hash", "0x" + "00" * 32), ("chain_id", 1)):
        data = g.data()
        data["anchor"][field] = value
        with pytest.raises(TransactionMismatch):
            verify(json.dumps(data), document=g.document, log_key=g.log_key, trusted=g.trusted)


def test_another_transaction_of_the_block_is_refused() -> None:
    first, second = load("legacy-tx", 2), load("access-list-tx", 2)  # one block, two anchors
    data = first.data()
    other = second.data()["anchor"]
    data["anchor"]["transaction"] = other["transaction"]
    assert _step(first, json.dumps(data)) == 6
    data["anchor"]["transaction_proof"] = other["transaction_proof"]  # its own proof
    assert _step(first, json.dumps(data)) == 6  # proven at another index


@golden
def test_the_encoding_is_strict(g: Golden) -> None:
    data = g.data()
    anchor = data["anchor"]
    tx = anchor["transaction"]
    hex_tx = "0x" + base64.b64decode(tx).hex()
    # v1's spelling is not v2's: refused as it parses, or (hex digits and "x" are base64 too)
    # read as other bytes that fail at step 6.
    spelled = g.data()
    spelled["anchor"]["transaction"] = hex_tx
    with pytest.raises((InvalidBundle, VerifierError)):
        verify(json.dumps(spelled), document=g.document, log_key=g.log_key, trusted=g.trusted)
    bad_values: list[object] = [
        tx + "=",
        tx.replace("+", "-").replace("/", "_") if ("+" in tx or "/" in tx) else tx + "!",
        "",
        None,
        [tx],
    ]
    last = base64.b64decode(tx)
    if tx.rstrip("=") != tx:
        bad_values.append(tx.rstrip("="))
    if len(last) % 3:  # stray bits in the padding: another spelling of the same bytes
        pad = tx.rstrip("=")
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        sibling = pad[:-1] + alphabet[alphabet.index(pad[-1]) ^ 1] + tx[len(pad) :]
        if base64.b64decode(sibling) == last:
            bad_values.append(sibling)
    for bad in bad_values:
        broken = g.data()
        broken["anchor"]["transaction"] = bad
        with pytest.raises(InvalidBundle):
            EvidenceBundle.from_json(json.dumps(broken))
    for key in ("transaction", "transaction_proof", "block_proof"):
        missing = g.data()
        del missing["anchor"][key]
        with pytest.raises(InvalidBundle, match="lacks"):
            EvidenceBundle.from_json(json.dumps(missing))
    for proof in ([], "x", [None], ["0x0"], ["AA=="] * 65):
        broken = g.data()
        broken["anchor"]["transaction_proof"] = proof
        with pytest.raises(InvalidBundle):
            EvidenceBundle.from_json(json.dumps(broken))
    for block_proof in ({}, {"type": DENEB}, {"type": 3, "proof": "AA=="},
                        {"type": "historical_summaries_gloas", "proof": "AA=="},
                        {"type": DENEB, "proof": "AAAA"}, "x"):  # fmt: skip
        broken = g.data()
        broken["anchor"]["block_proof"] = block_proof
        with pytest.raises(InvalidBundle):
            EvidenceBundle.from_json(json.dumps(broken))
    v1_keys = g.data()
    v1_keys["version"] = 1  # v2 spellings and keys under version 1
    hashes = v1_keys["inclusion"]["proof"]
    v1_keys["inclusion"]["proof"] = [base64.b64decode(h).hex() for h in hashes]
    with pytest.raises(InvalidBundle, match="unknown key"):
        EvidenceBundle.from_json(json.dumps(v1_keys))
    for version in (4, "2", 2.0, True):
        newer = g.data()
        newer["version"] = version
        with pytest.raises(InvalidBundle, match="version"):
            EvidenceBundle.from_json(json.dumps(newer))


def test_a_real_block_proof_does_not_make_an_anvil_block_canonical() -> None:
    """A bundle claiming chain 1 with mainnet's proof for another block fails, never proves."""
    g = load("single", 2)
    bundle = EvidenceBundle.from_json(g.text)
    proof = BlockProof.from_ssz(DENEB, published_block_proof())
    for chain_id in (1, 31337):
        anchor = dataclasses.replace(bundle.anchor, block_proof=proof, chain_id=chain_id)
        with pytest.raises(VerifierError) as info:
            verify(
                dataclasses.replace(bundle, anchor=anchor),
                document=g.document,
                trust_root=shipped_trust_root(),
            )
        # chain 1: the anvil transaction is signed for 31337 (step 6); chain 31337: a
        # beacon-chain proof only exists for mainnet (step 8).
        assert failed_step(info.value) == (6 if chain_id == 1 else 8)
    # Its JSON carries the proof as Portal's SSZ in base64.
    text = dataclasses.replace(bundle, anchor=anchor).to_json()
    carried = json.loads(text)["anchor"]["block_proof"]
    assert carried["type"] == DENEB
    assert base64.b64decode(carried["proof"]) == published_block_proof()


@golden
def test_v2_bundle_without_a_trust_root_or_proof_says_what_remains(g: Golden) -> None:
    verdict = verify(g.text, document=g.document, log_key=g.log_key)
    assert not verdict.proven and verdict.transaction_proven
    assert any("canonical history of chain 31337" in r for r in verdict.remaining)
