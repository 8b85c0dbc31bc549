"""A minimal DER encoder (X.690): the few types RFC 3161 requests, TSTInfo and CMS need."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

__all__ = [
    "der_bit_string",
    "der_boolean",
    "der_generalized_time",
    "der_integer",
    "der_length",
    "der_null",
    "der_octet_string",
    "der_oid",
    "der_sequence",
    "der_set",
    "der_tagged",
    "der_tlv",
    "der_utf8_string",
]

_SEQUENCE = 0x30
_SET = 0x31
_CONSTRUCTED = 0x20
_CONTEXT = 0x80


def der_length(length: int) -> bytes:
    """Return the DER length octets of `length` (short form below 128, else long form)."""
    if length < 0x80:
        return bytes((length,))
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def der_tlv(tag: int, value: bytes) -> bytes:
    """Return tag (one octet), length and `value`."""
    length = len(value)
    if length < 0x80:
        return bytes((tag, length)) + value
    return bytes((tag,)) + der_length(length) + value


def der_sequence(*parts: bytes) -> bytes:
    """Return a SEQUENCE of the already encoded `parts`, in order."""
    return der_tlv(_SEQUENCE, b"".join(parts))


def der_set(*parts: bytes) -> bytes:
    """Return a SET OF the encoded `parts`, sorted by their encodings as DER requires."""
    return der_tlv(_SET, b"".join(sorted(parts)))


def der_integer(value: int) -> bytes:
    """Return an INTEGER in the fewest two's-complement octets."""
    if value >= 0:
        body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    else:
        body = value.to_bytes((value + 1).bit_length() // 8 + 1, "big", signed=True)
    return der_tlv(0x02, body)


def der_boolean(value: bool) -> bytes:
    """Return a BOOLEAN (DER: TRUE is 0xff)."""
    return b"\x01\x01\xff" if value else b"\x01\x01\x00"


def der_null() -> bytes:
    """Return NULL."""
    return b"\x05\x00"


def der_octet_string(value: bytes) -> bytes:
    """Return an OCTET STRING."""
    return der_tlv(0x04, value)


def der_bit_string(value: bytes, unused_bits: int = 0) -> bytes:
    """Return a BIT STRING of `value` whose last `unused_bits` bits are padding."""
    if not 0 <= unused_bits <= 7 or (unused_bits and not value):
        raise ValueError(f"a bit string cannot have {unused_bits} unused bits here")
    return der_tlv(0x03, bytes((unused_bits,)) + value)


def der_utf8_string(value: str) -> bytes:
    """Return a UTF8String."""
    return der_tlv(0x0C, value.encode("utf-8"))


@lru_cache(maxsize=256)
def der_oid(dotted: str) -> bytes:
    """Return the OBJECT IDENTIFIER of a dotted string such as "1.2.840.113549.1.9.16.1.4"."""
    try:
        arcs = [int(arc) for arc in dotted.split(".")]
    except ValueError:
        raise ValueError(f"{dotted!r} is not a dotted object identifier") from None
    if (
        len(arcs) < 2
        or any(arc < 0 for arc in arcs)
        or arcs[0] > 2
        or (arcs[0] < 2 and arcs[1] >= 40)
        or any(part != str(arc) for part, arc in zip(dotted.split("."), arcs, strict=True))
    ):
        raise ValueError(f"{dotted!r} is not a dotted object identifier")
    body = b"".join(_base128(arc) for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]])
    return der_tlv(0x06, body)


def der_generalized_time(moment: datetime) -> bytes:
    """Return a GeneralizedTime in UTC, "YYYYMMDDHHMMSS[.f]Z", the fraction without trailing 0s.

    Microseconds are kept as given: round `moment` first for a coarser fraction.
    """
    if moment.tzinfo is None:
        raise ValueError("a GeneralizedTime needs an aware datetime (naive has no zone)")
    utc = moment.astimezone(UTC)
    text = (
        f"{utc.year:04d}{utc.month:02d}{utc.day:02d}"
        f"{utc.hour:02d}{utc.minute:02d}{utc.second:02d}"
    )
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return der_tlv(0x18, (text + "Z").encode("ascii"))


def der_tagged(number: int, value: bytes, explicit: bool = True) -> bytes:
    """Return `value` (a whole encoding) under the context-specific tag [number].

    Explicit: wrapped in a constructed [number]. Implicit: `value`'s own tag is replaced,
    keeping whether it was constructed.
    """
    if number < 0:
        raise ValueError(f"tag number {number} is negative")
    if explicit:
        return _tag_octets(number, constructed=True) + der_length(len(value)) + value
    if not value or value[0] & 0x1F == 0x1F:
        raise ValueError("implicit tagging needs a value with a low-number tag")
    constructed = bool(value[0] & _CONSTRUCTED)
    return _tag_octets(number, constructed) + value[1:]


def _tag_octets(number: int, constructed: bool) -> bytes:
    first = _CONTEXT | (_CONSTRUCTED if constructed else 0)
    if number < 0x1F:
        return bytes((first | number,))
    return bytes((first | 0x1F,)) + _base128(number)


def _base128(value: int) -> bytes:
    """Return `value` in base 128, high groups first, every octet but the last with bit 8 set."""
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(groups))
