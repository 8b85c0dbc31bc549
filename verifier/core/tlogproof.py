"""C2SP tlog-proof@v1 files: an entry's index, inclusion path and (cosigned) checkpoint."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass

from ipledger.verifier.core.bundle import BundleEntry, _parse_entry
from ipledger.verifier.core.bundle import _reject_constant as _refuse
from ipledger.verifier.core.bundle import _unique_object as _unique
from ipledger.verifier.core.checkpoint import Checkpoint, parse_checkpoint
from ipledger.verifier.core.errors import (
    InvalidBundle,
    InvalidCheckpoint,
    InvalidNote,
    InvalidTlogProof,
)
from ipledger.verifier.core.note import MAX_NOTE_BYTES, b64decode_strict, parse_note
from ipledger.verifier.core.policy import CosignatureLine, Policy
from ipledger.verifier.core.verify import Check, check_log_steps, witnessed_words

HEADER = "c2sp.org/tlog-proof@v1"
MAX_PATH = 63  # a tree of at most 2^64-1 leaves: at most 63 hashes from leaf to root
_INDEX_RE = re.compile(r"index (0|[1-9][0-9]{0,19})")


@dataclass(frozen=True)
class TlogProof:
    """A tlog-proof: extra bytes, the entry's index, inclusion path, checkpoint note.

    The path starts at the leaf's sibling; the checkpoint is the signed note verbatim.

    `extra` is not authenticated by anything in the file; ipledger puts the entry there
    (its canonical JSON) so the leaf can be recomputed from the document.
    """

    index: int
    inclusion_path: tuple[bytes, ...]
    checkpoint: str
    extra: bytes | None = None

    def __post_init__(self) -> None:
        """Check the index, each hash's size, the path's length and the checkpoint note."""
        if isinstance(self.index, bool) or not isinstance(self.index, int) or self.index < 0:
            raise InvalidTlogProof("the index is a non-negative integer")
        if len(self.inclusion_path) > MAX_PATH:
            raise InvalidTlogProof(f"an inclusion path has at most {MAX_PATH} hashes")
        for number, node in enumerate(self.inclusion_path, start=1):
            if not isinstance(node, bytes) or len(node) != 32:
                raise InvalidTlogProof(f"inclusion path hash {number} is not 32 bytes")
        if self.extra is not None and (not isinstance(self.extra, bytes) or not self.extra):
            raise InvalidTlogProof("extra data, when present, is non-empty bytes")
        try:
            checkpoint = parse_checkpoint(parse_note(self.checkpoint).text)
        except (InvalidNote, InvalidCheckpoint) as exc:
            raise InvalidTlogProof(f"the checkpoint is not a signed checkpoint: {exc}") from None
        if self.index >= checkpoint.size:
            raise InvalidTlogProof(
                f"index {self.index} is not in the checkpoint's tree of {checkpoint.size} entries"
            )

    @property
    def parsed_checkpoint(self) -> Checkpoint:
        """The checkpoint's origin, size and root (signatures unchecked)."""
        return parse_checkpoint(parse_note(self.checkpoint).text)

    def text(self) -> str:
        """Return the file's text: header, [extra], index, path lines, blank line, checkpoint."""
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode("ascii"))
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(node).decode("ascii") for node in self.inclusion_path)
        return "\n".join(lines) + "\n\n" + self.checkpoint


