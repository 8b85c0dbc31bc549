"""Entry leaves (leaf format v1): digest, nonce, metadata hash and time, 89 bytes in all."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from typing import Any

import rfc8785

from ipledger.verifier.core.errors import EntryError
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.rfc9162 import hash_leaf

LEAF_VERSION = 1
DIGEST_SIZE = 32
NONCE_SIZE = 16
LEAF_INPUT_SIZE = 1 + DIGEST_SIZE + NONCE_SIZE + 32 + 8
METADATA_MAX_BYTES = 4096
MAX_METADATA_DEPTH = 64
MAX_SAFE_INTEGER = 2**53 - 1
NO_METADATA_HASH = bytes(32)
MAX_RECEIVED_AT = 2**64 - 1
_DIGEST_RE = re.compile(r"sha256:([0-9a-f]{64})")
_HEX_RE = re.compile(r"[0-9a-f]*")


def parse_digest(text: object) -> bytes:
    """Return the 32 raw bytes of a `sha256:<64 lowercase hex>` digest string."""
    if not isinstance(text, str):
        raise EntryError("digest", f"must be a string 'sha256:<64 hex>', got {type(text).__name__}")
    match = _DIGEST_RE.fullmatch(text)
    if match is None:
        raise EntryError("digest", "must be 'sha256:' followed by 64 lowercase hex characters")
    return bytes.fromhex(match.group(1))


def format_digest(raw: bytes) -> str:
    """Return the `sha256:<hex>` form of a 32-byte SHA-256 digest."""
    if len(raw) != DIGEST_SIZE:
        raise EntryError("digest", f"must be {DIGEST_SIZE} bytes, got {len(raw)}")
    return "sha256:" + raw.hex()


def parse_nonce(text: object) -> bytes:
    """Return the 16 raw bytes of a nonce written as 32 lowercase hex characters."""
    if not isinstance(text, str) or len(text) != 2 * NONCE_SIZE or not _HEX_RE.fullmatch(text):
        raise EntryError("nonce", f"must be {2 * NONCE_SIZE} lowercase hex characters (16 bytes)")
    return bytes.fromhex(text)


def check_received_at(value: object) -> int:
    """Return `value` if it is a valid received_at (milliseconds since the epoch, uint64)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise EntryError("received_at", "must be an integer number of milliseconds since 1970")
    if not 0 <= value <= MAX_RECEIVED_AT:
        raise EntryError("received_at", "must fit an unsigned 64-bit integer")
    return value


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise EntryError("metadata", f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise EntryError("metadata", f"{name} is not a JSON number")


def parse_metadata_json(text: str | bytes) -> dict[str, Any]:
    """Parse metadata from JSON text, rejecting duplicate keys, NaN/Infinity and non-objects."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EntryError("metadata", f"is not UTF-8 ({exc.reason})") from None
    if exceeds_depth(text, MAX_METADATA_DEPTH):
        raise EntryError("metadata", f"nests deeper than {MAX_METADATA_DEPTH} levels")
    try:
        value = json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except EntryError:
        raise
    except (ValueError, RecursionError) as exc:
        raise EntryError("metadata", f"is not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise EntryError("metadata", "must be a JSON object")
    return value


def canonical_metadata(metadata: Mapping[str, Any]) -> bytes:
    """Return the RFC 8785 (JCS) UTF-8 form of a metadata object, at most 4 KiB."""
    if not isinstance(metadata, Mapping):
        raise EntryError("metadata", "must be a JSON object")
    _check_values(metadata, depth=0)
    try:
        canonical = rfc8785.dumps(metadata)
    except (rfc8785.CanonicalizationError, ValueError, TypeError, RecursionError) as exc:
        raise EntryError("metadata", f"cannot be canonicalized per RFC 8785 ({exc})") from None
    if len(canonical) > METADATA_MAX_BYTES:
        raise EntryError(
            "metadata",
            f"is {len(canonical)} bytes in canonical form, the limit is {METADATA_MAX_BYTES}",
        )
    return canonical


def _check_values(value: Any, depth: int) -> None:
    if depth > MAX_METADATA_DEPTH:
        raise EntryError("metadata", f"nests deeper than {MAX_METADATA_DEPTH} levels")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise EntryError("metadata", "object keys must be strings")
            _check_values(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_values(item, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise EntryError("metadata", "numbers must be finite")
    elif isinstance(value, float) and MAX_SAFE_INTEGER < abs(value) < 1e21:
        # JCS writes these doubles as plain integer literals beyond 2^53-1, which a JSON
        # reader takes back as unsafe integers: the entry could never be verified again.
        raise EntryError(
            "metadata", f"number {value!r} is an integer beyond ±(2^53-1); send it as a string"
        )
    elif value is not None and not isinstance(value, str | int | float | bool):
        raise EntryError("metadata", f"holds a {type(value).__name__}, not a JSON value")


def metadata_hash(metadata: Mapping[str, Any] | None) -> bytes:
    """Return SHA-256(JCS(metadata)), or 32 zero bytes when there is no metadata."""
    if metadata is None:
        return NO_METADATA_HASH
    return hashlib.sha256(canonical_metadata(metadata)).digest()


def leaf_input(digest: bytes, nonce: bytes, meta_hash: bytes, received_at: int) -> bytes:
    """Return the 89-byte leaf input: 0x01 || digest || nonce || metadata_hash || received_at."""
    if len(digest) != DIGEST_SIZE:
        raise EntryError("digest", f"must be {DIGEST_SIZE} bytes, got {len(digest)}")
    if len(nonce) != NONCE_SIZE:
        raise EntryError("nonce", f"must be {NONCE_SIZE} bytes, got {len(nonce)}")
    if len(meta_hash) != 32:
        raise EntryError("metadata", f"hash must be 32 bytes, got {len(meta_hash)}")
    received_at = check_received_at(received_at)
    return bytes([LEAF_VERSION]) + digest + nonce + meta_hash + received_at.to_bytes(8, "big")


def entry_leaf_hash(digest: bytes, nonce: bytes, meta_hash: bytes, received_at: int) -> bytes:
    """Return the RFC 9162 leaf hash of an entry: SHA-256(0x00 || leaf_input)."""
    return hash_leaf(leaf_input(digest, nonce, meta_hash, received_at))
