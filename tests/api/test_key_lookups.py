"""The key lookups' one thread: a silent database costs a keyed batch a 503, not a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from ipledger.api.key_lookups import KEY_LOOKUPS, KeyLookups
from ipledger.api.problems import ApiProblem
from ipledger.ledger.db import open_database
from tests.api.conftest import Api
from tests.silent_server import Lookup, SilentServer, hang, until

DIGEST = "sha256:" + "ab" * 32


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'ledger.db'}")
    yield engine
    engine.dispose()


def test_a_lookup_behind_a_hung_one_gives_up_after_its_wait_and_leaves_the_queue(
    sqlite_engine: Engine,
) -> None:
    lookups = KeyLookups(max_waiting=8, wait_s=0.5)
    with SilentServer() as silent:
        hung = hang(lookups, silent)
        started = time.monotonic()
        with pytest.raises(ApiProblem) as caught:
            asyncio.run(lookups.lookup(sqlite_engine, 1, "b"))
        assert 0.4 < time.monotonic() - started < 5
        problem = caught.value
        assert problem.status == 503 and problem.headers == {"Retry-After": "5"}
        assert problem.detail == (
            "the database did not look the Idempotency-Key up within 0.5 s; "
            "nothing was stored, retry later"
        )
        assert lookups.queued == 1  # the waiting lookup left; the hung one still runs
        # Its own wait ends 0.5 s after it began, a few ms before the second's: its event
        # loop (another thread) must have answered before the server closes, else it sees
        # the database's error first (one CI run on a busy machine).
        until(lambda: hung.error is not None)
    # The silent server closed: the hung lookup ends, and the thread answers again.
    until(lambda: lookups.queued == 0)
    assert isinstance(hung.result(), ApiProblem)  # its own wait was over long before
    assert asyncio.run(lookups.lookup(sqlite_engine, 1, "b")) is None


def test_past_the_bound_a_lookup_is_refused_at_once_and_the_queued_ones_are_answered(
    sqlite_engine: Engine,
) -> None:
    lookups = KeyLookups(max_waiting=2, wait_s=60)
    with SilentServer() as silent:
        hung = hang(lookups, silent)
        queued = Lookup(lookups, sqlite_engine, "b")
        until(lambda: lookups.queued == 2)
        started = time.monotonic()
        with pytest.raises(ApiProblem) as caught:
            asyncio.run(lookups.lookup(sqlite_engine, 1, "c"))
        assert time.monotonic() - started < 1
        assert caught.value.status == 503
        assert caught.value.detail.startswith(
            "2 submissions with an Idempotency-Key are waiting for the database"
        )
    assert isinstance(hung.result(), OperationalError)  # the database's own error
    assert queued.result() is None
    until(lambda: lookups.queued == 0)


def test_a_keyed_batch_behind_a_silent_database_is_answered_503_and_its_retry_lands(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KEY_LOOKUPS, "wait_s", 0.5)
    headers = {**api.headers(api.key()), "Idempotency-Key": "filing-7"}
    batch = {"entries": [{"digest": DIGEST}, {"digest": "sha256:" + "cd" * 32}]}
    with SilentServer() as silent:
        hang(KEY_LOOKUPS, silent)
        refused = api.client.post("/v1/entries/batch", json=batch, headers=headers)
        assert refused.status_code == 503
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["retry-after"] == "5"
        assert "within 0.5 s; nothing was stored" in refused.json()["detail"]
        assert api.store.size() == 0
    until(lambda: KEY_LOOKUPS.queued == 0)
    stored = api.client.post("/v1/entries/batch", json=batch, headers=headers)
    assert stored.status_code == 201, stored.text
    again = api.client.post("/v1/entries/batch", json=batch, headers=headers)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.content == stored.content and api.store.size() == 2
