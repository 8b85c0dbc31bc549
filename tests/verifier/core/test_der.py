"""The strict DER reader against OpenSSL's encoder (`asn1parse -genstr`) and X.690's DER rules."""

from __future__ import annotations

import contextlib
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipledger.verifier.core import der
from ipledger.verifier.core.errors import InvalidDer


def _openssl_der(spec: str, tmp_path: Path) -> bytes:
    out = tmp_path / "value.der"
    subprocess.run(["openssl", "asn1parse", "-genstr", spec, "-noout", "-out", str(out)],
                   check=True, capture_output=True, timeout=60)
    return out.read_bytes()


OPENSSL_VALUES: list[tuple[str, Any, Any]] = [
    ("INTEGER:0", der.integer, 0),
    ("INTEGER:127", der.integer, 127),
    ("INTEGER:128", der.integer, 128),
    ("INTEGER:-128", der.integer, -128),
    ("INTEGER:-129", der.integer, -129),
    ("INTEGER:0x0102030405060708090a0b0c0d0e0f10", der.integer,
     0x0102030405060708090A0B0C0D0E0F10),
    ("OID:1.2.840.113549.1.9.16.1.4", der.oid, "1.2.840.113549.1.9.16.1.4"),
    ("OID:2.999.3", der.oid, "2.999.3"),
    ("OID:0.9.2342.19200300.100.1.25", der.oid, "0.9.2342.19200300.100.1.25"),
    ("GENTIME:20261203223000Z", der.time, datetime(2026, 12, 3, 22, 30, tzinfo=UTC)),
    ("GENTIME:20261203223000.25Z", der.time,
     datetime(2026, 12, 3, 22, 30, 0, 250000, tzinfo=UTC)),
    ("UTCTIME:491231235959Z", der.time, datetime(2049, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ("UTCTIME:500101000000Z", der.time, datetime(1950, 1, 1, tzinfo=UTC)),
    ("BOOLEAN:TRUE", der.boolean, True),
    ("BOOLEAN:FALSE", der.boolean, False),
    ("BITSTRING:abc", der.bit_string, b"abc"),
    ("FORMAT:BITLIST,BITSTRING:0,5", der.named_bits, 0b100001),
    ("FORMAT:BITLIST,BITSTRING:5,6", der.named_bits, 0b1100000),
    ("OCTETSTRING:hello", der.octet_string, b"hello"),
    ("NULL", der.null, None),
]


@pytest.mark.parametrize(("spec", "reader", "value"), OPENSSL_VALUES,
                         ids=[v[0] for v in OPENSSL_VALUES])
def test_values_openssl_encodes_read_back(spec: str, reader: Any, value: Any,
                                          tmp_path: Path) -> None:
    assert reader(der.read(_openssl_der(spec, tmp_path))) == value


def test_long_lengths(tmp_path: Path) -> None:
    big = _openssl_der("FORMAT:HEX,OCTETSTRING:" + "ab" * 300, tmp_path)
    assert big[:4] == b"\x04\x82\x01\x2c" and der.octet_string(der.read(big)) == b"\xab" * 300
    element = der.read(bytes.fromhex("be03020105"))  # [30] constructed, the highest low tag
    assert (element.cls, element.number, element.constructed) == (der.CONTEXT, 30, True)


NOT_DER = {
    "empty": "",
    "indefinite length": "3080020101" "0000",
    "non-minimal long length": "04810100",
    "length with a leading zero": "0482000100",
    "five length octets": "04850000000001",
    "truncated value": "040301",
    "trailing bytes": "050000",
    "high-tag form (tag numbers above 30 are not used)": "9f2a0105",
    "high-tag form of a low tag": "1f0200",
}
BAD_VALUES: dict[str, tuple[Any, str]] = {
    "integer with a redundant zero": (der.integer, "02020001"),
    "integer with a redundant 0xff": (der.integer, "0202ff80"),
    "empty integer": (der.integer, "0200"),
    "boolean 0x01": (der.boolean, "010101"),
    "null with contents": (der.null, "050100"),
    "bit string with unused bits": (der.bit_string, "03020780"),
    "named bits with a trailing zero bit": (der.named_bits, "03020084"),
    "constructed octet string": (der.octet_string, "2403040100"),
    "oid with a non-minimal arc": (der.oid, "0603808001"),
    "truncated oid": (der.oid, "06022a86"),
    "time without Z": (der.time, "170b3236313230333232333030"),
    "time with an offset": (der.time, "1711323631323033323233303030302b30313030"),
    "generalized time with a trailing fraction zero": (
        der.time, "181232303236313230333232333030302e31305a"),
    "generalized time with a bare dot": (der.time, "181032303236313230333232333030302e5a"),
    "generalized time without seconds": (der.time, "180d3230323631323033323233305a"),
    "february 30": (der.time, "180f32303236303233303030303030305a"),
    "integer where an oid is expected": (der.oid, "020101"),
}


@pytest.mark.parametrize("case", sorted(NOT_DER))
def test_encodings_that_are_not_der_are_refused(case: str) -> None:
    with pytest.raises(InvalidDer):
        der.read(bytes.fromhex(NOT_DER[case]))


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_values_that_are_not_in_their_der_form_are_refused(case: str) -> None:
    reader, data = BAD_VALUES[case]
    with pytest.raises(InvalidDer):
        reader(der.read(bytes.fromhex(data)))


def test_size_is_bounded() -> None:
    with pytest.raises(InvalidDer, match="limit"):
        der.read(b"\x04\x83\x10\x00\x00" + bytes(der.MAX_SIZE))


def test_sequence_counts_are_enforced() -> None:
    two = der.read(bytes.fromhex("3006020101020102"))
    assert [der.integer(e) for e in der.sequence(two, lo=2, hi=2)] == [1, 2]
    with pytest.raises(InvalidDer, match="expected 3 to 3"):
        der.sequence(two, lo=3, hi=3)
    with pytest.raises(InvalidDer, match="expected tag 17"):
        der.expect(two, der.SET)


def _walk(element: der.Element, depth: int = 0) -> None:
    if element.constructed and depth < 64:
        for child in element.children():
            _walk(child, depth + 1)
    elif element.is_(der.UNIVERSAL, der.INTEGER):
        der.integer(element)
    elif element.is_(der.UNIVERSAL, der.OID):
        der.oid(element)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_invalid_der(data: bytes) -> None:
    with contextlib.suppress(InvalidDer):
        _walk(der.read(data))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(1 << 200), max_value=1 << 200))
def test_integers_round_trip_through_their_minimal_encoding(value: int) -> None:
    size = (value + (value < 0)).bit_length() // 8 + 1
    content = value.to_bytes(size, "big", signed=True)
    assert der.integer(der.read(bytes([2, len(content)]) + content)) == value
