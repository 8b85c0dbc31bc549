"""POST /v1/timestamp: openssl ts as the client and the verifier, the imprint also in the log."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest
from asn1crypto import core, tsp

from ipledger.ledger.tsa.identity import create_tsa
from ipledger.ledger.tsa.tokens import BAD_ALG, UNACCEPTED_POLICY
from tests.api.conftest import ORIGIN, Api, make_api
from tests.api.uvicorn_thread import uvicorn_thread

QUERY = {"Content-Type": "application/timestamp-query"}


def openssl(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=check, timeout=60
    )


@pytest.fixture
def tsa_api(migrated_url: str, tmp_path: Path) -> Iterator[Api]:
    create_tsa(tmp_path / "tsa", name=ORIGIN)
    yield from make_api(migrated_url, tsa_dir=tmp_path / "tsa")


def _query(tmp_path: Path, document: Path, *extra: str) -> bytes:
    out = tmp_path / f"{document.name}.tsq"
    openssl("ts", "-query", "-data", document, *extra, "-out", out)
    return out.read_bytes()


def test_openssl_client_token_verifies_and_the_imprint_is_logged(
    tsa_api: Api, tmp_path: Path
) -> None:
    document = tmp_path / "design.pdf"
    document.write_bytes(b"a new kind of hinge\n" * 100)
    key = tsa_api.key()
    r = tsa_api.client.post(
        "/v1/timestamp",
        content=_query(tmp_path, document, "-sha256", "-cert"),
        headers={**QUERY, **tsa_api.headers(key)},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/timestamp-reply"
    reply = tmp_path / "design.tsr"
    reply.write_bytes(r.content)
    ca = tmp_path / "tsa" / "ca.pem"
    assert "Verification: OK" in openssl(
        "ts", "-verify", "-data", document, "-in", reply, "-CAfile", ca
    ).stdout
    other = tmp_path / "other.pdf"
    other.write_bytes(b"another hinge\n")
    assert openssl(
        "ts", "-verify", "-data", other, "-in", reply, "-CAfile", ca, check=False
    ).returncode != 0
    info = tsp.TimeStampResp.load(r.content)["time_stamp_token"]["content"][
        "encap_content_info"
    ]["content"].parsed
    serial = info["serial_number"].native
    assert serial >> 32 >= 1  # block 1 or later, counter in the low 32 bits
    # The same hash is an entry of the log, committed before the answer, naming the token.
    index = int(r.headers["Ipledger-Entry-Index"])
    entry = tsa_api.client.get(f"/v1/entries/{index}", headers=tsa_api.headers(key)).json()
    assert entry["digest"] == "sha256:" + hashlib.sha256(document.read_bytes()).hexdigest()
    assert entry["metadata"] == {"source": "rfc3161", "tsa_serial": f"{serial:x}"}


def test_serials_differ_and_each_request_is_an_entry(tsa_api: Api, tmp_path: Path) -> None:
    document = tmp_path / "a.txt"
    document.write_bytes(b"a")
    headers = {**QUERY, **tsa_api.headers(tsa_api.key())}
    serials, indexes = set(), set()
    for _ in range(5):
        r = tsa_api.client.post(
            "/v1/timestamp", content=_query(tmp_path, document, "-sha256"), headers=headers
        )
        token = tsp.TimeStampResp.load(r.content)["time_stamp_token"]
        serials.add(token["content"]["encap_content_info"]["content"].parsed["serial_number"].native)
        indexes.add(r.headers["Ipledger-Entry-Index"])
    assert len(serials) == 5 and len(indexes) == 5


@pytest.mark.parametrize(
    ("extra", "failure", "shown"),
    [
        (("-sha1",), BAD_ALG, "unrecognized or unsupported algorithm identifier"),
        (
            ("-sha256", "-tspolicy", "1.2.3.4"),
            UNACCEPTED_POLICY,
            "requested TSA policy is not supported",
        ),
    ],
    ids=["sha1", "other-policy"],
)
def test_requests_not_honoured_get_a_rejection_reply(
    tsa_api: Api, tmp_path: Path, extra: tuple[str, ...], failure: int, shown: str
) -> None:
    document = tmp_path / "x.txt"
    document.write_bytes(b"x")
    before = tsa_api.store.size()
    r = tsa_api.client.post(
        "/v1/timestamp",
        content=_query(tmp_path, document, *extra),
        headers={**QUERY, **tsa_api.headers(tsa_api.key())},
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/timestamp-reply"
    reply = tmp_path / "rejected.tsr"
    reply.write_bytes(r.content)
    text = openssl("ts", "-reply", "-in", reply, "-text").stdout
    assert "Status: Rejected" in text and shown in text
    status = tsp.PKIStatusInfo.load(core.Sequence.load(r.content)[0].dump())
    assert status["fail_info"].native == {tsp.PKIFailureInfo._map[failure]}
    assert tsa_api.store.size() == before  # nothing appended for a rejected request


def _problem(r: httpx2.Response, status: int, words: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert words in json.loads(r.content)["detail"]


def test_bad_bodies_are_problems(tsa_api: Api, tmp_path: Path) -> None:
    headers = tsa_api.headers(tsa_api.key())
    post = tsa_api.client.post
    as_json = {**headers, "Content-Type": "application/json"}
    _problem(post("/v1/timestamp", content=b"x", headers=as_json), 415, "timestamp-query")
    _problem(post("/v1/timestamp", content=b"not DER", headers={**QUERY, **headers}),
             400, "not a DER TimeStampReq")
    _problem(post("/v1/timestamp", content=b"\x30" * 5000, headers={**QUERY, **headers}),
             413, "4096")
    _problem(post("/v1/timestamp", content=b"\x30\x00", headers=QUERY), 401, "")
    reader = tsa_api.headers(tsa_api.key(scopes=("read",)))
    _problem(post("/v1/timestamp", content=b"\x30\x00", headers={**QUERY, **reader}), 403, "")


def test_without_tsa_init_the_route_says_what_to_run(api: Api, tmp_path: Path) -> None:
    r = api.client.post(
        "/v1/timestamp", content=b"\x30\x00", headers={**QUERY, **api.headers(api.key())}
    )
    _problem(r, 503, "run `ipledger tsa init`")


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
@pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True)
def test_curl_over_a_real_socket(tsa_api: Api, tmp_path: Path) -> None:
    """The documented client: openssl ts -query | curl --data-binary | openssl ts -verify."""
    document = tmp_path / "claim.txt"
    document.write_bytes(b"claim 1: a hinge\n")
    query = tmp_path / "claim.tsq"
    query.write_bytes(_query(tmp_path, document, "-sha256", "-cert"))
    reply = tmp_path / "claim.tsr"
    with _serving(tsa_api) as port:
        subprocess.run(
            ["curl", "-sSf", "-H", "Content-Type: application/timestamp-query",
             "-H", f"Authorization: Bearer {tsa_api.key()}", "--data-binary", f"@{query}",
             "-o", str(reply), f"http://127.0.0.1:{port}/v1/timestamp"],
            check=True, timeout=60,
        )
    assert "Verification: OK" in openssl(
        "ts", "-verify", "-data", document, "-in", reply, "-CAfile", tmp_path / "tsa" / "ca.pem"
    ).stdout


@contextmanager
def _serving(api: Api) -> Iterator[int]:
    """The app behind uvicorn on a free port, configured as `ipledger serve` does."""
    with uvicorn_thread(api.client.app, api.settings) as port:
        yield port
