"""The API with its chain side on a real anvil: status, anchors, log info, health, bundles."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.concurrency import run_in_threadpool

from ipledger.api import models as documented
from ipledger.api.bundle_models import EvidenceBundlePublic
from ipledger.api.chain_side import ChainSide
from ipledger.api.main import create_app
from ipledger.api.routes import evidence as evidence_routes
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.connection import connect, fund_local_account
from ipledger.ledger.chain.contract import anchor_contract, deploy_contract, load_artifact
from ipledger.ledger.chain.presets import get_preset
from ipledger.ledger.chain.signer import generate_key_file
from ipledger.ledger.config import Settings
from ipledger.ledger.db import is_sqlite
from ipledger.ledger.deployed_chain import ChainConnection, ChainOpener
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import ChainPartNotKept
from ipledger.ledger.evidence.bundle import ChainParts
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.lru import LruCache
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import create_key
from ipledger.verifier import EvidenceBundle, verify

ORIGIN = "ipledger.test/log"

pytestmark = pytest.mark.chain


def digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(b"anchoring %d" % n).hexdigest()


def chain_on(node: AnvilNode, where: Path) -> ChainOpener:
    """Open the session's anvil with a fresh operator key and contract (as open_chain would)."""

    def opener(settings: Settings) -> ChainConnection:
        w3 = connect(node.rpc_url, expected_chain_id=node.chain_id)
        signer = generate_key_file(where / "operator.key")
        fund_local_account(w3, signer.address)
        artifact = load_artifact()
        deployment = deploy_contract(w3, signer, artifact)
        contract = anchor_contract(w3, deployment.address, artifact)
        return ChainConnection(
            w3, node.rpc_url, get_preset("local"), signer, deployment, contract
        )

    return opener


@dataclass
class Anchored:
    client: TestClient
    side: ChainSide
    signer: LogSigner
    auth: dict[str, str]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 60.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError("timed out")


@contextlib.contextmanager
def make(url: str, opener: ChainOpener, **overrides: Any) -> Iterator[Anchored]:
    values: dict[str, Any] = {
        "origin": ORIGIN,
        "api_rate_per_second": 0,
        "batch_interval": 0.2,
        "anchor_poll_interval": 0.1,
        **overrides,
    }
    settings = Settings(**values)
    store = LogStore.open(url)
    signer = LogSigner.generate(ORIGIN)
    deployment = Deployment(settings, store, signer, chain_opener=opener)
    side = ChainSide(deployment)
    app = create_app(deployment, chain=side)
    key = create_key(store.engine, "office-a", ("submit", "read"))[1]
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Anchored(client, side, signer, {"Authorization": f"Bearer {key}"})
    store.close()


@pytest.fixture
def anchored(migrated_url: str, anvil: AnvilNode, tmp_path: Path) -> Iterator[Anchored]:
    with make(migrated_url, chain_on(anvil, tmp_path)) as api:
        yield api


