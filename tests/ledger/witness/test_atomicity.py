"""Compare-and-swap under concurrent submissions, and state and history changed together."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from ipledger.ledger.store import LogStore
from ipledger.ledger.witness.cosigning import Witness
from ipledger.ledger.witness.logs import add_log, latest_cosigned, list_logs, origin_hash
from ipledger.verifier.core.cosignature import verify_cosignature
from ipledger.verifier.core.proof import verify_consistency
from tests.ledger.witness.helpers import LOG_ORIGIN, SubmittingLog, make_witness

THREADS = 6
SIZE = 36


def test_concurrent_submissions_never_roll_the_witness_back(
    witness: Witness, log: SubmittingLog
) -> None:
    log.grow(SIZE)
    notes = {size: log.note(size) for size in range(1, SIZE + 1)}
    sizes = list(range(1, SIZE + 1))
    random.Random(7).shuffle(sizes)
    accepted: list[tuple[int, int, str]] = []  # (old, size, cosigned note) of each 200
    lock = threading.Lock()
    errors: list[BaseException] = []

    def submit(targets: list[int]) -> None:
        believed = 0
        try:
            for size in targets:
                while believed <= size:
                    answer = witness.add_checkpoint(log.body(believed, size, notes[size]))
                    if answer.status == 200:
                        with lock:
                            accepted.append((believed, size, notes[size] + answer.body))
                        believed = size
                        break
                    assert answer.status == 409, answer.body
                    believed = int(answer.body)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=submit, args=(sorted(sizes[i::THREADS]),)) for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # One chain of compare-and-swaps from 0: no two 200s moved the witness from one size to
    # two different sizes (the rollback race of the spec would).
    steps: dict[int, int] = {}
    for old, size, _ in accepted:
        if old != size:
            assert old not in steps, f"two 200s from size {old}: {steps[old]} and {size}"
            steps[old] = size
    chain, at = [], 0
    while at in steps:
        at = steps[at]
        chain.append(at)
    assert chain == sorted(chain) and at == max(size for _, size, _ in accepted)
    assert list_logs(witness.engine)[0].cosigned_size == at
    key = witness.key().verifier_key
    cosigned = sorted({(size, note) for _, size, note in accepted})
    for size, note in cosigned:
        assert verify_cosignature(note, key)[0].size == size
    for i, (a, _) in enumerate(cosigned):
        for b, _ in cosigned[i + 1 :]:
            verify_consistency(
                a, b, log.store.consistency_proof(a, b), log.store.root(a), log.store.root(b)
            )


def test_a_crash_between_state_and_history_leaves_both_as_they_were(
    witness: Witness, log: SubmittingLog
) -> None:
    log.grow(2)
    assert witness.add_checkpoint(log.body(0)).status == 200
    before = latest_cosigned(witness.engine, origin_hash(LOG_ORIGIN))
    log.grow(3)

    def crash(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # The state row is updated by now; the process dies before the history insert.
        if statement.lstrip().upper().startswith("INSERT INTO WITNESS_CHECKPOINTS"):
            raise KeyboardInterrupt("killed")

    event.listen(witness.engine, "before_cursor_execute", crash)
    try:
        with pytest.raises(KeyboardInterrupt):
            witness.add_checkpoint(log.body(2))
    finally:
        event.remove(witness.engine, "before_cursor_execute", crash)
    assert list_logs(witness.engine)[0].cosigned_size == 2
    assert latest_cosigned(witness.engine, origin_hash(LOG_ORIGIN)) == before
    # Nothing half-done: the same request now succeeds from the size still stored.
    assert witness.add_checkpoint(log.body(2)).status == 200
    assert list_logs(witness.engine)[0].cosigned_size == 5


CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from ipledger.ledger.db import create_engine
from tests.ledger.witness.helpers import make_witness

url, body, marker = sys.argv[1], Path(sys.argv[2]).read_bytes(), Path(sys.argv[3])
engine = create_engine(url)

def stall(_conn, _cursor, statement, *_args):
    if statement.lstrip().upper().startswith("INSERT INTO WITNESS_CHECKPOINTS"):
        marker.write_text("state row updated, history not yet written")
        time.sleep(120)

event.listen(engine, "before_cursor_execute", stall)
make_witness(engine).add_checkpoint(body)
"""


def test_a_witness_killed_mid_transaction_loses_nothing_and_half_does_nothing(
    migrated_url: str, log: SubmittingLog, tmp_path: Path
) -> None:
    store = LogStore.open(migrated_url)
    try:
        add_log(store.engine, log.signer.verifier_key)
        witness = make_witness(store.engine)
        log.grow(3)
        assert witness.add_checkpoint(log.body(0)).status == 200
        before = latest_cosigned(store.engine, origin_hash(LOG_ORIGIN))
        log.grow(4)
        body, marker = tmp_path / "body", tmp_path / "marker"
        body.write_bytes(log.body(3))
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, migrated_url, str(body), str(marker)],
            cwd=Path(__file__).parents[3],
        )
        try:
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert child.poll() is None and time.monotonic() < deadline, "child never stalled"
                time.sleep(0.05)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        assert list_logs(store.engine)[0].cosigned_size == 3
        assert latest_cosigned(store.engine, origin_hash(LOG_ORIGIN)) == before
        assert witness.add_checkpoint(body.read_bytes()).status == 200
        assert list_logs(store.engine)[0].cosigned_size == 7
    finally:
        store.close()
