"""A strict DER reader (X.690 section 10): one encoding per value, anything else refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ipledger.verifier.core.errors import InvalidDer

MAX_SIZE = 1 << 20  # a token or certificate chain is a few KiB; refuse anything near a MiB
UNIVERSAL, APPLICATION, CONTEXT, PRIVATE = 0, 1, 2, 3
BOOLEAN, INTEGER, BIT_STRING, OCTET_STRING, NULL, OID = 1, 2, 3, 4, 5, 6
SEQUENCE, SET, UTC_TIME, GENERALIZED_TIME = 16, 17, 23, 24
_UTC = re.compile(rb"(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z")
_GENERALIZED = re.compile(rb"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d*[1-9]))?Z")


@dataclass(frozen=True)
class Element:
    """One TLV: its tag's class, constructed bit and number, its contents and whole encoding."""

    cls: int
    constructed: bool
    number: int
    content: bytes
    raw: bytes

    def children(self) -> tuple[Element, ...]:
        """Return the elements inside a constructed value, in order."""
        if not self.constructed:
            raise InvalidDer(f"expected a constructed value, found primitive tag {self.number}")
        return read_all(self.content)

    def is_(self, cls: int, number: int) -> bool:
        """Whether the tag is `number` of class `cls`."""
        return self.cls == cls and self.number == number


def _read_one(data: bytes, at: int) -> tuple[Element, int]:
    if at + 2 > len(data):
        raise InvalidDer("truncated DER: a tag and a length are missing")
    first = data[at]
    cls, constructed, number, pos = first >> 6, bool(first & 0x20), first & 0x1F, at + 1
    if number == 0x1F:
        raise InvalidDer("a tag number above 30 (high-tag form): no token or certificate has one")
    length, pos = data[pos], pos + 1
    if length == 0x80:
        raise InvalidDer("an indefinite length is not DER")
    if length > 0x80:
        count = length & 0x7F
        if count > 4 or pos + count > len(data):
            raise InvalidDer("a length is too long or truncated")
        length = int.from_bytes(data[pos:pos + count], "big")
        if length < 0x80 or data[pos] == 0:
            raise InvalidDer("a length is not minimally encoded")
        pos += count
    if pos + length > len(data):
        raise InvalidDer("truncated DER: a value is shorter than its length")
    end = pos + length
    return Element(cls, constructed, number, data[pos:end], data[at:end]), end


def read_all(data: bytes) -> tuple[Element, ...]:
    """Every element of `data`, one after another, to its last byte."""
    out, at = [], 0
    while at < len(data):
        element, at = _read_one(data, at)
        out.append(element)
    return tuple(out)


def read(data: bytes) -> Element:
    """Exactly one DER element that is all of `data` (no trailing bytes)."""
    if len(data) > MAX_SIZE:
        raise InvalidDer(f"the DER value is {len(data)} bytes, over the {MAX_SIZE}-byte limit")
    element, end = _read_one(data, 0)
    if end != len(data):
        raise InvalidDer(f"{len(data) - end} trailing bytes after the DER value")
    return element


def expect(element: Element, number: int, cls: int = UNIVERSAL, *,
           constructed: bool | None = None) -> Element:
    """`element` itself if its tag is `number` of class `cls` (and constructed as asked)."""
    if constructed is None:
        constructed = number in (SEQUENCE, SET) if cls == UNIVERSAL else element.constructed
    if not element.is_(cls, number) or element.constructed != constructed:
        raise InvalidDer(
            f"expected tag {number} of class {cls}, found tag {element.number} "
            f"of class {element.cls}"
        )
    return element


def explicit(element: Element, number: int) -> Element:
    """Return the one value inside the EXPLICIT context tag [number]."""
    items = expect(element, number, CONTEXT, constructed=True).children()
    if len(items) != 1:
        raise InvalidDer(f"an EXPLICIT [{number}] holds {len(items)} values, not one")
    return items[0]


def sequence(element: Element, *, lo: int = 0, hi: int = 1 << 16) -> tuple[Element, ...]:
    """Return the children of a SEQUENCE, between `lo` and `hi` of them."""
    items = expect(element, SEQUENCE).children()
    if not lo <= len(items) <= hi:
        raise InvalidDer(f"a SEQUENCE has {len(items)} elements, expected {lo} to {hi}")
    return items


