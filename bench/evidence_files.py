"""Evidence for a folder of files: one `ipledger evidence DIR` against a call per entry."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PER_CALL_SAMPLES = 5
REREAD_SAMPLES = 50


def ipledger(*args: str) -> float:
    """Run the real command line; return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([str(BIN / "ipledger"), *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def reread_per_entry(data_dir: Path, n: int) -> float:
    """Seconds per bundle when each re-reads its anchor's block from the node (as before)."""
    from ipledger.ledger.config import Settings
    from ipledger.ledger.deployment import Deployment
    from ipledger.ledger.evidence.bundle import assemble_bundle

    deployment = Deployment.open(Settings(data_dir=data_dir))
    try:
        chain = deployment.chain
        anchor = deployment.anchor_for_entry(0)
        assert anchor is not None and anchor.tx_hash is not None
        start = time.perf_counter()
        for index in range(n):
            assemble_bundle(
                deployment.store, chain.w3, index, tree_size=anchor.tree_size,
                tx_hash=anchor.tx_hash, contract=anchor.contract,
                verifier_key=deployment.verifier_key,
            )
        return (time.perf_counter() - start) / n
    finally:
        deployment.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench evidence_files")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="100 files")
    args, _ = parser.parse_known_args(argv)
    n = 100 if args.quick else args.files
    with tempfile.TemporaryDirectory(prefix="ipledger-bench-") as tmp:
        root = Path(tmp)
        data, docs = root / "data", root / "filing"
        docs.mkdir()
        for i in range(n):
            (docs / f"page-{i:05d}.txt").write_text(f"page {i} of the lab notebook\n")
        ipledger("init", "--dir", str(data))
        try:
            stamp_s = ipledger("stamp", "--local", str(docs), "--dir", str(data), "--json")
            ipledger("anchor", "--dir", str(data))
            per_call = [
                ipledger("evidence", str(i), "-o", str(root / f"e{i}.json"), "--dir", str(data))
                for i in range(PER_CALL_SAMPLES)
            ]
            call_s = sorted(per_call)[len(per_call) // 2]
            reread_s = reread_per_entry(data, min(n, REREAD_SAMPLES))
            folder_s = ipledger("evidence", str(docs), "--dir", str(data))
            again_s = ipledger("evidence", str(docs), "--dir", str(data))
        finally:
            ipledger("chain", "down", "--dir", str(data))
        written = len(list(docs.glob("*.evidence.json")))
        assert written == n, f"{written} bundles written for {n} files"
    print(f"Evidence for {n:,} files under one anchor (SQLite, managed anvil, 2 cores)")
    print(f"  stamp --local of the folder            {stamp_s:8.1f} s")
    print(f"  `ipledger evidence INDEX -o F`, 1 call  {call_s:8.2f} s  (median of "
          f"{PER_CALL_SAMPLES}); x {n:,} = {call_s * n:,.0f} s")
    print(f"  in one process, block re-read per entry {reread_s * 1000:8.1f} ms per bundle")
    print(f"  `ipledger evidence DIR`, once           {folder_s:8.1f} s  "
          f"({folder_s / n * 1000:.1f} ms per file; {call_s * n / folder_s:,.0f}x faster)")
    print(f"  the same again (bundles unchanged)      {again_s:8.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
