"""`ipledger check`: a sound log passes; each kind of damage is named, on both databases."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from ipledger.api.cli import main
from ipledger.ledger import integrity
from ipledger.ledger.anchoring.models import Anchor
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import LogIntegrityError
from ipledger.ledger.integrity import check_log
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from tests.ledger.background import appending

SIZES = [5, 250, 7, 1, 600, 300]   # batches crossing tile edges; 1,163 entries


def _append(ledger: Deployment, n: int, tag: str) -> None:
    ledger.store.append([
        {"digest": "sha256:" + hashlib.sha256(f"{tag}{i}".encode()).hexdigest(),
         **({"metadata": {"ref": f"{tag}-{i}", "n": i}} if i % 3 == 0 else {})}
        for i in range(n)])


def _anchor(ledger: Deployment, size: int, root: bytes) -> None:
    with Session(ledger.store.engine) as session:
        session.add(Anchor(chain_id=31337, contract="0x" + "11" * 20, log_address="0x" + "22" * 20,
                           tree_size=size, root=root, state="final", created_at=0, updated_at=0))
        session.commit()


def _fill(ledger: Deployment) -> None:
    for n, size in enumerate(SIZES):
        _append(ledger, size, f"b{n}-")
        checkpoint = cut_checkpoint(ledger.store, ledger.log_signer)
        assert checkpoint is not None
        if n % 2:
            _anchor(ledger, checkpoint.tree_size, checkpoint.root)


@pytest.fixture
def ledger(store: LogStore, tmp_path: Path) -> Deployment:
    filled = Deployment(Settings(data_dir=tmp_path), store, LogSigner.generate("example.org/log"))
    _fill(filled)
    return filled


@pytest.mark.parametrize("chunk", [256, 300, 1 << 16])
def test_a_sound_log_passes(
    ledger: Deployment, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "CHUNK", chunk)
    seen: list[int] = []
    report = check_log(ledger, lambda done, size: seen.append(done))
    assert (report.size, report.root) == ledger.store.head() and report.size == sum(SIZES)
    assert report.with_metadata == sum((n + 2) // 3 for n in SIZES)
    assert (report.checkpoints, report.anchors) == (len(SIZES), len(SIZES) // 2)
    # 1,163 = 4 x 256 + 139: 4 full tier-0 tiles and a partial one, a partial tier-1 tile
    assert report.tiles == 6
    assert seen[-1] == report.size and seen == sorted(seen)


def test_the_empty_log_passes(store: LogStore, tmp_path: Path) -> None:
    empty = Deployment(Settings(data_dir=tmp_path), store, LogSigner.generate("example.org/log"))
    assert check_log(empty).size == 0


def test_appends_during_the_check_are_left_for_the_next(
    ledger: Deployment, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(integrity, "CHUNK", 256)
    size = ledger.store.size()
    def append_and_cut(n: int) -> None:   # as a serving log does: appends and checkpoints
        _append(ledger, 37, f"late{n}-")
        cut_checkpoint(ledger.store, ledger.log_signer)

    with appending(append_and_cut):
        report = check_log(ledger, lambda *_: None)
    assert report.size >= size
    assert check_log(ledger).size == ledger.store.size()


# -- damage, done to the SQLite file behind the log's back ----------------------------------


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Iterator[Deployment]:
    opened, _ = Deployment.init(Settings(data_dir=tmp_path / "log", origin="example.org/log"))
    _fill(opened)
    yield opened
    opened.close()


def _tamper(ledger: Deployment, sql: str, *params: object) -> None:
    with sqlite3.connect(ledger.settings.data_dir / "ledger.db") as conn:
        assert conn.execute(sql, params).rowcount >= 1


DAMAGE = [
    ("UPDATE entries SET digest = zeroblob(32) WHERE idx = 400", (),
     "entry 400: the stored leaf hash is not its fields' hash"),
    ("UPDATE entries SET received_at = received_at + 1 WHERE idx = 3", (),
     "entry 3: the stored leaf hash"),
    ("UPDATE entries SET metadata_jcs = '{\"n\":0,\"ref\":\"forged\"}' WHERE idx = 0", (),
     "entry 0: the stored metadata hash is not its metadata's"),
    ("UPDATE entries SET metadata_jcs = '{\"ref\": \"b0--0\", \"n\": 0}' WHERE idx = 0", (),
     "entry 0: its metadata is not in RFC 8785 form"),
    ("DELETE FROM entries WHERE idx = 700", (), "entry 700 is missing"),
    ("UPDATE log_state SET root = zeroblob(32)", (),
     "the stored root differs from the root rebuilt at size 1163"),
    ("UPDATE checkpoints SET note = replace(note, 'example.org/log', 'example.org/lag') "
     "WHERE tree_size = 255", (), "checkpoint 255: "),
    ("UPDATE anchors SET root = zeroblob(32) WHERE tree_size = 263", (),
     "differs from the root rebuilt at size 263"),
    ("INSERT INTO tiles (level, idx, hashes) VALUES (3, 0, zeroblob(32))", (),
     "7 tile rows; a log of 1163 entries has 1163 and 6"),
]


@pytest.mark.parametrize(("sql", "params", "named"), DAMAGE,
                         ids=[d[2].split(":")[0][:40] for d in DAMAGE])
def test_damage_is_named(sqlite_ledger: Deployment, sql: str, params: tuple[object, ...],
                         named: str) -> None:
    check_log(sqlite_ledger)
    _tamper(sqlite_ledger, sql, *params)
    sqlite_ledger.store.close()
    reopened = Deployment.open(sqlite_ledger.settings)
    try:
        with pytest.raises(LogIntegrityError, match=re.escape(named)):
            check_log(reopened)
    finally:
        reopened.close()


@pytest.mark.parametrize(("tile", "offset"), [
    ((0, 2), 0),                 # a leaf hash
    ((0, 1), 510 * 32),          # the top of a full tile's pyramid
    ((0, 4), 138 * 32),          # the last leaf of the partial tile
    ((1, 0), 0),                 # a tier-1 hash: the root of tile (0, 0)
])
def test_a_damaged_tile_is_named(sqlite_ledger: Deployment, tile: tuple[int, int],
                                 offset: int) -> None:
    with sqlite3.connect(sqlite_ledger.settings.data_dir / "ledger.db") as conn:
        (blob,) = conn.execute("SELECT hashes FROM tiles WHERE level = ? AND idx = ?",
                               tile).fetchone()
        damaged = blob[:offset] + bytes([blob[offset] ^ 1]) + blob[offset + 1:]
        conn.execute("UPDATE tiles SET hashes = ? WHERE level = ? AND idx = ?",
                     (damaged, *tile))
    sqlite_ledger.store.close()
    reopened = Deployment.open(sqlite_ledger.settings)
    try:
        with pytest.raises(LogIntegrityError, match=rf"tile \({tile[0]}, {tile[1]}\) differs"):
            check_log(reopened)
    finally:
        reopened.close()


def test_cli_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_dir = tmp_path / "log"
    assert main(["init", "--dir", str(log_dir), "--origin", "example.org/log"]) == 0
    opened = Deployment.open(Settings(data_dir=log_dir))
    try:
        _append(opened, 300, "cli")
        cut_checkpoint(opened.store, opened.log_signer)
    finally:
        opened.close()
    capsys.readouterr()
    assert main(["check", "--dir", str(log_dir)]) == 0
    assert "The log is sound: 300 entries (100 with metadata)" in capsys.readouterr().out
    with sqlite3.connect(log_dir / "ledger.db") as conn:
        conn.execute("UPDATE entries SET nonce = zeroblob(16) WHERE idx = 299")
    assert main(["check", "--dir", str(log_dir)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["ipledger: error: entry 299: the stored leaf hash is not its fields' hash"]
