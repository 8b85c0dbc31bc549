"""IPLEDGER_TSA_URLS and IPLEDGER_TSA_CA_FILE read strictly; credentials sent, never shown."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from ipledger.ledger.timestamping.authorities import parse_tsa_urls, read_ca_file
from ipledger.ledger.timestamping.client import TsaConnection
from tests.ledger.timestamping.servers import answering
from tests.openssl_tsa import OpenSslTsa


def test_commas_and_newlines_separate_urls() -> None:
    tsas = parse_tsa_urls(" https://a.example/tsr ,\nhttp://127.0.0.1:3180/\n\n")
    assert [t.url for t in tsas] == ["https://a.example/tsr", "http://127.0.0.1:3180/"]
    assert parse_tsa_urls(None) == () and parse_tsa_urls("") == ()


def test_credentials_are_sent_as_basic_auth_and_never_shown() -> None:
    seen: list[bytes] = []

    def record(body: bytes) -> tuple[int, bytes]:
        seen.append(body)
        return 200, b"ok"

    with answering(record) as url:
        tsa = parse_tsa_urls(url.replace("http://", "http://alice:s%40cret@") + "?account=7")[0]
        assert tsa.shown_url == url and "cret" not in tsa.shown_url
        assert tsa.authorization == "Basic " + base64.b64encode(b"alice:s@cret").decode()
        connection = TsaConnection(tsa)
        try:
            assert connection.post(b"query", 5) == (200, "application/timestamp-reply", b"ok")
        finally:
            connection.close()
    assert seen == [b"query"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ftp://tsa.example/", "TSA 1 ('ftp://tsa.example/') is not an http(s):// URL"),
        ("https://tsa.example/tsr#x", "has a #fragment"),
        ("https://tsa.example:99999/", "is not a usable URL"),
        ("https://a.example/tsr,https://u:p@a.example/tsr", "the TSA https://a.example/tsr is "
         "listed twice"),
        ("https://u:hunter2@/tsr", "TSA 1 ('https:///tsr')"),
    ],
)
def test_each_mistake_is_named_without_secrets(text: str, said: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_tsa_urls(text)
    assert said in str(caught.value) and "hunter2" not in str(caught.value)


def test_the_ca_file_holds_certificates(tmp_path: Path) -> None:
    one, two = OpenSslTsa(tmp_path, "ec", "One"), OpenSslTsa(tmp_path, "rsa", "Two")
    both = tmp_path / "roots.pem"
    both.write_text(one.ca_pem.read_text() + "\n" + two.ca_pem.read_text())
    assert read_ca_file(both) == (one.ca_der, two.ca_der)
    with pytest.raises(ValueError, match="holds no PEM certificate"):
        read_ca_file(one.tsa_key)
