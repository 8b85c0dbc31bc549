"""Operations: a full run's logs are JSON lines with no secret or metadata; /metrics adds up."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.reliability.audit import audit
from tests.reliability.conftest import anchors, under_load, wait_for
from tests.reliability.harness import DeploymentHome

pytestmark = [pytest.mark.chain]


def metrics(deployment: DeploymentHome) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = httpx.get(deployment.url + "/metrics", timeout=10)
    assert response.status_code == 200
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text)
            for s in family.samples}


def secrets_of(deployment: DeploymentHome) -> dict[str, str]:
    """Every secret a log line must never hold: API keys, the log key, the anchoring key."""
    found = {f"API key of {tenant}": key.split("_", 2)[2] for tenant, key in
             deployment.keys.items()}
    log_key = (deployment.data_dir / "log.key").read_text().strip()
    # PRIVATE+KEY+<name>+<hash>+<base64 seed>: the base64 may itself hold '+'
    found["log signing key"] = log_key.split("+", 4)[4]
    signer = (deployment.data_dir / "chain" / "signer.key").read_text().strip()
    found["anchoring key"] = signer.removeprefix("0x").lower()
    assert all(len(secret) >= 40 for secret in found.values()), "a secret was misparsed"
    return found


def metadata_values(records: list[dict[str, Any]]) -> set[str]:
    values: set[str] = set()
    for record in records:
        sent = record.get("sent") or {}
        for entry in sent.get("entries", [sent]):
            meta = entry.get("metadata") or {}
            values.update(v for v in meta.values() if isinstance(v, str) and len(v) > 8)
    return values


def test_a_full_run_logs_no_secret_and_its_metrics_add_up(
    deployment: DeploymentHome, tmp_path: Path,
) -> None:
    deployment.create_key("office-b")
    secret_meta = "meta-tenant-b-private-title"
    with under_load(deployment, tmp_path / "clients") as run:
        wait_for("a first final anchor", lambda: anchors(deployment, "final"))
        run.server.kill()                     # a crash and a restart are in the logs too
        run.server.start()
        run.server.wait_healthy()
        # the paths where a secret could slip into a log: bad and foreign keys, invalid
        # bodies carrying metadata
        other = {"Authorization": f"Bearer {deployment.keys['office-b']}"}
        forged = deployment.keys["office-b"][:-4] + "AAAA"
        for headers in (other, {"Authorization": f"Bearer {forged}"},
                        {"X-API-Key": forged, "Authorization": f"Bearer {forged}x"}):
            httpx.post(deployment.url + "/v1/entries", headers=headers, timeout=10,
                       json={"digest": "sha256:" + "ab" * 32, "metadata": {"t": secret_meta}})
            httpx.post(deployment.url + "/v1/entries", headers=headers, timeout=10,
                       content=b'{"digest": "bad", "metadata": {"t": "%s"}}' % (
                           secret_meta.encode()))
            httpx.get(deployment.url + "/v1/entries/0", headers=headers, timeout=10)
        wait_for("anchoring after the restart", lambda: len(anchors(deployment, "final")) > 1)
    result = audit(deployment, run.records)
    assert result.problems == [] and result.lost == 0

    # metrics: process counters count exactly what this process answered
    before = metrics(deployment)
    auth = {"Authorization": f"Bearer {deployment.keys['office-a']}"}
    for i in range(3):
        httpx.post(deployment.url + "/v1/entries", headers=auth, timeout=10,
                   json={"digest": "sha256:" + hashlib.sha256(b"m%d" % i).hexdigest()})
    httpx.post(deployment.url + "/v1/entries/batch", headers=auth, timeout=10, json={
        "entries": [{"digest": "sha256:" + "cd" * 32}] * 4})
    after = metrics(deployment)
    acked = ("ipledger_entries_acknowledged_total", ())
    assert after[acked] - before.get(acked, 0) == 7
    single = ("ipledger_submissions_total", (("kind", "single"), ("outcome", "acknowledged")))
    assert after[single] - before.get(single, 0) == 3
    assert after[("ipledger_batch_size_count", ())] - before.get(
        ("ipledger_batch_size_count", ()), 0) == 1
    # deployment figures come from the database: the audited log, fully anchored
    assert before[("ipledger_log_size", ())] == result.log_size
    assert before[("ipledger_anchored_size", ())] == result.log_size
    assert before[("ipledger_unanchored_entries", ())] == 0
    assert before[("ipledger_anchors", (("state", "final"),))] >= 1
    assert before[("ipledger_anchor_gas_used_total", ())] > 21_000
    assert before[("ipledger_anchor_latency_seconds_gcount", ())] >= 1
    assert before[("ipledger_http_errors_total", (("status", "401"),))] >= 1

    # logs: every line of stderr is one JSON object, and no secret or metadata is in any
    text = run.server.log_path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) > 10
    for line in lines:
        assert isinstance(json.loads(line), dict), line
    for name, secret in secrets_of(deployment).items():
        hits = [line for line in lines if secret in line or secret.upper() in line]
        assert hits == [], f"{name} in the logs, e.g. in: {hits[0][:400]}"
    leaked = [v for v in {*metadata_values(run.records), secret_meta} if v in text]
    assert leaked == [], f"metadata in the logs: {leaked[:3]}"
    assert re.search(r"ipl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", text) is None
    events = {json.loads(line).get("anchoring_event") for line in lines}
    assert {"anchor_sent", "anchor_final"} <= events   # the worker's structured events
