"""The hand-written submission answers parse to exactly what the response models give."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from ipledger.api.models import BatchEntryPublic, BatchReceiptPublic, ReceiptProof, ReceiptPublic
from ipledger.api.routes.entries import _batch_body, _single_body
from ipledger.api.sequencer import Committed
from ipledger.ledger.entries import LogEntry
from ipledger.verifier.core.leaf import NO_METADATA_HASH, canonical_metadata

NOTE = (
    "ipledger-receipt v1\nipledger.test/log\n7\n2\nfSwKG56PemtcTT4vGguciH5vWks8LR4PmouHxtXk86s=\n"
    "\n\u2014 ipledger.test/log Z5ybGk0x\"quoted\\\n"
)
METADATA: list[dict[str, Any] | None] = [
    None,
    {},
    {"office": "EP", "title": "Rotor blade \u00e9\u00e8 \U0001f600", "n": 3, "x": 1.5e-7},
    {"nested": {"list": [1, "two", None, True, {"k": "\u2028 \"q\" \\ \n"}]}, "big": 1e21},
]


def entry(index: int, metadata: dict[str, Any] | None) -> LogEntry:
    jcs = None if metadata is None else canonical_metadata(metadata)
    h = hashlib.sha256(index.to_bytes(8, "big")).digest()
    return LogEntry(
        index,
        h,
        h[:16],
        None if jcs is None else jcs.decode(),
        NO_METADATA_HASH if jcs is None else hashlib.sha256(jcs).digest(),
        1_795_996_865_123,
        hashlib.sha256(h).digest(),
    )


@pytest.mark.parametrize("metadata", METADATA)
@pytest.mark.parametrize("proof_length", [0, 1, 5])
def test_single_answer_equals_the_model(metadata: dict[str, Any] | None, proof_length: int) -> None:
    e = entry(7, metadata)
    proof = [hashlib.sha256(bytes([i])).digest() for i in range(proof_length)]
    body = _single_body(Committed([e], NOTE, 7, 2, [proof]))
    model = ReceiptPublic(
        index=e.index,
        digest="sha256:" + e.digest.hex(),
        nonce=e.nonce.hex(),
        metadata=metadata,
        metadata_hash=e.metadata_hash.hex(),
        received_at=e.received_at,
        leaf_hash=e.leaf_hash.hex(),
        receipt=ReceiptProof(note=NOTE, proof=[h.hex() for h in proof]),
    )
    assert json.loads(body) == model.model_dump(mode="json")
    assert ReceiptPublic.model_validate_json(body) == model


def test_batch_answer_equals_the_model() -> None:
    entries = [entry(i, METADATA[i % len(METADATA)]) for i in range(10, 30)]
    body = _batch_body(Committed(entries, NOTE, 10, 20, None))
    model = BatchReceiptPublic(
        first_index=10,
        count=20,
        note=NOTE,
        entries=[
            BatchEntryPublic(
                index=e.index,
                digest="sha256:" + e.digest.hex(),
                nonce=e.nonce.hex(),
                metadata_hash=e.metadata_hash.hex(),
                received_at=e.received_at,
                leaf_hash=e.leaf_hash.hex(),
            )
            for e in entries
        ],
    )
    assert json.loads(body) == model.model_dump(mode="json")
    assert BatchReceiptPublic.model_validate_json(body) == model
