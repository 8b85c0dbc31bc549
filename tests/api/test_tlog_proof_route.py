"""GET /v1/entries/{index}/tlog-proof on a real server, and `ipledger evidence --tlog-proof
--server`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.evidence.tlogproof import check_tlog_proof
from ipledger.verifier.core.tlogproof import parse_tlog_proof
from tests.api.conftest import Api


def test_the_route_answers_text_and_only_to_the_entrys_tenant(api: Api) -> None:
    mine, theirs = api.key("office-a"), api.key("office-b")
    digest = "sha256:" + "ab" * 32
    assert api.client.post("/v1/entries", json={"digest": digest},
                           headers=api.headers(mine)).status_code == 201
    pending = api.client.get("/v1/entries/0/tlog-proof", headers=api.headers(mine))
    assert pending.status_code == 404 and "ipledger checkpoint" in pending.json()["detail"]
    assert pending.headers["content-type"] == "application/problem+json"
    assert int(pending.headers["retry-after"]) > 0
    cut_checkpoint(api.store, api.signer)
    r = api.client.get("/v1/entries/0/tlog-proof", headers=api.headers(mine))
    assert r.status_code == 200 and r.headers["content-type"] == "text/plain; charset=utf-8"
    proof = check_tlog_proof(r.content, api.signer.verifier_key, bytes.fromhex("ab" * 32))
    assert proof.index == 0 and proof.checkpoint.startswith("ipledger.test/log\n1\n")
    other = api.client.get("/v1/entries/0/tlog-proof", headers=api.headers(theirs))
    assert other.status_code == 404 and "your tenant has no entry 0" in other.json()["detail"]


def test_evidence_tlog_proof_from_a_server(
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
    assert main(["evidence", "--tlog-proof", "--server", url, str(docs)]) == 3
    assert "in no checkpoint yet" in capsys.readouterr().out
    cut_checkpoint(api.store, api.signer)
    assert main(["evidence", "--tlog-proof", "--server", url, str(docs)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in out] == [
        "wrote 0.txt.tlog-proof (entry 0, tree size 2, 0 cosignatures)",
        "wrote 1.txt.tlog-proof (entry 1, tree size 2, 0 cosignatures)",
    ]
    proof = parse_tlog_proof((docs / "1.txt.tlog-proof").read_bytes())
    assert proof.index == 1 and proof.parsed_checkpoint.size == 2
