"""Submissions committed by a writer process of its own (IPLEDGER_API_WRITER_PROCESS)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError

from ipledger.api import cli
from ipledger.api.main import create_app
from ipledger.api.metrics import MetricsMiddleware
from ipledger.api.routes.entries import _single_body
from ipledger.api.sequencer import WRITER_BATCH_MAX, KeyRecord
from ipledger.api.writer_process import WriterProcess, _portable
from ipledger.ledger import idempotency
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import NewEntry
from ipledger.ledger.errors import DataDirError, StorageError, StorageUnavailable
from ipledger.ledger.tenants import authenticate, create_key
from ipledger.verifier.core.leaf import NO_METADATA_HASH
from ipledger.verifier.receipts import verify_entry_receipt, verify_receipt

ORIGIN = "ipledger.test/writer"


def digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(b"writer-%d" % n).hexdigest()


class ServedOffice:
    """A deployment on disk served with the writer process, its client and an API key."""

    def __init__(self, client: TestClient, deployment: Deployment, writer: WriterProcess) -> None:
        self.client, self.deployment, self.writer = client, deployment, writer
        self.headers = {"Authorization": "Bearer " + create_key(
            deployment.store.engine, "office-a", ("submit", "read"))[1]}

    def submit(self, n: int, **headers: str) -> Any:
        return self.client.post("/v1/entries", json={"digest": digest(n)},
                                headers={**self.headers, **headers})

    def writer_metrics(self) -> tuple[float, float]:
        """Return /metrics' (writer processes started, groups they committed)."""
        found = {s.name: s.value for family in text_string_to_metric_families(
            self.client.get("/metrics").text) for s in family.samples}
        return (found["ipledger_writer_process_starts_total"],
                found["ipledger_writer_process_groups_total"])

    def writer_health(self) -> tuple[str, dict[str, Any]]:
        """Return /v1/health's status and its `writer`."""
        answer = self.client.get("/v1/health")
        assert answer.status_code == 200, answer.text
        return answer.json()["status"], answer.json()["writer"]

    def keyed_batch_twice(self, numbers: range, key: str) -> None:
        """POST one batch twice with one key: the second answer replays the first's bytes."""
        body = {"entries": [{"digest": digest(n)} for n in numbers]}
        headers = {**self.headers, "Idempotency-Key": key}
        first, second = (self.client.post("/v1/entries/batch", json=body, headers=headers)
                         for _ in range(2))
        assert first.status_code == second.status_code == 201, first.text
        assert "idempotent-replayed" not in first.headers
        assert second.headers["Idempotent-Replayed"] == "true" and second.content == first.content

    def accepted(self, n: int) -> dict[str, Any]:
        answer = self.submit(n)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())


@pytest.fixture
def office(migrated_url: str, tmp_path: Path) -> Iterator[ServedOffice]:
    settings = Settings(data_dir=tmp_path / "office", database_url=migrated_url, origin=ORIGIN,
                        api_rate_per_second=0, api_writer_process=True)
    deployment, _ = Deployment.init(settings)
    app = create_app(deployment)
    writer = app.state.context.sequencer.writer
    assert isinstance(writer, WriterProcess)
    metered = MetricsMiddleware(app, deployment.store.engine, writer=writer)
    with TestClient(metered, raise_server_exceptions=False) as client:
        yield ServedOffice(client, deployment, writer)
    assert writer.pid is None  # stopped with the app
    deployment.close()


