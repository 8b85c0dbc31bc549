"""Leaf format v1: the 89-byte layout, field checks and RFC 8785 metadata (published vectors)."""

from __future__ import annotations

import hashlib
import json
import math
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipledger.verifier.core.errors import EntryError, VerifierError
from ipledger.verifier.core.leaf import (
    LEAF_INPUT_SIZE,
    METADATA_MAX_BYTES,
    NO_METADATA_HASH,
    canonical_metadata,
    check_received_at,
    entry_leaf_hash,
    format_digest,
    leaf_input,
    metadata_hash,
    parse_digest,
    parse_metadata_json,
    parse_nonce,
)

JCS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "jcs.json").read_text("utf-8")
)
DIGEST = hashlib.sha256(b"the document").digest()
NONCE = bytes(range(16))
MAX_SAFE = 2**53 - 1


def _double(bits: str) -> float:
    value: float = struct.unpack(">d", bytes.fromhex(bits.rjust(16, "0")))[0]
    return value


def _entry_error(field: str, func: Any, *args: Any) -> EntryError:
    with pytest.raises(VerifierError) as info:
        func(*args)
    assert type(info.value) is EntryError, f"{type(info.value).__name__}: {info.value}"
    assert info.value.field == field
    return info.value


# --- the 89-byte leaf ------------------------------------------------------------------


def test_leaf_layout_is_89_bytes_in_design_order() -> None:
    meta = hashlib.sha256(b'{"a":1}').digest()
    received_at = 1_795_996_865_123
    raw = leaf_input(DIGEST, NONCE, meta, received_at)
    assert LEAF_INPUT_SIZE == 89 and len(raw) == 89
    assert raw[0] == 0x01
    assert raw[1:33] == DIGEST
    assert raw[33:49] == NONCE
    assert raw[49:81] == meta
    assert raw[81:89] == bytes.fromhex("000001a229c15263")  # 1795996865123, big-endian
    assert int.from_bytes(raw[81:], "big") == received_at
    expected = hashlib.sha256(b"\x00" + raw).digest()
    assert entry_leaf_hash(DIGEST, NONCE, meta, received_at) == expected


def test_leaf_without_metadata_commits_32_zero_bytes() -> None:
    assert metadata_hash(None) == NO_METADATA_HASH == bytes(32)
    raw = leaf_input(DIGEST, NONCE, metadata_hash(None), 0)
    assert raw[49:81] == bytes(32) and raw[81:] == bytes(8)


def test_empty_metadata_object_is_not_absent_metadata() -> None:
    assert metadata_hash({}) == hashlib.sha256(b"{}").digest() != NO_METADATA_HASH


@pytest.mark.parametrize(
    ("field", "args"),
    [
        ("digest", (DIGEST[:31], NONCE, bytes(32), 0)),
        ("digest", (DIGEST + b"\x00", NONCE, bytes(32), 0)),
        ("nonce", (DIGEST, NONCE[:15], bytes(32), 0)),
        ("nonce", (DIGEST, NONCE + b"\x00", bytes(32), 0)),
        ("metadata", (DIGEST, NONCE, bytes(31), 0)),
        ("metadata", (DIGEST, NONCE, bytes(33), 0)),
        ("received_at", (DIGEST, NONCE, bytes(32), -1)),
        ("received_at", (DIGEST, NONCE, bytes(32), 2**64)),
        ("received_at", (DIGEST, NONCE, bytes(32), 1.5)),
        ("received_at", (DIGEST, NONCE, bytes(32), True)),
    ],
)
def test_leaf_input_rejects(field: str, args: tuple[Any, ...]) -> None:
    _entry_error(field, leaf_input, *args)


# --- digest, nonce, received_at --------------------------------------------------------


def test_digest_round_trip() -> None:
    text = "sha256:" + DIGEST.hex()
    assert parse_digest(text) == DIGEST
    assert format_digest(DIGEST) == text


