"""tlog-proof@v1 files: the spec's layout, strict parsing, round trips."""

from __future__ import annotations

import base64

import pytest

from ipledger.ledger.keys import LogSigner
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.errors import InvalidTlogProof
from ipledger.verifier.core.tlogproof import HEADER, TlogProof, parse_tlog_proof

LOG = LogSigner("example.com/fancylog", bytes(range(32)))
NOTE = LOG.sign_note(format_checkpoint("example.com/fancylog", 109482, b"\x07" * 32))
PATH = (b"\x01" * 32, b"\x02" * 32)


def test_layout_matches_the_spec() -> None:
    text = TlogProof(73894, PATH, NOTE, b"extra data").text()
    lines = text.split("\n")
    assert lines[:5] == [
        HEADER,
        "extra " + base64.b64encode(b"extra data").decode(),
        "index 73894",
        base64.b64encode(PATH[0]).decode(),
        base64.b64encode(PATH[1]).decode(),
    ]
    assert lines[5] == "" and text.endswith(NOTE)
    assert parse_tlog_proof(text) == TlogProof(73894, PATH, NOTE, b"extra data")


def test_without_extra_and_empty_path() -> None:
    proof = TlogProof(0, (), NOTE)
    assert proof.text().startswith(HEADER + "\nindex 0\n\n")
    assert parse_tlog_proof(proof.text().encode()) == proof


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("c2sp.org/tlog-proof@v2\nindex 1\n\n" + NOTE, "first line"),
        (HEADER + "\nindex 01\n\n" + NOTE, "index"),
        (HEADER + "\nindex 1\nnot base64!\n\n" + NOTE, "base64"),
        (HEADER + "\nindex 1\n" + base64.b64encode(b"x").decode() + "\n\n" + NOTE, "32 bytes"),
        (HEADER + "\nindex 109482\n\n" + NOTE, "not in the checkpoint"),
        (HEADER + "\nindex 1\n\nnot a checkpoint\n", "signed checkpoint"),
        (HEADER + "\nindex 1\n", "blank line"),
    ],
)
def test_malformed_files_are_refused(text: str, why: str) -> None:
    with pytest.raises(InvalidTlogProof, match=why):
        parse_tlog_proof(text)
