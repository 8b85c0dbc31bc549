"""Golden bundles from a real anvil verify offline, and outside implementations agree with them."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
import rlp
from eth_hash.auto import keccak
from trie.hexary import HexaryTrie

from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.core.note import parse_note, parse_verifier_key
from ipledger.verifier.core.verify import ANCHORED_TOPIC
from tests import openssl_cli
from tests.verifier.golden import NAMES, load, manifest, rfc9162_root


def test_the_manifest_covers_the_shapes_the_tests_rely_on() -> None:
    infos = manifest()["bundles"].values()
    assert {i["tx_type"] for i in infos} >= {0, 1, 2}
    assert any(i["metadata"] for i in infos) and not all(i["metadata"] for i in infos)
    assert any(i["tree_size"] == 1 for i in infos)
    assert any(i["inclusion_proof_hashes"] >= 10 for i in infos)
    assert any(i["block_transactions"] >= 200 and i["tx_index"] >= 128 for i in infos)
    assert any(i["receipt_proof_nodes"] >= 4 for i in infos)


@pytest.mark.parametrize("name", NAMES)
def test_golden_bundle_is_proven(name: str) -> None:
    g = load(name)
    verdict = verify(g.text, document=g.document, log_key=g.log_key, trusted=g.trusted)
    assert verdict.proven and verdict.log_authenticated and verdict.document_checked
    assert verdict.entry_index == g.info["entry_index"]
    assert verdict.tree_size == g.info["tree_size"]
    assert verdict.chain_id == manifest()["chain_id"]
    assert verdict.contract == manifest()["contract"]
    assert [c.step for c in verdict.checks] == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    # The trusted list does not name its chain, so the chain id stays the reader's to check.
    assert len(verdict.remaining) == 1 and "chain 31337" in verdict.remaining[0]
    assert verdict.warnings == ()
    named = verify(g.text, trusted=g.trusted, trusted_chain_id=verdict.chain_id)
    assert named.remaining[0].startswith("that the document in question has SHA-256")
    assert len(named.remaining) == 2  # the document and the checkpoint's signature


@pytest.mark.parametrize("name", NAMES)
def test_golden_bundle_offline_only_is_self_consistent(name: str) -> None:
    g = load(name)
    verdict = verify(g.text, document=g.document)
    assert not verdict.proven and not verdict.log_authenticated
    assert "unauthenticated" in verdict.claim()
    assert any("canonical history" in r for r in verdict.remaining)


@pytest.mark.parametrize("name", NAMES)
def test_golden_bundle_matches_its_manifest_and_round_trips(name: str) -> None:
    g = load(name)
    bundle = EvidenceBundle.from_json(g.text)
    assert bundle.to_json() == g.text  # the canonical writer reproduces the file exactly
    assert (bundle.entry.metadata is not None) == g.info["metadata"]
    assert len(bundle.inclusion.proof) == g.info["inclusion_proof_hashes"]
    assert bundle.anchor.tx_index == g.info["tx_index"]
    assert len(bundle.anchor.receipt_proof) == g.info["receipt_proof_nodes"]
    assert len(g.text.encode()) == g.info["bytes"]
    tx_type = 0 if bundle.anchor.receipt[0] >= 0xC0 else bundle.anchor.receipt[0]
    assert tx_type == g.info["tx_type"]


@pytest.mark.parametrize("name", NAMES)
def test_outside_implementations_agree(name: str) -> None:
    """hashlib, openssl, pyrlp, eth-hash and py-trie check each layer without our verifier."""
    g = load(name)
    data = g.data()
    entry, anchor = data["entry"], data["anchor"]
    # Document and leaf (design section 2), with the metadata canonicalized by hand.
    assert entry["digest"] == "sha256:" + hashlib.sha256(g.document).hexdigest()
    meta = entry["metadata"]
    meta_hash = bytes(32)
    if meta is not None:
        canonical = json.dumps(meta, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        meta_hash = hashlib.sha256(canonical.encode()).digest()
    leaf_input = (
        b"\x01"
        + bytes.fromhex(entry["digest"][7:])
        + bytes.fromhex(entry["nonce"])
        + meta_hash
        + entry["received_at"].to_bytes(8, "big")
    )
    leaf = hashlib.sha256(b"\x00" + leaf_input).digest()
    proof = [bytes.fromhex(h) for h in data["inclusion"]["proof"]]
    root = rfc9162_root(entry["index"], data["inclusion"]["tree_size"], leaf, proof)
    # Checkpoint: the root line, and openssl verifies the Ed25519 signature.
    body, _, signature_line = data["checkpoint"].partition("\n\n")
    origin, size, root_b64 = body.split("\n")
    assert origin == parse_verifier_key(g.log_key).name
    assert int(size) == data["inclusion"]["tree_size"] and base64.b64decode(root_b64) == root
    key = parse_verifier_key(g.log_key)
    raw_sig = base64.b64decode(signature_line.split(" ")[-1])
    assert raw_sig[:4] == key.key_id
    assert openssl_cli.verifies(key.public_key, (body + "\n").encode(), raw_sig[4:])
    assert parse_note(data["checkpoint"]).text == body + "\n"
    # Header: keccak256 is the block hash; pyrlp reads its number, time and receiptsRoot.
    header_raw = bytes.fromhex(anchor["block_header"][2:])
    assert keccak(header_raw) == g.trusted[anchor["block_number"]]
    assert "0x" + keccak(header_raw).hex() == anchor["block_hash"]
    fields = rlp.decode(header_raw)
    assert int.from_bytes(fields[8], "big") == anchor["block_number"]
    assert int.from_bytes(fields[11], "big") == anchor["block_time"]
    # Receipt: py-trie checks the proof under receiptsRoot at key rlp(tx_index).
    nodes = [rlp.decode(bytes.fromhex(n[2:])) for n in anchor["receipt_proof"]]
    receipt = bytes.fromhex(anchor["receipt"][2:])
    key_bytes = rlp.encode(anchor["tx_index"])
    proven = HexaryTrie.get_from_proof(fields[5], key_bytes, nodes)  # type: ignore[no-untyped-call]
    assert proven == receipt
    # The Anchored event, read with pyrlp: contract, topics and the root.
    payload = receipt if receipt[0] >= 0xC0 else receipt[1:]
    status, _, _, logs = rlp.decode(payload)
    assert status == b"\x01"
    address, topics, event_data = logs[anchor["log_index"]]
    assert "0x" + address.hex() == anchor["contract"].lower()
    assert topics[0] == ANCHORED_TOPIC == keccak(b"Anchored(address,uint64,bytes32,uint64)")
    assert "0x" + topics[1][12:].hex() == anchor["log"].lower()
    assert int.from_bytes(topics[2], "big") == int(size)
    assert event_data[:32] == root
