"""One deployment: created by init, opened from its data directory, its chain opened once."""

from __future__ import annotations

import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.config import Settings
from ipledger.ledger.deployed_chain import ChainConnection, open_chain
from ipledger.ledger.deployment import Deployment, verifier_key_file
from ipledger.ledger.errors import BundleUnavailable, ConfigError, DataDirError, OutOfRange
from ipledger.ledger.identity import LogIdentity, read_identity
from ipledger.ledger.store import LogStore

ORIGIN = "deployment.test/log"


def test_init_creates_the_log_and_keeps_its_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", origin=ORIGIN)
    first, created = Deployment.init(settings)
    first.close()
    assert created
    key_file = settings.resolved_log_key_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert verifier_key_file(settings).read_text().strip() == first.verifier_key
    again, created = Deployment.init(settings)
    again.close()
    assert not created and again.verifier_key == first.verifier_key
    opened = Deployment.open(settings)
    try:
        assert (opened.origin, opened.verifier_key) == (ORIGIN, first.verifier_key)
        assert opened.store.size() == 0 and opened.target is None
    finally:
        opened.close()


def test_open_without_init_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(DataDirError) as info:
        Deployment.open(Settings(data_dir=tmp_path / "none"))
    assert isinstance(info.value, ConfigError)
    assert "ipledger init" in str(info.value) and str(tmp_path / "none") in str(info.value)


def test_open_with_a_damaged_key_is_the_same_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", origin=ORIGIN)
    Deployment.init(settings)[0].close()
    settings.resolved_log_key_file.write_text("PRIVATE+KEY+not a key\n")
    with pytest.raises(DataDirError) as info:
        Deployment.open(settings)
    assert str(settings.resolved_log_key_file) in str(info.value)


def test_the_origin_is_fixed_at_init_and_recorded_in_the_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    Deployment.init(Settings(data_dir=data_dir, origin=ORIGIN))[0].close()
    assert read_identity(LogStore.open(f"sqlite:///{data_dir / 'ledger.db'}").engine) == (
        LogIdentity(ORIGIN, verifier_key_file(Settings(data_dir=data_dir)).read_text().strip())
    )
    opened = Deployment.open(Settings(data_dir=data_dir))  # no origin set: the recorded one
    try:
        assert opened.origin == ORIGIN
    finally:
        opened.close()
    for attempt in (Deployment.open, lambda s: Deployment.init(s)[0]):
        with pytest.raises(DataDirError) as info:
            attempt(Settings(data_dir=data_dir, origin="other.test/log"))
        assert f"this log's origin is {ORIGIN!r}" in str(info.value)


def test_a_key_of_another_log_is_refused(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path / "first", origin=ORIGIN)
    second = Settings(data_dir=tmp_path / "second", origin=ORIGIN)
    for settings in (first, second):
        Deployment.init(settings)[0].close()
    mixed = Settings(
        data_dir=first.data_dir, log_key_file=second.resolved_log_key_file
    )
    with pytest.raises(DataDirError) as info:
        Deployment.open(mixed)
    assert "the database records the log" in str(info.value)
    assert "IPLEDGER_LOG_KEY_FILE" in str(info.value)


def test_a_log_from_before_the_identity_adopts_its_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", origin=ORIGIN)
    Deployment.init(settings)[0].close()
    engine = LogStore.open(settings.resolved_database_url).engine
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM log_identity"))
    opened = Deployment.open(Settings(data_dir=settings.data_dir))
    opened.close()
    assert read_identity(engine) == LogIdentity(ORIGIN, opened.verifier_key)


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    settings = Settings(data_dir=tmp_path / "data", origin=ORIGIN)
    opened, _ = Deployment.init(settings)
    yield opened
    opened.close()
    chain_down(settings.data_dir)


@pytest.mark.chain
def test_the_chain_opens_once_on_first_use(deployment: Deployment) -> None:
    calls: list[int] = []

    def counting(settings: Settings) -> ChainConnection:
        calls.append(1)
        return open_chain(settings)

    counted = Deployment(deployment.settings, deployment.store, deployment.log_signer,
                         chain_opener=counting)
    assert counted.open_chain_or_none() is None and counted.target is None
    threads = [threading.Thread(target=lambda: counted.chain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    chain = counted.chain
    assert len(calls) == 1 and counted.open_chain_or_none() is chain
    assert counted.target == chain.target
    assert chain.target.log_address == chain.signer.address
    assert counted.backlog().entries == 0

    counted.store.append([{"digest": "sha256:" + "ab" * 32}])
    backlog = counted.backlog()
    assert backlog.entries == 1 and backlog.oldest_received_at == counted.store.entry(0).received_at
    with pytest.raises(BundleUnavailable, match=r"not anchored yet \(no final anchor covers it\)"):
        counted.evidence_bundle(0)
    with pytest.raises(OutOfRange):
        counted.evidence_bundle(1)


def test_the_tile_cache_is_sized_by_the_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", origin=ORIGIN, tile_cache=3)
    deployment, _ = Deployment.init(settings)
    try:
        store = deployment.store
        store.append([{"digest": "sha256:" + f"{i:064x}"} for i in range(256 * 5)])
        for index in range(0, 256 * 5, 256):  # five full level-0 tiles, one per proof
            store.inclusion(index, store.size())
        assert len(store._cache._items) == 3  # the LRU keeps the newest three
    finally:
        deployment.close()
    with pytest.raises(ValueError, match="tile_cache"):
        Settings(data_dir=tmp_path / "data", tile_cache=0)


def test_every_setting_is_documented_with_its_variable() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "operations.md").read_text("utf-8")
    missing = [n for n in Settings.model_fields if f"`IPLEDGER_{n.upper()}`" not in doc]
    assert missing == []
