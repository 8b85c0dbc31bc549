"""A worker process that kills itself (SIGKILL) at a chosen point of a step: a real crash."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from ipledger.ledger.anchoring import AnchoringWorker, AnchorRecord, StoreLogSource
from ipledger.ledger.chain.connection import connect
from ipledger.ledger.chain.contract import anchor_contract, load_artifact
from ipledger.ledger.chain.signer import Signer
from ipledger.ledger.db import create_engine
from ipledger.ledger.store import LogStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--rpc", required=True)
    parser.add_argument("--contract", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--crash-at", required=True)
    args = parser.parse_args()

    engine = create_engine(args.db)
    def hook(point: str, anchor: AnchorRecord) -> None:
        if point == args.crash_at:
            sys.stdout.write(f"crashing at {point} anchor={anchor.id}\n")
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    w3 = connect(args.rpc)
    worker = AnchoringWorker(
        engine, StoreLogSource(LogStore(engine)), w3,
        anchor_contract(w3, args.contract, load_artifact()),
        Signer.from_key_file(args.key), confirmations=1, lease_ttl=1.0, hook=hook,
        owner="crashing-child",
    )
    for _ in range(20):
        worker.step()
    sys.exit(3)  # never crashed: the test fails on this exit code


if __name__ == "__main__":
    main()
