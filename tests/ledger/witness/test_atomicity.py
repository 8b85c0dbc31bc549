"""Compare-and-swap under concurrent submissions, and state and history changed together."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
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


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SubmittingLog]:
    witnessed = SubmittingLog.on_sqlite(tmp_path)
    yield witnessed
    witnessed.store.close()


@pytest.fixture
def witness(store: LogStore, log: SubmittingLog) -> Witness:
    add_log(store.engine, log.signer.verifier_key)
    return make_witness(store.engine)


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
