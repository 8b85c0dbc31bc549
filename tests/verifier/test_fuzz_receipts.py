"""Fuzzing the submission-receipt and verifier-key parsers a client runs on what the API sends.

test_fuzz covers bundles, notes and checkpoints; a client holding only a receipt relies on
`verify_entry_receipt` and `verify_receipt` instead. Only their typed errors may escape,
and no edit of a signed receipt is accepted unless it leaves every proven field unchanged.
A few thousand cases in `make test`, thirty times as many with `--run-slow`.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipledger.ledger.keys import LogSigner
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.verifier import VerifierError
from ipledger.verifier.core.errors import (
    InvalidNote,
    InvalidSubmissionReceipt,
    InvalidVerifierKey,
    ReceiptMismatch,
    SignatureError,
)
from ipledger.verifier.core.leaf import NO_METADATA_HASH, canonical_metadata, entry_leaf_hash
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.receipts import parse_receipt, verify_entry_receipt, verify_receipt

SCALES = [pytest.param(1, id="quick"), pytest.param(30, id="long", marks=pytest.mark.slow)]
scaled = pytest.mark.parametrize("scale", SCALES)
ORIGIN = "fuzz.example/log"
SIGNER = LogSigner.generate(ORIGIN)
KEY = parse_verifier_key(SIGNER.verifier_key)
RECEIPT_ERRORS = (InvalidNote, InvalidSubmissionReceipt, SignatureError, ReceiptMismatch)


def run(examples: int, strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> None:
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(strategy)
    def prop(value: Any) -> None:
        check(value)

    prop()


def only(errors: tuple[type[VerifierError], ...], func: Callable[..., Any], *args: Any) -> Any:
    """Call `func`; a VerifierError must be one of `errors`, anything else fails the test."""
    try:
        return func(*args)
    except errors:
        return None


def _document(index: int = 41, first: int = 40, count: int = 3) -> dict[str, Any]:
    """A single-entry receipt document as the API returns it, entry `index` of a group."""
    metadata = {"office": "EP", "title": "Rotor blade ✈", "n": 7}
    meta_hash = hashlib.sha256(canonical_metadata(metadata)).digest()
    leaves = [hashlib.sha256(b"other %d" % i).digest() for i in range(count)]
    digest, nonce = hashlib.sha256(b"doc").digest(), bytes(range(16))
    leaf = entry_leaf_hash(digest, nonce, meta_hash, 1_795_996_865_123)
    leaves[index - first] = leaf
    tree = ReceiptTree(leaves)
    return {
        "index": index, "digest": "sha256:" + digest.hex(), "nonce": nonce.hex(),
        "metadata": metadata, "metadata_hash": meta_hash.hex(),
        "received_at": 1_795_996_865_123, "leaf_hash": leaf.hex(),
        "receipt": {"note": SIGNER.sign_note(receipt_note_text(ORIGIN, first, tree)),
                    "proof": [h.hex() for h in tree.proof(index - first)]},
    }


DOCUMENT = _document()
PROVEN = verify_entry_receipt(DOCUMENT, KEY)

JSON_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
                | st.floats(allow_nan=False) | st.text(max_size=40))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@scaled
def test_arbitrary_text_as_a_receipt_note(scale: int) -> None:
    run(500 * scale, st.text(max_size=300), lambda t: only(
        (InvalidNote, InvalidSubmissionReceipt), parse_receipt, t))
    run(300 * scale, st.binary(max_size=300), lambda b: only(
        (InvalidNote, InvalidSubmissionReceipt), parse_receipt, b))


@scaled
def test_arbitrary_json_as_a_receipt_document(scale: int) -> None:
    run(500 * scale, JSON_VALUES, lambda v: only(RECEIPT_ERRORS, verify_entry_receipt,
                                                 json.dumps(v), KEY))
    run(200 * scale, st.binary(max_size=200), lambda b: only(RECEIPT_ERRORS,
                                                             verify_entry_receipt, b, KEY))


def _edit(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(DOCUMENT)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


FIELDS = [("index",), ("digest",), ("nonce",), ("metadata",), ("metadata_hash",),
          ("received_at",), ("leaf_hash",), ("receipt", "note"), ("receipt", "proof")]


@scaled
def test_edited_fields_are_rejected_or_change_nothing(scale: int) -> None:
    hexes = st.text(alphabet="0123456789abcdefABCDEF", min_size=0, max_size=70)

    def check(case: tuple[tuple[str, ...], Any]) -> None:
        result = only(RECEIPT_ERRORS, verify_entry_receipt, _edit(*case), KEY)
        assert result is None or result == PROVEN, case

    values = JSON_VALUES | hexes | hexes.map(lambda h: "sha256:" + h) | st.lists(hexes,
                                                                                 max_size=4)
    run(800 * scale, st.tuples(st.sampled_from(FIELDS), values), check)


@scaled
def test_edited_note_text_is_rejected_or_changes_nothing(scale: int) -> None:
    note = DOCUMENT["receipt"]["note"]

    def check(edit: tuple[int, int, str]) -> None:
        at, cut, insert = edit
        at %= len(note) + 1
        edited = note[:at] + insert + note[at + cut:]
        result = only(RECEIPT_ERRORS, verify_receipt, edited, KEY)
        assert result is None or result == PROVEN.receipt, repr(edited)

    run(800 * scale, st.tuples(st.integers(0, 10_000), st.integers(0, 3),
                               st.text(max_size=3)), check)


@scaled
def test_batch_receipts_name_exactly_their_leaves(scale: int) -> None:
    leaves = [hashlib.sha256(b"b %d" % i).digest() for i in range(7)]
    receipt = verify_receipt(
        SIGNER.sign_note(receipt_note_text(ORIGIN, 100, ReceiptTree(leaves))), KEY)

    def check(edited: list[bytes]) -> None:
        if edited == leaves:
            receipt.verify_batch(edited)
        else:
            with pytest.raises(ReceiptMismatch):
                receipt.verify_batch(edited)

    mutated = st.lists(st.sampled_from(leaves) | st.binary(min_size=0, max_size=33),
                       max_size=9)
    run(400 * scale, mutated | st.permutations(leaves), check)


@scaled
def test_verifier_key_strings(scale: int) -> None:
    good = SIGNER.verifier_key
    run(400 * scale, st.text(max_size=120), lambda t: only((InvalidVerifierKey,),
                                                            parse_verifier_key, t))

    def edited(edit: tuple[int, str]) -> None:
        at, char = edit
        at %= len(good)
        text = good[:at] + char + good[at + 1:]
        key = only((InvalidVerifierKey,), parse_verifier_key, text)
        if key is not None and text != good:
            # a different key string that parses is a different key: the receipt fails
            assert only(RECEIPT_ERRORS, verify_receipt, DOCUMENT["receipt"]["note"],
                        key) is None
    run(400 * scale, st.tuples(st.integers(0, 1000), st.characters()), edited)


def test_a_receipt_without_metadata_has_the_zero_hash() -> None:
    doc = _edit(("metadata",), None)
    with pytest.raises(ReceiptMismatch, match="metadata_hash"):
        verify_entry_receipt(doc, KEY)
    doc["metadata_hash"] = NO_METADATA_HASH.hex()
    with pytest.raises(ReceiptMismatch, match="leaf_hash"):
        verify_entry_receipt(doc, KEY)     # the signed leaf committed to the metadata
