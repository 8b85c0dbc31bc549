"""`bench layouts`: each candidate layout stores what it says, on LogStore's own append."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.layouts import LAYOUTS, bundles_of, layout_store, run, table
from ipledger.ledger.store import LogStore

RECEIVED_AT = 1_795_996_865_123


def _batch(start: int, count: int) -> list[dict[str, str]]:
    span = range(start, start + count)
    return [{"digest": "sha256:" + f"{i:064x}", "nonce": f"{i:032x}"} for i in span]


def _fill(store: LogStore) -> list[tuple[bytes, bytes, bytes, int]]:
    store.clock = lambda: RECEIVED_AT
    stored = []
    for start, count in ((0, 300), (300, 1), (301, 500)):  # bundles left partial, then filled
        entries = store.append(_batch(start, count))
        stored += [(e.digest, e.nonce, e.metadata_hash, e.received_at) for e in entries]
    return stored


@pytest.mark.parametrize("layout", ["bundles", "bundles+rows12"])
def test_bundles_hold_every_entry_in_order(tmp_path: Path, layout: str) -> None:
    store = layout_store(tmp_path / "log.db", layout)
    stored = _fill(store)
    assert bundles_of(store) == stored
    rows = sqlite3.connect(tmp_path / "log.db").execute(
        "SELECT bucket, key, idx FROM first_seen ORDER BY idx"
    ).fetchall()
    if layout == "bundles":
        assert rows == []
    else:
        assert rows == [(i >> 12, d[:8], i) for i, (d, *_) in enumerate(stored)]
    store.close()


def test_every_layout_builds_the_same_tree(tmp_path: Path) -> None:
    roots = set()
    for layout in LAYOUTS:
        store = layout_store(tmp_path / f"{layout}.db", layout)
        _fill(store)
        roots.add(store.root())
        store.close()
    assert len(roots) == 1  # the layouts differ in how entries are kept, not in the log


def test_a_small_run_reports_every_layout(tmp_path: Path) -> None:
    clocks, pm = run(2_000, 1_000, 500, tmp_path)
    rows = table(2_000, 1_000, clocks, pm)
    assert [r.split(" | ")[0].lstrip("| ") for r in rows[2:]] == list(LAYOUTS)
