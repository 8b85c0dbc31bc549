"""The deterministic CBOR reader: RFC 8949 appendix A vectors, refusals, cbor2 agreeing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import cbor2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ipledger.ledger.evidence.cose_receipt import encode_cbor
from ipledger.verifier.core.cbor import MAX_DEPTH, CborTag, cbor_head, decode_cbor
from ipledger.verifier.core.errors import InvalidCbor

# RFC 8949 appendix A, the examples of the kinds a receipt uses (no floats, no bignums).
VECTORS: list[tuple[str, Any]] = [
    ("00", 0), ("01", 1), ("0a", 10), ("17", 23), ("1818", 24), ("1819", 25), ("1864", 100),
    ("1903e8", 1000), ("1a000f4240", 1000000), ("1b000000e8d4a51000", 1000000000000),
    ("1bffffffffffffffff", 18446744073709551615), ("3bffffffffffffffff", -18446744073709551616),
    ("20", -1), ("29", -10), ("3863", -100), ("3903e7", -1000),
    ("f4", False), ("f5", True), ("f6", None),
    ("c11a514b67b0", CborTag(1, 1363896240)),
    ("d82076687474703a2f2f7777772e6578616d706c652e636f6d",
     CborTag(32, "http://www.example.com")),
    ("40", b""), ("4401020304", b"\x01\x02\x03\x04"),
    ("60", ""), ("6161", "a"), ("6449455446", "IETF"), ("62225c", '"\\'), ("62c3bc", "\u00fc"),
    ("63e6b0b4", "\u6c34"), ("64f0908591", "\U00010151"),
    ("80", ()), ("83010203", (1, 2, 3)), ("8301820203820405", (1, (2, 3), (4, 5))),
    ("98190102030405060708090a0b0c0d0e0f101112131415161718181819", tuple(range(1, 26))),
    ("a0", {}), ("a201020304", {1: 2, 3: 4}), ("a26161016162820203", {"a": 1, "b": (2, 3)}),
    ("826161a161626163", ("a", {"b": "c"})),
    ("a56161614161626142616361436164614461656145",
     {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}),
]


@pytest.mark.parametrize(("hex_", "value"), VECTORS)
def test_rfc8949_appendix_a(hex_: str, value: Any) -> None:
    assert decode_cbor(bytes.fromhex(hex_)) == value
    assert encode_cbor(value) == bytes.fromhex(hex_)


REFUSED = {
    "f90000": "half float", "fa47c35000": "float", "fb3ff199999999999a": "double",
    "f7": "undefined", "f0": "simple 16", "f8ff": "simple 255", "f818": "simple 24",
    "5f42010243030405ff": "indefinite bytes", "9f018202039f0405ffff": "indefinite array",
    "bf6161016162f5ff": "indefinite map", "ff": "break", "1c": "reserved 28",
    "1817": "24 in two bytes", "190017": "23 in three bytes", "1900ff": "255 in three bytes",
    "1a0000ffff": "65535 in five", "1b00000000ffffffff": "2^32-1 in nine", "380a": "-11 long",
    "5801ff": "bstr length in two bytes", "a203040102": "keys out of order",
    "a201020103": "duplicate keys", "a2200018180a": "-1 before 24 (length-first order)",
    "a1410001": "bstr map key", "a1f401": "bool map key", "a18001": "array map key",
    "61ff": "invalid UTF-8", "62c328": "invalid UTF-8 sequence", "0000": "trailing byte",
    "1a0000": "truncated head", "4401": "truncated bstr", "8201": "truncated array",
    "c1": "tag without item", "9a00001001": "array of 4097 items", "": "empty",
}


@pytest.mark.parametrize("hex_", list(REFUSED), ids=list(REFUSED.values()))
def test_not_deterministic_or_not_allowed_is_refused(hex_: str) -> None:
    with pytest.raises(InvalidCbor):
        decode_cbor(bytes.fromhex(hex_))


def test_bounds() -> None:
    deep = bytes.fromhex("81" * MAX_DEPTH) + b"\x00"
    assert decode_cbor(deep) is not None
    with pytest.raises(InvalidCbor, match="deeper"):
        decode_cbor(b"\x81" + deep)
    with pytest.raises(InvalidCbor, match="over"):
        decode_cbor(cbor_head(2, 1 << 20) + bytes(1 << 20))
    with pytest.raises(InvalidCbor, match="bytes"):
        decode_cbor("00")  # type: ignore[arg-type]
    assert cbor_head(0, 2**64 - 1) == bytes.fromhex("1bffffffffffffffff")
    with pytest.raises(InvalidCbor):
        cbor_head(0, 2**64)


_scalars = (st.integers(-(2**64), 2**64 - 1) | st.binary(max_size=40) | st.text(max_size=30)
            | st.booleans() | st.none())
_uint_keys = st.integers(0, 2**64 - 1)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(_uint_keys, inner, max_size=5)
    | st.dictionaries(st.text(max_size=30), inner, max_size=5),
    max_leaves=20,
)


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, Mapping):
        return {k: _frozen(v) for k, v in value.items()}
    if isinstance(value, cbor2.CBORTag):
        return CborTag(value.tag, _frozen(value.value))
    return value


@settings(max_examples=300, deadline=None)
@given(_values)
def test_agrees_with_cbor2(value: Any) -> None:
    # With keys of one major type, cbor2's canonical (RFC 7049 length-first) order is the
    # RFC 8949 bytewise order; cbor2 writes what the reader accepts and reads what we write.
    data = cbor2.dumps(value, canonical=True)
    assert decode_cbor(data) == _frozen(value)
    assert encode_cbor(value) == data
    assert _frozen(cbor2.loads(encode_cbor(value))) == _frozen(value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
@example(bytes.fromhex("c000"))  # tag 0 over an int: well formed, cbor2 refuses its content
@example(bytes.fromhex("c100"))  # tag 1 over 0: cbor2 reads a datetime
def test_random_bytes_decode_or_raise_invalid_cbor(data: bytes) -> None:
    try:
        value = decode_cbor(data)
    except InvalidCbor:
        return
    # cbor2 also reads the tags it knows (tag 0 must tag a date string, tag 1 becomes a
    # datetime); the core reads tags generically (a receipt uses tag 18 only): only a
    # tagged value may read otherwise.
    try:
        theirs = cbor2.loads(data)
    except cbor2.CBORDecodeError:
        assert _has_tag(value), data.hex()
    else:
        assert _frozen(theirs) == value or _has_tag(value), data.hex()
    assert encode_cbor(value) == data  # and what we accept is the one deterministic form


def _has_tag(value: object) -> bool:
    if isinstance(value, CborTag):
        return True
    if isinstance(value, list | tuple):
        return any(_has_tag(v) for v in value)
    if isinstance(value, dict):
        return any(_has_tag(v) for v in value.values())
    return False
