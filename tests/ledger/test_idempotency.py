"""Idempotency records: recorded once per (tenant, key), found one by one or many at once."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from ipledger.ledger import idempotency
from ipledger.ledger.db import open_database
from ipledger.ledger.idempotency import StoredResponse
from ipledger.ledger.tenants import authenticate, create_key


def test_a_key_is_recorded_once_per_tenant_and_found_alone_or_among_many(
    migrated_url: str,
) -> None:
    engine = open_database(migrated_url)
    a = authenticate(engine, create_key(engine, "office-a", ("submit",))[1]).tenant_id
    b = authenticate(engine, create_key(engine, "office-b", ("submit",))[1]).tenant_id
    first = StoredResponse(b"\x01" * 32, 201, '{"index":0}')
    other = StoredResponse(b"\x02" * 32, 201, '{"index":1}')
    with engine.begin() as conn:  # one statement for both
        idempotency.remember_in(conn, [(a, "k-1", first), (b, "k-1", other)])
        idempotency.remember_in(conn, [])
    again = StoredResponse(b"\x03" * 32, 201, "{}")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        idempotency.remember_in(conn, [(a, "k-2", again), (a, "k-1", again)])
    with pytest.raises(IntegrityError), engine.begin() as conn:  # twice in one statement
        idempotency.remember_in(conn, [(b, "k-2", again), (b, "k-2", again)])
    assert idempotency.lookup(engine, a, "k-1") == first
    assert idempotency.lookup(engine, a, "k-2") is None
    found = idempotency.recorded(engine, [(a, "k-1"), (a, "k-2"), (b, "k-1"), (b, "k-9")])
    assert found == {(a, "k-1"): first, (b, "k-1"): other}
    assert idempotency.recorded(engine, [(a, "k-2"), (b, "k-2")]) == {}  # rolled back
    assert idempotency.recorded(engine, []) == {}
    engine.dispose()
