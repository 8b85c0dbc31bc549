"""C2SP tlog-checkpoint bodies (origin, tree size, root hash) and their signed-note check."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ipledger.verifier.core.errors import InvalidCheckpoint
from ipledger.verifier.core.note import VerifierKey, b64decode_strict, verify_note
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT, HASH_SIZE

MAX_TREE_SIZE = 2**64 - 1
_SIZE_RE = re.compile(r"0|[1-9][0-9]*")


def _check_line(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidCheckpoint(f"{what} must be a string, got {type(value).__name__}")
    if not value:
        raise InvalidCheckpoint(f"{what} must not be empty")
    for ch in value:
        if ord(ch) < 0x20:
            raise InvalidCheckpoint(f"{what} must not hold control characters or newlines")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidCheckpoint(f"{what} is not valid UTF-8 (lone surrogate)") from None
    return value


@dataclass(frozen=True)
class Checkpoint:
    """A log's signed tree head: origin line, tree size, RFC 9162 root, extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check every field; the empty tree must carry the empty-tree root."""
        _check_line("origin", self.origin)
        if not isinstance(self.size, int) or isinstance(self.size, bool):
            raise InvalidCheckpoint(f"tree size must be an integer, got {type(self.size).__name__}")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise InvalidCheckpoint(f"tree size {self.size} is outside 0..2^64-1")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise InvalidCheckpoint(f"root hash must be {HASH_SIZE} bytes")
        if self.size == 0 and self.root != EMPTY_ROOT:
            raise InvalidCheckpoint("the empty tree's root must be SHA-256 of the empty string")
        if not isinstance(self.extensions, tuple):
            raise InvalidCheckpoint("extensions must be a tuple of lines")
        for i, line in enumerate(self.extensions):
            _check_line(f"extension line {i + 1}", line)

    def body(self) -> str:
        """Return the note text: origin, size, base64 root and extension lines, one per line."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        return "\n".join([*lines, *self.extensions]) + "\n"


def format_checkpoint(
    origin: str, size: int, root: bytes, *, extensions: Sequence[str] = ()
) -> str:
    """Return the checkpoint note text: origin, size and base64 root lines (to be signed).

    Raises `InvalidCheckpoint` for an empty origin or one with control characters, a size
    outside 0..2^64-1, a root that is not 32 bytes, or an empty extension line.
    """
    return Checkpoint(origin, size, root, tuple(extensions)).body()


def parse_checkpoint(note_body: str) -> Checkpoint:
    """Parse a checkpoint note text strictly (C2SP tlog-checkpoint).

    Lines: a non-empty origin; the tree size in ASCII decimal without leading zeros (except
    "0"), at most 2^64-1; the root as padded standard base64 of 32 bytes; optional
    non-empty extension lines. The text ends with a newline. Raises `InvalidCheckpoint`.
    """
    if not isinstance(note_body, str):
        raise InvalidCheckpoint(f"a checkpoint is text, got {type(note_body).__name__}")
    if not note_body.endswith("\n"):
        raise InvalidCheckpoint("the checkpoint text must end with a newline")
    lines = note_body[:-1].split("\n")
    if len(lines) < 3:
        raise InvalidCheckpoint("a checkpoint has at least 3 lines: origin, tree size, root hash")
    origin, size_text, root_text, *extensions = lines
    if not _SIZE_RE.fullmatch(size_text):
        raise InvalidCheckpoint(
            f"tree size {size_text[:30]!r} is not a decimal number without leading zeros"
        )
    root = b64decode_strict(root_text)
    if root is None:
        raise InvalidCheckpoint("the root hash is not canonical standard base64")
    if len(root) != HASH_SIZE:
        raise InvalidCheckpoint(f"the root hash is {len(root)} bytes, expected {HASH_SIZE}")
    if len(size_text) > len(str(MAX_TREE_SIZE)):
        raise InvalidCheckpoint(f"tree size {size_text[:30]}... is above 2^64-1")
    size = int(size_text)
    return Checkpoint(origin, size, root, tuple(extensions))


def verify_checkpoint(
    signed_note_text: str | bytes, key: VerifierKey | str, *, origin: str | None = None
) -> Checkpoint:
    """Check the note's signature by `key`, then parse its text as a checkpoint.

    When `origin` is given, the checkpoint's origin must equal it. Raises `InvalidNote`,
    `UnknownKeyError` or `SignatureError` (signature) or `InvalidCheckpoint` (body).
    """
    note = verify_note(signed_note_text, key)
    checkpoint = parse_checkpoint(note.text)
    if origin is not None and checkpoint.origin != origin:
        raise InvalidCheckpoint(
            f"the checkpoint is from origin {checkpoint.origin!r}, expected {origin!r}"
        )
    return checkpoint
