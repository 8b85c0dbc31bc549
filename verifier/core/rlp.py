"""Strict RLP (Yellow Paper appendix B): a canonical-only decoder and a small encoder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from ipledger.verifier.core.errors import InvalidRLP

RLPItem: TypeAlias = "bytes | list[RLPItem]"
RLPInput: TypeAlias = "bytes | bytearray | int | Sequence[RLPInput]"

# Ethereum structures nest at most 4 deep (a receipt's log topics); 32 leaves headroom
# while keeping hostile input from exhausting the Python stack.
MAX_DEPTH = 32
_SHORT_LIMIT = 56


def decode(data: bytes, *, max_depth: int = MAX_DEPTH) -> RLPItem:
    """Decode one RLP item that spans all of `data`; nested lists come back as lists.

    Rejects what the Yellow Paper's encoding function can never produce, so every
    value has exactly one accepted encoding: a single byte below 0x80 wrapped as a
    string, a long form for a length under 56, a length with leading zero bytes, a
    truncated item, an item overrunning its list, trailing bytes, and nesting deeper
    than `max_depth` lists. Raises `InvalidRLP` with the offset of the fault.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidRLP(f"RLP input must be bytes, got {type(data).__name__}")
    data = bytes(data)
    item, end = _decode_at(data, 0, len(data), 0, max_depth)
    if end != len(data):
        raise InvalidRLP(f"{len(data) - end} trailing bytes after the RLP item at offset {end}")
    return item


def _decode_at(data: bytes, pos: int, end: int, depth: int, max_depth: int) -> tuple[RLPItem, int]:
    if pos >= end:
        raise InvalidRLP(f"truncated: an item was expected at offset {pos}")
    prefix = data[pos]
    if prefix < 0x80:
        return data[pos : pos + 1], pos + 1
    if prefix < 0xB8:
        length, start = prefix - 0x80, pos + 1
        _check_room(start, length, end, pos)
        if length == 1 and data[start] < 0x80:
            raise InvalidRLP(
                f"non-canonical: byte 0x{data[start]:02x} at offset {pos} must be encoded as itself"
            )
        return data[start : start + length], start + length
    if prefix < 0xC0:
        length, start = _long_length(data, pos, prefix - 0xB7, end)
        _check_room(start, length, end, pos)
        return data[start : start + length], start + length
    if prefix < 0xF8:
        length, start = prefix - 0xC0, pos + 1
    else:
        length, start = _long_length(data, pos, prefix - 0xF7, end)
    _check_room(start, length, end, pos)
    if depth >= max_depth:
        raise InvalidRLP(f"lists nest deeper than {max_depth} levels at offset {pos}")
    stop = start + length
    items: list[RLPItem] = []
    cursor = start
    while cursor < stop:
        item, cursor = _decode_at(data, cursor, stop, depth + 1, max_depth)
        items.append(item)
    return items, stop


def _long_length(data: bytes, pos: int, size_len: int, end: int) -> tuple[int, int]:
    start = pos + 1 + size_len
    if start > end:
        raise InvalidRLP(f"truncated: the length of the item at offset {pos} is cut off")
    if data[pos + 1] == 0:
        raise InvalidRLP(f"non-canonical: the length at offset {pos} has leading zero bytes")
    length = int.from_bytes(data[pos + 1 : start], "big")
    if length < _SHORT_LIMIT:
        raise InvalidRLP(
            f"non-canonical: long form used for a length of {length} at offset {pos} (under 56)"
        )
    return length, start


def _check_room(start: int, length: int, end: int, pos: int) -> None:
    if start + length > end:
        remain = max(end - start, 0)
        raise InvalidRLP(f"truncated: the item at offset {pos} needs {length} bytes, {remain} left")


def encode(item: RLPInput) -> bytes:
    """Encode bytes, a non-negative int (minimal big-endian) or a nested sequence as RLP."""
    if isinstance(item, bool):
        raise TypeError("RLP has no booleans; encode 0 or 1")
    if isinstance(item, int):
        item = encode_uint(item)
    if isinstance(item, bytes | bytearray):
        if len(item) == 1 and item[0] < 0x80:
            return bytes(item)
        return _length_prefix(0x80, len(item)) + bytes(item)
    if isinstance(item, Sequence) and not isinstance(item, str):
        payload = b"".join(encode(x) for x in item)
        return _length_prefix(0xC0, len(payload)) + payload
    raise TypeError(f"cannot RLP-encode a {type(item).__name__}")


def _length_prefix(offset: int, length: int) -> bytes:
    if length < _SHORT_LIMIT:
        return bytes([offset + length])
    size = encode_uint(length)
    return bytes([offset + 55 + len(size)]) + size


def encode_uint(value: int) -> bytes:
    """Return the minimal big-endian bytes of a non-negative int (0 -> empty)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError("RLP integers are non-negative")
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def decode_uint(raw: bytes, max_bytes: int = 32) -> int:
    """Return the int of a canonical RLP scalar: no leading zero bytes, at most `max_bytes`."""
    if len(raw) > max_bytes:
        raise InvalidRLP(f"integer of {len(raw)} bytes exceeds {max_bytes} bytes")
    if raw[:1] == b"\x00":
        raise InvalidRLP("non-canonical integer: leading zero byte")
    return int.from_bytes(raw, "big")
