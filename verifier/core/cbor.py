"""Deterministic CBOR (RFC 8949 section 4.2.1): a strict decoder, and the head of an item."""

from __future__ import annotations

from dataclasses import dataclass

from ipledger.verifier.core.errors import InvalidCbor

MAX_CBOR_BYTES = 1 << 20
MAX_DEPTH = 16
MAX_ITEMS = 4096  # per array or map: a receipt holds a handful
_SIMPLE = {20: False, 21: True, 22: None}

CborValue = object


@dataclass(frozen=True)
class CborTag:
    """A tagged data item: tag number and the value it tags."""

    tag: int
    value: CborValue


def decode_cbor(data: bytes) -> CborValue:
    """Decode one data item in deterministic encoding, the whole input; raise `InvalidCbor`.

    Refused: non-shortest heads, indefinite lengths, unsorted or duplicate map keys (the
    bytewise order of their encodings), map keys other than integers and strings, floats,
    simple values other than false, true and null, invalid UTF-8, trailing bytes, nesting
    deeper than 16 and arrays or maps of more than 4,096 items.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidCbor(f"CBOR data is bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_CBOR_BYTES:
        raise InvalidCbor(f"the CBOR data is over {MAX_CBOR_BYTES} bytes")
    value, end = _item(data, 0, 0)
    if end != len(data):
        raise InvalidCbor(f"{len(data) - end} trailing byte(s) after the CBOR data item")
    return value


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    if pos >= len(data):
        raise InvalidCbor("the CBOR data ends inside a data item")
    major, info = data[pos] >> 5, data[pos] & 0x1F
    if info < 24:
        return major, info, pos + 1
    if info > 27:
        raise InvalidCbor(f"additional information {info} (indefinite or reserved) at byte {pos}")
    size = 1 << (info - 24)
    if pos + 1 + size > len(data):
        raise InvalidCbor("the CBOR data ends inside a head")
    arg = int.from_bytes(data[pos + 1 : pos + 1 + size], "big")
    if arg < (24 if size == 1 else 1 << (4 * size)):
        raise InvalidCbor(f"the head at byte {pos} is not the shortest encoding of {arg}")
    return major, arg, pos + 1 + size


def _item(data: bytes, pos: int, depth: int) -> tuple[CborValue, int]:
    if depth > MAX_DEPTH:
        raise InvalidCbor(f"the CBOR data nests deeper than {MAX_DEPTH} levels")
    start = pos
    major, arg, pos = _head(data, pos)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if pos + arg > len(data):
            raise InvalidCbor("the CBOR data ends inside a string")
        raw = data[pos : pos + arg]
        if major == 2:
            return raw, pos + arg
        try:
            return raw.decode("utf-8"), pos + arg
        except UnicodeDecodeError:
            raise InvalidCbor(f"the text string at byte {start} is not UTF-8") from None
    if major in (4, 5) and arg > MAX_ITEMS:
        raise InvalidCbor(f"an array or map of {arg} items (at most {MAX_ITEMS})")
    if major == 4:
        items = []
        for _ in range(arg):
            value, pos = _item(data, pos, depth + 1)
            items.append(value)
        return tuple(items), pos
    if major == 5:
        result: dict[CborValue, CborValue] = {}
        previous = b""
        for _ in range(arg):
            key_start = pos
            key, pos = _item(data, pos, depth + 1)
            if not isinstance(key, int | str) or isinstance(key, bool):
                raise InvalidCbor(f"the map key at byte {key_start} is not an integer or text")
            encoded = data[key_start:pos]
            if encoded <= previous:
                raise InvalidCbor(f"the map key at byte {key_start} is duplicated or out of order")
            previous = encoded
            result[key], pos = _item(data, pos, depth + 1)
        return result, pos
    if major == 6:
        value, pos = _item(data, pos, depth + 1)
        return CborTag(arg, value), pos
    if arg in _SIMPLE and pos == start + 1:
        return _SIMPLE[arg], pos
    raise InvalidCbor(f"the simple value or float at byte {start} is not allowed")


def cbor_head(major: int, arg: int) -> bytes:
    """Return the shortest head of major type `major` with argument `arg` (0 <= arg < 2^64)."""
    if not 0 <= arg < 1 << 64:
        raise InvalidCbor(f"{arg} does not fit a CBOR head")
    if arg < 24:
        return bytes([major << 5 | arg])
    size = 1 if arg < 1 << 8 else 2 if arg < 1 << 16 else 4 if arg < 1 << 32 else 8
    return bytes([major << 5 | (24 + size.bit_length() - 1)]) + arg.to_bytes(size, "big")
