"""The test TSA (tests/openssl_tsa.py) answers as RFC 3161 says, over HTTP too, and can be down."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.openssl_tsa import OpenSslTsa, openssl


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> OpenSslTsa:
    return OpenSslTsa(tmp_path_factory.mktemp("tsa"))


def _post(url: str, body: bytes, content_type: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_a_token_verifies_with_openssl_for_its_data_only(tsa: OpenSslTsa) -> None:
    token = tsa.stamp(b"the note text\n")
    assert tsa.verifies(token, b"the note text\n")
    assert not tsa.verifies(token, b"the note text!\n")


def test_the_server_answers_replies_and_503_when_down(tsa: OpenSslTsa, tmp_path: Path) -> None:
    query = tsa.query(b"checkpoint")
    with tsa.serve() as url:
        status, content_type, reply = _post(url, query, "application/timestamp-query")
        assert (status, content_type) == (200, "application/timestamp-reply")
        assert reply[:2] == b"\x30\x82"  # a DER SEQUENCE: the TimeStampResp
        assert _post(url, query, "text/plain")[0] == 415
        tsa.down = True
        try:
            assert _post(url, query, "application/timestamp-query")[0] == 503
        finally:
            tsa.down = False
    response = tmp_path / "reply.tsr"
    response.write_bytes(reply)
    data = tmp_path / "data"
    data.write_bytes(b"checkpoint")
    openssl("ts", "-verify", "-in", str(response), "-data", str(data), "-CAfile", str(tsa.ca_pem))


def test_two_authorities_of_one_name_in_one_directory_are_distinct(tmp_path: Path) -> None:
    first, second = OpenSslTsa(tmp_path), OpenSslTsa(tmp_path)
    assert first.dir != second.dir and first.ca_der != second.ca_der
    token = second.stamp(b"x")
    assert second.verifies(token, b"x")
    assert not first.verifies(token, b"x")
