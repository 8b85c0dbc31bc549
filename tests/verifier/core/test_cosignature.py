"""cosignature/v1 lines: made by WitnessSigner, checked by the core and by tlog-scales."""

from __future__ import annotations

import hashlib

import pytest
from tlog_scales.signing import NoteSignature as ScalesSignature
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint

from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.cosignature import Cosignature, cosigned_message, verify_cosignature
from ipledger.verifier.core.errors import (
    InvalidNote,
    InvalidVerifierKey,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.note import (
    ALG_COSIGNATURE_V1,
    NoteSignature,
    parse_verifier_key,
    verify_note,
)

LOG = LogSigner("example.com/behind-the-sofa", hashlib.sha256(b"log").digest())
WITNESS = WitnessSigner("witness.example.com/w1", hashlib.sha256(b"witness").digest())
TEXT = format_checkpoint("example.com/behind-the-sofa", 20852163, hashlib.sha256(b"r").digest())
STAMP = 1679315147


def cosigned(timestamp: int = STAMP) -> str:
    return LOG.sign_note(TEXT) + WITNESS.cosign(TEXT, timestamp).line()


def test_signed_message_is_the_spec_layout() -> None:
    # tlog-cosignature, "Ed25519 signed message": header line, time line, the note text.
    assert cosigned_message(TEXT, STAMP) == (
        b"cosignature/v1\ntime 1679315147\n" + TEXT.encode()
    )


def test_key_id_uses_type_0x04() -> None:
    key = parse_verifier_key(WITNESS.verifier_key)
    assert key.algorithm == ALG_COSIGNATURE_V1
    name = b"witness.example.com/w1"
    assert key.key_id == hashlib.sha256(name + b"\n\x04" + key.public_key).digest()[:4]
    assert WITNESS.verifier_key.split("+")[2].startswith("B")  # base64 of 0x04 || key


def test_core_verifies_and_returns_the_timestamp() -> None:
    checkpoint, cosignature = verify_cosignature(cosigned(), WITNESS.verifier_key)
    assert (checkpoint.size, cosignature.timestamp) == (20852163, STAMP)
    assert verify_note(cosigned(), LOG.verifier_key).text == TEXT  # the log's line still checks


def test_tlog_scales_verifies_our_cosignature() -> None:
    note = cosigned()
    checkpoint = ScalesCheckpoint.from_text(note)
    vkey = Vkey.from_string(WITNESS.verifier_key)
    line = WITNESS.cosign(TEXT, STAMP).line().rstrip("\n")
    valid = VkeySet(vkey).verify([ScalesSignature.from_line(line)], checkpoint)
    assert [v.name for v, _ in valid] == ["witness.example.com/w1"]
    assert vkey.key_id == int.from_bytes(parse_verifier_key(WITNESS.verifier_key).key_id, "big")


def test_changed_timestamp_fails() -> None:
    good = WITNESS.cosign(TEXT, STAMP)
    forged = Cosignature(good.name, good.key_id, STAMP + 1, good.signature)
    with pytest.raises(SignatureError):
        verify_cosignature(LOG.sign_note(TEXT) + forged.line(), WITNESS.verifier_key)


def test_other_checkpoint_fails() -> None:
    other = format_checkpoint("example.com/behind-the-sofa", 20852164, b"\0" * 32)
    line = WITNESS.cosign(TEXT, STAMP).line()
    with pytest.raises(SignatureError):
        verify_cosignature(LOG.sign_note(other) + line, WITNESS.verifier_key)


def test_missing_cosignature_and_wrong_key_types() -> None:
    with pytest.raises(UnknownKeyError):
        verify_cosignature(LOG.sign_note(TEXT), WITNESS.verifier_key)
    with pytest.raises(InvalidVerifierKey, match="note key"):
        verify_cosignature(cosigned(), LOG.verifier_key)
    with pytest.raises(InvalidVerifierKey, match="cosigner key"):
        verify_note(cosigned(), WITNESS.verifier_key)


@pytest.mark.parametrize("timestamp", [0, -1, 2**63])
def test_timestamp_out_of_range(timestamp: int) -> None:
    with pytest.raises(InvalidNote):
        cosigned_message(TEXT, timestamp)


def test_cosignature_without_its_timestamp_is_malformed() -> None:
    # A plain 64-byte note signature under the witness's name and key id: no timestamp.
    bare = NoteSignature(WITNESS.name, WITNESS.key_id, b"\x01" * 64)
    with pytest.raises(InvalidNote, match="expected 72"):
        verify_cosignature(LOG.sign_note(TEXT) + bare.line(), WITNESS.verifier_key)
