"""The log signing key: Go note signer key vectors, key files, openssl interop."""

from __future__ import annotations

import base64
import json
import pickle
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from ipledger.ledger.errors import ConfigError, KeyFileError, LedgerError, SigningError
from ipledger.ledger.keys import LogSigner
from ipledger.verifier import verify_checkpoint
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.errors import SignatureError, UnknownKeyError
from ipledger.verifier.core.note import NoteSignature, parse_note, parse_verifier_key, verify_note
from tests import openssl_cli

VECTORS = Path(__file__).parent.parent / "vectors"
NOTE: dict[str, Any] = json.loads((VECTORS / "signed_note.json").read_text("utf-8"))
RFC8032: list[dict[str, str]] = json.loads((VECTORS / "ed25519_rfc8032.json").read_text())[
    "vectors"
]
PETER = NOTE["keys"]["PeterNeumann"]
TEXT: str = NOTE["text"]
KEY_FILE_RE = re.compile(r"PRIVATE\+KEY\+[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n")


def test_go_signer_key_reproduces_the_published_signature() -> None:
    signer = LogSigner.from_private_key(PETER["signer_key"])
    assert signer.name == "PeterNeumann"
    assert signer.key_id.hex() == PETER["key_id"]
    assert signer.verifier_key == PETER["verifier_key"]
    assert signer.sign_note(TEXT) == NOTE["signed_by_peter"]


def test_go_mangled_signer_keys_all_fail() -> None:
    # As golang/mod TestNewSigner: every proper substring and every byte+1 must fail.
    skey: str = PETER["signer_key"]
    for i in range(len(skey) + 1):
        for j in range(i + 1, len(skey) + 1):
            if (i, j) != (0, len(skey)):
                with pytest.raises(KeyFileError):
                    LogSigner.from_private_key(skey[i:j])
    for i in range(len(skey)):
        with pytest.raises(KeyFileError):
            LogSigner.from_private_key(skey[:i] + chr(ord(skey[i]) + 1) + skey[i + 1 :])


@pytest.mark.parametrize("vector", RFC8032, ids=lambda v: v["name"])
def test_rfc8032_seed_gives_the_published_public_key(vector: dict[str, str]) -> None:
    signer = LogSigner("rfc8032.example", bytes.fromhex(vector["secret_key"]))
    assert signer.public_key.hex() == vector["public_key"]


def test_round_trip_generate_save_load_sign_verify(tmp_path: Path) -> None:
    signer = LogSigner.generate("ipledger.example-office.int/log")
    path = tmp_path / "keys" / "log.key"
    signer.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_text()
    assert KEY_FILE_RE.fullmatch(content), content
    assert content.startswith(f"PRIVATE+KEY+{signer.name}+{signer.key_id.hex()}+")
    loaded = LogSigner.load(path)
    assert loaded.verifier_key == signer.verifier_key
    body = format_checkpoint(signer.name, 42, bytes(32))
    signed = loaded.sign_note(body)
    assert signed == signer.sign_note(body)  # Ed25519 is deterministic
    assert verify_note(signed, signer.verifier_key).text == body
    checkpoint = verify_checkpoint(signed, signer.verifier_key, origin=signer.name)
    assert (checkpoint.size, checkpoint.root) == (42, bytes(32))
    assert list(tmp_path.joinpath("keys").iterdir()) == [path]  # no temporary file left


def test_generated_keys_differ() -> None:
    assert LogSigner.generate("a").public_key != LogSigner.generate("a").public_key


def test_verifier_key_file(tmp_path: Path) -> None:
    signer = LogSigner.generate("log.example")
    path = tmp_path / "log.pub"
    signer.write_verifier_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    text = path.read_text()
    assert text == signer.verifier_key + "\n"
    assert parse_verifier_key(text.strip()) == signer.verifier
    signer.write_verifier_key(path)  # rewriting the public key is fine


def test_save_never_overwrites_a_key_by_default(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    first = LogSigner.generate("log.example")
    first.save(path)
    second = LogSigner.generate("log.example")
    with pytest.raises(KeyFileError, match="already exists") as info:
        second.save(path)
    assert str(path) in str(info.value)
    assert LogSigner.load(path).verifier_key == first.verifier_key
    second.save(path, overwrite=True)
    assert LogSigner.load(path).verifier_key == second.verifier_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.key"]


def test_save_into_an_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KeyFileError, match=r"cannot be written \(its folder .* cannot be created"):
        LogSigner.generate("a").save(blocker / "log.key")


def test_private_key_never_in_repr_or_str() -> None:
    signer = LogSigner.from_private_key(PETER["signer_key"])
    secret_b64 = PETER["signer_key"].split("+", 4)[4]
    seed = base64.b64decode(secret_b64)[1:]
    for shown in (repr(signer), str(signer), f"{signer}", f"{signer!r}"):
        assert secret_b64 not in shown and seed.hex() not in shown
        assert "PeterNeumann" in shown and "c74f20a3" in shown
    with pytest.raises(TypeError):
        pickle.dumps(signer)
    with pytest.raises(AttributeError):
        signer._seed = bytes(32)


