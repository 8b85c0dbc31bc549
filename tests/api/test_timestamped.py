"""A log served with its worker on anvil, its checkpoints time-stamped by a real OpenSSL TSA."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from ipledger.api.metrics import LedgerCollector
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.core.note import parse_note
from tests.api.test_anchoring import Anchored, chain_on, make
from tests.ledger.timestamping.test_client import openssl_accepts
from tests.openssl_tsa import OpenSslTsa
from tests.ports import free_port

pytestmark = pytest.mark.chain


def _digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(b"time-stamped %d" % n).hexdigest()


def _bundle(api: Anchored, index: int) -> EvidenceBundle | None:
    r = api.client.get(f"/v1/entries/{index}/evidence", headers=api.auth)
    return EvidenceBundle.from_json(r.content) if r.status_code == 200 else None


def _append(api: Anchored, start: int, count: int) -> float:
    """Append `count` entries one request each; return the seconds it took."""
    began = time.monotonic()
    for n in range(start, start + count):
        r = api.client.post("/v1/entries", json={"digest": _digest(n)}, headers=api.auth)
        assert r.status_code == 201, r.text
    return time.monotonic() - began


def _tsa(api: Anchored, index: int) -> dict[str, Any]:
    return dict(api.client.get("/v1/health").json()["tsas"][index])


def test_bundles_carry_tokens_and_a_tsa_that_is_down_blocks_nothing(
    anvil: AnvilNode, tmp_path: Path
) -> None:
    tsa = OpenSslTsa(tmp_path, "ec", "Served TSA")
    nothing = f"http://127.0.0.1:{free_port()}/tsr"  # no server listens there
    with tsa.serve() as tsa_url, make(
        f"sqlite:///{tmp_path / 'log.db'}", chain_on(anvil, tmp_path),
        tsa_urls=f"{tsa_url}\n{nothing}", tsa_ca_file=tsa.ca_pem, tsa_timeout=1.0,
    ) as api:
        # Up: the anchored checkpoint's bundle carries the TSA's token; OpenSSL accepts it.
        up_seconds = _append(api, 0, 20)
        bundle = api.wait_for(lambda: (b := _bundle(api, 19)) and b.timestamps and b)
        message = parse_note(bundle.checkpoint).text.encode()
        assert len(bundle.timestamps) == 1
        assert openssl_accepts(tsa, bundle.timestamps[0], message)
        assert verify(bundle, log_key=api.signer.verifier_key) is not None
        health = api.wait_for(
            lambda: (h := api.client.get("/v1/health").json())["tsas"][1]["state"] != "waiting"
            and h
        )
        assert health["status"] == "ok"  # an unreachable TSA needs no operator
        assert [t["state"] for t in health["tsas"]] == ["ok", "unreachable"]
        assert "ConnectionRefusedError" in health["tsas"][1]["last_error"]

        # Down: appends go on as fast (within noise) and anchors still land, without tokens.
        tsa.down = True
        down_seconds = _append(api, 20, 20)
        assert down_seconds < 2 * up_seconds + 1.0, (down_seconds, up_seconds)
        missed = api.wait_for(lambda: _bundle(api, 39))
        assert missed.timestamps == () and missed.inclusion.tree_size == 40
        assert verify(missed, log_key=api.signer.verifier_key) is not None
        state = api.wait_for(lambda: (t := _tsa(api, 0))["state"] == "unreachable" and t)
        assert "HTTP 503" in state["last_error"]

        # Back: the checkpoints cut meanwhile, the anchored one among them, get their tokens.
        tsa.down = False
        late = api.wait_for(lambda: (b := _bundle(api, 39)) and b.timestamps and b, 120)
        assert late.checkpoint == missed.checkpoint and late.anchor == missed.anchor
        assert openssl_accepts(tsa, late.timestamps[0], parse_note(late.checkpoint).text.encode())
        assert not openssl_accepts(tsa, late.timestamps[0], message)
        assert _tsa(api, 0)["state"] == "ok" and _tsa(api, 0)["last_stamped_size"] >= 40

        registry = CollectorRegistry()
        registry.register(LedgerCollector(api.side.deployment.engine))
        text = generate_latest(registry).decode()
        assert re.search(r'ipledger_timestamping_requests_total\{outcome="stamped",'
                         rf'tsa="{re.escape(tsa_url)}"\}} [2-9]', text), text
        assert re.search(r'ipledger_timestamping_requests_total\{outcome="unreachable",'
                         rf'tsa="{re.escape(nothing)}"\}} [1-9]', text)
        assert "ipledger_timestamping_stamped_size{" in text
