"""A tenant's entries a page at a time (GET /v1/entries' query) against reading the log's rows."""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ipledger.ledger.entries import LogEntry, prepare_entries
from ipledger.ledger.listing import tenant_entries
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, append_for_tenants, authenticate, create_key

PAGE = 100
SAMPLES = 50
COMMIT = 1_000  # entries per commit, alternating between the two tenants in runs of 10


def _fill(store: LogStore, size: int) -> tuple[Principal, Principal]:
    a, b = (authenticate(store.engine, create_key(store.engine, t, ["submit"])[1])
            for t in ("office-a", "office-b"))
    for start in range(0, size, COMMIT):
        runs = []
        for run in range(start, min(start + COMMIT, size), 10):
            who = a if (run // 10) % 2 == 0 else b
            meta = {"office": "EP"} if run % 1000 == 0 else None
            items = [{"digest": "sha256:" + hashlib.sha256(n.to_bytes(8, "big")).hexdigest(),
                      "metadata": meta} for n in range(run, min(run + 10, size))]
            runs.append((who, prepare_entries(items)))
        append_for_tenants(store, runs, lambda _conn, _stored: None)
    return a, b


def _median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    """Fill a SQLite log, then time pages of one tenant's entries against plain row reads."""
    parser = argparse.ArgumentParser(prog="python -m bench listing")
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="20,000 entries")
    args, _ = parser.parse_known_args(argv)
    size = 20_000 if args.quick else args.entries
    with tempfile.TemporaryDirectory() as tmp:
        store = LogStore.open(f"sqlite:///{Path(tmp) / 'ledger.db'}")
        try:
            started = time.perf_counter()
            a, _ = _fill(store, size)
            filled = time.perf_counter() - started
            mid = size // 2
            # The baseline: the same number of rows read straight from the log by index.
            baseline = _median_ms(lambda: store.entries(size - PAGE, size))
            first: list[LogEntry] = tenant_entries(store.engine, a.tenant_id, PAGE).entries
            assert len(first) == PAGE and first[0].index > first[-1].index
            rows = [
                ("newest page", lambda: tenant_entries(store.engine, a.tenant_id, PAGE)),
                ("a page from the middle",
                 lambda: tenant_entries(store.engine, a.tenant_id, PAGE, before=mid)),
                ("by digest (one match)", lambda: tenant_entries(
                    store.engine, a.tenant_id, PAGE,
                    digest=hashlib.sha256(mid.to_bytes(8, "big")).digest())),
                ("by metadata key (1% have it)", lambda: tenant_entries(
                    store.engine, a.tenant_id, PAGE, metadata_key="office")),
                ("by metadata key, none match (1 request)", lambda: tenant_entries(
                    store.engine, a.tenant_id, PAGE, metadata_key="nowhere")),
            ]
            print(f"Listing one tenant's entries, {size:,} entries in SQLite (two tenants "
                  f"interleaved in runs of 10; filled in {filled:.1f} s), page of {PAGE}")
            print(f"  {'baseline: ' + str(PAGE) + ' rows by index range':<40} {baseline:8.2f} ms")
            for name, action in rows:
                ms = _median_ms(action)
                print(f"  {name:<40} {ms:8.2f} ms  ({ms / baseline:5.1f}x the baseline)")
        finally:
            store.close()
    return 0
