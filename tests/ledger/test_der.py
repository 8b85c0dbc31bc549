"""The DER encoder against asn1crypto's (an independent implementation) and openssl asn1parse."""

import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from asn1crypto import core
from hypothesis import given
from hypothesis import strategies as st

from ipledger.ledger.der import (
    der_bit_string,
    der_boolean,
    der_generalized_time,
    der_integer,
    der_null,
    der_octet_string,
    der_oid,
    der_sequence,
    der_set,
    der_tagged,
    der_utf8_string,
)


@given(st.integers(min_value=-(1 << 300), max_value=1 << 300))
def test_integer_matches_asn1crypto(value: int) -> None:
    assert der_integer(value) == core.Integer(value).dump()
    assert core.Integer.load(der_integer(value)).native == value


@pytest.mark.parametrize(
    ("value", "encoded"),
    [(0, "020100"), (127, "02017f"), (128, "02020080"), (-1, "0201ff"), (-128, "020180"),
     (-129, "0202ff7f"), (256, "02020100")],
)
def test_integer_edges(value: int, encoded: str) -> None:
    assert der_integer(value).hex() == encoded


@given(st.binary(max_size=70_000))
def test_octet_string_any_length(value: bytes) -> None:
    assert der_octet_string(value) == core.OctetString(value).dump()


@pytest.mark.parametrize(
    "dotted",
    ["1.2.840.113549.1.9.16.1.4", "2.16.840.1.101.3.4.2.1", "0.0", "2.999.3",
     "2.25.329800735698586629295641978511506172918", "1.3.6.1.5.5.7.3.8"],
)
def test_oid_matches_asn1crypto(dotted: str) -> None:
    assert der_oid(dotted) == core.ObjectIdentifier(dotted).dump()


@pytest.mark.parametrize("bad", ["", "1", "3.1", "1.40", "1.2.-3", "1..2", "1.02", "a.b"])
def test_oid_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError, match="not a dotted object identifier"):
        der_oid(bad)


def test_small_types() -> None:
    assert der_boolean(True) == core.Boolean(True).dump()
    assert der_boolean(False) == core.Boolean(False).dump()
    assert der_null() == core.Null().dump()
    assert der_utf8_string("Zeitstempel ä") == core.UTF8String("Zeitstempel ä").dump()
    assert der_bit_string(b"\x80", 7) == bytes.fromhex("03020780")
    with pytest.raises(ValueError, match="unused bits"):
        der_bit_string(b"", 3)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 12, 3, 22, 35, 1, tzinfo=UTC), "20261203223501Z"),
        (datetime(2026, 12, 3, 22, 35, 1, 120_000, tzinfo=UTC), "20261203223501.12Z"),
        (datetime(2026, 12, 3, 22, 35, 1, 5, tzinfo=UTC), "20261203223501.000005Z"),
        (datetime(2026, 12, 4, 0, 5, tzinfo=timezone(timedelta(hours=1))), "20261203230500Z"),
    ],
)
def test_generalized_time(moment: datetime, text: str) -> None:
    encoded = der_generalized_time(moment)
    assert encoded == b"\x18" + bytes((len(text),)) + text.encode()
    assert core.GeneralizedTime.load(encoded).native == moment


def test_generalized_time_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="aware"):
        der_generalized_time(datetime(2026, 1, 1))


def test_set_is_sorted_and_tags_follow_x690() -> None:
    assert der_set(der_integer(5), der_integer(1)) == bytes.fromhex("3106020101020105")
    inner = der_integer(7)
    explicit = der_tagged(0, inner)
    assert explicit == bytes.fromhex("a003020107")
    implicit = der_tagged(1, inner, explicit=False)
    assert implicit == bytes.fromhex("810107")
    assert der_tagged(2, der_sequence(inner), explicit=False) == bytes.fromhex("a203020107")
    assert der_tagged(31, inner)[:2] == bytes.fromhex("bf1f")


class _Pair(core.Sequence):  # type: ignore[misc]  # asn1crypto has no type hints
    _fields = [  # noqa: RUF012 (asn1crypto's declaration style)
        ("version", core.Integer),
        ("name", core.UTF8String, {"explicit": 0}),
        ("flag", core.Boolean, {"implicit": 1, "optional": True}),
    ]


def test_nested_structure_matches_asn1crypto(tmp_path: Path) -> None:
    ours = der_sequence(
        der_integer(1),
        der_tagged(0, der_utf8_string("x" * 300)),
        der_tagged(1, der_boolean(True), explicit=False),
    )
    theirs = _Pair({"version": 1, "name": "x" * 300, "flag": True}).dump(force=True)
    assert ours == theirs
    file = tmp_path / "pair.der"
    file.write_bytes(ours)
    parsed = subprocess.run(
        ["openssl", "asn1parse", "-inform", "DER", "-in", str(file)],
        check=True, capture_output=True, text=True,
    ).stdout
    assert "UTF8STRING" in parsed and "cont [ 0 ]" in parsed
