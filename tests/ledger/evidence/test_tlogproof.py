"""Which checkpoint a tlog-proof uses, and what the file holds: on both databases."""

from __future__ import annotations

import hashlib
import json

import pytest
import rfc8785

from ipledger.ledger.checkpoints import SignedCheckpoint, cut_checkpoint
from ipledger.ledger.cosigning.store import store_cosignature
from ipledger.ledger.cosigning.witnesses import parse_witnesses
from ipledger.ledger.errors import BundleSelfCheckFailed, BundleUnavailable
from ipledger.ledger.evidence.bundle import bundle_entry
from ipledger.ledger.evidence.tlogproof import (
    check_tlog_proof,
    entry_extra,
    proof_checkpoint,
    tlog_proof,
)
from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.tlogproof import parse_tlog_proof

LOG = LogSigner("office-a.example/log", hashlib.sha256(b"a").digest())
B = WitnessSigner("office-b.example/witness", hashlib.sha256(b"b").digest())
C = WitnessSigner("office-c.example/witness", hashlib.sha256(b"c").digest())
X = WitnessSigner("office-x.example/witness", hashlib.sha256(b"x").digest())  # not configured
CONFIGURED = parse_witnesses(f"http://b.example/w {B.verifier_key}, http://c.example/w "
                             f"{C.verifier_key}")


def _grow(store: LogStore, n: int) -> SignedCheckpoint:
    start = store.size()
    store.append([{"digest": "sha256:" + hashlib.sha256(b"%d" % (start + i)).hexdigest(),
                   "metadata": {"n": start + i}} for i in range(n)])
    cut = cut_checkpoint(store, LOG)
    assert cut is not None
    return cut


def _cosign(store: LogStore, cp: SignedCheckpoint, *witnesses: WitnessSigner) -> None:
    text = parse_note(cp.note).text
    for w in witnesses:
        assert store_cosignature(store, cp.tree_size, w.cosign(text, 1_800_000_000))


def test_the_newest_of_the_most_cosigned_checkpoints_is_chosen(store: LogStore) -> None:
    with pytest.raises(BundleUnavailable, match="in no checkpoint yet"):
        proof_checkpoint(store, 0, CONFIGURED)
    two, four, six = _grow(store, 2), _grow(store, 2), _grow(store, 2)
    assert proof_checkpoint(store, 0, CONFIGURED) == six  # none cosigned: the newest
    _cosign(store, two, B, C)
    _cosign(store, four, B)
    _cosign(store, six, X, WitnessSigner("office-y.example/witness", b"\1" * 32))
    assert proof_checkpoint(store, 0, CONFIGURED) == two  # two configured witnesses
    assert proof_checkpoint(store, 0) == six  # no witness configured: the newest
    assert proof_checkpoint(store, 2, CONFIGURED) == four  # two does not cover entry 2
    _cosign(store, six, C)
    assert proof_checkpoint(store, 2, CONFIGURED) == six  # a tie: the newer
    with pytest.raises(BundleUnavailable):
        proof_checkpoint(store, 6, CONFIGURED)


def test_the_file_holds_the_entry_as_a_bundle_writes_it(store: LogStore) -> None:
    two = _grow(store, 2)
    _cosign(store, two, C, B)
    _grow(store, 1)
    proof = tlog_proof(store, 1, CONFIGURED)
    entry = bundle_entry(store.entry(1))
    assert proof.extra == entry_extra(store, 1) == rfc8785.dumps(entry.to_dict())
    assert json.loads(proof.extra)["metadata"] == {"n": 1}
    assert proof.parsed_checkpoint.size == 2 and proof.checkpoint.count("\n\u2014 ") == 3
    text = proof.text()
    assert parse_tlog_proof(text) == proof
    assert check_tlog_proof(text, LOG.verifier_key, entry.digest) == proof
    with pytest.raises(BundleSelfCheckFailed, match="another digest"):
        check_tlog_proof(text, LOG.verifier_key, b"\0" * 32)
    at_three = tlog_proof(store, 1, CONFIGURED, tree_size=3)
    assert at_three.parsed_checkpoint.size == 3 and len(at_three.inclusion_path) == 2
    with pytest.raises(BundleUnavailable, match="no checkpoint of size 1"):
        tlog_proof(store, 1, tree_size=1)
