"""COSE Receipts of entries on both databases, checked by ipledger and by three other libraries."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import cbor2
import pymerkle
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pycose.keys import OKPKey
from pycose.messages import Sign1Message
from scitt_cose.receipt import verify_receipt as scitt_verify

from ipledger.ledger.checkpoints import SignedCheckpoint, cut_checkpoint
from ipledger.ledger.errors import BundleSelfCheckFailed, BundleUnavailable
from ipledger.ledger.evidence.bundle import bundle_entry
from ipledger.ledger.evidence.cose_receipt import check_receipt_file, cose_receipt
from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.cose import (
    ENTRY_LABEL,
    SIZE_LABEL,
    check_cose_receipt,
    parse_cose_receipt,
    verify_cose_receipt,
)
from ipledger.verifier.core.errors import InvalidCoseReceipt, SignatureError
from ipledger.verifier.core.leaf import leaf_input, metadata_hash

LOG = LogSigner("office-a.example/log", hashlib.sha256(b"a").digest())


def _grow(store: LogStore, n: int) -> SignedCheckpoint:
    start = store.size()
    store.append([{"digest": "sha256:" + hashlib.sha256(b"%d" % (start + i)).hexdigest(),
                   "metadata": {"n": start + i} if i % 2 else None} for i in range(n)])
    cut = cut_checkpoint(store, LOG)
    assert cut is not None
    return cut


def _leaf(store: LogStore, index: int) -> bytes:
    e = bundle_entry(store.entry(index))
    return leaf_input(e.digest, e.nonce, metadata_hash(e.metadata_object()), e.received_at)


def _thawed(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thawed(v) for v in value]
    return value


def _pem(signer: LogSigner) -> bytes:
    key = Ed25519PublicKey.from_public_bytes(signer.public_key)
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def test_receipts_verify_here_and_in_pycose_cbor2_and_scitt_cose(store: LogStore) -> None:
    store.append([{"digest": "sha256:" + hashlib.sha256(b"0").hexdigest()}])
    with pytest.raises(BundleUnavailable, match="no checkpoint yet"):
        cose_receipt(store, LOG, 0)
    _grow(store, 2)
    cp = _grow(store, 4)
    oracle = pymerkle.InmemoryTree(algorithm="sha256")
    for index in range(7):
        oracle.append_entry(_leaf(store, index))
    root = oracle.get_root(7)
    assert root == cp.root
    for index in range(7):
        data = cose_receipt(store, LOG, index)
        leaf = _leaf(store, index)
        receipt = verify_cose_receipt(data, leaf=leaf, key=LOG.verifier)
        assert (receipt.tree_size, receipt.leaf_index, receipt.key_id) == (7, index, LOG.key_id)
        # cbor2 reads every field as RFC 9942 lays it out
        tag = cbor2.loads(data)
        assert tag.tag == 18
        protected, unprotected, payload, signature = tag.value
        assert cbor2.loads(protected) == {
            1: -8, 4: LOG.key_id, 15: {1: LOG.name}, 395: 1, SIZE_LABEL: 7}
        assert payload is None and len(signature) == 64
        assert set(unprotected) == {396, ENTRY_LABEL}
        size, leaf_index, path = cbor2.loads(unprotected[396][-1][0])
        assert (size, leaf_index) == (7, index)
        assert path == list(receipt.path)
        assert cbor2.dumps(tag, canonical=True) == data  # deterministic, as cbor2 writes it
        # pycose checks the signature over the root pymerkle computed
        # (cbor2 6 reads tagged items as tuples and frozen maps, which pycose 1.1 refuses)
        message = Sign1Message.from_cose_obj(_thawed(tag.value), True)
        message.key = OKPKey(crv="Ed25519", x=LOG.public_key)
        assert message.verify_signature(detached_payload=root)
        assert not message.verify_signature(detached_payload=bytes(32))
        # scitt-cose checks the whole receipt from the leaf
        result = scitt_verify(data, leaf_entry_hex=leaf.hex(), log_public_key_pem=_pem(LOG))
        assert result.ok, result.errors
        assert (result.tree_size, result.leaf_index, result.root) == (7, index, root.hex())
        assert check_receipt_file(data, LOG.verifier_key, store.entry(index).digest) == receipt
        verdict = check_cose_receipt(None, data, log_key=LOG.verifier_key)
        assert verdict.log_authenticated and verdict.entry.index == index
    other = _leaf(store, 1)
    with pytest.raises(InvalidCoseReceipt):
        verify_cose_receipt(cose_receipt(store, LOG, 0), leaf=other, key=LOG.verifier)
    with pytest.raises(BundleSelfCheckFailed, match="another digest"):
        check_receipt_file(cose_receipt(store, LOG, 0), LOG.verifier_key, bytes(32))
    foreign = LogSigner("office-a.example/log", hashlib.sha256(b"z").digest())
    with pytest.raises(SignatureError):
        check_cose_receipt(None, cose_receipt(store, LOG, 0), log_key=foreign.verifier_key)
    assert not scitt_verify(cose_receipt(store, foreign, 2), leaf_entry_hex=_leaf(store, 2).hex(),
                            log_public_key_pem=_pem(LOG)).ok
    assert parse_cose_receipt(cose_receipt(store, foreign, 2)).key_id == foreign.key_id


def test_a_witness_key_signs_no_receipt(store: LogStore) -> None:
    _grow(store, 1)
    witness = WitnessSigner("office-b.example/witness", hashlib.sha256(b"b").digest())
    with pytest.raises(Exception, match="cosignatures only"):
        cose_receipt(store, witness, 0)


def test_a_one_entry_tree_gives_an_empty_path_which_scitt_cose_accepts(store: LogStore) -> None:
    # RFC 9942's CDDL writes the path `[+ bstr]`, but RFC 9162's proof in a tree of one
    # leaf is empty: ipledger writes `[]`, as the RFC 9162 algorithm needs.
    cp = _grow(store, 1)
    data = cose_receipt(store, LOG, 0)
    receipt = verify_cose_receipt(data, leaf=_leaf(store, 0), key=LOG.verifier)
    assert receipt.path == () and receipt.root(_leaf(store, 0)) == cp.root
    result = scitt_verify(data, leaf_entry_hex=_leaf(store, 0).hex(), log_public_key_pem=_pem(LOG))
    assert result.ok, result.errors
