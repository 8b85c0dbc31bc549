"""Appends as one bulk insert per batch: rows round-trip, the fast path, all-or-nothing."""

from __future__ import annotations

import gc
import random
import secrets
from types import MappingProxyType
from typing import Any

import pytest

from ipledger.ledger.entries import NewEntry, prepare_entries
from ipledger.ledger.errors import InvalidEntry, StorageError
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.leaf import NO_METADATA_HASH, entry_leaf_hash
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT


def _digest() -> str:
    return "sha256:" + secrets.token_hex(32)


def _mixed(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """Submissions with and without a client nonce and metadata, in random order."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        item: dict[str, Any] = {"digest": _digest()}
        if rng.random() < 0.3:
            item["nonce"] = secrets.token_hex(16)
        if rng.random() < 0.3:
            item["metadata"] = {"title": f"document {i}", "é": [i, 0.5, None]}
        out.append(item)
    return out


def _assert_stored(store: LogStore, appended: list[Any]) -> None:
    first, last = appended[0].index, appended[-1].index + 1
    assert store.entries(first, last) == appended
    for e in appended:
        assert e.leaf_hash == entry_leaf_hash(e.digest, e.nonce, e.metadata_hash, e.received_at)
    assert store.leaf_hashes(first, last) == [e.leaf_hash for e in appended]
    probe = appended[len(appended) // 2]
    assert store.entry(probe.index) == probe
    assert store.earliest(probe.digest) == probe


@pytest.mark.parametrize("share", ["none", "some", "all"])
def test_bulk_insert_round_trips_entries(store: LogStore, share: str) -> None:
    rng = random.Random(16)
    batches = [_mixed(n, rng) for n in (1, 300, 2, 700)]
    for batch in batches:
        for item in batch:
            if share == "none":
                item.pop("metadata", None)
            elif share == "all":
                item["metadata"] = {"k": item["digest"][-6:]}
    for batch in batches:
        appended = store.append(batch)
        assert [e.metadata_jcs is not None for e in appended] == ["metadata" in i for i in batch]
        for item, e in zip(batch, appended, strict=True):
            if "nonce" in item:
                assert e.nonce == bytes.fromhex(item["nonce"])
            if "metadata" not in item:
                assert e.metadata_hash == NO_METADATA_HASH and e.metadata is None
            else:
                assert e.metadata == item["metadata"]
        _assert_stored(store, appended)
    assert store.row_counts()[0] == store.size() == sum(map(len, batches))


def test_prepared_entries_round_trip(store: LogStore) -> None:
    prepared = prepare_entries([{"digest": _digest()}, {"digest": _digest(), "metadata": {"a": 1}}])
    appended = store.append([*prepared, prepared[0]])  # the same entry twice: two leaves
    assert [e.index for e in appended] == [0, 1, 2]
    _assert_stored(store, appended)
    assert store.earliest(prepared[0].digest) == appended[0]


def _outcome(items: list[Any]) -> Any:
    try:
        batch = prepare_entries(items)
    except InvalidEntry as exc:
        return ("rejected", exc.field, exc.reason, exc.position)
    return [(e.digest, e.metadata_jcs, e.metadata_hash, len(e.nonce)) for e in batch]


_JUNK = "Ag \t\n\r\x00é０٣\u3000-:+xXG"


def _malformed_digests(rng: random.Random, count: int) -> list[object]:
    good = "sha256:" + "0123456789abcdef" * 4
    out: list[object] = [
        good.upper(), good.replace("sha256", "SHA256"), good[:-1], good + "0", good + "\n",
        " " + good[1:], good[:7] + " " + good[8:], good[:-2] + " 0", "sha256:" + "0 " * 32,
        good[:7] + "0x" + good[9:], b"sha256:" + b"00" * 32, None, 12, 1.5, [good], "",
        "sha512:" + "00" * 32, "sha256:" + "٠" * 64, "sha256:" + "０" * 64, good + "\x00",
    ]
    while len(out) < count:
        chars = list(good)
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(len(chars))] = rng.choice(_JUNK)
        out.append("".join(chars))
    return out


def test_fast_path_accepts_and_rejects_exactly_as_the_full_checks() -> None:
    # A MappingProxyType is a Mapping but not a dict: it always takes the full checks.
    rng = random.Random(1616)
    shapes: list[dict[str, Any]] = []
    for digest in [*_malformed_digests(rng, 600), _digest(), "sha256:" + "af" * 32]:
        shapes += [
            {"digest": digest},
            {"digest": digest, "nonce": None},
            {"digest": digest, "metadata": None, "nonce": None},
            {"digest": digest, "nonce": "0f" * 16},
            {"digest": digest, "metadata": {"k": 1}},
            {"digest": digest, "colour": None},
            {"digest": digest, "metadata": None, "colour": 1},
        ]
    shapes += [{}, {"nonce": None}, {"metadata": None}]
    good = {"digest": _digest()}
    for item in shapes:
        fast = _outcome([good, item, good])
        full = _outcome([good, MappingProxyType(item), good])
        assert fast == full, item


class _Text(str):
    """A str subclass: not the fast path's exact type, must give the same result anyway."""


def test_digest_given_as_a_str_subclass() -> None:
    digest = _digest()
    got = prepare_entries([{"digest": _Text(digest)}])[0]
    assert got.digest == bytes.fromhex(digest[7:])


@pytest.mark.parametrize("field,entry", [
    ("digest", NewEntry(b"\1" * 31, b"\2" * 16, None, NO_METADATA_HASH)),
    ("digest", NewEntry(b"\1" * 33, b"\2" * 16, None, NO_METADATA_HASH)),
    ("digest", NewEntry("ab" * 16, b"\2" * 16, None, NO_METADATA_HASH)),  # type: ignore[arg-type]
    ("nonce", NewEntry(b"\1" * 32, b"\2" * 15, None, NO_METADATA_HASH)),
    ("nonce", NewEntry(b"\1" * 32, None, None, NO_METADATA_HASH)),  # type: ignore[arg-type]
    ("metadata_hash", NewEntry(b"\1" * 32, b"\2" * 16, None, b"")),
    ("metadata", NewEntry(b"\1" * 32, b"\2" * 16, b"{}", NO_METADATA_HASH)),  # type: ignore[arg-type]
])
@pytest.mark.parametrize("mixed", [True, False], ids=["mixed", "prepared-only"])
def test_prepared_entry_of_a_wrong_size_is_rejected(
    store: LogStore, field: str, entry: NewEntry, mixed: bool
) -> None:
    good = NewEntry(b"\1" * 32, b"\2" * 16, None, NO_METADATA_HASH)
    second: Any = {"digest": _digest()} if mixed else good
    with pytest.raises(InvalidEntry) as info:
        store.append([good, second, entry, good])
    assert (info.value.field, info.value.position) == (field, 2)
    assert store.size() == 0 and store.row_counts() == (0, 0)


def test_prepared_only_batch_passes_as_built() -> None:
    batch = [NewEntry(bytes([i]) * 32, b"\2" * 16, None if i % 2 else "{}", bytes(32))
             for i in range(50)]
    assert prepare_entries(batch) == batch


def _nothing_changed(store: LogStore, head: tuple[int, bytes], rows: tuple[int, int]) -> None:
    assert store.head() == head
    assert store.row_counts() == rows


def test_a_failure_mid_batch_leaves_nothing(
    store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.append([{"digest": _digest()} for _ in range(300)])
    head, rows = store.head(), store.row_counts()
    batch = _mixed(500, random.Random(7))
    # Invalid entry late in the batch: rejected before the database is touched.
    with pytest.raises(InvalidEntry) as info:
        store.append([*batch, {"digest": "sha256:" + "AB" * 32}])
    assert info.value.position == 500
    _nothing_changed(store, head, rows)
    # The database fails after rows were written: on SQLite the rows with metadata, after
    # the bulk statement; on PostgreSQL the COPY's last row (a second row of the batch's
    # first index), after all the others were sent.
    with monkeypatch.context() as patch:
        writer = store._rows
        if store._sqlite:
            patch.setattr(writer, "_insert_one", "INSERT INTO no_such_table VALUES (1)")
        else:
            copy = writer._copy_rows
            patch.setattr(writer, "_copy_rows", lambda conn, rows: copy(conn, [*rows, rows[0]]))
        with pytest.raises(StorageError):
            store.append(batch)
    _nothing_changed(store, head, rows)

    # The caller's hook fails after every row and tile is written.
    def fail(_conn: Any, _stored: Any) -> None:
        raise RuntimeError("hook failed")

    with pytest.raises(RuntimeError, match="hook failed"):
        store.append(batch, within=fail)
    _nothing_changed(store, head, rows)
    appended = store.append(batch)
    assert appended[0].index == 300
    _assert_stored(store, appended)


def test_garbage_collector_is_restored(store: LogStore) -> None:
    assert gc.isenabled()
    store.append([{"digest": _digest()}])
    assert gc.isenabled()
    with pytest.raises(InvalidEntry):
        store.append([{"digest": "nope"}])
    assert gc.isenabled()
    gc.disable()
    try:
        store.append([{"digest": _digest()}])
        assert not gc.isenabled()  # someone else's choice stays
    finally:
        gc.enable()


def test_empty_batch_writes_nothing(store: LogStore) -> None:
    assert store.append([]) == []
    assert store.head() == (0, EMPTY_ROOT) and store.row_counts() == (0, 0)