def test_single_submissions_commit_in_the_writer_process(office: ServedOffice) -> None:
    key = office.deployment.log_signer.verifier_key
    assert office.writer.pid not in (None, os.getpid())

    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(office.accepted, range(60)))
    assert sorted(b["index"] for b in bodies) == list(range(60))
    for body in bodies:
        verify_entry_receipt(body, key)
        assert office.deployment.store.entry(body["index"]).digest.hex() == body["digest"][7:]
    groups = office.writer.commits
    assert 1 <= groups <= 60
    assert office.writer_metrics() == (1, groups)
    # A small batch, a keyed submission and a keyed small batch are committed there too, each
    # a group of its own; the key's record commits with the entries, its replay commits nothing.
    batch = [{"digest": digest(100 + n)} for n in range(5)]
    r = office.client.post("/v1/entries/batch", json={"entries": batch}, headers=office.headers)
    assert r.status_code == 201, r.text
    verify_receipt(r.json()["note"], key).verify_batch(
        [bytes.fromhex(e["leaf_hash"]) for e in r.json()["entries"]])
    keyed = office.submit(200, **{"Idempotency-Key": "k-1"})
    again = office.submit(200, **{"Idempotency-Key": "k-1"})
    assert keyed.status_code == again.status_code == 201
    assert "idempotent-replayed" not in keyed.headers
    assert again.headers["Idempotent-Replayed"] == "true" and again.content == keyed.content
    verify_entry_receipt(keyed.json(), key)
    office.keyed_batch_twice(range(300, 303), "b-1")
    assert office.writer.commits == groups + 3
    assert office.writer_metrics() == (1, groups + 3)
    assert office.deployment.store.size() == 69
    # A larger batch is committed here, keyed or not: its trip would cost more than its commit.
    office.keyed_batch_twice(range(400, 401 + WRITER_BATCH_MAX), "b-2")
    assert office.writer.commits == groups + 3
    assert office.deployment.store.size() == 69 + WRITER_BATCH_MAX + 1


def test_a_key_recorded_meanwhile_rolls_the_group_back_in_the_child(
    office: ServedOffice,
) -> None:
    # Another API process recorded the key between this one's lookup and its commit: the
    # child's transaction fails on the key's row, the entries roll back with it, and the
    # error crosses the pipe as what it is, so the route answers with the other's record.
    who = authenticate(office.deployment.store.engine, office.headers["Authorization"][7:])
    record = KeyRecord(who.tenant_id, "taken", b"\x01" * 32, _single_body)
    entry = NewEntry(bytes(32), bytes(16), None, NO_METADATA_HASH)
    (done,) = office.writer.commit([(who, [entry])], whole=True, records=[record])
    assert done.body is not None and json.loads(done.body)["index"] == 0
    stored = idempotency.lookup(office.deployment.store.engine, who.tenant_id, "taken")
    assert stored is not None and stored.body.encode() == done.body  # committed with the entry
    with pytest.raises(IntegrityError):
        office.writer.commit([(who, [entry._replace(digest=b"\x02" * 32)])], whole=True,
                             records=[record])
    assert office.deployment.store.size() == 1  # the second entry rolled back with the key
    assert office.writer.pid is not None and office.writer.starts == 1  # the child lives on


def test_a_writer_process_that_died_idle_is_replaced_without_a_failed_request(
    office: ServedOffice,
) -> None:
    assert office.submit(0).status_code == 201
    first = office.writer.pid
    assert first is not None
    assert office.writer_health() == ("ok", {
        "mode": "process", "state": "ok", "pid": first, "starts": 1, "last_error": None,
        "last_error_at": None})
    before = time.time_ns() // 1_000_000
    os.kill(first, signal.SIGKILL)
    _wait_until_dead(first)
    status, gone = office.writer_health()  # the operator sees it is gone, and why
    assert (status, gone["state"], gone["pid"], gone["starts"]) == ("degraded", "stopped", None, 1)
    assert gone["last_error"] == f"writer process {first} ended between commits (exit code -9)"
    assert before <= gone["last_error_at"] <= time.time_ns() // 1_000_000
    r = office.submit(1)
    assert r.status_code == 201, r.text
    assert office.writer.pid not in (None, first)
    assert office.writer_metrics() == (2, 2)  # the operator sees that a child was replaced
    status, writer = office.writer_health()
    assert (status, writer["state"], writer["pid"], writer["starts"]) == (
        "ok", "ok", office.writer.pid, 2)
    assert (writer["last_error"], writer["last_error_at"]) == (  # the same death, said once
        gone["last_error"], gone["last_error_at"])
    assert [office.deployment.store.entry(i).digest.hex() for i in (0, 1)] == [
        digest(0)[7:], digest(1)[7:]]


