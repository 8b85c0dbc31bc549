"""Run ipledger's benchmarks: `python -m bench [NAME ...] [--quick] [options of each]`."""

from __future__ import annotations

import importlib
import sys

# name -> module with `main(argv: list[str]) -> int`; each prints ratios against
# baselines it measures in the same run.
BENCHES = {
    "log": "bench.log", "commit": "bench.commit", "bundle": "bench.bundle", "api": "bench.api",
    "soak": "bench.soak",
    "evidence_files": "bench.evidence_files", "listing": "bench.listing",
    "witness": "bench.witness", "tsa": "bench.tsa", "export": "bench.export",
    "postgres": "bench.postgres", "readpath": "bench.readpath", "routes": "bench.routes",
    "layouts": "bench.layouts",
}


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-") and a in BENCHES]
    rest = [a for a in argv if a not in names]
    status = 0
    for name in names or list(BENCHES):
        module = importlib.import_module(BENCHES[name])
        status |= module.main(rest)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
