"""Submission receipts: format, strict parsing, signatures (openssl-made too), entry proofs."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from typing import Any

import pytest

from ipledger.ledger.keys import LogSigner
from ipledger.verifier.core.checkpoint import format_checkpoint, parse_checkpoint
from ipledger.verifier.core.errors import (
    InvalidCheckpoint,
    InvalidNote,
    InvalidSubmissionReceipt,
    ReceiptMismatch,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from ipledger.verifier.core.note import VerifierKey, compute_key_id
from ipledger.verifier.core.rfc9162 import hash_leaf
from ipledger.verifier.receipts import (
    SubmissionReceipt,
    format_receipt,
    merkle_root,
    parse_receipt,
    parse_receipt_body,
    verify_entry_receipt,
    verify_receipt,
)
from tests import openssl_cli
from tests.verifier.rfc9162_reference import ReferenceTree

ORIGIN = "ipledger.example-office.int/log"
ROOT = hashlib.sha256(b"root").digest()
LEAVES = [hash_leaf(bytes([i])) for i in range(41)]


def test_body_layout() -> None:
    text = format_receipt(ORIGIN, 41, 3, ROOT)
    assert text == (
        f"ipledger-receipt v1\n{ORIGIN}\n41\n3\n{base64.b64encode(ROOT).decode()}\n"
    )
    assert parse_receipt_body(text) == SubmissionReceipt(ORIGIN, 41, 3, ROOT)


def test_openssl_signed_receipt_verifies() -> None:
    der = openssl_cli.generate_key()
    public = openssl_cli.public_key_of(der)
    body = format_receipt(ORIGIN, 7, 2, ROOT)
    signature = openssl_cli.sign(der, body.encode())
    key_id = compute_key_id(ORIGIN, public)
    note = f"{body}\n\u2014 {ORIGIN} {base64.b64encode(key_id + signature).decode()}\n"
    key = str(VerifierKey.from_public_key(ORIGIN, public))
    assert verify_receipt(note, key) == SubmissionReceipt(ORIGIN, 7, 2, ROOT)
    tampered = note.replace("\n7\n", "\n8\n", 1)
    with pytest.raises(SignatureError):
        verify_receipt(tampered, key)


def test_log_signer_receipt_and_wrong_key() -> None:
    signer = LogSigner.generate(ORIGIN)
    note = signer.sign_note(format_receipt(ORIGIN, 0, 1, LEAVES[0]))
    assert verify_receipt(note, signer.verifier_key).root == LEAVES[0]
    assert parse_receipt(note) == SubmissionReceipt(ORIGIN, 0, 1, LEAVES[0])
    with pytest.raises(UnknownKeyError):
        verify_receipt(note, LogSigner.generate(ORIGIN + "2").verifier_key)


def test_a_receipt_naming_another_log_is_refused() -> None:
    """The origin line must be the key's name, as a C2SP verifier ties checkpoints to it."""
    signer = LogSigner.generate(ORIGIN)
    note = signer.sign_note(format_receipt("ipledger.local/log", 0, 1, LEAVES[0]))
    with pytest.raises(InvalidSubmissionReceipt, match=r"names the log 'ipledger\.local/log'"):
        verify_receipt(note, signer.verifier_key)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (f"ipledger-receipt v2\n{ORIGIN}\n1\n1\n{'A' * 43}=\n", "first line"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n1\n", "5 lines"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n1\n{'A' * 43}=\nextra\n", "5 lines"),
        (f"ipledger-receipt v1\n{ORIGIN}\n01\n1\n{'A' * 43}=\n", "first index"),
        (f"ipledger-receipt v1\n{ORIGIN}\n-1\n1\n{'A' * 43}=\n", "first index"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n0\n{'A' * 43}=\n", "count"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n+1\n{'A' * 43}=\n", "count"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n1\n{'A' * 42}==\n", "base64 of 32 bytes"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n1\n{'A' * 43}B\n", "base64"),
        (f"ipledger-receipt v1\n\n1\n1\n{'A' * 43}=\n", "origin"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n1\n{'A' * 43}=", "newline"),
        (f"ipledger-receipt v1\n{ORIGIN}\n{2**64 - 1}\n2\n{'A' * 43}=\n", r"2\^64-1"),
        (f"ipledger-receipt v1\n{ORIGIN}\n{10**20}\n1\n{'A' * 43}=\n", "first index"),
        (f"ipledger-receipt v1\n{ORIGIN}\n1\n{2**21}\n{'A' * 43}=\n", "above"),
    ],
)
def test_malformed_bodies(text: str, match: str) -> None:
    with pytest.raises(InvalidSubmissionReceipt, match=match):
        parse_receipt_body(text)


def test_receipts_and_checkpoints_never_pass_for_each_other() -> None:
    signer = LogSigner.generate(ORIGIN)
    checkpoint = signer.sign_note(format_checkpoint(ORIGIN, 5, ROOT))
    with pytest.raises(InvalidSubmissionReceipt, match="not a receipt"):
        verify_receipt(checkpoint, signer.verifier_key)
    with pytest.raises(InvalidCheckpoint):
        parse_checkpoint(format_receipt(ORIGIN, 5, 1, ROOT))


