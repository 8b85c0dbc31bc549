"""Signed notes against Go sumdb/note and C2SP examples, RFC 8032 vectors and openssl."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

import pytest
from Crypto.Signature import eddsa
from hypothesis import given
from hypothesis import strategies as st

from ipledger.verifier import VerifierError
from ipledger.verifier.core.errors import (
    InvalidNote,
    InvalidVerifierKey,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.note import (
    ED25519_ORDER,
    MAX_SIGNATURES,
    NoteSignature,
    SignedNote,
    VerifierKey,
    check_note_text,
    compute_key_id,
    ed25519_verify,
    parse_note,
    parse_verifier_key,
    verify_note,
)
from tests import openssl_cli

VECTORS_DIR = Path(__file__).parents[2] / "vectors"
NOTE: dict[str, Any] = json.loads((VECTORS_DIR / "signed_note.json").read_text("utf-8"))
RFC8032: list[dict[str, str]] = json.loads((VECTORS_DIR / "ed25519_rfc8032.json").read_text())[
    "vectors"
]
PETER = NOTE["keys"]["PeterNeumann"]
ENOCH = NOTE["keys"]["EnochRoot"]
TEXT: str = NOTE["text"]


def _raises_exactly(exc_type: type[Exception], func: Any, *args: Any) -> Exception:
    with pytest.raises(VerifierError) as info:
        func(*args)
    assert type(info.value) is exc_type, f"{type(info.value).__name__}: {info.value}"
    return info.value


# --- verifier keys ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["PeterNeumann", "EnochRoot"])
def test_go_verifier_keys_parse_and_round_trip(who: str) -> None:
    vector = NOTE["keys"][who]
    key = parse_verifier_key(vector["verifier_key"])
    assert key.name == who
    assert key.key_id.hex() == vector["key_id"]
    assert str(key) == vector["verifier_key"]
    assert compute_key_id(who, key.public_key) == key.key_id
    assert VerifierKey.from_public_key(who, key.public_key) == key


@pytest.mark.parametrize("case", NOTE["bad_verifier_keys"], ids=lambda c: c["why"][:20])
def test_go_bad_verifier_keys(case: dict[str, str]) -> None:
    _raises_exactly(InvalidVerifierKey, parse_verifier_key, case["key"])


def test_go_mangled_verifier_keys_all_fail() -> None:
    # As golang/mod TestNewVerifier: every proper substring and every byte+1 must fail.
    vkey: str = PETER["verifier_key"]
    for i in range(len(vkey) + 1):
        for j in range(i + 1, len(vkey) + 1):
            if (i, j) != (0, len(vkey)):
                _raises_exactly(InvalidVerifierKey, parse_verifier_key, vkey[i:j])
    for i in range(len(vkey)):
        mangled = vkey[:i] + chr(ord(vkey[i]) + 1) + vkey[i + 1 :]
        _raises_exactly(InvalidVerifierKey, parse_verifier_key, mangled)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "PeterNeumann",
        "PeterNeumann+c74f20a3",
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # uppercase id
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n",
        " PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW",  # url-safe
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TX",  # padding bits
    ],
)
def test_verifier_key_strictness(text: str) -> None:
    _raises_exactly(InvalidVerifierKey, parse_verifier_key, text)


def test_private_key_given_as_verifier_key_gets_a_clear_error() -> None:
    with pytest.raises(InvalidVerifierKey, match="private signing key"):
        parse_verifier_key(PETER["signer_key"])


def test_verifier_key_rejects_non_string() -> None:
    _raises_exactly(InvalidVerifierKey, parse_verifier_key, PETER["verifier_key"].encode())


@pytest.mark.parametrize(
    "name", ["", "a b", "a+b", "a\tb", "a\u00a0b", "a\u2003b", "a\u3000b", "a\x00b", "\ud800"]
)
def test_key_name_rules(name: str) -> None:
    public = parse_verifier_key(PETER["verifier_key"]).public_key
    _raises_exactly(InvalidVerifierKey, VerifierKey.from_public_key, name, public)


def test_key_names_refuse_exactly_white_space_and_controls_of_the_whole_bmp() -> None:
    # Python's own Unicode database is the reference: `str.isspace` is White_Space for
    # every character a name may otherwise hold (its extras, U+001C-U+001F, are controls).
    public = parse_verifier_key(PETER["verifier_key"]).public_key
    refused = []
    for code in range(0x10000):
        ch = chr(code)
        if 0xD800 <= code < 0xE000 or ch == "+":
            continue
        try:
            VerifierKey.from_public_key(f"a{ch}b", public)
        except InvalidVerifierKey as exc:
            refused.append(ch)
            kind = "spaces" if (ch.isspace() and code >= 0x20) or ch in "\t\n\v\f\r" else "control"
            assert kind in str(exc), (hex(code), str(exc))
    expected = [chr(c) for c in range(0x10000) if chr(c).isspace() or c < 0x20 or c == 0x7F]
    assert refused == expected


def test_key_names_may_be_unicode_urls() -> None:
    public = parse_verifier_key(PETER["verifier_key"]).public_key
    key = VerifierKey.from_public_key("bücher.example/log", public)
    assert parse_verifier_key(str(key)) == key


def test_verifier_key_construction_checks_the_key_id() -> None:
    key = parse_verifier_key(PETER["verifier_key"])
    wrong_id = bytes([key.key_id[0] ^ 1]) + key.key_id[1:]
    _raises_exactly(InvalidVerifierKey, VerifierKey, key.name, wrong_id, key.public_key)
    _raises_exactly(InvalidVerifierKey, VerifierKey, key.name, key.key_id, key.public_key[:31])


def test_verifier_key_rejects_a_public_key_off_the_curve() -> None:
    # y = 2 has no x on edwards25519 (no square root), so this is not a point encoding.
    off_curve = (2).to_bytes(32, "little")
    _raises_exactly(InvalidVerifierKey, VerifierKey.from_public_key, "x", off_curve)


# --- Go sumdb/note vectors -------------------------------------------------------------


def test_go_note_verifies_with_peter_key() -> None:
    note = verify_note(NOTE["signed_by_peter"], PETER["verifier_key"])
    assert note.text == TEXT
    assert len(note.signatures) == 1
    sig = note.signatures[0]
    assert (sig.name, sig.key_id.hex(), len(sig.signature)) == ("PeterNeumann", "c74f20a3", 64)
    assert sig.line() == NOTE["peter_signature_line"]
    assert str(note) == NOTE["signed_by_peter"]


@pytest.mark.parametrize("who", ["PeterNeumann", "EnochRoot"])
def test_go_double_signed_note_verifies_with_each_key(who: str) -> None:
    key = parse_verifier_key(NOTE["keys"][who]["verifier_key"])
    note = verify_note(NOTE["signed_by_both"], key)
    assert note.text == TEXT
    assert [s.name for s in note.signatures] == ["PeterNeumann", "EnochRoot"]
    assert str(note) == NOTE["signed_by_both"]


def test_go_note_as_bytes() -> None:
    assert verify_note(NOTE["signed_by_peter"].encode(), PETER["verifier_key"]).text == TEXT


@pytest.mark.parametrize("case", NOTE["malformed_notes"], ids=lambda c: c["why"])
def test_go_malformed_notes(case: dict[str, str]) -> None:
    note: str | bytes = bytes.fromhex(case["note_hex"]) if "note_hex" in case else case["note"]
    _raises_exactly(InvalidNote, parse_note, note)
    _raises_exactly(InvalidNote, verify_note, note, PETER["verifier_key"])


def test_go_invalid_signature() -> None:
    case = NOTE["invalid_signature"]
    _raises_exactly(SignatureError, verify_note, case["note"], PETER["verifier_key"])


@pytest.mark.parametrize("case", NOTE["unknown_key_notes"], ids=lambda c: c["why"])
def test_go_notes_not_signed_by_the_key(case: dict[str, str]) -> None:
    err = _raises_exactly(UnknownKeyError, verify_note, case["note"], PETER["verifier_key"])
    assert "PeterNeumann+c74f20a3" in str(err)


def test_every_signature_by_the_key_must_verify() -> None:
    # A second, bad line by the same key rejects the note (Go would skip the duplicate).
    sig = parse_note(NOTE["signed_by_peter"]).signatures[0]
    bad = NoteSignature(sig.name, sig.key_id, bytes([sig.signature[0] ^ 1]) + sig.signature[1:])
    note = TEXT + "\n" + sig.line() + bad.line()
    _raises_exactly(SignatureError, verify_note, note, PETER["verifier_key"])


def test_signatures_by_unknown_keys_are_ignored() -> None:
    other = NoteSignature("someone.else/log", b"\x00\x01\x02\x03", bytes(64))
    note = TEXT + "\n" + other.line() + NOTE["peter_signature_line"]
    assert len(verify_note(note, PETER["verifier_key"]).signatures) == 2


@pytest.mark.parametrize("seed", range(40))
def test_flipped_bit_in_text_never_verifies(seed: int) -> None:
    rng = random.Random(seed)
    raw = bytearray(NOTE["signed_by_peter"].encode())
    position = rng.randrange(len(TEXT.encode()))
    raw[position] ^= 1 << rng.randrange(8)
    with pytest.raises((SignatureError, InvalidNote)):
        verify_note(bytes(raw), PETER["verifier_key"])


@pytest.mark.parametrize("seed", range(40))
def test_flipped_bit_in_signature_never_verifies(seed: int) -> None:
    rng = random.Random(seed)
    sig = parse_note(NOTE["signed_by_peter"]).signatures[0]
    raw = bytearray(sig.signature)
    raw[rng.randrange(64)] ^= 1 << rng.randrange(8)
    note = TEXT + "\n" + NoteSignature(sig.name, sig.key_id, bytes(raw)).line()
    _raises_exactly(SignatureError, verify_note, note, PETER["verifier_key"])


def test_malleated_signature_s_plus_order_is_rejected() -> None:
    sig = parse_note(NOTE["signed_by_peter"]).signatures[0].signature
    s = int.from_bytes(sig[32:], "little") + ED25519_ORDER
    malleated = sig[:32] + s.to_bytes(32, "little")
    note = TEXT + "\n" + NoteSignature("PeterNeumann", bytes.fromhex("c74f20a3"), malleated).line()
    _raises_exactly(SignatureError, verify_note, note, PETER["verifier_key"])


@pytest.mark.parametrize("extra", [b"", b"\x00", bytes(10)])
def test_signature_of_wrong_length_is_rejected(extra: bytes) -> None:
    sig = parse_note(NOTE["signed_by_peter"]).signatures[0].signature
    for candidate in (sig[:-1], sig + b"\x00" + extra):
        line = NoteSignature("PeterNeumann", bytes.fromhex("c74f20a3"), candidate).line()
        note = TEXT + "\n" + line
        _raises_exactly(SignatureError, verify_note, note, PETER["verifier_key"])


# --- format strictness -----------------------------------------------------------------

PETER_LINE: str = NOTE["peter_signature_line"]


@pytest.mark.parametrize(
    ("note", "why"),
    [
        ("\n" + "\n" + PETER_LINE, "empty text"),
        ("\n\n\n" + PETER_LINE, "text of blank lines"),
        (TEXT + "\n" + PETER_LINE.replace("\u2014", "-"), "hyphen instead of em dash"),
        (TEXT + "\n" + PETER_LINE.replace("\u2014 ", "\u2014"), "no space after dash"),
        (TEXT + "\n" + PETER_LINE.replace("\u2014 ", "\u2014  "), "two spaces after dash"),
        (TEXT + "\n" + PETER_LINE.replace("Neumann ", "Neumann  "), "two spaces before sig"),
        (TEXT + "\n" + PETER_LINE.replace("=\n", "\n"), "unpadded base64"),
        (TEXT + "\n" + PETER_LINE.replace("/", "_"), "url-safe base64"),
        (TEXT + "\n" + PETER_LINE.replace("\n", " \n"), "trailing space"),
        (TEXT + "\n" + PETER_LINE.replace("\n", "\r\n"), "CRLF"),
        (TEXT.replace("\n", "\r\n") + "\r\n" + PETER_LINE, "CRLF text"),
        (TEXT + "\n" + PETER_LINE + "\n", "blank line after signatures"),
        (TEXT + "\n" + "\u2014 PeterNeumann AAAA\n", "signature of 3 bytes"),
        (TEXT + "\n" + "\u2014 PeterNeumann \n", "empty signature"),
        (TEXT + "\n" + "\u2014 Peter+Neumann " + PETER_LINE.split(" ")[2], "plus in name"),
        (TEXT + "\n" + "\u2014  " + PETER_LINE.split(" ")[2], "empty name"),
        (TEXT + "\n" + PETER_LINE * (MAX_SIGNATURES + 1), "too many signatures"),
        (TEXT.replace("you", "\ud800") + "\n" + PETER_LINE, "lone surrogate"),
        (TEXT + "x" * (1 << 20) + "\n\n" + PETER_LINE, "over 1 MiB"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_note_format_strictness(note: str, why: str) -> None:
    _raises_exactly(InvalidNote, parse_note, note)


def test_note_accepts_the_signature_limit() -> None:
    assert len(parse_note(TEXT + "\n" + PETER_LINE * MAX_SIGNATURES).signatures) == MAX_SIGNATURES


def test_parse_note_rejects_non_text() -> None:
    _raises_exactly(InvalidNote, parse_note, 42)


def test_c2sp_example_text_ends_at_the_last_blank_line() -> None:
    case = NOTE["c2sp_signed_note_example"]
    note = parse_note(case["note"])
    assert note.text == case["text"]
    assert [s.name for s in note.signatures] == [case["signer"]]
    assert str(note) == case["note"]
    _raises_exactly(UnknownKeyError, verify_note, case["note"], PETER["verifier_key"])


def test_signed_note_round_trip() -> None:
    note = parse_note(NOTE["signed_by_both"])
    assert isinstance(note, SignedNote)
    assert parse_note(str(note)) == note


# --- RFC 8032 and openssl --------------------------------------------------------------


@pytest.mark.parametrize("vector", RFC8032, ids=lambda v: v["name"])
def test_rfc8032_vectors_verify(vector: dict[str, str]) -> None:
    public = bytes.fromhex(vector["public_key"])
    message = bytes.fromhex(vector["message"])
    signature = bytes.fromhex(vector["signature"])
    assert ed25519_verify(public, message, signature)
    VerifierKey.from_public_key("rfc8032.example", public).verify(message, signature)
    assert not ed25519_verify(public, message + b"\x00", signature)
    flipped = bytes([signature[0] ^ 0x80]) + signature[1:]
    assert not ed25519_verify(public, message, flipped)
    with pytest.raises(SignatureError):
        VerifierKey.from_public_key("rfc8032.example", public).verify(message, flipped)


@pytest.mark.parametrize("vector", RFC8032, ids=lambda v: v["name"])
def test_rfc8032_vectors_reproduced_by_openssl(vector: dict[str, str]) -> None:
    # openssl derives the same public key and the same (deterministic) signature from the seed.
    # OpenSSL 3.0 `pkeyutl -rawin` cannot take an empty message ("Could not allocate 0
    # bytes"), so for TEST 1 openssl checks the public key only.
    der = openssl_cli.private_der(bytes.fromhex(vector["secret_key"]))
    message = bytes.fromhex(vector["message"])
    public = openssl_cli.public_key_of(der)
    assert public.hex() == vector["public_key"]
    if message:
        assert openssl_cli.sign(der, message).hex() == vector["signature"]
        assert openssl_cli.verifies(public, message, bytes.fromhex(vector["signature"]))


def test_note_signed_by_openssl_verifies() -> None:
    der = openssl_cli.generate_key()
    key = VerifierKey.from_public_key("openssl.example/log", openssl_cli.public_key_of(der))
    text = "openssl.example/log\n7\n" + base64.b64encode(bytes(range(32))).decode() + "\n"
    signature = openssl_cli.sign(der, text.encode())
    note = text + "\n" + NoteSignature(key.name, key.key_id, signature).line()
    assert verify_note(note, str(key)).text == text
    tampered = note.replace("\n7\n", "\n8\n")
    _raises_exactly(SignatureError, verify_note, tampered, key)


def test_pycryptodome_signature_accepted_by_openssl() -> None:
    # The Go example key's seed, signed by pycryptodome as the verifier side knows it.
    skey = base64.b64decode(PETER["signer_key"].split("+", 4)[4])[1:]
    signature = eddsa.new(eddsa.import_private_key(skey), "rfc8032").sign(TEXT.encode())
    assert NoteSignature("PeterNeumann", bytes.fromhex("c74f20a3"), signature).line() == PETER_LINE
    public = parse_verifier_key(PETER["verifier_key"]).public_key
    assert openssl_cli.verifies(public, TEXT.encode(), signature)
    assert not openssl_cli.verifies(public, TEXT.encode() + b"!", signature)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F, exclude_categories=["Cs"])))
def test_the_first_control_character_is_named_with_its_line(body: str) -> None:
    # The rule of c2sp.org/signed-note: no character below U+0020 but newline. The first
    # such character is found (by a regex) and named with its line, counted from 1.
    text = body + "\n" if body.strip("\n") else "text\n"
    bad = [(i, ch) for i, ch in enumerate(text) if ch < " " and ch != "\n"]
    if not bad:
        assert check_note_text(text) == text
        return
    at, ch = bad[0]
    line = text.count("\n", 0, at) + 1
    with pytest.raises(InvalidNote, match=rf"^line {line} holds the control character "
                                          rf"U\+{ord(ch):04X}$"):
        check_note_text(text)
