import hashlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from ipledger.ledger.errors import ApiKeyError, InvalidApiKey, UnknownKey
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import ApiKey, authenticate, create_key, list_keys, revoke_key


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = create_engine("sqlite://")
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()


def test_create_then_authenticate(engine: Engine) -> None:
    key_id, key = create_key(engine, "ep-office", ["submit", "read"])
    assert re.fullmatch(r"ipl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", key)
    assert key.startswith(f"ipl_{key_id}_")
    who = authenticate(engine, key)
    assert (who.tenant, who.key_id, who.scopes) == (
        "ep-office",
        key_id,
        frozenset({"submit", "read"}),
    )


def test_only_the_sha256_of_the_secret_is_stored(engine: Engine) -> None:
    import hashlib

    key_id, key = create_key(engine, "firm", ["read"])
    secret = key.split("_", 2)[2]
    with Session(engine) as session:
        row = session.exec(select(ApiKey).where(ApiKey.id == key_id)).one()
    assert row.secret_sha256 == hashlib.sha256(secret.encode()).digest()
    assert secret not in repr(row.model_dump())


def test_one_tenant_many_keys_and_listing(engine: Engine) -> None:
    a, _ = create_key(engine, "t1", ["read"])
    b, _ = create_key(engine, "t1", ["submit"])
    c, _ = create_key(engine, "t2", ["read", "submit", "read"])
    assert [k.key_id for k in list_keys(engine, "t1")] == [a, b]
    assert {k.key_id for k in list_keys(engine)} == {a, b, c}
    assert next(k for k in list_keys(engine) if k.key_id == c).scopes == ("submit", "read")
    assert authenticate(engine, create_key(engine, "t1", ["read"])[1]).tenant_id == (
        authenticate(engine, create_key(engine, "t1", ["read"])[1]).tenant_id
    )


def test_revoked_key_is_refused_and_revocation_is_idempotent(engine: Engine) -> None:
    key_id, key = create_key(engine, "t", ["read"])
    first = revoke_key(engine, key_id)
    assert first.revoked_at is not None
    assert revoke_key(engine, key_id).revoked_at == first.revoked_at
    with pytest.raises(InvalidApiKey, match="revoked"):
        authenticate(engine, key)


def test_wrong_secret_and_unknown_id_get_the_same_answer(engine: Engine) -> None:
    _, key = create_key(engine, "t", ["read"])
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    other = f"ipl_{'0' * 12}_{key.split('_', 2)[2]}"
    messages = set()
    for candidate in (wrong, other):
        with pytest.raises(InvalidApiKey) as caught:
            authenticate(engine, candidate)
        messages.add(str(caught.value))
    assert messages == {"the API key is not valid"}


@pytest.mark.parametrize("presented", ["", "ipl_", "Bearer x", "ipl_zz_" + "a" * 43, "é" * 60])
def test_malformed_keys(engine: Engine, presented: str) -> None:
    with pytest.raises(InvalidApiKey, match="malformed"):
        authenticate(engine, presented)


def test_bad_requests_to_create_and_revoke(engine: Engine) -> None:
    with pytest.raises(ApiKeyError, match="unknown scope 'admin'"):
        create_key(engine, "t", ["admin"])
    with pytest.raises(ApiKeyError, match="at least one scope"):
        create_key(engine, "t", [])
    with pytest.raises(ApiKeyError, match="tenant name"):
        create_key(engine, "bad name", ["read"])
    with pytest.raises(UnknownKey, match="keys list"):
        revoke_key(engine, "nope")


def test_keys_are_created_and_revoked_while_the_log_is_written(tmp_path: Path) -> None:
    # An operator runs `ipledger keys create` beside a busy `ipledger serve`. In SQLite's
    # WAL mode a transaction that read first and then writes fails at once ("database is
    # locked", no busy wait) when another writer committed in between: key writes must
    # take the write lock up front.
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    store = LogStore.open(url)
    stop = threading.Event()

    def write_log() -> None:
        n = 0
        while not stop.is_set():
            store.append([{"digest": "sha256:" + hashlib.sha256(b"%d" % n).hexdigest()}])
            n += 1

    writer = threading.Thread(target=write_log)
    writer.start()
    try:
        for i in range(60):
            key_id, _ = create_key(store.engine, f"office-{i % 3}", ["submit"])
            assert revoke_key(store.engine, key_id).revoked_at is not None
    finally:
        stop.set()
        writer.join()
        store.close()