def test_unsigned_text_is_not_a_note() -> None:
    with pytest.raises(InvalidNote):
        parse_receipt(format_receipt(ORIGIN, 0, 1, ROOT))


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 13, 31, 32, 33, 40])
def test_every_entry_of_a_receipt_verifies_and_others_do_not(count: int) -> None:
    ref = ReferenceTree(LEAVES[:count])
    receipt = SubmissionReceipt(ORIGIN, 100, count, ref.root(count))
    assert merkle_root(LEAVES[:count]) == receipt.root
    receipt.verify_batch(LEAVES[:count])
    for position in range(count):
        proof = ref.path(position, count)
        receipt.verify_leaf(100 + position, LEAVES[position], proof)
        with pytest.raises(ReceiptMismatch, match="not the one the log signed"):
            receipt.verify_leaf(100 + position, hash_leaf(b"other"), proof)
    with pytest.raises(ReceiptMismatch, match="not among"):
        receipt.verify_leaf(100 + count, LEAVES[0], [])
    with pytest.raises(ReceiptMismatch, match="not among"):
        receipt.verify_leaf(99, LEAVES[0], [])
    with pytest.raises(ReceiptMismatch):
        receipt.verify_batch([*LEAVES[: count - 1], LEAVES[39 if count < 40 else 0]])
    with pytest.raises(ReceiptMismatch, match="covers"):
        receipt.verify_batch(LEAVES[: count + 1])


def _document(signer: LogSigner, metadata: dict[str, Any] | None) -> dict[str, Any]:
    digest = hashlib.sha256(b"the document").digest()
    nonce = bytes(range(16))
    meta_hash = metadata_hash(metadata)
    leaf = entry_leaf_hash(digest, nonce, meta_hash, 1795996865123)
    leaves = [LEAVES[0], leaf, LEAVES[2]]
    ref = ReferenceTree(leaves)
    note = signer.sign_note(format_receipt(ORIGIN, 9, 3, ref.root(3)))
    return {
        "index": 10,
        "digest": "sha256:" + digest.hex(),
        "nonce": nonce.hex(),
        "metadata": metadata,
        "metadata_hash": meta_hash.hex(),
        "received_at": 1795996865123,
        "leaf_hash": leaf.hex(),
        "receipt": {"note": note, "proof": [h.hex() for h in ref.path(1, 3)]},
    }


@pytest.mark.parametrize("metadata", [None, {"office": "EP", "n": 1.5, "title": "Rotor"}])
def test_entry_receipt_document(metadata: dict[str, Any] | None) -> None:
    signer = LogSigner.generate(ORIGIN)
    doc = _document(signer, metadata)
    proven = verify_entry_receipt(json.dumps(doc), signer.verifier_key)
    assert proven.index == 10 and proven.received_at == 1795996865123
    assert proven.receipt.first_index == 9 and proven.receipt.count == 3
    assert verify_entry_receipt(doc, signer.verifier_key).leaf_hash.hex() == doc["leaf_hash"]


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda d: d.update(index=9), ReceiptMismatch, "not the one the log signed"),
        (lambda d: d.update(index=11), ReceiptMismatch, "proof is malformed"),
        (lambda d: d.update(index=12), ReceiptMismatch, "not among"),
        (lambda d: d.update(index=3), ReceiptMismatch, "not among"),
        (lambda d: d.update(received_at=1), ReceiptMismatch, "leaf_hash"),
        (lambda d: d.update(nonce="00" * 16), ReceiptMismatch, "leaf_hash"),
        (lambda d: d.update(metadata={"x": 1}), ReceiptMismatch, "metadata_hash"),
        (lambda d: d.update(digest="sha256:" + "0" * 64), ReceiptMismatch, "leaf_hash"),
        (lambda d: d.update(digest="sha256:XY"), InvalidSubmissionReceipt, "digest"),
        (lambda d: d.update(index=-1), InvalidSubmissionReceipt, "index"),
        (lambda d: d.update(leaf_hash="AB" * 32), InvalidSubmissionReceipt, "leaf_hash"),
        (lambda d: d.pop("nonce"), InvalidSubmissionReceipt, "lacks nonce"),
        (lambda d: d.update(extra=1), InvalidSubmissionReceipt, "unknown keys: extra"),
        (lambda d: d["receipt"].update(proof=[]), ReceiptMismatch, "malformed"),
        (lambda d: d["receipt"].update(proof="ab"), InvalidSubmissionReceipt, "list"),
        (lambda d: d["receipt"].pop("note"), InvalidSubmissionReceipt, "exactly"),
        (
            lambda d: d["receipt"].update(note=d["receipt"]["note"].replace("\n9\n", "\n8\n")),
            SignatureError,
            "does not verify",
        ),
    ],
)
def test_entry_receipt_document_tampering(change: Any, error: type[Exception], match: str) -> None:
    signer = LogSigner.generate(ORIGIN)
    doc = copy.deepcopy(_document(signer, None))
    change(doc)
    with pytest.raises(error, match=match):
        verify_entry_receipt(doc, signer.verifier_key)


@pytest.mark.parametrize("text", ["[]", "{", b"\xff", '{"index": 1, "index": 2}'])
def test_entry_receipt_document_not_an_object(text: str | bytes) -> None:
    with pytest.raises(InvalidSubmissionReceipt):
        verify_entry_receipt(text, LogSigner.generate(ORIGIN).verifier_key)
