"""IPLEDGER_WITNESSES and IPLEDGER_WITNESS_TIMEOUT: parsed at startup, each mistake named."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from ipledger.api.cli import main
from ipledger.ledger.config import Settings
from ipledger.ledger.cosigning.witnesses import parse_witnesses
from ipledger.ledger.keys import LogSigner, WitnessSigner

B = WitnessSigner("office-b.example/witness", hashlib.sha256(b"b").digest()).verifier_key
C = WitnessSigner("office-c.example/witness", hashlib.sha256(b"c").digest()).verifier_key
LOG_KEY = LogSigner("office-b.example/log", hashlib.sha256(b"log").digest()).verifier_key


def test_commas_and_newlines_separate_entries() -> None:
    text = f" http://127.0.0.1:8082/witness/ {B} ,\n\nhttps://c.example/w {C}\n"
    found = parse_witnesses(text)
    assert [(w.url, w.vkey) for w in found] == [
        ("http://127.0.0.1:8082/witness", B), ("https://c.example/w", C)
    ]
    assert found[0].add_checkpoint_url == "http://127.0.0.1:8082/witness/add-checkpoint"
    assert Settings(witnesses=text).witness_endpoints == found
    assert Settings().witness_endpoints == ()
    assert Settings().witness_timeout == 5.0


def test_a_url_with_a_password_is_not_shown() -> None:
    (found,) = parse_witnesses(f"https://user:secret@b.example:8443/w {B}")
    assert found.shown_url == "https://b.example:8443/w"
    with pytest.raises(ValueError) as raised:
        parse_witnesses(f"https://user:secret@b.example/w?token=1 {B}")
    assert "secret" not in str(raised.value) and "has a query" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (f"http://b.example/w {LOG_KEY}", "is a log's note key (type 0x01)"),
        (f"ftp://b.example/w {B}", "is not an http(s):// submission prefix URL"),
        (f"b.example/w {B}", "is not an http(s):// submission prefix URL"),
        (f"http://b.example:99999/w {B}", "is not a usable URL"),
        (f"http://b.example/w?x=1 {B}", "has a query or fragment"),
        (f"http://b.example/w {B}, http://c.example/w {B}", "is listed twice"),
        (f"http://b.example/w {B}, http://b.example/w {C}", "the URL http://b.example/w is "
         "listed twice"),
        (f"http://b.example/w {B} extra", "is not `<submission URL> <cosigner key>`"),
        ("http://b.example/w", "is not `<submission URL> <cosigner key>`"),
        ("http://b.example/w not-a-key", "the key is not a verifier key"),
    ],
)
def test_each_mistake_is_named(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=r"witness|URL") as raised:
        parse_witnesses(text)
    assert said in str(raised.value)
    with pytest.raises(ValidationError):
        Settings(witnesses=text)


def test_every_mistake_is_said_at_once() -> None:
    with pytest.raises(ValueError) as raised:
        parse_witnesses(f"ftp://b.example/w {B}\nhttp://c.example/w {LOG_KEY}")
    assert "witness 1:" in str(raised.value) and "witness 2:" in str(raised.value)


def test_the_command_line_says_it_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setenv("IPLEDGER_WITNESSES", f"http://b.example/w {LOG_KEY}")
    assert main(["checkpoint", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "IPLEDGER_WITNESSES" in err and "not a witness's cosigner key (0x04)" in err
    monkeypatch.delenv("IPLEDGER_WITNESSES")
    monkeypatch.setenv("IPLEDGER_WITNESS_TIMEOUT", "0")
    assert main(["checkpoint", "--dir", str(tmp_path)]) == 2
    assert "IPLEDGER_WITNESS_TIMEOUT" in capsys.readouterr().err
