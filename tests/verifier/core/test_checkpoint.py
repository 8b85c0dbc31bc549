"""Checkpoints against the Go tlog and C2SP examples, strict parsing and signed verification."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from Crypto.Signature import eddsa
from hypothesis import given
from hypothesis import strategies as st

from ipledger.verifier import VerifierError, hash_leaf, verify_checkpoint
from ipledger.verifier.core.checkpoint import Checkpoint, format_checkpoint, parse_checkpoint
from ipledger.verifier.core.errors import (
    InvalidCheckpoint,
    InvalidNote,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.note import NoteSignature, parse_note, parse_verifier_key
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

NOTE: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "vectors" / "signed_note.json").read_text("utf-8")
)
PETER = NOTE["keys"]["PeterNeumann"]
PETER_KEY = parse_verifier_key(PETER["verifier_key"])
PETER_SEED = base64.b64decode(PETER["signer_key"].split("+", 4)[4])[1:]
ROOT = bytes(range(32))
ROOT_B64 = base64.b64encode(ROOT).decode()


def _sign_as_peter(text: str) -> str:
    signature = eddsa.new(eddsa.import_private_key(PETER_SEED), "rfc8032").sign(text.encode())
    return text + "\n" + NoteSignature("PeterNeumann", PETER_KEY.key_id, signature).line()


def _raises_exactly(exc_type: type[Exception], func: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(VerifierError) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type, f"{type(info.value).__name__}: {info.value}"


def test_go_tlog_tree_golden() -> None:
    tree = NOTE["go_tlog_tree"]
    root = hash_leaf(tree["root_is_leaf_hash_of"].encode())
    assert format_checkpoint(tree["origin"], tree["size"], root) == tree["body"]
    assert parse_checkpoint(tree["body"]) == Checkpoint(tree["origin"], tree["size"], root)


@pytest.mark.parametrize("body", NOTE["go_tlog_tree"]["bad_bodies"])
def test_go_tlog_bad_trees(body: str) -> None:
    _raises_exactly(InvalidCheckpoint, parse_checkpoint, body)


def test_c2sp_checkpoint_example() -> None:
    case = NOTE["c2sp_checkpoint_example"]
    note = parse_note(case["note"])
    checkpoint = parse_checkpoint(note.text)
    assert checkpoint.origin == case["origin"]
    assert checkpoint.size == case["size"]
    assert base64.b64encode(checkpoint.root).decode() == case["root_base64"]
    assert checkpoint.extensions == ()
    assert checkpoint.body() == note.text
    assert note.signatures[0].name == case["origin"]
    _raises_exactly(UnknownKeyError, verify_checkpoint, case["note"], PETER_KEY)


def test_signed_checkpoint_verifies() -> None:
    body = format_checkpoint("example.com/log", 1000, ROOT)
    assert body == f"example.com/log\n1000\n{ROOT_B64}\n"
    signed = _sign_as_peter(body)
    checkpoint = verify_checkpoint(signed, PETER["verifier_key"])
    assert checkpoint == Checkpoint("example.com/log", 1000, ROOT, ())
    assert verify_checkpoint(signed, PETER_KEY, origin="example.com/log") == checkpoint
    _raises_exactly(InvalidCheckpoint, verify_checkpoint, signed, PETER_KEY, origin="other/log")


@pytest.mark.parametrize(
    ("old", "new"), [("\n1000\n", "\n1001\n"), ("example.com", "example.org"), ("AAEC", "AQEC")]
)
def test_tampered_signed_checkpoint_is_rejected(old: str, new: str) -> None:
    signed = _sign_as_peter(format_checkpoint("example.com/log", 1000, ROOT))
    assert old in signed
    _raises_exactly(SignatureError, verify_checkpoint, signed.replace(old, new, 1), PETER_KEY)


def test_signed_note_that_is_not_a_checkpoint() -> None:
    _raises_exactly(InvalidCheckpoint, verify_checkpoint, NOTE["signed_by_peter"], PETER_KEY)


def test_signature_checked_before_the_body() -> None:
    _raises_exactly(InvalidNote, verify_checkpoint, "example.com/log\n1\n", PETER_KEY)


def test_extension_lines() -> None:
    body = format_checkpoint("o", 5, ROOT, extensions=["ext one", "— two"])
    assert body == f"o\n5\n{ROOT_B64}\next one\n— two\n"
    assert parse_checkpoint(body).extensions == ("ext one", "— two")
    signed = _sign_as_peter(body)
    assert verify_checkpoint(signed, PETER_KEY).extensions == ("ext one", "— two")


def test_empty_tree() -> None:
    body = format_checkpoint("o", 0, EMPTY_ROOT)
    assert parse_checkpoint(body).size == 0
    _raises_exactly(InvalidCheckpoint, format_checkpoint, "o", 0, ROOT)
    _raises_exactly(InvalidCheckpoint, parse_checkpoint, f"o\n0\n{ROOT_B64}\n")


def test_largest_tree_size() -> None:
    body = f"o\n{2**64 - 1}\n{ROOT_B64}\n"
    assert parse_checkpoint(body).size == 2**64 - 1


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (f"o\n1\n{ROOT_B64}", "no final newline"),
        (f"o\n1\n{ROOT_B64}\n\n", "empty extension line"),
        (f"o\n1\n{ROOT_B64}\nx\n\n", "empty line after extension"),
        ("o\n1\n", "two lines"),
        ("", "empty"),
        ("\n", "just a newline"),
        (f"\n1\n{ROOT_B64}\n", "empty origin"),
        (f"o\n01\n{ROOT_B64}\n", "leading zero"),
        (f"o\n00\n{ROOT_B64}\n", "double zero"),
        (f"o\n+1\n{ROOT_B64}\n", "plus sign"),
        (f"o\n-1\n{ROOT_B64}\n", "negative"),
        (f"o\n 1\n{ROOT_B64}\n", "leading space"),
        (f"o\n1 \n{ROOT_B64}\n", "trailing space"),
        (f"o\n1_000\n{ROOT_B64}\n", "underscore"),
        (f"o\n\u0661\n{ROOT_B64}\n", "arabic-indic digit"),
        (f"o\n\uff11\n{ROOT_B64}\n", "fullwidth digit"),
        (f"o\n0x10\n{ROOT_B64}\n", "hex"),
        (f"o\n1e3\n{ROOT_B64}\n", "exponent"),
        (f"o\n\n{ROOT_B64}\n", "empty size"),
        (f"o\n{2**64}\n{ROOT_B64}\n", "2^64"),
        (f"o\n{'9' * 5000}\n{ROOT_B64}\n", "5000 digits"),
        ("o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n", "31-byte root"),
        ("o\n1\n" + base64.b64encode(bytes(33)).decode() + "\n", "33-byte root"),
        (f"o\n1\n{ROOT_B64.rstrip('=')}\n", "unpadded root"),
        ("o\n1\n" + base64.urlsafe_b64encode(bytes([0xFB]) * 32).decode() + "\n", "url-safe"),
        (f"o\n1\n{ROOT_B64[:-2]}B=\n", "non-zero padding bits"),
        (f"o\n1\n {ROOT_B64}\n", "space before root"),
        (f"o\n1\n{ROOT.hex()}\n", "hex root"),
        (f"o\r\n1\n{ROOT_B64}\n", "CR in origin"),
        (f"o\n1\n{ROOT_B64}\nbad\x01ext\n", "control char in extension"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else "",
)
def test_checkpoint_strictness(body: str, why: str) -> None:
    _raises_exactly(InvalidCheckpoint, parse_checkpoint, body)


@pytest.mark.parametrize(
    ("origin", "size", "root"),
    [
        ("", 1, ROOT),
        ("a\nb", 1, ROOT),
        ("a\x00", 1, ROOT),
        ("o", -1, ROOT),
        ("o", 2**64, ROOT),
        ("o", True, ROOT),
        ("o", 1.0, ROOT),
        ("o", 1, ROOT[:31]),
        ("o", 1, ROOT + b"\x00"),
        ("o", 1, ROOT.hex()),
        (b"o", 1, ROOT),
    ],
)
def test_format_checkpoint_rejects(origin: Any, size: Any, root: Any) -> None:
    _raises_exactly(InvalidCheckpoint, format_checkpoint, origin, size, root)


def test_format_checkpoint_rejects_bad_extensions() -> None:
    _raises_exactly(InvalidCheckpoint, format_checkpoint, "o", 1, ROOT, extensions=[""])
    _raises_exactly(InvalidCheckpoint, format_checkpoint, "o", 1, ROOT, extensions=["a\nb"])


def test_parse_checkpoint_rejects_bytes() -> None:
    _raises_exactly(InvalidCheckpoint, parse_checkpoint, f"o\n1\n{ROOT_B64}\n".encode())


_LINE = st.text(
    alphabet=st.characters(min_codepoint=0x20, codec="utf-8"), min_size=1
)


@given(
    origin=_LINE,
    size=st.integers(min_value=1, max_value=2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
    extensions=st.lists(_LINE, max_size=3),
)
def test_format_parse_round_trip(
    origin: str, size: int, root: bytes, extensions: list[str]
) -> None:
    body = format_checkpoint(origin, size, root, extensions=extensions)
    assert parse_checkpoint(body) == Checkpoint(origin, size, root, tuple(extensions))


def test_the_design_example_verifies() -> None:
    design = (Path(__file__).parents[3] / "docs" / "design.md").read_text("utf-8")
    section = design.split("## 4. Checkpoints", 1)[1].split("## 5.", 1)[0]
    blocks = section.split("An example", 1)[1].split("```\n")
    note, key = blocks[1], blocks[3].strip()
    checkpoint = verify_checkpoint(note, key, origin="ipledger.example-office.int/log")
    assert checkpoint.size == 8

