"""Online backups of a SQLite log, checked against the log's own signed checkpoint."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ipledger.ledger.checkpoints import latest_checkpoint
from ipledger.ledger.db import is_sqlite
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import BackupError
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.errors import VerifierError


@dataclass(frozen=True)
class BackupReport:
    """What a backup holds: its tree, and the newest signed checkpoint it was checked with."""

    path: Path
    size: int
    root: bytes
    checkpoint_size: int | None


def backup(deployment: Deployment, dest: Path) -> BackupReport:
    """Copy the log's SQLite database to `dest` while the log stays in use, then check the copy.

    Preconditions: the log is on SQLite (PostgreSQL has pg_dump) and `dest` does not exist;
    else BackupError. The copy is one consistent snapshot (SQLite's backup API in a single
    step, under a read transaction: writers go on in WAL mode). It is written beside `dest`
    and renamed into place only after it passed `PRAGMA quick_check`, its stored root equals
    the root recomputed from its hash tiles, and its newest checkpoint is signed by this
    log's key with a root the copy's tree reproduces. A failed backup leaves nothing.
    """
    engine = deployment.store.engine
    if not is_sqlite(engine):
        raise BackupError(
            "the log is on PostgreSQL: back it up with pg_dump or the database's own backups "
            "(ipledger backup copies SQLite logs)"
        )
    source = engine.url.database
    if not source or source == ":memory:":
        raise BackupError("the log has no database file to back up")
    dest = Path(dest)
    if dest.exists():
        raise BackupError(f"{dest} exists: name a new file (a backup never overwrites one)")
    if not dest.parent.is_dir():
        raise BackupError(f"no directory {dest.parent}: create it first")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(Path(source), partial)
        report = _check(deployment, partial)
        os.replace(partial, dest)
        _fsync_dir(dest.parent)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(dest, report.size, report.root, report.checkpoint_size)


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # pages=-1: every page in one step, one snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"copying {source} failed: {exc}") from None
    finally:
        src.close()
    with open(target, "rb+") as f:
        os.fsync(f.fileno())


def _check(deployment: Deployment, copy: Path) -> BackupReport:
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    if verdict != [("ok",)]:
        raise BackupError(f"the copy failed SQLite's quick_check: {verdict[:3]}")
    store = LogStore.open(f"sqlite:///{copy}")
    try:
        size, root = store.head()
        if size and store.root(size) != root:
            raise BackupError("the copy's stored root differs from its hash tiles")
        checkpoint = latest_checkpoint(store)
        if checkpoint is not None:
            try:
                signed = verify_checkpoint(
                    checkpoint.note, deployment.verifier_key, origin=deployment.origin
                )
            except VerifierError as exc:
                raise BackupError(f"the copy's newest checkpoint does not verify: {exc}") from None
            if signed.size > size or store.root(signed.size) != signed.root:
                raise BackupError(
                    f"the copy's tree does not reproduce its checkpoint of size {signed.size}"
                )
        return BackupReport(copy, size, root, None if checkpoint is None else checkpoint.tree_size)
    finally:
        store.close()


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsync'd
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