def set_of(element: Element) -> tuple[Element, ...]:
    """Return the children of a SET OF (their order is not checked: OpenSSL does not sort)."""
    return expect(element, SET).children()


def integer(element: Element, cls: int = UNIVERSAL, number: int = INTEGER) -> int:
    """Read a minimally encoded INTEGER (two's complement, big-endian)."""
    content = expect(element, number, cls, constructed=False).content
    if not content:
        raise InvalidDer("an INTEGER has no contents")
    if len(content) > 1 and (
        (content[0] == 0 and not content[1] & 0x80) or (content[0] == 0xFF and content[1] & 0x80)
    ):
        raise InvalidDer("an INTEGER is not minimally encoded")
    return int.from_bytes(content, "big", signed=True)


def boolean(element: Element) -> bool:
    """Read a BOOLEAN: DER allows only 0x00 and 0xFF."""
    content = expect(element, BOOLEAN, constructed=False).content
    if content not in (b"\x00", b"\xff"):
        raise InvalidDer("a BOOLEAN is not 0x00 or 0xFF")
    return content == b"\xff"


def null(element: Element) -> None:
    """Read a NULL: no contents."""
    if expect(element, NULL, constructed=False).content:
        raise InvalidDer("a NULL has contents")


def octet_string(element: Element) -> bytes:
    """Return an OCTET STRING's bytes (primitive: DER has no constructed strings)."""
    return expect(element, OCTET_STRING, constructed=False).content


def bit_string(element: Element) -> bytes:
    """Return a BIT STRING of whole octets (signatures and public keys are: no unused bits)."""
    content = expect(element, BIT_STRING, constructed=False).content
    if not content or content[0] != 0:
        raise InvalidDer("a BIT STRING has unused bits where whole octets are required")
    return content[1:]


def named_bits(element: Element) -> int:
    """Read a named-bit BIT STRING (X.690 11.2.2: no trailing zero bits) as a bit mask.

    Bit 0, the first, is the mask's lowest bit (keyUsage's digitalSignature is 1 << 0).
    """
    content = expect(element, BIT_STRING, constructed=False).content
    if not content or content[0] > 7 or (len(content) == 1 and content[0]):
        raise InvalidDer("a BIT STRING's unused-bit count is invalid")
    unused, bits = content[0], content[1:]
    if bits and (bits[-1] & ((1 << unused) - 1) or not bits[-1] >> unused & 1):
        raise InvalidDer("a named-bit BIT STRING is not in its DER form (trailing bits)")
    value = int.from_bytes(bits, "big") >> unused
    width = len(bits) * 8 - unused
    return sum(1 << i for i in range(width) if value >> (width - 1 - i) & 1)


def oid(element: Element) -> str:
    """Read an OBJECT IDENTIFIER in dotted form, its arcs minimally encoded."""
    content = expect(element, OID, constructed=False).content
    if not content or content[-1] & 0x80:
        raise InvalidDer("an OBJECT IDENTIFIER is empty or truncated")
    arcs, value, start = [], 0, True
    for byte in content:
        if start and byte == 0x80:
            raise InvalidDer("an OBJECT IDENTIFIER arc is not minimally encoded")
        value, start = (value << 7) | (byte & 0x7F), not byte & 0x80
        if start:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))


def time(element: Element) -> datetime:
    """Read a DER UTCTime or GeneralizedTime (seconds, `Z`) as an aware UTC datetime."""
    content = expect(element, element.number, constructed=False).content
    if element.is_(UNIVERSAL, UTC_TIME) and (match := _UTC.fullmatch(content)):
        year = int(match[1])
        fields, fraction = (year + (1900 if year >= 50 else 2000), *match.groups()[1:]), b""
    elif element.is_(UNIVERSAL, GENERALIZED_TIME) and (match := _GENERALIZED.fullmatch(content)):
        fields, fraction = match.groups()[:6], match[7] or b""
    else:
        raise InvalidDer(f"a time is not a DER UTCTime or GeneralizedTime: {content!r}")
    try:
        year, month, day, hour, minute, second = (int(f) for f in fields)
        return datetime(year, month, day, hour, minute, second,
                        int(fraction[:6].ljust(6, b"0") or 0), tzinfo=UTC)
    except ValueError as exc:
        raise InvalidDer(f"a time is not a calendar date: {content!r}") from exc
