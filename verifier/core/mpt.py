"""Merkle-Patricia trie proofs (Yellow Paper appendix D) in the eth_getProof convention."""

from __future__ import annotations

from collections.abc import Sequence

from ipledger.verifier.core.errors import (
    InvalidRLP,
    KeyNotInTrie,
    RootMismatchError,
    TrieProofError,
)
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.rlp import RLPItem, decode, encode

HASH_SIZE = 32
BRANCH_WIDTH = 17


def hex_prefix_encode(nibbles: Sequence[int], is_leaf: bool) -> bytes:
    """Return the hex-prefix encoding HP(nibbles, leaf flag) of appendix C."""
    if any(not 0 <= n <= 15 for n in nibbles):
        raise ValueError("nibbles must be between 0 and 15")
    flag = 2 if is_leaf else 0
    if len(nibbles) % 2:
        head = [(flag + 1) << 4 | nibbles[0]]
        rest = nibbles[1:]
    else:
        head = [flag << 4]
        rest = nibbles
    return bytes(head + [rest[i] << 4 | rest[i + 1] for i in range(0, len(rest), 2)])


def hex_prefix_decode(raw: bytes) -> tuple[tuple[int, ...], bool]:
    """Return (nibbles, is_leaf) of a hex-prefix encoded path; reject malformed flags/padding."""
    if not raw:
        raise TrieProofError("a leaf or extension path is empty (no hex-prefix byte)")
    flag, first = raw[0] >> 4, raw[0] & 0x0F
    if flag > 3:
        raise TrieProofError(f"hex-prefix flag nibble {flag} is not 0-3")
    if not flag & 1 and first != 0:
        raise TrieProofError("hex-prefix padding nibble of an even-length path is not zero")
    nibbles = [first] if flag & 1 else []
    for byte in raw[1:]:
        nibbles += (byte >> 4, byte & 0x0F)
    return tuple(nibbles), bool(flag & 2)


def key_nibbles(key: bytes) -> tuple[int, ...]:
    """Return the nibbles of `key`, high nibble of each byte first."""
    return tuple(n for byte in key for n in (byte >> 4, byte & 0x0F))


def verify_mpt_proof(root: bytes, key: bytes, proof: Sequence[bytes]) -> bytes:
    """Return the value stored at `key` in the trie whose root hash is `root`.

    `proof` lists the RLP of every node on the path to `key` that is referenced by
    its hash, root first; nodes whose RLP is under 32 bytes sit inside their parent
    and are not listed (the `eth_getProof` convention). Preconditions, checked first:
    `root` is 32 bytes, `key` is bytes, `proof` is a non-empty sequence of bytes.

    Raises `RootMismatchError` when the first node does not hash to `root`,
    `KeyNotInTrie` when the proof shows the key is absent, and `TrieProofError` for
    any other fault: a node not hashing to its reference, a malformed or
    non-canonical node, a missing node, or nodes left over after the value.
    """
    if not isinstance(root, bytes) or len(root) != HASH_SIZE:
        raise TrieProofError("the trie root must be 32 bytes")
    if not isinstance(key, bytes):
        raise TrieProofError(f"the key must be bytes, got {type(key).__name__}")
    if isinstance(proof, bytes | str) or not proof:
        raise TrieProofError("the proof must be a non-empty sequence of RLP nodes")
    # Every node below the root consumes at least one nibble of the key.
    if len(proof) > 2 * len(key) + 1:
        raise TrieProofError(f"the proof has {len(proof)} nodes, more than any path for the key")
    for i, raw in enumerate(proof):
        if not isinstance(raw, bytes):
            raise TrieProofError(f"proof node {i} must be bytes, got {type(raw).__name__}")
    computed = keccak256(proof[0])
    if computed != root:
        raise RootMismatchError(computed, root, "trie root")

    nibbles = key_nibbles(key)
    used = 1
    node = _node(proof[0], 0)
    pos = 0
    after_extension = False
    while True:
        if len(node) == BRANCH_WIDTH:
            if pos == len(nibbles):
                value = _value(node[16], "branch")
                if not value:
                    _finish(proof, used)
                    raise KeyNotInTrie("the key ends at a branch node that holds no value")
                return _finish(proof, used, value)
            ref = node[nibbles[pos]]
            pos += 1
            after_extension = False
        else:
            if after_extension:
                raise TrieProofError("an extension node points to another leaf or extension")
            path, is_leaf = hex_prefix_decode(_value(node[0], "path"))
            if is_leaf:
                if nibbles[pos:] != path:
                    _finish(proof, used)
                    raise KeyNotInTrie("the proof reaches a leaf for a different key")
                value = _value(node[1], "leaf")
                if not value:
                    raise TrieProofError("a leaf node holds an empty value")
                return _finish(proof, used, value)
            if not path:
                raise TrieProofError("an extension node has an empty path")
            if nibbles[pos : pos + len(path)] != path:
                _finish(proof, used)
                raise KeyNotInTrie("the key leaves the path of an extension node")
            pos += len(path)
            ref = node[1]
            after_extension = True
        if isinstance(ref, list):
            if len(encode(ref)) >= HASH_SIZE:
                raise TrieProofError("a child node of 32 bytes or more is embedded, not hashed")
            node = _check_shape(ref, f"embedded node after proof node {used - 1}")
            continue
        if ref == b"":
            _finish(proof, used)
            raise KeyNotInTrie("the key's branch slot is empty")
        if len(ref) != HASH_SIZE:
            raise TrieProofError(f"a child reference is {len(ref)} bytes, not 0 or 32")
        if used == len(proof):
            raise TrieProofError(f"the proof ends after {used} nodes; the path continues")
        raw = proof[used]
        if keccak256(raw) != ref:
            raise TrieProofError(f"proof node {used} does not hash to its parent's reference")
        if len(raw) < HASH_SIZE:
            raise TrieProofError(f"proof node {used} is under 32 bytes and must be embedded")
        node = _node(raw, used)
        used += 1


def _node(raw: bytes, index: int) -> list[RLPItem]:
    try:
        item = decode(raw)
    except InvalidRLP as exc:
        raise TrieProofError(f"proof node {index} is not canonical RLP: {exc}") from None
    if not isinstance(item, list):
        raise TrieProofError(f"proof node {index} is an RLP string, not a list")
    return _check_shape(item, f"proof node {index}")


def _check_shape(node: list[RLPItem], what: str) -> list[RLPItem]:
    if len(node) not in (2, BRANCH_WIDTH):
        raise TrieProofError(f"{what} has {len(node)} items; trie nodes have 2 or 17")
    return node


def _value(item: RLPItem, what: str) -> bytes:
    if not isinstance(item, bytes):
        raise TrieProofError(f"the {what} field of a trie node is a list, not a byte string")
    return item


def _finish(proof: Sequence[bytes], used: int, value: bytes = b"") -> bytes:
    if used != len(proof):
        raise TrieProofError(f"the proof has {len(proof) - used} nodes beyond the key's path")
    return value
