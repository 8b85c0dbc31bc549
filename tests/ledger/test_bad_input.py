"""A failed append changes nothing: bad entries and database errors leave the log as it was."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from sqlalchemy import text

from ipledger.ledger.errors import InvalidEntry, StorageError
from ipledger.ledger.store import LogStore


def batch(n: int) -> list[dict[str, Any]]:
    return [{"digest": "sha256:" + secrets.token_hex(32)} for _ in range(n)]


def snapshot(store: LogStore) -> tuple[int, bytes, int, int]:
    with store.engine.connect() as conn:
        entries = conn.execute(text("SELECT COUNT(*) FROM entries")).scalar_one()
        tiles = conn.execute(text("SELECT COUNT(*) FROM tiles")).scalar_one()
    size, root = store.head()
    return size, root, entries, tiles


@pytest.mark.parametrize(
    "bad",
    [
        {"digest": "sha256:" + "XY" * 32},
        {"digest": "sha256:" + "ab" * 32, "nonce": "00" * 8},
        {"digest": "sha256:" + "ab" * 32, "metadata": {"blob": "x" * 5000}},
        {"digest": "sha256:" + "ab" * 32, "metadata": ["not", "an", "object"]},
        {"digest": "sha256:" + "ab" * 32, "metadata": "{broken"},
    ],
    ids=["digest", "nonce", "oversized", "non-object", "invalid-json"],
)
def test_batch_with_a_bad_500th_entry_is_refused_whole(
    store: LogStore, bad: dict[str, Any]
) -> None:
    store.append(batch(300))
    before = snapshot(store)
    items = batch(999)
    items.insert(499, bad)
    with pytest.raises(InvalidEntry) as info:
        store.append(items)
    assert info.value.position == 499
    assert info.value.field in ("digest", "nonce", "metadata")
    assert snapshot(store) == before
    assert len(store.append(batch(5))) == 5


def _install_failing_trigger(store: LogStore) -> None:
    # A real database error raised by the database itself, after the entries of the
    # batch are inserted and while the tiles are written: mid-transaction.
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for event in ("INSERT", "UPDATE"):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER fail_tiles_{event.lower()} BEFORE {event} ON tiles "
                    "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
                )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION fail_tiles() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER fail_tiles BEFORE INSERT OR UPDATE ON tiles "
                "FOR EACH ROW EXECUTE FUNCTION fail_tiles()"
            )


def _drop_failing_trigger(store: LogStore) -> None:
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER fail_tiles_insert")
            conn.exec_driver_sql("DROP TRIGGER fail_tiles_update")
        else:
            conn.exec_driver_sql("DROP TRIGGER fail_tiles ON tiles")


def test_database_error_mid_transaction_rolls_back(store: LogStore) -> None:
    first = store.append(batch(700))
    before = snapshot(store)
    _install_failing_trigger(store)
    with pytest.raises(StorageError, match="disk on fire"):
        store.append(batch(1000))
    assert snapshot(store) == before
    assert [store.entry(e.index) for e in first[-3:]] == first[-3:]
    _drop_failing_trigger(store)
    more = store.append(batch(10))
    assert [e.index for e in more] == list(range(700, 710))
    assert store.size() == 710


def test_entry_insert_conflict_rolls_back(store: LogStore) -> None:
    # Someone wrote an entry row behind the log's back: the append fails on the primary
    # key, and the log keeps its size and root.
    store.append(batch(3))
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO entries (idx, digest, nonce, metadata_hash, received_at, leaf_hash)"
                " VALUES (5, :b, :n, :b, 0, :b)"
            ),
            {"b": bytes(32), "n": bytes(16)},
        )
    before = snapshot(store)
    with pytest.raises(StorageError):
        store.append(batch(4))
    assert snapshot(store) == before
