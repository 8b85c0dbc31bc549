"""Strict RLP against the ethereum/tests vectors and the `rlp` package as an oracle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rlp as oracle
from hypothesis import given
from hypothesis import strategies as st

from ipledger.verifier.core.errors import InvalidRLP, VerifierError
from ipledger.verifier.core.rlp import RLPItem, decode, decode_uint, encode, encode_uint

VECTORS = Path(__file__).parents[2] / "vectors"
VALID: dict[str, Any] = json.loads((VECTORS / "ethereum_rlp_valid.json").read_text())
INVALID: dict[str, Any] = json.loads((VECTORS / "ethereum_rlp_invalid.json").read_text())


def _vector_input(value: Any) -> Any:
    """Turn an ethereum/tests `in` value into RLP input ("#n" is a big integer)."""
    if isinstance(value, list):
        return [_vector_input(v) for v in value]
    if isinstance(value, str) and value.startswith("#"):
        return int(value[1:])
    if isinstance(value, str):
        return value.encode("latin-1")
    return value


def _as_decoded(value: Any) -> Any:
    if isinstance(value, list):
        return [_as_decoded(v) for v in value]
    if isinstance(value, int):
        return encode_uint(value)
    return value


def _unhex(text: str) -> bytes:
    return bytes.fromhex(text.removeprefix("0x"))


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_vector_encodes(name: str) -> None:
    case = VALID[name]
    assert encode(_vector_input(case["in"])) == _unhex(case["out"])


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_vector_decodes(name: str) -> None:
    case = VALID[name]
    assert decode(_unhex(case["out"])) == _as_decoded(_vector_input(case["in"]))


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_vector_rejected(name: str) -> None:
    with pytest.raises(InvalidRLP):
        decode(_unhex(INVALID[name]["out"]))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "truncated"),
        ("83646f", "truncated"),
        ("c3646f", "truncated"),
        ("c28364", "truncated"),  # item overruns its list
        ("8100", "non-canonical"),
        ("817f", "non-canonical"),
        ("b800", "non-canonical"),
        ("b837" + "00" * 55, "non-canonical"),
        ("f837" + "00" * 55, "non-canonical"),
        ("b90000", "non-canonical"),
        ("b9", "truncated"),
        ("f9", "truncated"),
        ("8000", "trailing"),
        ("c000", "trailing"),
        ("c2c0", "truncated"),
        ("bf" + "ff" * 8, "truncated"),
    ],
)
def test_rejections_say_why(raw: str, reason: str) -> None:
    with pytest.raises(InvalidRLP, match=reason) as info:
        decode(bytes.fromhex(raw))
    assert isinstance(info.value, VerifierError)


def test_depth_limit() -> None:
    nested = encode(encode_nest(10))
    assert decode(nested, max_depth=11) == encode_nest(10)
    with pytest.raises(InvalidRLP, match="nest deeper"):
        decode(nested, max_depth=10)
    with pytest.raises(InvalidRLP):
        decode(_deep_list(5000))  # never a RecursionError


def _deep_list(depth: int) -> bytes:
    raw = b"\xc0"
    for _ in range(depth):
        raw = _wrap(raw)
    return raw


def _wrap(payload: bytes) -> bytes:
    if len(payload) < 56:
        return bytes([0xC0 + len(payload)]) + payload
    size = encode_uint(len(payload))
    return bytes([0xF7 + len(size)]) + size + payload


def encode_nest(depth: int) -> RLPItem:
    item: RLPItem = []
    for _ in range(depth):
        item = [item]
    return item


def test_boundaries_match_oracle() -> None:
    for size in (0, 1, 2, 55, 56, 57, 255, 256, 65535, 65536):
        for fill in (b"\x00", b"\x7f", b"\x80", b"\xff"):
            data = fill * size
            assert encode(data) == oracle.encode(data)
            assert decode(encode(data)) == data
            assert encode([data, data]) == oracle.encode([data, data])
            assert decode(encode([data, data])) == [data, data]


def test_uint_helpers() -> None:
    assert encode(0) == b"\x80"
    assert decode_uint(b"") == 0
    assert decode_uint(b"\x01\x00") == 256
    with pytest.raises(InvalidRLP, match="leading zero"):
        decode_uint(b"\x00\x01")
    with pytest.raises(InvalidRLP, match="exceeds"):
        decode_uint(b"\x01" * 9, max_bytes=8)
    with pytest.raises(ValueError):
        encode(-1)
    with pytest.raises(TypeError):
        encode(True)
    with pytest.raises(TypeError):
        encode("text")


items: st.SearchStrategy[Any] = st.recursive(
    st.binary(max_size=80),
    lambda children: st.lists(children, max_size=6),
    max_leaves=30,
)


@given(items)
def test_round_trip_matches_oracle(item: Any) -> None:
    encoded = encode(item)
    assert encoded == oracle.encode(item)
    assert decode(encoded) == oracle.decode(encoded, strict=True)
    assert decode(encoded) == item


@given(st.integers(min_value=0, max_value=2**256 - 1))
def test_integers_match_oracle(value: int) -> None:
    assert encode(value) == oracle.encode(value)
    raw = decode(encode(value))
    assert isinstance(raw, bytes)
    assert decode_uint(raw) == value


@given(st.binary(max_size=64))
def test_arbitrary_bytes_agree_with_oracle(data: bytes) -> None:
    """Whatever the oracle accepts strictly we accept identically, and vice versa."""
    try:
        expected = oracle.decode(data, strict=True)
    except oracle.exceptions.DecodingError:
        expected = None
    try:
        got: Any = decode(data)
    except InvalidRLP:
        got = None
    assert got == expected
