"""`bench api`'s commit counting: entries a commit, read from the real `submissions` rows."""

from __future__ import annotations

from pathlib import Path

from bench import commit
from bench.api import ORIGIN, commits_so_far, per_commit, prepare
from ipledger.ledger.config import Settings
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import authenticate


def test_commits_so_far_counts_each_group_commit(tmp_path: Path) -> None:
    key = prepare(tmp_path)
    assert commits_so_far(tmp_path) == (0, 0)
    settings = Settings(data_dir=tmp_path, origin=ORIGIN)
    store = LogStore.open(settings.resolved_database_url)
    who = authenticate(store.engine, key)
    signer = LogSigner.generate(ORIGIN)
    for size in (30, 5, 1):  # three group commits, as the writer makes them
        commit.writer_commit(store, signer, who, size)
    store.close()
    after = commits_so_far(tmp_path)
    assert after == (3, 36)
    assert per_commit((0, 0), after) == 12.0
    assert per_commit((1, 30), after) == 3.0  # the last two commits alone
    assert per_commit(after, after) == 0.0  # no commit between: no division by zero
