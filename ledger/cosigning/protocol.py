"""The log's half of tlog-witness v1.0.0: the add-checkpoint request body, reading answers."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

from ipledger.ledger.errors import WitnessAnswerError
from ipledger.verifier.core.cosignature import Cosignature, cosigned_message
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.note import (
    MAX_SIGNATURES,
    SIGNATURE_PREFIX,
    VerifierKey,
    ed25519_verify,
    parse_note,
)

MAX_PROOF_LINES = 63
SIZE_MEDIA_TYPE = "text/x.tlog.size"
_SIZE_RE = re.compile(rb"(0|[1-9][0-9]{0,19})\n")
MAX_ANSWER_BYTES = 64 << 10


def add_checkpoint_body(old_size: int, proof: Sequence[bytes], note: str) -> bytes:
    """Return the request body: `old <size>`, the proof lines, a blank line, the signed note.

    `proof` is the RFC 9162 consistency proof from `old_size` to the note's size (empty
    when `old_size` is 0 or equals the size); `note` is the log-signed checkpoint.
    """
    if isinstance(old_size, bool) or not isinstance(old_size, int) or old_size < 0:
        raise ValueError("the old size is a non-negative integer")
    if len(proof) > MAX_PROOF_LINES:
        raise ValueError(f"a consistency proof has at most {MAX_PROOF_LINES} hashes")
    if any(len(node) != 32 for node in proof):
        raise ValueError("each consistency proof hash is 32 bytes")
    lines = [f"old {old_size}\n"]
    lines.extend(base64.b64encode(node).decode("ascii") + "\n" for node in proof)
    return ("".join(lines) + "\n" + note).encode("utf-8")


def parse_conflict_size(content_type: str | None, body: bytes) -> int:
    """Return the size a 409 answer says the witness last cosigned (`text/x.tlog.size`).

    Raises `WitnessAnswerError` when the answer is not of that type or not a decimal and a newline.
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != SIZE_MEDIA_TYPE:
        raise WitnessAnswerError(
            f"the 409 answer is {media or 'untyped'}, not {SIZE_MEDIA_TYPE}: not a tlog witness"
        )
    found = _SIZE_RE.fullmatch(body)
    if found is None or int(found.group(1)) > 2**63 - 1:
        raise WitnessAnswerError(
            f"the 409 answer {body[:40]!r} is not a tree size in decimal and a newline"
        )
    return int(found.group(1))


def parse_cosignatures(body: bytes, note: str, key: VerifierKey) -> tuple[Cosignature, ...]:
    """Return the valid cosignatures by `key` in a 200 answer to submitting `note`.

    The answer is note signature lines (`— <name> <base64>`, each ending in a newline).
    Lines by other keys are ignored (the spec says so); a line by `key` that does not
    verify, or an answer that is not signature lines, raises `WitnessAnswerError`, and so
    does an answer holding no cosignature by `key`.
    """
    if len(body) > MAX_ANSWER_BYTES:
        raise WitnessAnswerError(f"the answer is over {MAX_ANSWER_BYTES} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WitnessAnswerError("the answer is not UTF-8 text") from None
    if not text or not text.endswith("\n") or any(
        not line.startswith(SIGNATURE_PREFIX) for line in text[:-1].split("\n")
    ):
        raise WitnessAnswerError(
            "the answer is not note signature lines (each `— <name> <base64>` and a newline)"
        )
    if text.count("\n") > MAX_SIGNATURES:
        raise WitnessAnswerError(f"the answer has over {MAX_SIGNATURES} signature lines")
    signed_text = parse_note(note).text
    try:
        # The spec's way: append the lines to the checkpoint and parse the whole note.
        lines = parse_note(note + text).signatures
    except VerifierError as exc:
        raise WitnessAnswerError(f"the answer's signature lines do not parse: {exc}") from None
    found: list[Cosignature] = []
    for line in lines[len(parse_note(note).signatures) :]:
        if line.name != key.name or line.key_id != key.key_id:
            continue  # another witness key of the same witness, or an unknown one: ignored
        try:
            cosignature = Cosignature.from_note_signature(line)
        except VerifierError as exc:
            raise WitnessAnswerError(f"a line by {key.name} is no cosignature/v1: {exc}") from None
        message = cosigned_message(signed_text, cosignature.timestamp)
        if not ed25519_verify(key.public_key, message, cosignature.signature):
            raise WitnessAnswerError(
                f"the cosignature by {key.name}+{key.key_id.hex()} does not verify on the "
                "checkpoint submitted: not stored"
            )
        found.append(cosignature)
    if not found:
        raise WitnessAnswerError(
            f"the answer holds no cosignature by {key.name}+{key.key_id.hex()}: is the "
            "configured key the witness's?"
        )
    return tuple(found)
