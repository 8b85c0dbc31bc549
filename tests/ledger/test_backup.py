"""`ipledger backup`: a consistent copy of a log in use, refused when it would not be sound."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.backup import backup
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import BackupError
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.proof import verify_inclusion
from tests.ledger.background import appending


def _append(ledger: Deployment, n: int, tag: str) -> None:
    ledger.store.append([{"digest": "sha256:" + hashlib.sha256(f"{tag}{i}".encode()).hexdigest(),
                          "metadata": {"ref": f"{tag}-{i}"}} for i in range(n)])


@pytest.fixture
def ledger(tmp_path: Path) -> Deployment:
    opened, _ = Deployment.init(Settings(data_dir=tmp_path / "log", origin="example.org/log"))
    _append(opened, 700, "a")
    cut_checkpoint(opened.store, opened.log_signer)
    _append(opened, 50, "b")
    return opened


def test_backup_while_appends_go_on_is_one_snapshot(ledger: Deployment, tmp_path: Path) -> None:
    with appending(lambda n: _append(ledger, 20, f"w{n}-")):
        report = backup(ledger, tmp_path / "copy.db")
    assert report.checkpoint_size == 700 and 750 <= report.size <= ledger.store.size()
    assert not (tmp_path / "copy.db.partial").exists()
    # the copy is the log as it was at one moment: a prefix of it, with its tree
    copy = LogStore.open(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        assert copy.head() == (report.size, report.root)
        assert report.root == ledger.store.root(report.size)
        assert copy.leaf_hashes(0, report.size) == ledger.store.leaf_hashes(0, report.size)
        index = report.size - 1
        proof = copy.inclusion_proof(index, report.size)
        verify_inclusion(index, report.size, copy.leaf_hashes(index, index + 1)[0], proof,
                         report.root)
    finally:
        copy.close()
    with sqlite3.connect(tmp_path / "copy.db") as conn:   # a sound file for SQLite itself
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_restored_backup_is_the_log(ledger: Deployment, tmp_path: Path) -> None:
    report = backup(ledger, tmp_path / "copy.db")
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    (tmp_path / "copy.db").rename(restored_dir / "ledger.db")
    (restored_dir / "log.key").write_bytes(ledger.settings.resolved_log_key_file.read_bytes())
    restored = Deployment.open(Settings(data_dir=restored_dir))
    try:
        assert restored.store.head() == (report.size, report.root)
        _append(restored, 5, "after")   # it takes appends again
        checkpoint = cut_checkpoint(restored.store, restored.log_signer)
        assert checkpoint is not None
        verify_checkpoint(checkpoint.note, ledger.verifier_key, origin="example.org/log")
    finally:
        restored.close()


def test_backup_never_overwrites(ledger: Deployment, tmp_path: Path) -> None:
    (tmp_path / "taken.db").write_bytes(b"precious")
    with pytest.raises(BackupError, match="exists: name a new file"):
        backup(ledger, tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_bytes() == b"precious"
    with pytest.raises(BackupError, match="no directory"):
        backup(ledger, tmp_path / "missing" / "copy.db")


def test_a_log_whose_root_disagrees_with_its_tiles_is_not_backed_up(
    ledger: Deployment, tmp_path: Path,
) -> None:
    database = ledger.settings.data_dir / "ledger.db"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE log_state SET root = ?", (b"\x01" * 32,))
    with pytest.raises(BackupError, match="stored root differs from its hash tiles"):
        backup(ledger, tmp_path / "copy.db")
    assert list(tmp_path.glob("copy.db*")) == []


def test_a_checkpoint_not_signed_by_the_log_key_fails_the_backup(
    ledger: Deployment, tmp_path: Path,
) -> None:
    impostor = LogSigner.generate("example.org/log")
    forged = impostor.sign_note(f"example.org/log\n750\n{ledger.store.root(750).hex()}\n")
    with sqlite3.connect(ledger.settings.data_dir / "ledger.db") as conn:
        conn.execute("INSERT INTO checkpoints (tree_size, root, note, created_at) "
                     "VALUES (750, ?, ?, 0)", (ledger.store.root(750), forged))
    with pytest.raises(BackupError, match="newest checkpoint does not verify"):
        backup(ledger, tmp_path / "copy.db")
    assert list(tmp_path.glob("copy.db*")) == []


def test_postgres_logs_are_sent_to_pg_dump(store: LogStore, tmp_path: Path) -> None:
    on = Deployment(Settings(data_dir=tmp_path), store, LogSigner.generate("example.org/log"))
    if store.engine.dialect.name == "sqlite":
        assert backup(on, tmp_path / "copy.db").size == 0
    else:
        with pytest.raises(BackupError, match="pg_dump"):
            backup(on, tmp_path / "copy.db")


def test_cli_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_dir = tmp_path / "log"
    assert main(["init", "--dir", str(log_dir), "--origin", "example.org/log"]) == 0
    assert main(["backup", str(tmp_path / "b.db"), "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert "Backed up 0 entries" in out and "log key is not in the backup" in out
    assert main(["backup", str(tmp_path / "b.db"), "--dir", str(log_dir)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "exists: name a new file" in err[0]
