"""/v1/health shows the log's witnesses: `waiting`, `ok`, `failing` (degraded), `unreachable`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.cosigning.client import collect_cosignatures
from tests.api.conftest import make_api
from tests.ledger.cosigning.offices import WitnessOffice


def test_health_lists_each_witness_and_degrades_for_a_refusing_one(tmp_path: Path) -> None:
    good = WitnessOffice(tmp_path, "office-b.example").start()
    stranger = WitnessOffice(tmp_path, "office-e.example").start()  # does not witness us
    down = WitnessOffice(tmp_path, "office-d.example")  # never started
    witnesses = ",".join(o.config for o in (good, stranger, down))
    try:
        for api in make_api(f"sqlite:///{tmp_path / 'log.db'}", witnesses=witnesses,
                            witness_timeout=30.0):
            good.witness(api.signer.verifier_key)
            health = api.client.get("/v1/health").json()
            assert [w["state"] for w in health["witnesses"]] == ["waiting"] * 3
            assert health["status"] == "ok"
            api.store.append([{"digest": "sha256:" + hashlib.sha256(b"x").hexdigest()}])
            cut_checkpoint(api.store, api.signer)
            outcomes = collect_cosignatures(api.store, api.settings.witness_endpoints, timeout=30)
            assert [o.status for o in outcomes] == ["cosigned", "refused", "unreachable"]
            health = api.client.get("/v1/health").json()
            by_name = {w["name"].split("/")[0]: w for w in health["witnesses"]}
            assert by_name["office-b.example"]["state"] == "ok"
            assert by_name["office-b.example"]["last_cosigned_size"] == 1
            assert by_name["office-e.example"]["state"] == "failing"
            assert "HTTP 404" in by_name["office-e.example"]["last_error"]
            assert by_name["office-d.example"]["state"] == "unreachable"
            assert health["status"] == "degraded"
            assert "office-e.example/log/witness" in health["detail"]
            note = api.client.get("/v1/checkpoints/latest").json()["note"]
            assert note.count("\n\u2014 ") == 2  # the log's line and office-b's
    finally:
        good.stop()
        stranger.stop()
