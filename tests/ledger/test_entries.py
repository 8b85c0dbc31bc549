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
from ipledger.ledger.store import LogStore
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
        # The no-metadata hash as another object: leaf_hashes shares that input by identity.
        NewEntry(bytes(32), bytes(16), None, bytes(bytearray(NO_METADATA_HASH))),
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


OFFICE = {
    "office": "EP",
    "application_number": "EP24123456",
    "kind": "A1",
    "filing_date": "2024-03-15",
    "priority": [{"office": "US", "application_number": "US 63/123,456", "date": "2023-03-16"}],
    "document_role": "claims",
    "title": "Rotor blade",  # free fields stay allowed beside the WIPO ones
}


@pytest.mark.parametrize("meta", [
    OFFICE,
    {"office": "WO", "application_number": "PCT/EP2024/012345"},
    {"office": "EM", "kind": "U"},
    {"office": "XV", "document_role": "priority-document"},
    {"priority": [{"office": "SU", "application_number": "4123456", "date": "1990-01-02"}]},
    {"priority": []},
    {"filing_date": "2024-02-29"},
    {"Office": "anything", "kind_of_thing": 3},  # other keys are free, case and all
])
def test_wipo_fields_that_are_well_formed_are_kept(meta: dict[str, Any]) -> None:
    entry = validate_entry(DIGEST, None, meta)
    assert json.loads(entry.metadata_jcs or "") == meta
    assert entry.metadata_hash == metadata_hash(meta)


_CLAIM = {"office": "US", "application_number": "US 63/123,456", "date": "2023-03-16"}
WIPO_BAD: list[tuple[dict[str, Any], str, str]] = [
    ({"office": "ep"}, "metadata.office", "capitals, 'EP'"),
    ({"office": "ZZ"}, "metadata.office", "'ZZ' is not in ST.3"),
    ({"office": "XX"}, "metadata.office", "not in ST.3"),
    ({"office": "SU"}, "metadata.office", "former state"),
    ({"office": "EPO"}, "metadata.office", "ST.3 two-letter code"),
    ({"office": 7}, "metadata.office", "got 7"),
    ({"application_number": "EP"}, "metadata.application_number", "at least 4 digits"),
    ({"application_number": "ep24123456"}, "metadata.application_number", "capital letters"),
    ({"application_number": "EP 2412345 "}, "metadata.application_number", "ST.13"),
    ({"application_number": "1" * 41}, "metadata.application_number", "at most 40"),
    ({"kind": "A12"}, "metadata.kind", "ST.16"),
    ({"kind": "a1"}, "metadata.kind", "capital letter"),
    ({"filing_date": "15.03.2024"}, "metadata.filing_date", "YYYY-MM-DD"),
    ({"filing_date": "2023-02-29"}, "metadata.filing_date", "not a day of the calendar"),
    ({"filing_date": 20240315}, "metadata.filing_date", "YYYY-MM-DD"),
    ({"document_role": "figure"}, "metadata.document_role", "one of description, claims"),
    ({"priority": _CLAIM}, "metadata.priority", "list of priority claims"),
    ({"priority": ["US63123456"]}, "metadata.priority[0]", "an object with 'office'"),
    ({"priority": [_CLAIM, {**_CLAIM, "office": "QQ"}]}, "metadata.priority[1].office", "ST.3"),
    ({"priority": [{"office": "US", "date": "2023-01-01"}]},
     "metadata.priority[0].application_number", "required"),
    ({"priority": [{**_CLAIM, "note": "x"}]}, "metadata.priority[0].note", "not a priority"),
    ({"priority": [{**_CLAIM, "date": "2023-3-16"}]}, "metadata.priority[0].date", "YYYY-MM-DD"),
    ({"filing_date": "2023-01-01", "priority": [_CLAIM]}, "metadata.priority[0].date",
     "after filing_date 2023-01-01"),
]


@pytest.mark.parametrize("meta,field,reason", WIPO_BAD, ids=[b[1] + f"-{i}" for i, b in
                                                             enumerate(WIPO_BAD)])
def test_malformed_wipo_field_is_named_with_what_is_expected(
    meta: dict[str, Any], field: str, reason: str
) -> None:
    good = {"digest": DIGEST, "metadata": OFFICE}
    for given in (meta, json.dumps(meta)):  # as a JSON object and as JSON text (the CLI's)
        with pytest.raises(InvalidEntry) as info:
            prepare_entries([good, {"digest": DIGEST, "metadata": given}])
        assert (info.value.field, info.value.position) == (field, 1)
        assert reason in info.value.reason, info.value.reason


def test_entries_already_in_the_log_are_not_checked_again(store: LogStore) -> None:
    # An entry committed before the WIPO checks (or restored from a backup) stays readable
    # and provable as it was: only new submissions are checked.
    old = {"office": "ep", "kind": "A12"}
    canonical = json.dumps(old, separators=(",", ":"), sort_keys=True)
    legacy = NewEntry(bytes.fromhex("ab" * 32), b"\2" * 16, canonical, metadata_hash(old))
    store.append([legacy])
    assert store.entry(0).metadata == old
    with pytest.raises(InvalidEntry):
        store.append([{"digest": DIGEST, "metadata": old}])
    assert store.size() == 1
