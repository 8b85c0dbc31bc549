"""The add-checkpoint request body and the 200 / 409 answers, against tlog-witness's examples."""

from __future__ import annotations

import base64
import hashlib

import pytest

from ipledger.ledger.cosigning.protocol import (
    add_checkpoint_body,
    parse_conflict_size,
    parse_cosignatures,
)
from ipledger.ledger.errors import WitnessAnswerError
from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.note import parse_verifier_key

# c2sp.org/tlog-witness v1.0.0, "add-checkpoint": the example request body, verbatim.
SPEC_PROOF = (
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=",
    "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=",
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=",
    "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=",
)
SPEC_NOTE = (
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u"
    "5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks"
    "+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n"
)
SPEC_BODY = "old 20852014\n" + "".join(p + "\n" for p in SPEC_PROOF) + "\n" + SPEC_NOTE
# The example 200 answer: cosignatures by witness.example/w1 and /w2 (keys not published).
SPEC_ANSWER = (
    "\u2014 witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZT"
    "SvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==\n"
    "\u2014 witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt"
    "64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==\n"
    "\u2014 witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrr"
    "KbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==\n"
)

LOG = LogSigner("example.com/behind-the-sofa", hashlib.sha256(b"log").digest())
WITNESS = WitnessSigner("witness.example/w3", hashlib.sha256(b"w3").digest())
OTHER = WitnessSigner("witness.example/w3", hashlib.sha256(b"another w3 key").digest())
TEXT = format_checkpoint("example.com/behind-the-sofa", 20852163, hashlib.sha256(b"r").digest())
NOTE = LOG.sign_note(TEXT)
KEY = parse_verifier_key(WITNESS.verifier_key)


def test_request_body_is_the_spec_example_byte_for_byte() -> None:
    proof = [base64.b64decode(p) for p in SPEC_PROOF]
    assert add_checkpoint_body(20852014, proof, SPEC_NOTE) == SPEC_BODY.encode()


def test_request_body_from_zero_has_no_proof_lines() -> None:
    assert add_checkpoint_body(0, [], NOTE) == b"old 0\n\n" + NOTE.encode()


@pytest.mark.parametrize(
    ("old", "proof"), [(-1, []), (True, []), (5, [b"\0" * 31]), (5, [b"\0" * 32] * 64)]
)
def test_request_body_refuses_what_the_spec_forbids(old: int, proof: list[bytes]) -> None:
    with pytest.raises(ValueError):
        add_checkpoint_body(old, proof, NOTE)


def test_conflict_answer_gives_the_witness_size() -> None:
    assert parse_conflict_size("text/x.tlog.size", b"20852014\n") == 20852014
    assert parse_conflict_size("text/x.tlog.size; charset=utf-8", b"0\n") == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b"5\n"),  # not the spec's media type
        (None, b"5\n"),
        ("text/x.tlog.size", b"5"),  # no newline
        ("text/x.tlog.size", b"05\n"),  # leading zero
        ("text/x.tlog.size", b"-5\n"),
        ("text/x.tlog.size", b"99999999999999999999\n"),  # over 2^63-1
        ("text/x.tlog.size", b"<html>conflict</html>"),
    ],
)
def test_conflict_answer_of_the_wrong_shape_is_refused(
    content_type: str | None, body: bytes
) -> None:
    with pytest.raises(WitnessAnswerError):
        parse_conflict_size(content_type, body)


def test_the_spec_example_answer_parses_and_its_unknown_keys_are_ignored() -> None:
    ours = WITNESS.cosign(TEXT, 1_700_000_000).line()
    found = parse_cosignatures((SPEC_ANSWER + ours).encode(), NOTE, KEY)
    assert [(c.name, c.timestamp) for c in found] == [("witness.example/w3", 1_700_000_000)]
    # The same name with another key id is someone else's key: ignored as well.
    other = OTHER.cosign(TEXT, 1_700_000_001).line()
    assert parse_cosignatures((other + ours).encode(), NOTE, KEY) == found


def test_an_answer_without_our_witness_key_is_refused() -> None:
    with pytest.raises(WitnessAnswerError, match=r"no cosignature by witness\.example/w3"):
        parse_cosignatures(SPEC_ANSWER.encode(), NOTE, KEY)


def test_a_cosignature_that_does_not_verify_is_refused() -> None:
    other_text = format_checkpoint("example.com/behind-the-sofa", 20852164, b"\0" * 32)
    wrong_tree = WITNESS.cosign(other_text, 1_700_000_000).line()
    with pytest.raises(WitnessAnswerError, match="does not verify"):
        parse_cosignatures(wrong_tree.encode(), NOTE, KEY)
    good = WITNESS.cosign(TEXT, 1_700_000_000)
    flipped = bytearray(good.signature)
    flipped[0] ^= 1
    bad = type(good)(good.name, good.key_id, good.timestamp, bytes(flipped)).line()
    with pytest.raises(WitnessAnswerError, match="does not verify"):
        parse_cosignatures((good.line() + bad).encode(), NOTE, KEY)


@pytest.mark.parametrize(
    "body",
    [b"", b"OK\n", b"<html>ok</html>", "\u2014 w x\n".encode(), b"\xff\n",
     WITNESS.cosign(TEXT, 1).line().rstrip("\n").encode()],
)
def test_an_answer_that_is_not_signature_lines_is_refused(body: bytes) -> None:
    with pytest.raises(WitnessAnswerError):
        parse_cosignatures(body, NOTE, KEY)
