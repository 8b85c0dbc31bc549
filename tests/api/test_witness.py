"""The witness routes over real HTTP (uvicorn, create_app): each answer, and a fork caught."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint

from ipledger.api.main import create_app
from ipledger.api.metrics import MetricsMiddleware
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.witness.cosigning import ensure_witness_key
from ipledger.ledger.witness.logs import add_log, origin_hash
from ipledger.ledger.witness.requests import format_add_checkpoint
from ipledger.verifier.core.cosignature import verify_cosignature
from tests.api.uvicorn_thread import uvicorn_thread
from tests.ledger.witness.helpers import LOG_ORIGIN, SubmittingLog, scales_verified

OFFICE = "office-a.example/log"
PROBLEM = "application/problem+json"


@dataclass
class Office:
    """An office's served API (witness role on), its witness key and the log it witnesses."""

    base: str
    deployment: Deployment
    witness_vkey: str
    log: SubmittingLog

    def post(self, body: bytes) -> httpx.Response:
        return httpx.post(f"{self.base}/witness/add-checkpoint", content=body, timeout=30)

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30)


def serve_app(app: object, settings: Settings) -> Iterator[str]:
    with uvicorn_thread(app, settings) as port:  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def office(migrated_url: str, tmp_path: Path) -> Iterator[Office]:
    settings = Settings(data_dir=tmp_path / "office-a", api_rate_per_second=0)
    deployment = Deployment(settings, LogStore.open(migrated_url), LogSigner.generate(OFFICE))
    signer, created = ensure_witness_key(settings, OFFICE)
    assert created and signer.name == "office-a.example/log/witness"
    log = SubmittingLog.on_sqlite(tmp_path)
    add_log(deployment.engine, log.signer.verifier_key)
    app = MetricsMiddleware(create_app(deployment), deployment.engine)
    for base in serve_app(app, settings):
        yield Office(base, deployment, signer.verifier_key, log)
    log.store.close()
    deployment.close()


def test_every_answer_of_add_checkpoint_over_http(office: Office, tmp_path: Path) -> None:
    log = office.log
    log.grow(3)
    note = log.note()
    first = office.post(log.body(0, note=note))
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/plain; charset=utf-8"
    checkpoint, _ = verify_cosignature(note + first.text, office.witness_vkey)
    assert checkpoint.size == 3
    assert scales_verified(note, first.text, office.witness_vkey) == [
        "office-a.example/log/witness"
    ]
    log.grow(4)
    conflict = office.post(log.body(1))
    assert conflict.status_code == 409
    assert conflict.headers["content-type"] == "text/x.tlog.size"
    assert conflict.text == "3\n"
    assert office.post(log.body(conflict_size(conflict))).status_code == 200
    answers = {
        400: office.post(b"old 9\n\n" + log.note().encode()),
        403: office.post(log.body(7, note=log.note(signer=LogSigner.generate(LOG_ORIGIN)))),
        422: office.post(format_add_checkpoint(7, [b"\x00" * 32], log.note()).encode()),
    }
    stranger = SubmittingLog.on_sqlite(tmp_path, LogSigner.generate("office-z.example/log"))
    stranger.grow(1)
    answers[404] = office.post(format_add_checkpoint(0, [], stranger.note()).encode())
    stranger.store.close()
    for status, response in answers.items():
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["detail"]


def conflict_size(response: httpx.Response) -> int:
    return int(response.text)


def test_monitoring_checkpoint(office: Office) -> None:
    path = f"/witness/{origin_hash(LOG_ORIGIN)}/checkpoint"
    assert office.get(path).status_code == 404
    office.log.grow(2)
    note = office.log.note()
    cosignature = office.post(office.log.body(0, note=note)).text
    served = office.get(path)
    assert (served.status_code, served.text) == (200, note + cosignature)
    # A third party's note code finds both the log's signature and the cosignature valid.
    checkpoint = ScalesCheckpoint.from_text(served.text)
    keys = VkeySet(
        Vkey.from_string(office.log.signer.verifier_key), Vkey.from_string(office.witness_vkey)
    )
    valid = keys.verify(checkpoint.signatures, checkpoint)
    assert sorted(v.name for v, _ in valid) == ["office-a.example/log/witness", LOG_ORIGIN]
    assert office.get("/witness/NOT-A-HASH/checkpoint").status_code == 422


def test_a_fork_is_caught_and_reported_in_health_metrics_and_evidence(
    office: Office, tmp_path: Path
) -> None:
    log = office.log
    log.grow(5)
    accepted = log.note()
    assert office.post(log.body(0, note=accepted)).status_code == 200
    assert office.get("/v1/health").json()["equivocations_caught"] == 0
    fork = SubmittingLog.on_sqlite(tmp_path, log.signer)
    fork.grow(5)
    forked = fork.note()
    refused = office.post(format_add_checkpoint(5, [], forked).encode())
    assert refused.status_code == 422
    [caught] = office.get("/v1/witness/equivocations").json()["equivocations"]
    assert caught["origin"] == LOG_ORIGIN and caught["size"] == 5
    assert caught["accepted_note"].startswith(accepted)
    assert caught["conflicting_note"] == forked
    health = office.get("/v1/health").json()
    assert health["status"] == "degraded" and health["equivocations_caught"] == 1
    assert "equivocation" in health["detail"]
    metrics = {
        s.name: s.value
        for family in text_string_to_metric_families(office.get("/metrics").text)
        for s in family.samples
    }
    assert metrics["ipledger_witness_equivocations"] == 1
    assert metrics["ipledger_witnessed_logs"] == 1
    fork.store.close()


def test_a_body_over_the_small_limit_is_413(office: Office) -> None:
    response = office.post(b"old 0\n" + b"A" * (70 << 10))
    assert response.status_code == 413


def test_without_a_witness_key_add_checkpoint_is_503(office: Office) -> None:
    office.deployment.settings.resolved_witness_key_file.unlink()
    office.log.grow(1)
    # The key is loaded at the first cosigning: this server never loaded it.
    response = office.post(office.log.body(0))
    assert response.status_code == 503
    assert "ipledger witness key" in response.json()["detail"]