def test_load_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "nope.key"
    with pytest.raises(KeyFileError) as info:
        LogSigner.load(path)
    assert str(path) in str(info.value)
    assert "ipledger init" in str(info.value)
    assert isinstance(info.value, LedgerError)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "not a log signing key"),
        (b"\n", "not a log signing key"),
        (b"hello\n", "not a log signing key"),
        (b"\xff\xfe\x00", "not ASCII"),
        (b"A" * 5000, "too large"),
        (PETER["verifier_key"].encode() + b"\n", "public verifier key"),
        (PETER["signer_key"].replace("c74f20a3", "c74f20a4").encode(), "does not match"),
        (PETER["signer_key"].replace("+AYEK", "+AoEK").encode(), "algorithm 0x02"),
        (PETER["signer_key"].replace("+Y7h", "-Y7h").encode(), "not canonical base64"),
        (PETER["signer_key"][:-4].encode(), "29 bytes"),
        (PETER["signer_key"].replace("Peter", "Pe ter").encode(), "spaces"),
        (b"PRIVATE+KEY+x+00000000+" + base64.b64encode(b"\x01" + bytes(31)), "31 bytes"),
    ],
)
def test_load_corrupt_key_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "log.key"
    path.write_bytes(content)
    with pytest.raises(KeyFileError, match=match) as info:
        LogSigner.load(path)
    assert str(path) in str(info.value)


def test_load_a_directory(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="directory"):
        LogSigner.load(tmp_path)


def test_load_accepts_surrounding_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    path.write_text("  " + PETER["signer_key"] + "\r\n")
    assert LogSigner.load(path).verifier_key == PETER["verifier_key"]


@pytest.mark.parametrize("name", ["", "has space", "a+b", "tab\there"])
def test_invalid_key_names(name: str) -> None:
    with pytest.raises(ConfigError):
        LogSigner.generate(name)


def test_seed_must_be_32_bytes() -> None:
    with pytest.raises(SigningError):
        LogSigner("a", bytes(31))


@pytest.mark.parametrize(
    "text", ["", "\n", "no newline", "a\n\x01\n", "bad\rline\n", "lone \ud800\n"]
)
def test_sign_note_rejects_invalid_texts(text: str) -> None:
    with pytest.raises(SigningError):
        LogSigner.from_private_key(PETER["signer_key"]).sign_note(text)


def test_signed_note_layout() -> None:
    signer = LogSigner.generate("log.example/x")
    signed = signer.sign_note("line one\nline two\n")
    text, sig_line = signed.split("\n\n")
    assert text == "line one\nline two"
    assert sig_line.startswith("\u2014 log.example/x ")
    assert sig_line.endswith("\n") and sig_line.count("\n") == 1
    raw = base64.b64decode(sig_line.split(" ")[2])
    assert raw[:4] == signer.key_id and len(raw) == 68


def test_signature_by_another_key_with_the_same_name_and_id_fails() -> None:
    # A colliding key id (cheap to find, 32 bits) gets the signature checked, and it fails.
    one, two = LogSigner.generate("log.example"), LogSigner.generate("log.example")
    sig = parse_note(one.sign_note("hello\n")).signatures[0]
    forged = "hello\n\n" + NoteSignature(sig.name, two.key_id, sig.signature).line()
    with pytest.raises(SignatureError):
        verify_note(forged, two.verifier_key)
    with pytest.raises(UnknownKeyError):
        verify_note(one.sign_note("hello\n"), two.verifier_key)


def test_signature_accepted_by_openssl() -> None:
    signer = LogSigner.generate("ipledger.example/log")
    body = format_checkpoint(signer.name, 7, bytes(range(32)))
    signature = parse_note(signer.sign_note(body)).signatures[0].signature
    assert openssl_cli.verifies(signer.public_key, body.encode(), signature)
    assert not openssl_cli.verifies(signer.public_key, body.encode()[:-1], signature)


def test_openssl_key_signs_like_openssl() -> None:
    # A key made by openssl, loaded from its seed: same public key, same signature bytes.
    der = openssl_cli.generate_key()
    signer = LogSigner("openssl.example/log", openssl_cli.seed_of(der))
    assert signer.public_key == openssl_cli.public_key_of(der)
    body = format_checkpoint(signer.name, 3, bytes(range(32)))
    ours = parse_note(signer.sign_note(body)).signatures[0].signature
    assert ours == openssl_cli.sign(der, body.encode())


@pytest.mark.parametrize("vector", RFC8032, ids=lambda v: v["name"])
def test_openssl_signatures_equal_pycryptodome_ones(vector: dict[str, str]) -> None:
    # The signer runs on OpenSSL for speed; Ed25519 is deterministic, so pycryptodome (the
    # verifier's library) must make the very same signature from the same seed.
    from Crypto.Signature import eddsa

    seed = bytes.fromhex(vector["secret_key"])
    signer = LogSigner("rfc8032.example", seed)
    text = format_checkpoint(signer.name, 7, bytes.fromhex(vector["public_key"]))
    line = signer.sign_note(text).rsplit(" ", 1)[1]
    signature = base64.b64decode(line)[4:]
    expected = eddsa.new(eddsa.import_private_key(seed), "rfc8032").sign(text.encode())
    assert signature == expected
