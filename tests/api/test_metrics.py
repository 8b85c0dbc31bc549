"""/metrics: request, submission and batch counters, and log figures read from the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from ipledger.api.main import create_app
from ipledger.api.metrics import MetricsMiddleware
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import create_key


@pytest.fixture
def client(migrated_url: str) -> Iterator[tuple[TestClient, str, LogStore, LogSigner]]:
    store = LogStore.open(migrated_url)
    signer = LogSigner.generate("metrics.test/log")
    app = create_app(Deployment(Settings(api_rate_per_second=0), store, signer))
    key = create_key(store.engine, "office-a", ["submit", "read"])[1]
    with TestClient(MetricsMiddleware(app, store.engine), raise_server_exceptions=False) as c:
        yield c, key, store, signer
    store.close()


def samples(c: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = c.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def digest(i: int) -> str:
    return "sha256:" + hashlib.sha256(b"m %d" % i).hexdigest()


def test_metrics_count_what_was_answered(
    client: tuple[TestClient, str, LogStore, LogSigner],
) -> None:
    c, key, store, signer = client
    auth = {"Authorization": f"Bearer {key}"}
    assert c.post("/v1/entries", json={"digest": digest(0)}, headers=auth).status_code == 201
    batch = {"entries": [{"digest": digest(i)} for i in range(1, 8)]}
    assert c.post("/v1/entries/batch", json=batch, headers=auth).status_code == 201
    assert c.post("/v1/entries", json={"digest": "nope"}, headers=auth).status_code == 422
    assert c.get("/v1/entries/0").status_code == 401
    cut_checkpoint(store, signer)
    m = samples(c)
    assert m[("ipledger_submissions_total", (("kind", "single"), ("outcome", "acknowledged")))] == 1
    assert m[("ipledger_submissions_total", (("kind", "batch"), ("outcome", "acknowledged")))] == 1
    assert m[("ipledger_submissions_total", (("kind", "single"), ("outcome", "refused")))] == 1
    assert m[("ipledger_entries_acknowledged_total", ())] == 8
    assert m[("ipledger_batch_size_count", ())] == 1 and m[("ipledger_batch_size_sum", ())] == 7
    assert m[("ipledger_batch_size_bucket", (("le", "5.0"),))] == 0
    assert m[("ipledger_batch_size_bucket", (("le", "10.0"),))] == 1
    assert m[("ipledger_http_errors_total", (("status", "422"),))] == 1
    assert m[("ipledger_http_errors_total", (("status", "401"),))] == 1
    assert m[("ipledger_http_requests_total", (("method", "GET"), ("route", "/v1/entries/{index}"),
                                               ("status", "401")))] == 1
    assert m[("ipledger_database_up", ())] == 1
    assert m[("ipledger_log_size", ())] == 8
    assert m[("ipledger_checkpoint_size", ())] == 8
    assert m[("ipledger_unanchored_entries", ())] == 8          # no anchor yet
    assert m[("ipledger_oldest_unanchored_age_seconds", ())] >= 0
    assert m[("ipledger_anchor_latency_seconds_gcount", ())] == 0
    # A retry with an Idempotency-Key is answered, not stored: it counts as replayed.
    keyed = {**auth, "Idempotency-Key": "k-1"}
    for _ in range(2):
        assert c.post("/v1/entries", json={"digest": digest(9)}, headers=keyed).status_code == 201
    m = samples(c)
    assert m[("ipledger_submissions_total", (("kind", "single"), ("outcome", "acknowledged")))] == 2
    assert m[("ipledger_submissions_total", (("kind", "single"), ("outcome", "replayed")))] == 1
    assert m[("ipledger_entries_acknowledged_total", ())] == 9


def test_metrics_survive_a_database_that_is_gone(
    client: tuple[TestClient, str, LogStore, LogSigner],
) -> None:
    c, _, store, _ = client
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE checkpoints")
    m = samples(c)
    assert m[("ipledger_database_up", ())] == 0
    assert ("ipledger_log_size", ()) not in m
