"""Merkle-Patricia proofs checked against tries and proofs built by the `trie` package."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import pytest
import rlp as oracle_rlp
from hypothesis import given, settings
from hypothesis import strategies as st
from trie.hexary import HexaryTrie
from trie.utils.nibbles import decode_nibbles, encode_nibbles

from ipledger.verifier.core.errors import KeyNotInTrie, RootMismatchError, TrieProofError
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.mpt import (
    hex_prefix_decode,
    hex_prefix_encode,
    key_nibbles,
    verify_mpt_proof,
)
from ipledger.verifier.core.rlp import encode


def build(items: dict[bytes, bytes]) -> HexaryTrie:
    trie = HexaryTrie({})
    for key, value in items.items():
        trie[key] = value
    return trie


def proof_for(trie: HexaryTrie, key: bytes) -> list[bytes]:
    """Convert the oracle's decoded path into our convention: hashed nodes only, root first."""
    nodes: Sequence[Any] = trie.get_proof(key)  # type: ignore[no-untyped-call]
    encoded = [oracle_rlp.encode(node) for node in nodes]
    return [raw for i, raw in enumerate(encoded) if i == 0 or len(raw) >= 32]


def check_all(items: dict[bytes, bytes]) -> HexaryTrie:
    trie = build(items)
    for key, value in items.items():
        proof = proof_for(trie, key)
        assert verify_mpt_proof(trie.root_hash, key, proof) == value
        oracle_proof = trie.get_proof(key)  # type: ignore[no-untyped-call]
        assert HexaryTrie.get_from_proof(trie.root_hash, key, oracle_proof) == value  # type: ignore[no-untyped-call]
    return trie


def receipts_like(count: int, size: int = 40) -> dict[bytes, bytes]:
    rng = random.Random(count)
    return {encode(i): rng.randbytes(rng.randint(1, size)) for i in range(count)}


def test_keccak_matches_known_values() -> None:
    assert keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )
    assert keccak256(oracle_rlp.encode(b"")) == HexaryTrie({}).root_hash  # empty trie root


@pytest.mark.parametrize("count", [1, 2, 3, 16, 17, 127, 128, 129, 200, 256, 301])
def test_receipt_trie_keys(count: int) -> None:
    """Keys rlp(i) as in receipts tries: 0x80 for index 0, the 0x7f/0x80 edge, 2-byte keys."""
    check_all(receipts_like(count))


@pytest.mark.parametrize("count", [1, 2, 5, 130])
def test_small_values_give_embedded_nodes(count: int) -> None:
    items = {encode(i): bytes([i % 256 or 1]) for i in range(count)}
    trie = check_all(items)
    if count > 1:
        # a small trie is one root node with every leaf embedded in it
        full = {k: len(trie.get_proof(k)) for k in items}  # type: ignore[no-untyped-call]
        assert any(len(proof_for(trie, k)) < full[k] for k in items)


def test_single_leaf_root_may_be_short() -> None:
    trie = build({b"\x80": b"\x01"})
    proof = proof_for(trie, b"\x80")
    assert len(proof) == 1 and len(proof[0]) < 32
    assert verify_mpt_proof(trie.root_hash, b"\x80", proof) == b"\x01"


def test_value_in_branch_node() -> None:
    items = {b"\x12": b"short", b"\x12\x34": b"x" * 40, b"\x12\x35": b"y", b"\x10": b"z" * 33}
    check_all(items)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.binary(min_size=1, max_size=6),
        st.binary(min_size=1, max_size=50),
        min_size=1,
        max_size=60,
    )
)
def test_random_tries(items: dict[bytes, bytes]) -> None:
    trie = check_all(items)
    absent = b"\xff" * 7
    if absent not in items:
        with pytest.raises(KeyNotInTrie):
            verify_mpt_proof(trie.root_hash, absent, proof_for(trie, absent))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=80, unique=True),
    st.binary(min_size=1, max_size=100),
)
def test_hashed_keys_like_state_tries(keys: list[bytes], value: bytes) -> None:
    check_all({k: value + k[:1] for k in keys})


def test_absent_keys_raise_key_not_in_trie() -> None:
    items = receipts_like(50)
    trie = build(items)
    for key in (encode(50), encode(1000), b"\x81", b"\x00", b"\x7f\x00", b""):
        with pytest.raises(KeyNotInTrie):
            verify_mpt_proof(trie.root_hash, key, proof_for(trie, key))