def test_entries_go_pending_to_final_and_bundles_verify_offline(anchored: Anchored) -> None:
    c, auth = anchored.client, anchored.auth
    first = c.post("/v1/entries", json={"digest": digest(0), "metadata": {"n": 0}}, headers=auth)
    assert first.status_code == 201, first.text
    batch = c.post(
        "/v1/entries/batch",
        json={"entries": [{"digest": digest(n)} for n in range(1, 6)]},
        headers=auth,
    )
    assert batch.status_code == 201, batch.text

    def final_bundle(index: int) -> bytes | None:
        r = c.get(f"/v1/entries/{index}/evidence", headers=auth)
        if r.status_code == 202:
            assert r.json()["status"] in ("pending", "anchored")
            assert int(r.headers["retry-after"]) > 0
            return None
        assert r.status_code == 200, r.text
        return bytes(r.content)

    for index in range(6):
        body = anchored.wait_for(functools.partial(final_bundle, index))
        bundle = EvidenceBundle.from_json(body)
        EvidenceBundlePublic.model_validate_json(body)  # what /openapi.json promises
        verdict = verify(bundle, log_key=anchored.signer.verifier_key)
        assert bundle.entry.index == index and verdict is not None
    assert bundle.entry.digest.hex() == digest(5)[7:]

    # The anchor's chain part is kept now: a bundle is made without the node, the same
    # bytes (on SQLite the route does so in the event loop), and one whose part is not kept
    # says so instead of asking the node.
    deployment = anchored.side.deployment
    anchor = deployment.anchor_for_entry(5)
    assert anchor is not None
    assert deployment.evidence_assembled(5, anchor=anchor, ask_node=False).json.encode() == body
    with pytest.raises(ChainPartNotKept):
        ChainParts().of(deployment.chain.w3, anchor, ask_node=False)
    hops: list[Any] = []

    async def counted(work: Any, *args: Any) -> Any:
        hops.append(work)
        return await run_in_threadpool(work, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evidence_routes, "run_in_threadpool", counted)
        patch.setattr(anchored.side, "_cache", LruCache(0))  # no rendered bundle kept
        again = c.get("/v1/entries/4/evidence", headers=auth)
    assert again.status_code == 200
    verify(EvidenceBundle.from_json(again.content), log_key=anchored.signer.verifier_key)
    sqlite = is_sqlite(deployment.store.engine)
    assert [work.__name__ for work in hops] == ([] if sqlite else ["get_evidence"])

    info = c.get("/v1/log").json()
    target = anchored.side.deployment.target
    assert target is not None
    assert (info["chain_id"], info["contract"], info["log_address"]) == (
        target.chain_id,
        target.contract,
        target.log_address,
    )
    assert bundle.anchor.chain_id == info["chain_id"]

    entry = c.get("/v1/entries/3", headers=auth).json()
    assert entry["status"] == "final"
    assert entry["anchor"]["state"] == "final" and entry["anchor"]["size"] > 3
    assert entry["anchor"]["tx_hash"] == "0x" + bundle.anchor.tx_hash.hex()

    # Entry 5 has a final anchor, so one of size 6 (the whole log) is final and newest.
    anchors = c.get("/v1/anchors").json()
    assert (anchors[0]["size"], anchors[0]["state"]) == (6, "final")
    assert anchors[0]["tx_hash"] == "0x" + bundle.anchor.tx_hash.hex()
    assert [a["size"] for a in anchors] == sorted((a["size"] for a in anchors), reverse=True)
    assert c.get("/v1/anchors", params={"before": 6}).json() == anchors[1:]
    # /v1/anchors keeps its bare array, marked deprecated; /v2/anchors pages the same list.
    old = c.get("/v1/anchors")
    assert old.headers["Deprecation"] == "true"
    assert old.headers["Link"] == '</v2/anchors>; rel="successor-version"'
    walked, url, params = [], "/v2/anchors", {"limit": 1}
    while True:
        page = c.get(url, params=params)
        assert page.status_code == 200, page.text
        walked += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            assert "Link" not in page.headers
            break
        assert page.headers["Link"] == f'</v2/anchors?limit=1&cursor={cursor}>; rel="next"'
        params = {"limit": 1, "cursor": cursor}
    assert walked == anchors

    health = anchored.wait_for(
        lambda: (h := c.get("/v1/health").json())["backlog_entries"] == 0 and h
    )
    documented.Health.model_validate(health)
    assert health["status"] == "ok"
    assert health["chain"]["state"] == "ok" and health["chain"]["anchoring"] == "here"
    assert int(health["chain"]["operator_balance_wei"]) > 0
    assert health["chain"]["operator"] == target.log_address
    assert health["oldest_unanchored_age_seconds"] is None
    assert health["writer"] == {"mode": "thread", "state": "ok", "pid": None, "starts": 0,
                                "last_error": None, "last_error_at": None}


def test_health_reports_backlog_and_a_chain_that_does_not_come_up(migrated_url: str) -> None:
    def unreachable(settings: Settings) -> ChainConnection:
        raise ConnectionError("no node here")

    with make(migrated_url, unreachable) as api:
        r = api.client.post("/v1/entries", json={"digest": digest(9)}, headers=api.auth)
        assert r.status_code == 201  # submissions need only the database
        health = api.client.get("/v1/health").json()
        assert health["status"] == "degraded"
        assert health["chain"]["state"] == "connecting"
        assert "no node here" in api.wait_for(
            lambda: api.client.get("/v1/health").json()["chain"]["detail"]
        )
        assert health["backlog_entries"] == 1
        assert health["oldest_unanchored_age_seconds"] >= 0
        pending = api.client.get("/v1/entries/0/evidence", headers=api.auth)
        assert pending.status_code == 202 and pending.json()["status"] == "pending"
        assert api.client.get("/v1/log").json()["chain_id"] is None
