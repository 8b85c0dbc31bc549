"""GET /v1/entries/{index}/cose-receipt on a real server, and `ipledger evidence --cose-receipt
--server`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.evidence.cose_receipt import check_receipt_file
from ipledger.verifier.core.cose import parse_cose_receipt
from tests.api.conftest import Api


def test_the_route_answers_cbor_and_only_to_the_entrys_tenant(api: Api) -> None:
    mine, theirs = api.key("office-a"), api.key("office-b")
    digest = "sha256:" + "ab" * 32
    assert api.client.post("/v1/entries", json={"digest": digest},
                           headers=api.headers(mine)).status_code == 201
    pending = api.client.get("/v1/entries/0/cose-receipt", headers=api.headers(mine))
    assert pending.status_code == 404 and "ipledger checkpoint" in pending.json()["detail"]
    assert pending.headers["content-type"] == "application/problem+json"
    assert int(pending.headers["retry-after"]) > 0
    cut_checkpoint(api.store, api.signer)
    r = api.client.get("/v1/entries/0/cose-receipt", headers=api.headers(mine))
    assert r.status_code == 200
    assert r.headers["content-type"] == 'application/cose; cose-type="cose-sign1"'
    assert 'filename="entry-0.cose-receipt"' in r.headers["content-disposition"]
    receipt = check_receipt_file(r.content, api.signer.verifier_key, bytes.fromhex("ab" * 32))
    assert (receipt.leaf_index, receipt.tree_size, receipt.issuer) == (0, 1, api.signer.name)
    other = api.client.get("/v1/entries/0/cose-receipt", headers=api.headers(theirs))
    assert other.status_code == 404 and "your tenant has no entry 0" in other.json()["detail"]
    absent = api.client.get("/v1/entries/7/cose-receipt", headers=api.headers(mine))
    assert absent.status_code == 404
    assert absent.headers["content-type"] == "application/problem+json"
    bad = api.client.get("/v1/entries/-1/cose-receipt", headers=api.headers(mine))
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_evidence_cose_receipt_from_a_server(
    api: Api, served: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IPLEDGER_API_KEY", api.key())
    url = f"http://127.0.0.1:{served}"
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(2):
        (docs / f"{i}.txt").write_text(f"document {i}")
    assert main(["stamp", "--server", url, str(docs)]) == 0
    capsys.readouterr()
    assert main(["evidence", "--cose-receipt", "--server", url, str(docs)]) == 3
    assert "in no checkpoint yet" in capsys.readouterr().out
    cut_checkpoint(api.store, api.signer)
    assert main(["evidence", "--cose-receipt", "--server", url, str(docs)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in out] == [
        f"wrote {i}.txt.cose-receipt (entry {i}, tree size 2, signed by {api.signer.name})"
        for i in range(2)
    ]
    receipt = parse_cose_receipt((docs / "1.txt.cose-receipt").read_bytes())
    assert receipt.leaf_index == 1 and receipt.key_id == api.signer.key_id
