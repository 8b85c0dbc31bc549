"""Fuzzing the bundle parser, verify() and the parsers under it: only VerifierError ever escapes.

Each property runs a few hundred examples in `make test` (about thirty seconds in all) and
thirty times as many with `pytest --run-slow`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipledger.verifier import EvidenceBundle, VerifierError, verify, verify_checkpoint
from ipledger.verifier.core.checkpoint import parse_checkpoint
from ipledger.verifier.core.errors import (
    InvalidBundle,
    InvalidCheckpoint,
    InvalidHeader,
    InvalidNote,
    InvalidReceipt,
    InvalidRLP,
    ReceiptProofError,
    RootMismatchError,
    SignatureError,
    TrieProofError,
    UnknownKeyError,
)
from ipledger.verifier.core.ethereum import decode_header, decode_receipt, verify_receipt_proof
from ipledger.verifier.core.mpt import verify_mpt_proof
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.rlp import decode, encode
from tests.verifier.fabricate import fabricate
from tests.verifier.golden import load

SCALES = [
    pytest.param(1, id="quick"),
    pytest.param(30, id="long", marks=pytest.mark.slow),
]
scaled = pytest.mark.parametrize("scale", SCALES)


def run(examples: int, strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> None:
    """Run `check` on `examples` values drawn from `strategy` (no deadline, no database)."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def prop(value: Any) -> None:
        check(value)

    prop()


def only(errors: tuple[type[VerifierError], ...], func: Callable[..., object], *args: Any) -> Any:
    """Call `func`; a VerifierError must be one of `errors`, any other exception fails."""
    try:
        return func(*args)
    except errors:
        return None


# -- the bundle parser and verify() on arbitrary input ---------------------------------

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)


def _parse_and_verify(text: str | bytes) -> None:
    bundle = only((InvalidBundle,), EvidenceBundle.from_json, text)
    if bundle is not None:
        only((VerifierError,), verify, bundle)


@scaled
def test_arbitrary_json_values(scale: int) -> None:
    run(600 * scale, JSON_VALUES, lambda v: _parse_and_verify(json.dumps(v)))


@scaled
def test_arbitrary_bytes_and_text(scale: int) -> None:
    run(300 * scale, st.binary(max_size=300), _parse_and_verify)
    run(300 * scale, st.text(max_size=300), _parse_and_verify)


def _shaped() -> st.SearchStrategy[dict[str, Any]]:
    """Bundles with the v1 keys, each value drawn from plausible and hostile ones."""
    g = load("thousand-second-anchor").data()

    def field(value: Any) -> st.SearchStrategy[Any]:
        alternatives: list[st.SearchStrategy[Any]] = [st.just(value), JSON_SCALARS]
        if isinstance(value, int):
            alternatives.append(st.integers(min_value=-1, max_value=2**65))
        if isinstance(value, str):
            alternatives.append(st.text(alphabet="0123456789abcdefxABCDEF", max_size=80))
        return st.one_of(alternatives)

    def section(obj: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        return st.fixed_dictionaries({k: field(v) for k, v in obj.items()})

    return st.fixed_dictionaries(
        {
            "format": field(g["format"]),
            "version": field(g["version"]),
            "entry": section(g["entry"]),
            "inclusion": section(g["inclusion"]),
            "checkpoint": field(g["checkpoint"]),
            "anchor": section(g["anchor"]),
        }
    )


@scaled
def test_bundle_shaped_values(scale: int) -> None:
    run(400 * scale, _shaped(), lambda v: _parse_and_verify(json.dumps(v)))


@pytest.mark.parametrize("depth", [1, 10, 63, 64, 65, 66, 67, 1000, 200_000])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    nested = opener * depth + "1" + closer * depth
    _parse_and_verify(nested)
    g = load("thousand-first-anchor")
    text = g.text.replace('"metadata": {', '"metadata": {"deep": ' + nested + ", ", 1)
    with pytest.raises(VerifierError):
        verify(text)


@pytest.mark.parametrize(
    "replacement",
    [
        '"index": ' + "9" * 5000,
        '"index": 1e400',
        '"index": -0',
        '"index": 1E2',
        '"index": 123.0',
        '"index": "\\ud800"',
        '"metadata": {"x": 1e400}',
        '"metadata": {"x": -1e400}',
        '"metadata": {"x": 9007199254740993}',
        '"metadata": {"x": 1e21, "\\ud800": "\\udfff"}',
        '"metadata": {"\\u0000": "\\u202e\\u2066\\uffff"}',
        '"index": 123, "index": 123',
    ],
)
def test_hostile_numbers_and_unicode(replacement: str) -> None:
    g = load("thousand-first-anchor")
    head, _, tail = g.text.partition('"index": 123')
    text = head + replacement + tail
    if replacement.startswith('"metadata"'):
        text = g.text.replace('"metadata": {', replacement[:-1] + ", ", 1)
    with pytest.raises(VerifierError):
        verify(text, document=g.document, log_key=g.log_key)


# -- edits of a golden bundle's text ---------------------------------------------------

EDIT = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.characters(codec="utf-8") | st.sampled_from('0123456789abcdef"{}[],:\\ \n'),
)


def _apply(text: str, edits: list[tuple[str, float, str]]) -> str:
    for op, where, char in edits:
        at = int(where * len(text))
        if op == "insert":
            text = text[:at] + char + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + char + text[at + 1 :]
    return text