@pytest.mark.parametrize(
    "text",
    [
        DIGEST.hex(),
        "sha256:" + DIGEST.hex().upper(),
        "SHA256:" + DIGEST.hex(),
        "sha512:" + DIGEST.hex(),
        "sha256:" + DIGEST.hex()[:63],
        "sha256:" + DIGEST.hex() + "0",
        "sha256:" + DIGEST.hex()[:62] + "zz",
        "sha256: " + DIGEST.hex(),
        "sha256:" + DIGEST.hex() + "\n",
        "",
        None,
        DIGEST,
        64,
    ],
)
def test_digest_rejects(text: Any) -> None:
    _entry_error("digest", parse_digest, text)


def test_format_digest_rejects_wrong_length() -> None:
    _entry_error("digest", format_digest, DIGEST[:31])


def test_nonce() -> None:
    assert parse_nonce(NONCE.hex()) == NONCE


@pytest.mark.parametrize(
    "text", [NONCE.hex().upper(), NONCE.hex()[:30], NONCE.hex() + "00", "g" * 32, NONCE, None, ""]
)
def test_nonce_rejects(text: Any) -> None:
    _entry_error("nonce", parse_nonce, text)


@pytest.mark.parametrize("value", [0, 1, 1_795_996_865_123, 2**64 - 1])
def test_received_at_accepts(value: int) -> None:
    assert check_received_at(value) == value


@pytest.mark.parametrize("value", [-1, 2**64, 1.0, "1", None, True, False])
def test_received_at_rejects(value: Any) -> None:
    _entry_error("received_at", check_received_at, value)


# --- RFC 8785 vectors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", JCS["numbers"] + JCS["number_samples"], ids=lambda c: f"{c['bits']}={c['expected']}"
)
def test_jcs_number_serialization(case: dict[str, str]) -> None:
    value = _double(case["bits"])
    expected = b'{"n":' + case["expected"].encode() + b"}"
    if value.is_integer() and MAX_SAFE < abs(value) < 1e21:
        # Canonically an integer literal beyond 2^53-1: the design rejects those (a JSON
        # reader would take it back as an unsafe integer), so it can never be committed.
        _entry_error("metadata", canonical_metadata, {"n": value})
    else:
        assert canonical_metadata({"n": value}) == expected
        assert metadata_hash({"n": value}) == hashlib.sha256(expected).digest()


@pytest.mark.parametrize("case", JCS["numbers_rejected"], ids=lambda c: c["note"])
def test_jcs_numbers_that_must_fail(case: dict[str, str]) -> None:
    value = _double(case["bits"])
    assert not math.isfinite(value)
    _entry_error("metadata", canonical_metadata, {"n": value})


@pytest.mark.parametrize("case", JCS["documents"], ids=lambda c: c["name"])
def test_jcs_documents(case: dict[str, str]) -> None:
    parsed = parse_metadata_json(case["input"])
    assert canonical_metadata(parsed) == case["output"].encode("utf-8")
    # The canonical form is itself accepted and is a fixed point.
    assert canonical_metadata(parse_metadata_json(case["output"])) == case["output"].encode()


@pytest.mark.parametrize("text", JCS["not_objects"])
def test_jcs_top_level_array_is_not_metadata(text: str) -> None:
    _entry_error("metadata", parse_metadata_json, text)


def test_keys_sort_by_utf16_code_units() -> None:
    # U+1F602 is D83D DE02 in UTF-16: before U+FB33, though after it by code point.
    canonical = canonical_metadata({"\ufb33": 1, "\U0001f602": 2, "\u20ac": 3}).decode()
    assert canonical == '{"\u20ac":3,"\U0001f602":2,"\ufb33":1}'


def test_negative_zero_is_zero() -> None:
    assert canonical_metadata({"n": -0.0}) == canonical_metadata({"n": 0}) == b'{"n":0}'


# --- metadata limits -------------------------------------------------------------------


