"""`python -m bench commit --quick`: the bench runs, and what it times is a real group commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import commit
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, create_key


def test_commit_bench_quick_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert commit.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "| 1 | " in out and "| 30 | " in out
    assert "machine: " in out and "CPU pressure" in out


def test_writer_commit_appends_one_group(tmp_path: Path) -> None:
    store = LogStore.open(f"sqlite:///{tmp_path / 'log.db'}")
    key_id, _ = create_key(store.engine, "bench", ["submit"])
    who = Principal(1, "bench", key_id, frozenset({"submit"}))
    commit.writer_commit(store, LogSigner.generate(commit.ORIGIN), who, 30)
    assert store.size() == 30
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT first_index, count FROM submissions").all()
    assert [tuple(r) for r in rows] == [(0, 30)]  # adjacent runs of one key share a row
    store.close()
