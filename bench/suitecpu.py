"""Where the test suite's CPU goes: a pytest plugin writing each test's CPU, and its report.

Run the suite with the plugin, then the report:

    make pytest PYTEST_ARGS="-n 3 --dist worksteal -p bench.suitecpu"
    .venv/bin/python -m bench.suitecpu          # by file; --tests for single tests

Each test's line holds the CPU time of its worker (setup, call and teardown) and of the
child processes reaped meanwhile (`ipledger` commands, servers, nodes: RUSAGE_CHILDREN counts
a child when it is waited for, so a server started by a fixture of wider scope is counted
with the test that stops it), and its wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

import pytest

OUT = Path("build/suite-cpu")
_out: IO[str] | None = None


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start this process's file (one per xdist worker); the controller starts afresh."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.jsonl"):
            old.unlink()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, None, None]:
    """Write one line per test: its id, own and children's CPU seconds, wall seconds."""
    global _out
    if _out is None:
        OUT.mkdir(parents=True, exist_ok=True)
        name = os.environ.get("PYTEST_XDIST_WORKER", "main")
        _out = (OUT / f"{name}.jsonl").open("a")
    own0, children0 = _cpu()
    start = time.monotonic()
    yield
    own1, children1 = _cpu()
    line = {"id": item.nodeid, "own": own1 - own0, "children": children1 - children0,
            "wall": time.monotonic() - start}
    _out.write(json.dumps(line) + "\n")
    _out.flush()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.suitecpu", description=__doc__)
    parser.add_argument("--tests", action="store_true", help="single tests, not files")
    parser.add_argument("--top", type=int, default=30, help="how many lines (default 30)")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = [
        json.loads(line) for path in sorted(OUT.glob("*.jsonl")) for line in path.open()
    ]
    if not rows:
        print(f"no measurements in {OUT}/: run the suite with -p bench.suitecpu first")
        return 1
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for row in rows:
        key = row["id"] if args.tests else row["id"].split("::")[0]
        total = totals[key]
        total[0] += row["own"]
        total[1] += row["children"]
        total[2] += row["wall"]
        total[3] += 1
    own = sum(r["own"] for r in rows)
    children = sum(r["children"] for r in rows)
    print(f"{len(rows)} tests: {own + children:,.0f} s of CPU ({own:,.0f} s in the pytest "
          f"workers, {children:,.0f} s in processes they started)")
    print(f"{'CPU s':>8} {'own':>8} {'children':>8} {'wall s':>8} {'tests':>5}  "
          f"{'test' if args.tests else 'file'}")
    ranked = sorted(totals.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    for key, (k_own, k_children, wall, count) in ranked[:args.top]:
        print(f"{k_own + k_children:8.1f} {k_own:8.1f} {k_children:8.1f} {wall:8.1f} "
              f"{int(count):5d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