def mutations(proof: list[bytes]) -> list[tuple[str, list[bytes]]]:
    out: list[tuple[str, list[bytes]]] = []
    for i in range(len(proof)):
        out.append((f"drop {i}", proof[:i] + proof[i + 1 :]))
        for pos in (0, len(proof[i]) // 2, len(proof[i]) - 1):
            node = bytearray(proof[i])
            node[pos] ^= 0x01
            out.append((f"flip {i}:{pos}", [*proof[:i], bytes(node), *proof[i + 1 :]]))
    for i in range(len(proof) - 1):
        swapped = list(proof)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        out.append((f"swap {i}", swapped))
    out.append(("extra copy of last", [*proof, proof[-1]]))
    out.append(("extra junk", [*proof, b"\xc0"]))
    out.append(("truncated last", [*proof[:-1], proof[-1][:-1]]))
    return out


@pytest.mark.parametrize("count", [1, 3, 40, 300])
def test_mutated_proofs_raise(count: int) -> None:
    items = receipts_like(count, size=120)
    trie = build(items)
    for key in list(items)[:: max(1, count // 25)]:
        proof = proof_for(trie, key)
        for name, bad in mutations(proof):
            if bad == proof:
                continue
            with pytest.raises((TrieProofError, RootMismatchError)):
                verify_mpt_proof(trie.root_hash, key, bad)
                pytest.fail(name)
        for other in (encode(count + 5), encode(count + 300)):
            with pytest.raises(TrieProofError):
                verify_mpt_proof(trie.root_hash, other, proof)
        with pytest.raises(RootMismatchError):
            verify_mpt_proof(keccak256(b"other root"), key, proof)


def test_wrong_key_with_same_first_nibbles() -> None:
    items = {encode(i): b"x" * 40 + encode(i) for i in range(300)}  # leaves too big to embed
    trie = build(items)
    proof = proof_for(trie, encode(5))
    with pytest.raises(TrieProofError, match="does not hash"):
        verify_mpt_proof(trie.root_hash, encode(6), proof)


def test_embedded_siblings_share_a_proof() -> None:
    """Leaves embedded in one branch are all proven by that branch's path, each to its own value."""
    items = {encode(i): bytes([i + 1]) for i in range(20)}
    trie = build(items)
    proof = proof_for(trie, encode(5))
    assert verify_mpt_proof(trie.root_hash, encode(6), proof) == items[encode(6)]


def test_precondition_errors() -> None:
    trie = build(receipts_like(3))
    proof = proof_for(trie, b"\x01")
    with pytest.raises(TrieProofError, match="32 bytes"):
        verify_mpt_proof(b"\x00" * 31, b"\x01", proof)
    with pytest.raises(TrieProofError, match="non-empty"):
        verify_mpt_proof(trie.root_hash, b"\x01", [])
    with pytest.raises(TrieProofError, match="non-empty"):
        verify_mpt_proof(trie.root_hash, b"\x01", proof[0])  # type: ignore[arg-type]
    with pytest.raises(TrieProofError, match="must be bytes"):
        verify_mpt_proof(trie.root_hash, "01", proof)  # type: ignore[arg-type]


def _hashed(node: list[Any]) -> tuple[bytes, bytes]:
    raw = encode(node)
    return keccak256(raw), raw


def test_non_canonical_nodes_rejected() -> None:
    big = b"v" * 40
    # a leaf whose hex-prefix has a non-zero padding nibble
    root, raw = _hashed([b"\x21\x23", big])
    with pytest.raises(TrieProofError, match="padding"):
        verify_mpt_proof(root, b"\x23", [raw])
    # a leaf with an empty value
    root, raw = _hashed([hex_prefix_encode([1] * 40, True), b""])
    with pytest.raises(TrieProofError, match="empty value"):
        verify_mpt_proof(root, b"\x11" * 20, [raw])
    # a node of 3 items
    root, raw = _hashed([b"\x20", big, b""])
    with pytest.raises(TrieProofError, match="3 items"):
        verify_mpt_proof(root, b"", [raw])
    # a child node referenced by hash although it is under 32 bytes
    child = encode([hex_prefix_encode([], True), b"x"])
    branch: list[Any] = [b""] * 17
    branch[1] = keccak256(child)
    root, raw = _hashed(branch)
    with pytest.raises(TrieProofError, match="under 32 bytes"):
        verify_mpt_proof(root, b"\x10", [raw, child])
    # a child of 32 bytes or more embedded instead of hashed
    branch[1] = [hex_prefix_encode([0], True), big]
    root, raw = _hashed(branch)
    with pytest.raises(TrieProofError, match="embedded, not hashed"):
        verify_mpt_proof(root, b"\x10", [raw])
    # an extension pointing to a leaf
    leaf = encode([hex_prefix_encode([2], True), big])
    root, raw = _hashed([hex_prefix_encode([1], False), keccak256(leaf)])
    with pytest.raises(TrieProofError, match="extension node points"):
        verify_mpt_proof(root, b"\x12", [raw, leaf])
    # a hash reference of the wrong size
    branch[1] = b"\x01" * 31
    root, raw = _hashed(branch)
    with pytest.raises(TrieProofError, match="31 bytes"):
        verify_mpt_proof(root, b"\x10", [raw])


@given(st.lists(st.integers(0, 15), max_size=20), st.booleans())
def test_hex_prefix_matches_oracle(nibbles: list[int], is_leaf: bool) -> None:
    terminated = [*nibbles, 16] if is_leaf else nibbles
    encoded = hex_prefix_encode(nibbles, is_leaf)
    assert encoded == encode_nibbles(terminated)
    assert hex_prefix_decode(encoded) == (tuple(nibbles), is_leaf)
    assert list(decode_nibbles(encoded)) == terminated


def test_hex_prefix_rejects_bad_flags() -> None:
    with pytest.raises(TrieProofError):
        hex_prefix_decode(b"")
    with pytest.raises(TrieProofError, match="flag"):
        hex_prefix_decode(b"\x40")
    assert key_nibbles(b"\xab\x01") == (10, 11, 0, 1)