def test_a_writer_process_killed_in_a_commit_fails_that_group_only(
    office: ServedOffice, migrated_url: str
) -> None:
    if not migrated_url.startswith("sqlite"):
        pytest.skip("the same path on both databases; one is enough")
    assert office.submit(0).status_code == 201
    child = office.writer.pid
    assert child is not None
    os.kill(child, signal.SIGSTOP)  # holds the group it is about to be sent
    answers: list[Any] = []
    sender = threading.Thread(target=lambda: answers.append(office.submit(1)))
    sender.start()
    deadline = time.monotonic() + 30
    while not office.writer._lock.locked():  # the commit has the pipe
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    sender.join(30)
    (failed,) = answers
    assert failed.status_code == 503, failed.text
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.headers["retry-after"] == "5"
    assert "nothing was stored, retry later" in failed.json()["detail"]
    assert office.deployment.store.size() == 1  # nothing of it was stored
    assert office.submit(2).status_code == 201
    assert office.deployment.store.size() == 2


def _wait_until_dead(pid: int) -> None:
    # Killed, then a zombie until multiprocessing reaps it: is_alive() says so from then on.
    deadline = time.monotonic() + 30
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        if state == "Z":
            return
        assert time.monotonic() < deadline, f"process {pid} still {state}"
        time.sleep(0.01)


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"])
def test_a_database_in_memory_is_refused_before_anything_starts(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ValidationError, match="needs a database another process can open"):
        Settings(database_url=url, api_writer_process=True)
    assert Settings(database_url=url).api_writer_process is False
    # `serve` says so in one line, exit 2, before it opens anything (or starts a chain).
    monkeypatch.setenv("IPLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("IPLEDGER_API_WRITER_PROCESS", "true")
    assert cli.main(["serve", "--dir", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "IPLEDGER_API_WRITER_PROCESS" in err
    assert "needs a database another process can open" in err and "Traceback" not in err
    assert not (tmp_path / "none").exists()


def test_a_child_that_cannot_open_the_deployment_raises_its_error(tmp_path: Path) -> None:
    writer = WriterProcess(Settings(data_dir=tmp_path / "empty", api_writer_process=True))
    with pytest.raises(DataDirError, match="ipledger init"):
        writer.start()
    assert writer.pid is None
    assert writer.last_error is not None and writer.last_error.startswith(
        "the writer process could not open the deployment: ")
    assert "ipledger init" in writer.last_error  # /v1/health's writer.last_error says why


class _Unpicklable(Exception):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a}/{b}")


def test_errors_cross_the_pipe_with_what_they_mean() -> None:
    plain = StorageError("disk full")
    assert _portable(plain) is plain
    converted = _portable(_Unpicklable("x", "y"))
    assert type(converted) is StorageError
    assert str(converted) == "the writer process failed: _Unpicklable: x/y"
    # Ledger errors with arguments of their own survive pickling whole.
    sent = pickle.loads(pickle.dumps(DataDirError(Path("/srv/x"), "no log key")))
    assert isinstance(sent, DataDirError) and sent.path == Path("/srv/x")
    assert str(sent) == "data directory /srv/x: no log key"
    # A database that refused the write stays a 503 once its cause is left behind.
    locked = OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))
    try:
        raise StorageError("append of 1 entries rolled back") from locked
    except StorageError as exc:
        unavailable = _portable(exc)
    assert isinstance(unavailable, StorageUnavailable)
    assert "database is locked" in str(pickle.loads(pickle.dumps(unavailable)))
    # A key recorded meanwhile stays an IntegrityError (the route replays the other's answer),
    # its parameters (SQLite's memoryviews, which do not pickle) left behind.
    taken = IntegrityError("INSERT INTO idempotency_keys ...", (memoryview(b"x"),),
                           sqlite3.IntegrityError("UNIQUE constraint failed"))
    sent_back = pickle.loads(pickle.dumps(_portable(taken)))
    assert type(sent_back) is IntegrityError and sent_back.params is None
    assert "UNIQUE constraint failed" in str(sent_back)
