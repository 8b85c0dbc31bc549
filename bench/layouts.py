"""Entry layouts benchmark: target 1's appends if entries were stored otherwise, end to end.

`LogStore.append` itself (validation, leaf hashes, tiles, log state, one transaction and its
commit) with its entry-row writer replaced by each candidate layout, against pymerkle 7 on the
same batches in the same run, as `bench log` compares them. The layouts are what a redesign
of the stored entries would weigh (docs/benchmarks.md, "Log", session 23): nothing stored
(the floor), entry bundles of 256 a row (the C2SP entry-bundle layout: digest, nonce,
metadata hash and received_at, 88 bytes an entry), and bundles with a first-seen row an
entry written in the same transaction. Only the stored layout has readers: the others are
write paths, to be measured before anyone builds them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from bench.log import ADAPTER, Clock, cpu_pressure, make_bodies
from ipledger.ledger.db import open_database
from ipledger.ledger.entries import LogEntry
from ipledger.ledger.entry_rows import EntryRows
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.leaf import leaf_input

BUNDLE = 256
RECORD = 88  # digest 32, nonce 16, metadata hash 32, received_at 8
_SERIES = "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < ?)"


class NoRows(EntryRows):
    """Stores no entry at all: the floor of every layout (tiles, state and commit only)."""

    def insert(self, conn: Connection, entries: list[LogEntry], columns: list[tuple[Any, ...]],
               hashes: list[bytes]) -> None:
        """Store nothing."""


class BundleRows(EntryRows):
    """Entry bundles of 256 a row; with `bits`, a first-seen row an entry too (bucket 2^bits)."""

    def __init__(self, bits: int | None = None) -> None:
        """SQLite only; `bits`: None for no first-seen index."""
        super().__init__(True, Exception)
        self.bits = bits

    def insert(self, conn: Connection, entries: list[LogEntry], columns: list[tuple[Any, ...]],
               hashes: list[bytes]) -> None:
        """Write the batch into its bundles (the partial one rewritten), then its index rows."""
        first, n = entries[0].index, len(entries)
        stamp = entries[0].received_at.to_bytes(8, "big")
        digests, nonces, _, metadata_hashes = columns
        packed = b"".join(map(b"".join, zip(digests, nonces, metadata_hashes, repeat(stamp))))
        start, offset = divmod(first, BUNDLE)
        if offset:
            (old,) = conn.exec_driver_sql(
                "SELECT data FROM bundles WHERE idx = ?", (start,)
            ).one()
            packed = bytes(old) + packed
        width = BUNDLE * RECORD
        rows = [(start + i // width, packed[i : i + width]) for i in range(0, len(packed), width)]
        conn.exec_driver_sql("INSERT OR REPLACE INTO bundles (idx, data) VALUES (?, ?)", rows)
        if self.bits is not None:
            conn.exec_driver_sql(
                f"{_SERIES} INSERT INTO first_seen (bucket, key, idx) "
                f"SELECT (? + n) >> {self.bits}, substr(?, n * 32 + 1, 8), ? + n FROM i",
                (n, first, b"".join(digests), first),
            )


def bundles_of(store: LogStore) -> list[tuple[bytes, bytes, bytes, int]]:
    """Return the (digest, nonce, metadata hash, received_at) of every entry in the bundles."""
    with store.engine.connect() as conn:
        blob = b"".join(
            bytes(d) for (d,) in conn.exec_driver_sql("SELECT data FROM bundles ORDER BY idx")
        )
    return [
        (blob[i : i + 32], blob[i + 32 : i + 48], blob[i + 48 : i + 80],
         int.from_bytes(blob[i + 80 : i + 88], "big"))
        for i in range(0, len(blob), RECORD)
    ]


def layout_store(path: Path, layout: str) -> LogStore:
    """Return a LogStore on a new SQLite file whose appends store entries as `layout` says."""
    store = LogStore(open_database(f"sqlite:///{path}"))
    if layout == "stored":
        return store
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE bundles (idx INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        conn.exec_driver_sql(
            "CREATE TABLE first_seen (bucket INTEGER NOT NULL, key BLOB NOT NULL, "
            "idx INTEGER NOT NULL, PRIMARY KEY (bucket, key, idx)) WITHOUT ROWID"
        )
    writers: dict[str, EntryRows] = {
        "none": NoRows(True, Exception),
        "bundles": BundleRows(),
        "bundles+rows12": BundleRows(12),
        "bundles+rows16": BundleRows(16),
    }
    store._rows = writers[layout]  # the one part replaced: how the batch's entries are written
    return store


LAYOUTS = ("stored", "none", "bundles", "bundles+rows12", "bundles+rows16")


def run(n: int, m: int, batch: int, workdir: Path) -> tuple[dict[str, tuple[Clock, Clock]], Clock]:
    """Append n entries to each layout (batch by batch, in turn) and m to pymerkle.

    Returns each layout's clocks (the first m entries, all n) and pymerkle's.
    """
    from pymerkle import SqliteTree

    bodies = make_bodies(n, batch)
    stores = {name: layout_store(workdir / f"{name}.db", name) for name in LAYOUTS}
    clocks = {name: (Clock(), Clock()) for name in LAYOUTS}
    tree = SqliteTree(str(workdir / "pymerkle.db"))
    pm = Clock()

    def pm_step(inputs: list[bytes]) -> None:
        tree.append_entries(inputs)
        tree.get_root()

    done = 0
    for body in bodies:
        for name, store in stores.items():
            first, whole = clocks[name]
            entries = whole.run(store.append, ADAPTER.validate_json(body))
            if done < m:
                first.wall, first.cpu = whole.wall, whole.cpu
        if done < m:
            inputs = [
                leaf_input(e.digest, e.nonce, e.metadata_hash, e.received_at) for e in entries
            ]
            pm.run(pm_step, inputs)
        done += len(entries)
    for store in stores.values():
        store.close()
    tree.close()
    return clocks, pm


def table(n: int, m: int, clocks: dict[str, tuple[Clock, Clock]], pm: Clock) -> list[str]:
    """Return the result as Markdown rows."""
    pm_rate = m / pm.wall
    lines = [
        f"| layout | appends, first {m:,}, wall | vs pymerkle ({pm_rate:,.0f} /s) "
        f"| CPU entries/s, all {n:,} |",
        "| --- | --- | --- | --- |",
    ]
    for name, (first, whole) in clocks.items():
        rate = m / first.wall
        lines.append(
            f"| {name} | {rate:,.0f} /s | {rate / pm_rate:.2f}x | {n / whole.cpu:,.0f} /s |"
        )
    return lines


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench layouts", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 entries: a smoke run")
    parser.add_argument("--size", type=int, default=None, help="entries (default 200,000)")
    parser.add_argument("--pymerkle-size", type=int, default=None, help="default 50,000")
    parser.add_argument("--batch", type=int, default=10_000, help="entries per append call")
    args, _ = parser.parse_known_args(list(argv))
    n = args.size or (20_000 if args.quick else 200_000)
    m = min(n, args.pymerkle_size or (10_000 if args.quick else 50_000))
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-layouts-"))
    print(f"entry layouts: n={n:,} in batches of {args.batch:,}; pymerkle at {m:,}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
          f"CPU pressure {cpu_pressure()}")
    try:
        clocks, pm = run(n, m, args.batch, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"after: load average {os.getloadavg()[0]:.2f}, CPU pressure {cpu_pressure()}")
    print()
    print("\n".join(table(n, m, clocks, pm)))
    print()
    print("Each layout is LogStore.append with its entry writer replaced; pymerkle got the same "
          "leaf inputs in the same batches. Only `stored` has readers (docs/benchmarks.md).")
    return 0
