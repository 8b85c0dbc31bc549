"""A worker process that kills itself (SIGKILL) at a chosen point of a step: a real crash."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from sqlmodel import create_engine

from ledger.anchoring import AnchoringWorker, AnchorPublic
from ledger.chain.client import anchor_contract, connect, load_artifact
from ledger.chain.signer import Signer
from tests.ledger.anchoring.memlog import MemoryLog


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--rpc", required=True)
    parser.add_argument("--contract", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--sizes", required=True, help="comma-separated checkpoint sizes")
    parser.add_argument("--crash-at", required=True)
    args = parser.parse_args()

    log = MemoryLog()
    for size in (int(s) for s in args.sizes.split(",")):
        log.append(size - log.size())
        log.cut()

    def hook(point: str, anchor: AnchorPublic) -> None:
        if point == args.crash_at:
            sys.stdout.write(f"crashing at {point} anchor={anchor.id}\n")
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    w3 = connect(args.rpc)
    worker = AnchoringWorker(
        create_engine(args.db), log, w3,
        anchor_contract(w3, args.contract, load_artifact()),
        Signer.from_key_file(args.key), confirmations=1, lease_ttl=1.0, hook=hook,
        owner="crashing-child",
    )
    for _ in range(20):
        worker.step()
    sys.exit(3)  # never crashed: the test fails on this exit code


if __name__ == "__main__":
    main()
