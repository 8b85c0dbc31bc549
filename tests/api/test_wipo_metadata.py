"""WIPO metadata fields refused when malformed, by the HTTP API and by the CLI alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipledger.api.cli import main
from tests.api.conftest import Api
from tests.ledger.test_entries import OFFICE

DIGEST = "sha256:" + "cd" * 32


def test_the_api_records_well_formed_wipo_metadata(api: Api) -> None:
    key = api.key()
    r = api.client.post("/v1/entries", json={"digest": DIGEST, "metadata": OFFICE},
                        headers=api.headers(key))
    assert r.status_code == 201, r.text
    index = r.json()["index"]
    assert api.client.get(f"/v1/entries/{index}", headers=api.headers(key)).json()[
        "metadata"] == OFFICE


def test_the_api_answers_422_naming_the_wipo_field(api: Api) -> None:
    key = api.key()
    r = api.client.post("/v1/entries", json={"digest": DIGEST, "metadata": {"office": "E1"}},
                        headers=api.headers(key))
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["errors"] == [{
        "field": "metadata.office",
        "reason": problem["errors"][0]["reason"],
        "position": None,
    }]
    assert "WIPO ST.3 two-letter code" in problem["detail"]
    assert problem["detail"].startswith("metadata.office: ")
    assert api.store.size() == 0


def test_a_batch_with_one_malformed_wipo_field_stores_nothing(api: Api) -> None:
    key = api.key()
    entries = [{"digest": DIGEST, "metadata": OFFICE} for _ in range(5)]
    entries[3] = {"digest": DIGEST, "metadata": {**OFFICE, "priority": [
        {"office": "US", "application_number": "US 63/123,456", "date": "2025-01-01"}]}}
    r = api.client.post("/v1/entries/batch", json={"entries": entries}, headers=api.headers(key))
    assert r.status_code == 422, r.text
    (error,) = r.json()["errors"]
    assert error["field"] == "entries[3].metadata.priority[0].date"
    assert error["position"] == 3
    assert "after filing_date 2024-03-15" in error["reason"]
    assert api.store.size() == 0


def test_the_cli_refuses_malformed_wipo_metadata_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "log"
    assert main(["init", "--dir", str(data), "--origin", "example.org/log"]) == 0
    doc = tmp_path / "claims.txt"
    doc.write_text("1. A rotor blade ...")
    capsys.readouterr()
    bad = json.dumps({"office": "EP", "kind": "A12"})
    assert main(["stamp", "--local", str(doc), "--dir", str(data), "--metadata", bad]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("ipledger: error: --metadata metadata.kind: ") and "ST.16" in err
    assert main(["stamp", "--local", str(doc), "--dir", str(data), "--json",
                 "--metadata", json.dumps(OFFICE)]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert [line["metadata"] for line in out] == [OFFICE]