def _comparable(bundle: EvidenceBundle) -> EvidenceBundle:
    """Blank what no offline check binds (tx_hash, chain id) and reduce the note to its text."""
    anchor = dataclasses.replace(bundle.anchor, tx_hash=bytes(32), chain_id=0)
    return dataclasses.replace(bundle, anchor=anchor, checkpoint=parse_note(bundle.checkpoint).text)


@scaled
@pytest.mark.parametrize("name", ["single", "thousand-first-anchor", "legacy-tx"])
def test_edits_of_a_golden_bundle_are_rejected_or_change_nothing(name: str, scale: int) -> None:
    g = load(name)
    original = _comparable(EvidenceBundle.from_json(g.text))

    def check(edits: list[tuple[str, float, str]]) -> None:
        text = _apply(g.text, edits)
        try:
            verdict = verify(text, document=g.document, log_key=g.log_key, trusted=g.trusted)
        except VerifierError:
            return
        assert verdict.proven
        # Accepted: then it must be the same evidence, re-spelled.
        assert _comparable(EvidenceBundle.from_json(text)) == original, edits

    run(300 * scale, st.lists(EDIT, min_size=1, max_size=3), check)


# -- made-up blocks with extreme values ------------------------------------------------

UINT64 = st.integers(min_value=0, max_value=2**64 - 1)


@scaled
def test_made_up_bundles_with_extreme_values_verify(scale: int) -> None:
    def check(values: tuple[int, int, int, int, int, int]) -> None:
        size, index_seed, received_at, block_time, block_number, tx_index = values
        size = max(size, 1)
        fake = fabricate(
            index=index_seed % size,
            tree_size=size,
            received_at=received_at,
            block_time=block_time,
            block_number=block_number,
            tx_index=tx_index,
        )
        verdict = verify(fake.bundle.to_json(), document=fake.document, log_key=fake.log_key)
        assert not verdict.proven and verdict.claim()

    run(40 * scale, st.tuples(UINT64, UINT64, UINT64, UINT64, UINT64, UINT64), check)


# -- the parsers underneath: notes and checkpoints, RLP, headers, receipts, tries ------

NOTE_ERRORS = (InvalidNote, InvalidCheckpoint, SignatureError, UnknownKeyError)


@scaled
def test_note_and_checkpoint_parsers(scale: int) -> None:
    g = load("single")
    note = g.data()["checkpoint"]

    def check(text: str) -> None:
        parsed = only((InvalidNote,), parse_note, text)
        if parsed is not None:
            only((InvalidCheckpoint,), parse_checkpoint, parsed.text)
        checked = only(NOTE_ERRORS, verify_checkpoint, text, g.log_key)
        if checked is not None:  # a note the key accepts has the signed body
            assert parse_note(text).text == parse_note(note).text

    alphabet = st.characters(codec="utf-8") | st.sampled_from("\n\u2014 +/=AQab0189")
    run(300 * scale, st.text(alphabet, max_size=200), check)
    run(300 * scale, st.lists(EDIT, min_size=1, max_size=4).map(lambda e: _apply(note, e)), check)


RLP_ITEMS = st.recursive(
    st.binary(max_size=70),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=20,
)


@scaled
def test_rlp_decoder_on_edited_encodings(scale: int) -> None:
    def check(value: tuple[Any, list[tuple[str, float, str]]]) -> None:
        item, edits = value
        raw = bytearray(encode(item))
        for op, where, char in edits:
            at = int(where * len(raw))
            byte = ord(char) & 0xFF
            if op == "insert":
                raw[at:at] = bytes([byte])
            elif op == "delete" and raw:
                del raw[at]
            elif raw:
                raw[min(at, len(raw) - 1)] = byte
        only((InvalidRLP,), decode, bytes(raw))

    run(300 * scale, st.tuples(RLP_ITEMS, st.lists(EDIT, max_size=3)), check)


def _byte_edits(raw: bytes) -> st.SearchStrategy[bytes]:
    positions = st.integers(min_value=0, max_value=len(raw) - 1)
    flips = st.lists(st.tuples(positions, st.integers(0, 255)), min_size=1, max_size=4)

    def apply(changes: list[tuple[int, int]]) -> bytes:
        out = bytearray(raw)
        for at, value in changes:
            out[at] = value
        return bytes(out)

    return flips.map(apply) | st.binary(max_size=len(raw) + 10)


@scaled
def test_header_receipt_and_trie_parsers(scale: int) -> None:
    anchor = EvidenceBundle.from_json(load("thousand-second-anchor").text).anchor
    header = decode_header(anchor.block_header)
    run(
        150 * scale,
        _byte_edits(anchor.block_header),
        lambda raw: only((InvalidHeader,), decode_header, raw),
    )
    run(
        150 * scale,
        _byte_edits(anchor.receipt),
        lambda raw: only((InvalidReceipt,), decode_receipt, raw),
    )
    nodes = anchor.receipt_proof

    def check_node(value: tuple[int, bytes]) -> None:
        k, node = value
        proof = (*nodes[:k], node, *nodes[k + 1 :])
        only((TrieProofError, RootMismatchError), verify_mpt_proof, header.receipts_root,
             encode(anchor.tx_index), proof)  # fmt: skip
        only((ReceiptProofError, RootMismatchError, InvalidReceipt), verify_receipt_proof,
             header.receipts_root, anchor.tx_index, anchor.receipt, proof)  # fmt: skip

    strategies = [st.tuples(st.just(k), _byte_edits(n)) for k, n in enumerate(nodes)]
    run(60 * scale * len(nodes), st.one_of(strategies), check_node)
