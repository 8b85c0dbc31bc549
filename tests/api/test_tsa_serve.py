"""`ipledger serve` as a TSA: the token and the chain anchor cover one hash; two servers, no
serial twice (real processes, real chain, PostgreSQL)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from asn1crypto import tsp

from ipledger.ledger.chain.managed import chain_status
from tests.api.test_serve import (
    ServedDataDir,
    ServeProcess,
    check_bundle,
    deploy,
    fetch_bundle,
    sha256_of,
)
from tests.conftest import PostgresCluster

pytestmark = pytest.mark.chain

QUERY = "application/timestamp-query"


def _query(document: Path) -> bytes:
    out = document.with_suffix(".tsq")
    subprocess.run(
        ["openssl", "ts", "-query", "-data", str(document), "-sha256", "-cert", "-out", str(out)],
        check=True, capture_output=True, timeout=60,
    )
    return out.read_bytes()


def _serial(reply: bytes) -> int:
    token = tsp.TimeStampResp.load(reply)["time_stamp_token"]
    serial: int = token["content"]["encap_content_info"]["content"].parsed["serial_number"].native
    return serial


@pytest.fixture
def tsa_deployment(tmp_path: Path) -> Iterator[ServedDataDir]:
    for d in deploy(tmp_path, chain_up=False):
        d.ipledger("tsa", "init")
        yield d


def test_a_stamped_hash_gets_a_token_and_a_chain_anchor(
    tsa_deployment: ServedDataDir, tmp_path: Path
) -> None:
    d = tsa_deployment
    server = ServeProcess(d, tmp_path / "serve.log")
    try:
        server.wait_healthy()
        auth = {"Authorization": f"Bearer {d.key}"}
        document = tmp_path / "drawing.svg"
        document.write_bytes(b"<svg><!-- the hinge --></svg>\n")
        r = server.client.post(
            "/v1/timestamp", content=_query(document), headers={**auth, "Content-Type": QUERY}
        )
        assert r.status_code == 200, r.text
        reply = tmp_path / "drawing.tsr"
        reply.write_bytes(r.content)
        verified = subprocess.run(
            ["openssl", "ts", "-verify", "-data", str(document), "-in", str(reply),
             "-CAfile", str(d.data_dir / "tsa" / "ca.pem")],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert "Verification: OK" in verified.stdout, verified.stderr
        index = int(r.headers["Ipledger-Entry-Index"])
        entry = server.client.get(f"/v1/entries/{index}", headers=auth).json()
        assert entry["digest"] == sha256_of(document)
        assert entry["metadata"]["tsa_serial"] == f"{_serial(r.content):x}"
        # The same hash, anchored: its bundle verifies offline and with ipledger-verify.
        rpc_url = chain_status(d.data_dir).rpc_url
        assert rpc_url is not None
        check_bundle(d, document, fetch_bundle(server, auth, index), rpc_url)
    finally:
        assert server.stop() == 0, server.log_file.read_text()


@pytest.fixture
def postgres_tsa_deployment(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> Iterator[ServedDataDir]:
    name = postgres_cluster.create()
    try:
        for d in deploy(tmp_path, postgres_cluster.url(name)):
            d.ipledger("tsa", "init")
            yield d
    finally:
        postgres_cluster.drop(name)


@pytest.mark.postgres
def test_two_servers_never_issue_one_serial_twice(
    postgres_tsa_deployment: ServedDataDir, tmp_path: Path
) -> None:
    d = postgres_tsa_deployment
    servers = [ServeProcess(d, tmp_path / f"serve-{n}.log") for n in range(2)]
    try:
        for server in servers:
            server.wait_healthy()
        auth = {"Authorization": f"Bearer {d.key}", "Content-Type": QUERY}
        document = tmp_path / "same.txt"
        document.write_bytes(b"one document, stamped many times\n")
        body = _query(document)

        def stamp(n: int) -> int:
            r = servers[n % 2].client.post("/v1/timestamp", content=body, headers=auth)
            assert r.status_code == 200, r.text
            return _serial(r.content)

        with ThreadPoolExecutor(8) as pool:
            serials = list(pool.map(stamp, range(40)))
        assert len(set(serials)) == 40
        assert len({serial >> 32 for serial in serials}) == 2  # one block per server process
    finally:
        codes = [server.stop() for server in servers]
        assert codes == [0, 0], [s.log_file.read_text() for s in servers]
