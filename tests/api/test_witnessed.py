"""A log served with its worker on anvil, witnessed by two real ipledger witnesses."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint

from ipledger.api.metrics import LedgerCollector
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.leaf import (
    entry_leaf_hash,
    metadata_hash,
    parse_digest,
    parse_nonce,
)
from ipledger.verifier.core.proof import verify_inclusion
from ipledger.verifier.core.tlogproof import parse_tlog_proof
from tests.api.test_anchoring import Anchored, chain_on, make
from tests.ledger.cosigning.offices import WitnessOffice

pytestmark = pytest.mark.chain

B_NAME = "office-b.example/log/witness"
C_NAME = "office-c.example/log/witness"


def _wait(predicate: Callable[[], Any], timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def _cosigners(note: str, *offices: WitnessOffice) -> list[str]:
    """Names of the witnesses whose lines tlog-scales (a third party) verifies on `note`."""
    checkpoint = ScalesCheckpoint.from_text(note)
    keys = VkeySet(*(Vkey.from_string(o.vkey) for o in offices))
    return sorted(v.name for v, _ in keys.verify(checkpoint.signatures, checkpoint))


def _digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(b"witnessed %d" % n).hexdigest()


def test_checkpoints_and_bundles_carry_the_witnesses_cosignatures(
    anvil: AnvilNode, tmp_path: Path
) -> None:
    b = WitnessOffice(tmp_path, "office-b.example").start()
    c = WitnessOffice(tmp_path, "office-c.example").start()
    url = f"sqlite:///{tmp_path / 'log.db'}"
    try:
        with make(url, chain_on(anvil, tmp_path), witnesses=f"{b.config}\n{c.config}",
                  witness_timeout=1.0) as api:
            b.witness(api.signer.verifier_key)
            c.witness(api.signer.verifier_key)
            _run(api, b, c)
    finally:
        b.stop()
        c.stop()


def _latest_note(api: Anchored) -> str:
    r = api.client.get("/v1/checkpoints/latest")
    return str(r.json()["note"]) if r.status_code == 200 else ""


def _bundle(api: Anchored, index: int) -> EvidenceBundle | None:
    r = api.client.get(f"/v1/entries/{index}/evidence", headers=api.auth)
    return EvidenceBundle.from_json(r.content) if r.status_code == 200 else None


def _run(api: Anchored, b: WitnessOffice, c: WitnessOffice) -> None:
    client, auth, key = api.client, api.auth, api.signer.verifier_key
    for n in range(3):
        r = client.post("/v1/entries", json={"digest": _digest(n), "metadata": {"n": n}},
                        headers=auth)
        assert r.status_code == 201, r.text
    # Served checkpoints: the log's line, then office-b's and office-c's.
    note = _wait(lambda: (n := _latest_note(api)).count("\n\u2014 ") == 3 and n)
    assert _cosigners(note, b, c) == [B_NAME, C_NAME]
    assert verify_checkpoint(note, key).size == 3
    size = verify_checkpoint(note, key).size
    listed = client.get("/v1/checkpoints").json()["items"][0]
    assert listed["note"] == note == client.get(f"/v1/checkpoints/{size}").json()["note"]

    # The bundle carries the cosigned checkpoint; the verifier and tlog-scales accept it.
    bundle = _wait(lambda: (x := _bundle(api, 0)) and x.checkpoint.count("\n\u2014 ") == 3 and x)
    assert verify(bundle, log_key=key) is not None
    assert _cosigners(bundle.checkpoint, b, c) == [B_NAME, C_NAME]

    # The tlog-proof of entry 1: its path checks against its cosigned checkpoint with the
    # verifier's RFC 9162 code, and its extra recomputes the leaf hash.
    r = client.get("/v1/entries/1/tlog-proof", headers=auth)
    assert r.status_code == 200 and r.headers["content-type"] == "text/plain; charset=utf-8"
    proof = parse_tlog_proof(r.content)
    cp = verify_checkpoint(proof.checkpoint, key)
    assert _cosigners(proof.checkpoint, b, c) == [B_NAME, C_NAME]
    assert proof.extra is not None
    entry = json.loads(proof.extra)
    first_bundle = _wait(lambda: _bundle(api, 1))
    assert entry == first_bundle.to_dict()["entry"]  # exactly as the bundle has it
    assert proof.extra == json.dumps(entry, separators=(",", ":"), sort_keys=True).encode()
    leaf = entry_leaf_hash(parse_digest(entry["digest"]), parse_nonce(entry["nonce"]),
                           metadata_hash(entry["metadata"]), entry["received_at"])
    verify_inclusion(1, cp.size, leaf, proof.inclusion_path, cp.root)
    assert client.get("/v1/entries/1/tlog-proof").status_code == 401
    assert client.get("/v1/entries/9/tlog-proof", headers=auth).status_code == 404

    # office-b goes down: appends and anchoring go on, office-c still cosigns.
    b.stop()
    for n in range(3, 5):
        r = client.post("/v1/entries", json={"digest": _digest(n)}, headers=auth)
        assert r.status_code == 201, r.text
    later = _wait(lambda: (x := _bundle(api, 4)) and x.checkpoint.count("\n\u2014 ") == 2 and x)
    assert _cosigners(later.checkpoint, b, c) == [C_NAME]
    health = _wait(lambda: (h := client.get("/v1/health").json())["witnesses"][0]["state"]
                   == "unreachable" and h)
    assert health["status"] == "ok"  # an outage is retried; it needs no operator
    assert [w["name"] for w in health["witnesses"]] == [B_NAME, C_NAME]
    assert "Connection" in health["witnesses"][0]["last_error"]
    assert health["witnesses"][1]["state"] == "ok"
    assert health["witnesses"][1]["last_cosigned_size"] == 5

    # office-b comes back: the newest checkpoint gets its cosignature again.
    b.start()
    newest = verify_checkpoint(_latest_note(api), key).size
    note = _wait(lambda: (n := _latest_note(api)).count("\n\u2014 ") == 3 and n, timeout=120)
    assert verify_checkpoint(note, key).size >= newest
    assert _cosigners(note, b, c) == [B_NAME, C_NAME]

    _check_metrics(api)


def _check_metrics(api: Anchored) -> None:
    # The test app is not wrapped by serve's /metrics middleware: read its collector.
    registry = CollectorRegistry()
    registry.register(LedgerCollector(api.side.deployment.engine))
    text = generate_latest(registry).decode()
    cosigned = re.findall(
        r'ipledger_cosigning_requests_total\{outcome="cosigned",witness="([^"]+)"\} (\d+)', text
    )
    assert sorted(w.split("+")[0] for w, count in cosigned if int(count) >= 2) == [B_NAME, C_NAME]
    assert re.search(r'ipledger_cosigning_requests_total\{outcome="unreachable",'
                     r'witness="office-b[^"]+"\} [1-9]', text)
    assert re.search(r'ipledger_cosigning_latency_seconds_count\{witness="office-c[^"]+"\} '
                     r'[2-9]', text)
    assert "ipledger_cosigned_size{" in text
