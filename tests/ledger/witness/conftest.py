"""The witnessed log and the witness the witness tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.ledger.store import LogStore
from ipledger.ledger.witness.cosigning import Witness
from ipledger.ledger.witness.logs import add_log
from tests.ledger.witness.helpers import SubmittingLog, make_witness


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SubmittingLog]:
    """A log of its own (SQLite) that signs checkpoints and builds add-checkpoint bodies."""
    witnessed = SubmittingLog.on_sqlite(tmp_path)
    yield witnessed
    witnessed.store.close()


@pytest.fixture
def witness(store: LogStore, log: SubmittingLog) -> Witness:
    """A witness on a fresh database of each backend, witnessing `log`."""
    add_log(store.engine, log.signer.verifier_key)
    return make_witness(store.engine)
