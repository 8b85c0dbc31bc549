"""Submission validation: good entries become leaves, bad ones name their field and position."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ipledger.ledger.entries import (
    NewEntry,
    leaf_hashes,
    prepare_entries,
    validate_entry,
)
from ipledger.ledger.errors import InvalidEntry
from ipledger.verifier.core.leaf import NO_METADATA_HASH, entry_leaf_hash, metadata_hash

DIGEST = "sha256:" + "ab" * 32
NONCE = "0f" * 16


def test_valid_entry_without_nonce_draws_one() -> None:
    a, b = validate_entry(DIGEST), validate_entry(DIGEST)
    assert a.digest == bytes.fromhex("ab" * 32)
    assert len(a.nonce) == 16 and a.nonce != b.nonce
    assert a.metadata_jcs is None and a.metadata_hash == NO_METADATA_HASH


def test_batch_nonces_are_distinct_and_client_nonce_kept() -> None:
    batch = prepare_entries([{"digest": DIGEST}] * 100 + [{"digest": DIGEST, "nonce": NONCE}])
    assert len({e.nonce for e in batch[:100]}) == 100
    assert all(len(e.nonce) == 16 for e in batch)
    assert batch[100].nonce == bytes.fromhex(NONCE)


def test_metadata_is_canonical_and_hashed_as_the_verifier_does() -> None:
    meta = {"title": "Brevet", "b": [1, 2.5, -0.0], "a": {"z": None, "é": True}}
    entry = validate_entry(DIGEST, NONCE, meta)
    assert entry.metadata_jcs == '{"a":{"z":null,"é":true},"b":[1,2.5,0],"title":"Brevet"}'
    assert entry.metadata_hash == metadata_hash(meta)
    assert validate_entry(DIGEST, NONCE, json.dumps(meta)) == entry


def test_entry_fields_take_metadata_by_its_public_name() -> None:
    assert prepare_entries([{"digest": DIGEST, "metadata": {"k": "v"}}])[0].metadata_jcs == (
        '{"k":"v"}'
    )


def test_leaf_hashes_equal_the_verifier_definition() -> None:
    entries = [
        validate_entry(DIGEST),
        validate_entry("sha256:" + "00" * 32, NONCE, {"x": 1}),
    ]
    for received_at in (0, 1_795_996_865_123, 2**64 - 1):
        got = leaf_hashes(entries, received_at)
        want = [entry_leaf_hash(e.digest, e.nonce, e.metadata_hash, received_at) for e in entries]
        assert got == want


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("digest", {"digest": "ab" * 32}, "sha256:"),
    ("digest", {"digest": "sha256:" + "AB" * 32}, "lowercase"),
    ("digest", {"digest": "sha256:" + "ab" * 31}, "64"),
    ("digest", {"digest": "sha512:" + "ab" * 32}, "sha256:"),
    ("digest", {"digest": None}, "string"),
    ("digest", {"digest": 12}, "string"),
    ("digest", {}, "string"),
    ("nonce", {"digest": DIGEST, "nonce": "0f" * 15}, "16 bytes"),
    ("nonce", {"digest": DIGEST, "nonce": "0f" * 17}, "16 bytes"),
    ("nonce", {"digest": DIGEST, "nonce": "zz" * 16}, "hex"),
    ("nonce", {"digest": DIGEST, "nonce": 5}, "hex"),
    ("metadata", {"digest": DIGEST, "metadata": [1, 2]}, "object"),
    ("metadata", {"digest": DIGEST, "metadata": 3}, "object"),
    ("metadata", {"digest": DIGEST, "metadata": "[1]"}, "object"),
    ("metadata", {"digest": DIGEST, "metadata": "{not json"}, "JSON"),
    ("metadata", {"digest": DIGEST, "metadata": '{"a":1,"a":2}'}, "duplicate"),
    ("metadata", {"digest": DIGEST, "metadata": '{"a":NaN}'}, "NaN"),
    ("metadata", {"digest": DIGEST, "metadata": {"big": "x" * 4090}}, "4096"),
    ("metadata", {"digest": DIGEST, "metadata": {"n": 2**53}}, "canonicalized"),
    ("metadata", {"digest": DIGEST, "metadata": {"f": float("inf")}}, "finite"),
    ("colour", {"digest": DIGEST, "colour": "red"}, "not an entry field"),
]


@pytest.mark.parametrize("field,item,reason", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_entry_names_field_and_position(field: str, item: dict[str, Any], reason: str) -> None:
    good = {"digest": DIGEST}
    with pytest.raises(InvalidEntry) as info:
        prepare_entries([good, good, item, good])
    assert info.value.field == field
    assert info.value.position == 2
    assert reason in info.value.reason
    assert str(info.value).startswith(f"entry 2: {field}: ")


def test_metadata_at_the_limit_is_accepted() -> None:
    meta = {"k": "x" * (4096 - len('{"k":""}'))}
    assert len(validate_entry(DIGEST, None, meta).metadata_jcs or "") == 4096
    with pytest.raises(InvalidEntry):
        validate_entry(DIGEST, None, {"k": "x" * (4097 - len('{"k":""}'))})


def test_non_object_item_is_rejected() -> None:
    with pytest.raises(InvalidEntry) as info:
        prepare_entries([{"digest": DIGEST}, "sha256:" + "ab" * 32])  # type: ignore[list-item]
    assert (info.value.field, info.value.position) == ("entry", 1)


def test_new_entries_pass_through() -> None:
    e = NewEntry(b"\1" * 32, b"\2" * 16, None, NO_METADATA_HASH)
    assert prepare_entries([e]) == [e]
