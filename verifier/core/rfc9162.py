"""RFC 9162 section 2.1 Merkle tree hashing: leaves, interior nodes, and the empty tree."""

from __future__ import annotations

import hashlib

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def hash_leaf(leaf_input: bytes) -> bytes:
    """Return MTH({d}) = SHA-256(0x00 || leaf_input)."""
    return hashlib.sha256(LEAF_PREFIX + leaf_input).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """Return SHA-256(0x01 || left || right), the hash of an interior node."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()
