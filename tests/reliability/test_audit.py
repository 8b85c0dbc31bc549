"""The audit itself: it must catch a false receipt, a missing entry and a changed leaf."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from ipledger.ledger.entries import LogEntry
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from tests.reliability.audit import Acked, AuditResult, _check_entries, receipts

ORIGIN = "reliability.test/log"
RECEIVED = 1_795_996_865_123


def _single(signer: LogSigner, index: int, digest: bytes,
            metadata: dict[str, Any] | None) -> tuple[dict[str, Any], LogEntry]:
    nonce = hashlib.sha256(b"nonce %d" % index).digest()[:16]
    meta_hash = metadata_hash(metadata)
    leaf = entry_leaf_hash(digest, nonce, meta_hash, RECEIVED)
    note = signer.sign_note(receipt_note_text(ORIGIN, index, ReceiptTree([leaf])))
    body = {"index": index, "digest": "sha256:" + digest.hex(), "nonce": nonce.hex(),
            "metadata": metadata, "metadata_hash": meta_hash.hex(), "received_at": RECEIVED,
            "leaf_hash": leaf.hex(), "receipt": {"note": note, "proof": []}}
    jcs = None if metadata is None else '{"ref":"x"}'
    return body, LogEntry(index, digest, nonce, jcs, meta_hash, RECEIVED, leaf)


def _record(sent: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    return {"type": "ack", "kind": "single", "sent": sent, "body": body, "key": None}


@pytest.fixture
def signer() -> LogSigner:
    return LogSigner.generate(ORIGIN)


def test_true_receipts_pass(signer: LogSigner) -> None:
    digest = hashlib.sha256(b"doc").digest()
    body, _ = _single(signer, 7, digest, {"ref": "x"})
    result = AuditResult()
    acked = receipts([_record({"digest": "sha256:" + digest.hex(), "metadata": {"ref": "x"}},
                              body)], signer.verifier_key, result)
    assert result.problems == [] and [a.index for a in acked] == [7]


@pytest.mark.parametrize("forgery", ["other key", "other digest", "other metadata", "leaf"])
def test_false_receipts_are_caught(signer: LogSigner, forgery: str) -> None:
    digest = hashlib.sha256(b"doc").digest()
    sent: dict[str, Any] = {"digest": "sha256:" + digest.hex(), "metadata": {"ref": "x"}}
    body, _ = _single(LogSigner.generate(ORIGIN) if forgery == "other key" else signer,
                      3, digest, {"ref": "x"})
    if forgery == "other digest":
        sent["digest"] = "sha256:" + hashlib.sha256(b"mine").hexdigest()
    elif forgery == "other metadata":
        sent["metadata"] = {"ref": "y"}
    elif forgery == "leaf":
        body["received_at"] += 1  # fields no longer give the signed leaf
    result = AuditResult()
    assert receipts([_record(sent, body)], signer.verifier_key, result) == []
    assert result.lost == 1 and "false receipt" in result.problems[0]


def test_missing_or_changed_entries_are_lost(signer: LogSigner) -> None:
    digest = hashlib.sha256(b"doc").digest()
    _, stored = _single(signer, 0, digest, None)
    _, other = _single(signer, 1, hashlib.sha256(b"other").digest(), None)
    acked = [Acked(0, stored.leaf_hash, digest, None, None),
             Acked(1, stored.leaf_hash, digest, None, None),   # the log holds another leaf
             Acked(2, stored.leaf_hash, digest, None, None)]   # not in the log at all
    result = AuditResult()
    _check_entries({0: stored, 1: other}, acked, result)
    assert result.lost == 2
    assert "another leaf" in result.problems[0] and "not in the log" in result.problems[1]
