"""`ipledger export` of a 1M-entry log: tiles per second and bytes, against raw file writes."""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
from pathlib import Path

from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import prepare_entries
from ipledger.ledger.export import export_log, write_atomically
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore

COMMIT = 10_000


def _fill(store: LogStore, start: int, end: int) -> None:
    for first in range(start, end, COMMIT):
        items = [
            {"digest": "sha256:" + hashlib.sha256(n.to_bytes(8, "big")).hexdigest()}
            for n in range(first, min(first + COMMIT, end))
        ]
        store.append(prepare_entries(items))


def _files(directory: Path) -> dict[Path, bytes]:
    return {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def _disk(directory: Path) -> int:
    return sum(p.stat().st_blocks * 512 for p in directory.rglob("*"))


def _raw(files: dict[Path, bytes], into: Path, atomic: bool) -> float:
    started = time.perf_counter()
    for name, data in files.items():
        path = into / name
        if atomic:
            write_atomically(path, data)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    """Fill a SQLite log, export it, and write the same files raw for the baselines."""
    parser = argparse.ArgumentParser(prog="python -m bench export")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 entries: a smoke run")
    args, _ = parser.parse_known_args(argv)
    size = 50_000 if args.quick else args.size
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        store = LogStore.open(f"sqlite:///{root / 'ledger.db'}")
        deployment = Deployment(
            Settings(data_dir=root / "data"), store, LogSigner.generate("bench.example/log")
        )
        try:
            started = time.perf_counter()
            _fill(store, 0, size)
            cut_checkpoint(store, deployment.log_signer)
            filled = time.perf_counter() - started
            out = root / "copy"
            started = time.perf_counter()
            summary = export_log(deployment, out)
            took = time.perf_counter() - started
            files = _files(out)
            raw = _raw(files, root / "raw", atomic=False)
            fsynced = _raw(files, root / "fsynced", atomic=True)
            started = time.perf_counter()
            again = export_log(deployment, out)
            noop = time.perf_counter() - started
            _fill(store, size, size + 10_000)
            cut_checkpoint(store, deployment.log_signer)
            started = time.perf_counter()
            grown = export_log(deployment, out)
            step = time.perf_counter() - started
            bundles = root / "with-entries"
            started = time.perf_counter()
            with_entries = export_log(deployment, bundles, entries=True)
            took_entries = time.perf_counter() - started
            entries_bytes = sum(
                len(d) for p, d in _files(bundles).items() if p.parts[:2] == ("tile", "entries")
            )
        finally:
            store.close()
        tiles = summary.written - 1
        per_million = 1_000_000 / size
        print(f"Export of a {size:,}-entry SQLite log (filled in {filled:.1f} s)")
        print(f"  baseline: the same {len(files):,} files, plain writes      {raw:7.2f} s")
        print(
            f"  baseline: the same files, fsync + rename       {fsynced:7.2f} s"
            f"  ({fsynced / raw:5.1f}x plain)"
        )
        print(
            f"  ipledger export                                {took:7.2f} s"
            f"  ({took / raw:5.1f}x plain, {took / fsynced:4.1f}x fsync+rename)"
            f"  = {tiles / took:,.0f} tiles/s"
        )
        print(
            f"  exported tree: {summary.bytes_written:,} bytes "
            f"({summary.bytes_written * per_million / 1e6:.2f} MB per million entries), "
            f"{_disk(out) * per_million / 1e6:.2f} MB on disk per million"
        )
        print(f"  second export, nothing new ({again.written} files)     {noop:7.3f} s")
        print(
            f"  after 10,000 more entries ({grown.written} files, "
            f"{grown.removed} partials removed)  {step:7.3f} s"
        )
        print(
            f"  --entries from scratch ({with_entries.written:,} files)  {took_entries:7.2f} s; "
            f"entry bundles {entries_bytes * per_million / 1e6:.1f} MB per million entries"
        )
    return 0