def test_canonical_metadata_of_exactly_4096_bytes_is_accepted() -> None:
    at_limit = {"a": "x" * (METADATA_MAX_BYTES - len('{"a":""}'))}
    assert len(canonical_metadata(at_limit)) == 4096
    over = {"a": "x" * (METADATA_MAX_BYTES - len('{"a":""}') + 1)}
    err = _entry_error("metadata", canonical_metadata, over)
    assert "4097" in str(err)


def test_limit_counts_utf8_bytes_not_characters() -> None:
    two_byte = {"a": "\u00e9" * 2044}  # 8 + 4088 bytes
    assert len(canonical_metadata(two_byte)) == 4096
    _entry_error("metadata", canonical_metadata, {"a": "\u00e9" * 2044 + "x"})


def test_limit_applies_to_the_canonical_form_not_the_input() -> None:
    padded = '{"a":     "' + "x" * 4088 + '"     }'
    assert len(padded) > 4096
    assert len(canonical_metadata(parse_metadata_json(padded))) == 4096


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": {"b": 1, "b": 1}}',
        '[{"a": 1, "a": 2}]',
        '{"n": NaN}',
        '{"n": Infinity}',
        '{"n": -Infinity}',
        '{"n": 1e400}',
        '{"n": -1e400}',
        '{"n": 9007199254740992}',
        '{"n": -9007199254740992}',
        '{"n": 100000000000000000000000000000}',
        '{"n": 9007199254740992.0}',
        '{"n": 1e20}',
        "[]",
        '"text"',
        "42",
        "null",
        "true",
        "",
        "{",
        '{"a": 1} extra',
        '{"a": "\\ud800"}',
        '{"\\udc00": 1}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 65 + "1" + "}" * 65,
    ],
    ids=lambda t: t[:30],
)
def test_metadata_rejects(text: str) -> None:
    def parse_and_canonicalize(raw: str) -> bytes:
        return canonical_metadata(parse_metadata_json(raw))

    _entry_error("metadata", parse_and_canonicalize, text)


def test_integers_up_to_2_pow_53_minus_1() -> None:
    for value in (MAX_SAFE, -MAX_SAFE, 0, -1):
        assert canonical_metadata({"n": value}) == b'{"n":%d}' % value
        text = f'{{"n": {value}}}'
        assert canonical_metadata(parse_metadata_json(text)) == b'{"n":%d}' % value
    for value in (MAX_SAFE + 1, -(MAX_SAFE + 1), 10**30):
        _entry_error("metadata", canonical_metadata, {"n": value})
    for big_float in (float(2**53), -float(2**53), 1e20, 123456789012345680000.0):
        _entry_error("metadata", canonical_metadata, {"n": big_float})
    assert canonical_metadata({"n": 1e21}) == b'{"n":1e+21}'


def test_nesting_limit() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(63):
        node["a"] = {}
        node = node["a"]
    canonical_metadata(deep)
    node["a"] = {"b": 1}
    _entry_error("metadata", canonical_metadata, deep)


@pytest.mark.parametrize(
    "value",
    [[1, 2], "text", None, 42, {1: "int key"}, {"a": b"bytes"}, {"a": {1, 2}}, {"a": float("nan")}],
    ids=repr,
)
def test_canonical_metadata_rejects_non_json(value: Any) -> None:
    _entry_error("metadata", canonical_metadata, value)


def test_parse_metadata_json_accepts_bytes() -> None:
    assert parse_metadata_json(b'{"title": "Patent"}') == {"title": "Patent"}


# --- round trip: what is accepted once stays verifiable --------------------------------

_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE, MAX_SAFE)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(), _JSON, max_size=5))
def test_accepted_metadata_survives_a_json_round_trip(metadata: dict[str, Any]) -> None:
    # An evidence bundle carries the metadata as JSON: re-reading the canonical form must be
    # accepted and give the same bytes, or an accepted entry could never be verified.
    try:
        canonical = canonical_metadata(metadata)
    except EntryError:
        return
    reparsed = parse_metadata_json(canonical)
    assert canonical_metadata(reparsed) == canonical
    assert metadata_hash(reparsed) == hashlib.sha256(canonical).digest()
