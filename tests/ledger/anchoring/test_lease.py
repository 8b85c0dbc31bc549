import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from ipledger.ledger.anchoring import Lease, LeaseLost
from ipledger.ledger.db import create_engine


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    """A migrated database, SQLite and PostgreSQL."""
    eng = create_engine(migrated_url)
    yield eng
    eng.dispose()


class FakeClock:
    """A settable millisecond clock, so expiry is tested without sleeping."""

    def __init__(self) -> None:
        self.now = 1_000_000

    def __call__(self) -> int:
        return self.now


def test_second_owner_is_refused_while_the_first_holds(engine: Engine) -> None:
    clock = FakeClock()
    a = Lease(engine, "anchoring:x", "a", ttl=10, clock=clock)
    b = Lease(engine, "anchoring:x", "b", ttl=10, clock=clock)
    assert a.acquire()
    assert not b.acquire()
    holder = b.holder()
    assert holder is not None and holder.owner == "a"
    clock.now += 5_000
    assert a.acquire()  # renewal pushes expiry
    clock.now += 9_000
    assert not b.acquire()


def test_expired_lease_is_taken_over_and_the_old_holder_is_fenced(engine: Engine) -> None:
    clock = FakeClock()
    a = Lease(engine, "anchoring:x", "a", ttl=10, clock=clock)
    b = Lease(engine, "anchoring:x", "b", ttl=10, clock=clock)
    assert a.acquire()
    clock.now += 10_001
    assert b.acquire()
    with Session(engine) as session, pytest.raises(LeaseLost):
        a.fence(session.connection())
    assert not a.acquire()


def test_release_lets_a_successor_in_at_once(engine: Engine) -> None:
    a = Lease(engine, "anchoring:x", "a", ttl=60)
    b = Lease(engine, "anchoring:x", "b", ttl=60)
    assert a.acquire()
    a.release()
    assert b.acquire()
    b.release()
    assert b.holder() is None


def test_leases_of_different_logs_are_independent(engine: Engine) -> None:
    assert Lease(engine, "anchoring:x", "a").acquire()
    assert Lease(engine, "anchoring:y", "b").acquire()


def test_concurrent_acquirers_get_exactly_one_winner(engine: Engine) -> None:
    owners = [f"w{i}" for i in range(8)]
    barrier = threading.Barrier(len(owners))
    won: list[str] = []

    def contend(owner: str) -> None:
        lease = Lease(engine, "anchoring:race", owner, ttl=60)
        barrier.wait()
        if lease.acquire():
            won.append(owner)

    threads = [threading.Thread(target=contend, args=(o,)) for o in owners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
