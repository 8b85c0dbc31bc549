"""Group commit benchmark: the writer's CPU per commit, against a bare sqlite3 commit."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from bench.log import cpu_pressure
from ipledger.ledger.entries import LogEntry, NewEntry, prepare_entries
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, append_for_tenants, create_key

ORIGIN = "bench.ipledger/log"


def _entries(n: int) -> list[NewEntry]:
    return prepare_entries([{"digest": "sha256:" + secrets.token_hex(32)} for _ in range(n)])


def writer_commit(store: LogStore, signer: LogSigner, who: Principal, n: int) -> None:
    """One group of `n` single submissions, committed as `api.sequencer.Sequencer` does.

    One transaction: the entries, the `submissions` row, the receipt note signed over the
    group's receipt tree and one receipt inclusion proof per submission.
    """
    items = _entries(n)

    def within(conn: Connection, runs: list[list[LogEntry]]) -> None:
        flat = [entry for run in runs for entry in run]
        tree = ReceiptTree([entry.leaf_hash for entry in flat])
        signer.sign_note(receipt_note_text(ORIGIN, flat[0].index, tree))
        for i in range(len(flat)):
            tree.proof(i)

    append_for_tenants(store, [(who, items[i : i + 1]) for i in range(n)], within)


def bare_commit(db: sqlite3.Connection, n: int) -> None:
    """The floor: BEGIN IMMEDIATE, `n` rows of 32 random bytes, COMMIT (same file settings)."""
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO t (v) VALUES (?)", [(os.urandom(32),) for _ in range(n)])
    db.execute("COMMIT")


def _cpu_ms(fn: Callable[..., None], rounds: int, *args: Any) -> float:
    start = time.process_time()
    for _ in range(rounds):
        fn(*args)
    return (time.process_time() - start) / rounds * 1e3


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench commit", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke run")
    args = parser.parse_args(argv)
    rounds, reps = (30, 2) if args.quick else (300, 5)
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-commit-"))
    print(f"commit benchmark: {reps} x {rounds} commits per group size, CPU time of this process")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
        f"CPU pressure {cpu_pressure()}"
    )
    try:
        store = LogStore.open(f"sqlite:///{workdir / 'log.db'}")
        key_id, _ = create_key(store.engine, "bench", ["submit"])
        who = Principal(1, "bench", key_id, frozenset({"submit"}))
        signer = LogSigner.generate(ORIGIN)
        bare = sqlite3.connect(workdir / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)")
        for _ in range(rounds // 3):  # warm both: caches, first tiles, statement caches
            writer_commit(store, signer, who, 1)
            bare_commit(bare, 1)
        lines = [
            "| group of single submissions | writer CPU per commit (min / median) "
            "| bare sqlite3 commit (min / median) | ratio (medians) |",
            "| --- | --- | --- | --- |",
        ]
        for n in (1, 30):
            ours, floor = [], []
            for _ in range(reps):  # interleaved, so both see the same load
                ours.append(_cpu_ms(writer_commit, rounds, store, signer, who, n))
                floor.append(_cpu_ms(bare_commit, rounds, bare, n))
            mo, mf = statistics.median(ours), statistics.median(floor)
            lines.append(
                f"| {n} | {min(ours):.2f} / {mo:.2f} ms | {min(floor):.2f} / {mf:.2f} ms "
                f"| {mo / mf:.1f}x |"
            )
        bare.close()
        store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"after: load average {os.getloadavg()[0]:.2f}, CPU pressure {cpu_pressure()}")
    print()
    print("\n".join(lines))
    return 0
