"""The tlog-witness v1.0.0 add-checkpoint body (old size, proof lines, note) and the answer."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from ipledger.ledger.witness.errors import WitnessError
from ipledger.verifier.core.checkpoint import MAX_TREE_SIZE
from ipledger.verifier.core.note import b64decode_strict
from ipledger.verifier.core.rfc9162 import HASH_SIZE

MAX_PROOF_LINES = 63
SIZE_MEDIA_TYPE = "text/x.tlog.size"
TEXT_MEDIA_TYPE = "text/plain; charset=utf-8"
_OLD_RE = re.compile(r"old (0|[1-9][0-9]{0,19})")


class MalformedRequest(WitnessError, ValueError):
    """The add-checkpoint body does not follow tlog-witness v1.0.0 (answered 400)."""


@dataclass(frozen=True)
class AddCheckpointRequest:
    """An add-checkpoint body: the size last cosigned as the client believes, proof, note."""

    old_size: int
    proof: tuple[bytes, ...]
    note: str

    def proof_text(self) -> str:
        """Return the proof as its base64 lines, as it was sent."""
        return "".join(_b64(h) + "\n" for h in self.proof)


@dataclass(frozen=True)
class WitnessAnswer:
    """What add-checkpoint answers: HTTP status, body text and its media type.

    200 carries cosignature lines, 409 the size last cosigned (`text/x.tlog.size`); every
    other status carries a reason for humans (the HTTP layer wraps it as a problem).
    """

    status: int
    body: str
    content_type: str = TEXT_MEDIA_TYPE


def parse_add_checkpoint(body: bytes) -> AddCheckpointRequest:
    """Parse an add-checkpoint body strictly; raise `MalformedRequest` saying what is wrong.

    Layout: `old <size>` line, at most 63 lines of one base64 SHA-256 hash each, an empty
    line, then the signed checkpoint note; every line ends in U+000A.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("the body is not UTF-8 text") from None
    first, sep, rest = text.partition("\n")
    if not sep:
        raise MalformedRequest("the body has no `old <size>` line ending in a newline")
    found = _OLD_RE.fullmatch(first)
    if found is None or int(found.group(1)) > MAX_TREE_SIZE:
        raise MalformedRequest(
            f"the first line {first[:40]!r} must be `old <size>` (decimal, no leading zeros)"
        )
    proof: list[bytes] = []
    while True:
        line, sep, rest = rest.partition("\n")
        if not sep:
            raise MalformedRequest("the proof lines must end with an empty line before the note")
        if not line:
            break
        if len(proof) == MAX_PROOF_LINES:
            raise MalformedRequest(f"more than {MAX_PROOF_LINES} consistency proof lines")
        raw = b64decode_strict(line)
        if raw is None or len(raw) != HASH_SIZE:
            raise MalformedRequest(
                f"proof line {len(proof) + 1} is not one base64 {HASH_SIZE}-byte hash"
            )
        proof.append(raw)
    if not rest:
        raise MalformedRequest("the body holds no checkpoint after the empty line")
    return AddCheckpointRequest(int(found.group(1)), tuple(proof), rest)


def format_add_checkpoint(old_size: int, proof: tuple[bytes, ...] | list[bytes], note: str) -> str:
    """Return an add-checkpoint body (what a log sends to a witness)."""
    return f"old {old_size}\n" + "".join(_b64(h) + "\n" for h in proof) + "\n" + note


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