def parse_tlog_proof(data: str | bytes) -> TlogProof:
    """Parse a tlog-proof file strictly (c2sp.org/tlog-proof@v1); raise `InvalidTlogProof`.

    Lines end in U+000A; base64 is canonical standard base64; the index has no leading
    zeros; no signature is checked here.
    """
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > MAX_NOTE_BYTES:
            raise InvalidTlogProof(f"the file is over {MAX_NOTE_BYTES} bytes")
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidTlogProof(f"the file is not UTF-8 text (byte {exc.start})") from None
    if not isinstance(data, str):
        raise InvalidTlogProof(f"a tlog-proof is text, got {type(data).__name__}")
    head, sep, checkpoint = data.partition("\n\n")
    if not sep:
        raise InvalidTlogProof("no blank line separates the proof from its checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER:
        raise InvalidTlogProof(f"the first line is not {HEADER!r}: not a tlog-proof file")
    rest = lines[1:]
    extra = None
    if rest and rest[0].startswith("extra "):
        extra = b64decode_strict(rest[0][len("extra ") :])
        if extra is None or not extra:
            raise InvalidTlogProof("the extra line is not canonical standard base64")
        rest = rest[1:]
    if not rest or not _INDEX_RE.fullmatch(rest[0]):
        raise InvalidTlogProof("the line after the header must be `index <decimal>`")
    path = []
    for number, line in enumerate(rest[1:], start=1):
        node = b64decode_strict(line)
        if node is None:
            raise InvalidTlogProof(f"inclusion path line {number} is not canonical base64")
        path.append(node)
    return TlogProof(int(rest[0][len("index ") :]), tuple(path), checkpoint, extra)


@dataclass(frozen=True)
class TlogVerdict:
    """What a tlog-proof proves: the entry is in the log's tree (never a chain anchor)."""

    entry: BundleEntry
    tree_size: int
    origin: str
    log_authenticated: bool
    document_checked: bool
    checks: tuple[Check, ...]
    remaining: tuple[str, ...]
    cosignatures: tuple[CosignatureLine, ...]

    def claim(self) -> str:
        """Return the plain-language claim: inclusion in a tree, and who saw that tree when."""
        digest = "sha256:" + self.entry.digest.hex()
        subject = "The document" if self.document_checked else f"The document with {digest}"
        log = self.origin if self.log_authenticated else f"{self.origin} (unauthenticated)"
        text = f"{subject} is entry {self.entry.index} of the log {log}, tree size {self.tree_size}"
        return text + witnessed_words(self.cosignatures) + "."


def verify_tlog_proof(
    document: bytes | None,
    proof: TlogProof | str | bytes,
    *,
    policy: Policy | None = None,
    log_key: str | None = None,
) -> TlogVerdict:
    """Check an ipledger tlog-proof offline: steps 1-4, the entry's JSON on its extra line."""
    if not isinstance(proof, TlogProof):
        proof = parse_tlog_proof(proof)
    entry = _extra_entry(proof)
    checks = [Check(0, "Proof file is well formed", f"{HEADER}, entry {entry.index}")]
    remaining: list[str] = []
    checkpoint, used, lines = check_log_steps(
        entry, document, proof.checkpoint, proof.inclusion_path, checks=checks,
        remaining=remaining, policy=policy, log_key=log_key,
    )
    if policy is None:
        remaining.append("that witnesses saw this tree: no policy was given (--policy)")
    remaining.append(
        "a time on a blockchain: a tlog-proof proves inclusion in the log's tree, not when; "
        "the entry's evidence bundle carries the chain anchor"
    )
    signed, given = used is not None, document is not None
    size, origin = checkpoint.size, checkpoint.origin
    return TlogVerdict(entry, size, origin, signed, given, (*checks,), (*remaining,), lines)


def _extra_entry(proof: TlogProof) -> BundleEntry:
    if proof.extra is None:
        raise InvalidTlogProof("no extra line: ipledger writes the entry's JSON there")
    try:  # at most 1 MiB (the file's limit); too deep a nesting raises RecursionError
        text = proof.extra.decode("utf-8")
        entry = _parse_entry(json.loads(text, object_pairs_hook=_unique, parse_constant=_refuse))
    except (InvalidBundle, ValueError, RecursionError) as exc:
        raise InvalidTlogProof(f"the extra line is not an ipledger entry: {exc}") from None
    if entry.index != proof.index:
        raise InvalidTlogProof(f"the extra line is entry {entry.index}, the index {proof.index}")
    return entry
