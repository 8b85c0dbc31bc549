"""Group commit with idempotency keys: keyed singles share a group, a taken key fails alone."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from ipledger.api.routes.entries import _single_body
from ipledger.api.sequencer import Committed, KeyRecord, Sequencer
from ipledger.ledger import idempotency
from ipledger.ledger.entries import NewEntry
from ipledger.ledger.errors import KeyRecorded
from ipledger.ledger.idempotency import StoredResponse
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, authenticate, create_key
from ipledger.verifier.core.leaf import NO_METADATA_HASH
from ipledger.verifier.receipts import verify_entry_receipt

ORIGIN = "ipledger.test/sequencer"
_entered = threading.Event()  # the writer thread is inside the first group's transaction
_gate = threading.Event()  # lets it go on


def _held_render(result: Committed) -> bytes:
    """Render a single's answer, holding the writer thread in its transaction until released."""
    _entered.set()
    assert _gate.wait(30)
    return _single_body(result)


@pytest.fixture
def store(migrated_url: str) -> Iterator[LogStore]:
    store = LogStore.open(migrated_url)
    _entered.clear()
    _gate.clear()
    yield store
    _gate.set()
    store.close()


def _entry() -> NewEntry:
    return NewEntry(os.urandom(32), os.urandom(16), None, NO_METADATA_HASH)


def _keyed_after_a_held_group(
    store: LogStore, signer: LogSigner, who: Principal, keys: list[str],
    tenants: list[int] | None = None,
) -> list[Committed | BaseException]:
    """Submit one keyed single that holds the writer thread, queue one for each of `keys`
    meanwhile, release it; return what the queued ones got."""
    sequencer = Sequencer(store, signer.sign_note, ORIGIN)
    fingerprint = bytes(32)

    async def scenario() -> list[Committed | BaseException]:
        held = asyncio.create_task(sequencer.submit(
            [_entry()], who, alone=False,
            record=KeyRecord(who.tenant_id, "held", fingerprint, _held_render)))
        assert await asyncio.to_thread(_entered.wait, 30)
        queued = [
            asyncio.create_task(sequencer.submit(
                [_entry()], who, alone=False,
                record=KeyRecord(tenant, key, fingerprint, _single_body)))
            for key, tenant in zip(keys, tenants or [who.tenant_id] * len(keys), strict=True)
        ]
        await asyncio.sleep(0.1)  # each task has queued its job
        _gate.set()
        await held
        return await asyncio.gather(*queued, return_exceptions=True)

    try:
        return asyncio.run(scenario())
    finally:
        sequencer.stop()


def test_keyed_singles_waiting_together_share_one_commit(store: LogStore) -> None:
    who = authenticate(store.engine, create_key(store.engine, "office-a", ("submit",))[1])
    keys = [f"k-{i}" for i in range(5)]
    signer = LogSigner.generate(ORIGIN)
    results = _keyed_after_a_held_group(store, signer, who, keys)
    assert all(isinstance(r, Committed) for r in results)
    committed = [r for r in results if isinstance(r, Committed)]
    assert {(r.note, r.first_index, r.count) for r in committed} == {(committed[0].note, 1, 5)}
    for key, result in zip(keys, committed, strict=True):
        assert result.body is not None
        verify_entry_receipt(json.loads(result.body), signer.verifier_key)  # its own proof
        stored = idempotency.lookup(store.engine, who.tenant_id, key)
        assert stored is not None and stored.body.encode() == result.body
    assert store.size() == 6


def test_a_key_recorded_meanwhile_fails_only_its_own_submission(store: LogStore) -> None:
    who = authenticate(store.engine, create_key(store.engine, "office-a", ("submit",))[1])
    with store.engine.begin() as conn:  # another API process recorded "taken" meanwhile
        idempotency.remember_in(conn, [(who.tenant_id, "taken", StoredResponse(
            bytes(32), 201, '{"from":"the other process"}'))])
    signer = LogSigner.generate(ORIGIN)
    first, taken, last = _keyed_after_a_held_group(store, signer, who, ["k-1", "taken", "k-2"])
    assert isinstance(taken, KeyRecorded)  # the route answers with the other's record
    assert taken.stored.body == '{"from":"the other process"}'
    assert isinstance(first, Committed) and isinstance(last, Committed)
    assert (first.note, first.count) == (last.note, 2)  # committed again, together
    assert [first.entries[0].index, last.entries[0].index] == [1, 2]
    assert store.size() == 3  # the taken key's entry was not stored
    stored = idempotency.lookup(store.engine, who.tenant_id, "taken")
    assert stored is not None and stored.body == '{"from":"the other process"}'


def test_one_key_twice_in_a_group_stores_one_set_of_entries(store: LogStore) -> None:
    # Two requests with one key, both past the route's lookup before either is recorded,
    # waiting together: the group's one insert of its keys fails, and one at a time the
    # second finds the first's record.
    who = authenticate(store.engine, create_key(store.engine, "office-a", ("submit",))[1])
    signer = LogSigner.generate(ORIGIN)
    first, second, other = _keyed_after_a_held_group(store, signer, who, ["k-1", "k-1", "k-2"])
    assert isinstance(first, Committed) and isinstance(other, Committed)
    assert isinstance(second, KeyRecorded)
    assert first.body is not None and second.stored.body == first.body.decode()
    assert store.size() == 3  # held, k-1 once, k-2


def test_a_group_broken_by_something_else_is_committed_one_at_a_time(store: LogStore) -> None:
    who = authenticate(store.engine, create_key(store.engine, "office-a", ("submit",))[1])
    signer = LogSigner.generate(ORIGIN)
    no_tenant = who.tenant_id + 1000  # its record breaks the foreign key: no key is recorded
    first, broken, last = _keyed_after_a_held_group(
        store, signer, who, ["k-1", "k-2", "k-3"], [who.tenant_id, no_tenant, who.tenant_id]
    )
    assert isinstance(broken, IntegrityError)
    assert isinstance(first, Committed) and isinstance(last, Committed)
    assert (first.count, last.count) == (1, 1) and first.note != last.note
    assert [first.entries[0].index, last.entries[0].index] == [1, 2]
    assert store.size() == 3


def test_a_database_failing_while_the_writer_reads_the_keys_fails_that_group_only(
    store: LogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection at the one moment a test cannot reach otherwise: after a group was
    # refused by a key, the read of the recorded keys fails. The writer thread must live on.
    who = authenticate(store.engine, create_key(store.engine, "office-a", ("submit",))[1])
    with store.engine.begin() as conn:
        idempotency.remember_in(conn, [(who.tenant_id, "taken", StoredResponse(
            bytes(32), 201, "{}"))])

    def failing(*_: object) -> None:
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(idempotency, "recorded", failing)
    signer = LogSigner.generate(ORIGIN)
    sequencer = Sequencer(store, signer.sign_note, ORIGIN)
    record = KeyRecord(who.tenant_id, "taken", bytes(32), _single_body)

    async def scenario() -> tuple[BaseException | Committed, Committed]:
        refused = await asyncio.gather(
            sequencer.submit([_entry()], who, alone=False, record=record),
            return_exceptions=True,
        )
        after = await sequencer.submit([_entry()], who, alone=False)
        return refused[0], after

    try:
        refused, after = asyncio.run(asyncio.wait_for(scenario(), 30))  # a dead thread: hangs
    finally:
        sequencer.stop()
    assert isinstance(refused, OperationalError)
    assert after.entries[0].index == 0 and store.size() == 1
