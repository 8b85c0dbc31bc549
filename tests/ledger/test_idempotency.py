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
    with engine.begin() as conn:
        idempotency.remember_in(conn, a, "k-1", request_sha256=b"\x01" * 32, status=201,
                                body=b'{"index":0}')
        idempotency.remember_in(conn, b, "k-1", request_sha256=b"\x02" * 32, status=201,
                                body=b'{"index":1}')
    with pytest.raises(IntegrityError), engine.begin() as conn:
        idempotency.remember_in(conn, a, "k-1", request_sha256=b"\x03" * 32, status=201,
                                body=b"{}")
    first = StoredResponse(b"\x01" * 32, 201, '{"index":0}')
    assert idempotency.lookup(engine, a, "k-1") == first
    assert idempotency.lookup(engine, a, "k-2") is None
    found = idempotency.recorded(engine, [(a, "k-1"), (a, "k-2"), (b, "k-1"), (b, "k-9")])
    assert found == {(a, "k-1"): first, (b, "k-1"): StoredResponse(b"\x02" * 32, 201,
                                                                   '{"index":1}')}
    assert idempotency.recorded(engine, []) == {}
    engine.dispose()
