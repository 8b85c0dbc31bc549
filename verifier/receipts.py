"""Submission receipts: a signed note over the RFC 9162 root of the entries one commit appended.

Body (each line ends with a newline):

    ipledger-receipt v1
    <origin>
    <index of the first entry>
    <number of entries>
    <base64 RFC 9162 root hash over the entries' leaf hashes, in index order>

The log signs one note per commit group (one submission, or concurrent single submissions
committed together), so a batch of 10,000 entries costs one Ed25519 signature. One entry is
shown to be in a receipt by an RFC 9162 inclusion proof of its leaf at position
`index - first` in a tree of `count` leaves; for a receipt of one entry the root is the
leaf hash and the proof is empty. The first line keeps receipts and checkpoints (signed by
the same key) from ever being taken for each other.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ipledger.verifier.core.errors import (
    EntryError,
    InvalidSubmissionReceipt,
    ProofInputError,
    ReceiptMismatch,
)
from ipledger.verifier.core.leaf import (
    canonical_metadata,
    check_received_at,
    entry_leaf_hash,
    metadata_hash,
    parse_digest,
    parse_metadata_json,
    parse_nonce,
)
from ipledger.verifier.core.note import (
    VerifierKey,
    b64decode_strict,
    parse_note,
    parse_verifier_key,
    verify_note,
)
from ipledger.verifier.core.proof import root_from_inclusion_proof
from ipledger.verifier.core.rfc9162 import HASH_SIZE, hash_children

HEADER = "ipledger-receipt v1"
MAX_INDEX = 2**64 - 1
MAX_COUNT = 1 << 20
_NUMBER_RE = re.compile(r"0|[1-9][0-9]*")
_HASH_HEX_RE = re.compile(r"[0-9a-f]{64}")
_DOCUMENT_KEYS = frozenset(
    ("index", "digest", "nonce", "metadata", "metadata_hash", "received_at", "leaf_hash", "receipt")
)
_RECEIPT_KEYS = frozenset(("note", "proof"))


@dataclass(frozen=True)
class SubmissionReceipt:
    """A receipt body: the log's origin and the root over entries first..first+count-1."""

    origin: str
    first_index: int
    count: int
    root: bytes

    def __post_init__(self) -> None:
        """Check the origin line, the range and the root length."""
        if not isinstance(self.origin, str) or not self.origin:
            raise InvalidSubmissionReceipt("the origin must be a non-empty string")
        if any(ord(ch) < 0x20 for ch in self.origin):
            raise InvalidSubmissionReceipt(
                "the origin must not hold control characters or newlines"
            )
        for name, value, low in (("first index", self.first_index, 0), ("count", self.count, 1)):
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise InvalidSubmissionReceipt(f"the {name} must be an integer >= {low}")
        if self.count > MAX_COUNT:
            raise InvalidSubmissionReceipt(f"the count {self.count} is above {MAX_COUNT}")
        if self.first_index + self.count - 1 > MAX_INDEX:
            raise InvalidSubmissionReceipt("the receipt's last index is above 2^64-1")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise InvalidSubmissionReceipt(f"the root must be {HASH_SIZE} bytes")

    def body(self) -> str:
        """Return the note text to sign."""
        root = base64.b64encode(self.root).decode("ascii")
        return f"{HEADER}\n{self.origin}\n{self.first_index}\n{self.count}\n{root}\n"

    def covers(self, index: int) -> bool:
        """Return whether entry `index` is one of the receipt's entries."""
        return self.first_index <= index < self.first_index + self.count

    def verify_leaf(self, index: int, leaf_hash: bytes, proof: Sequence[bytes]) -> None:
        """Check that `leaf_hash` is entry `index` of this receipt; raise `ReceiptMismatch`.

        Preconditions, checked first: `index` is covered by the receipt, `leaf_hash` and every
        proof hash are 32 bytes, and the proof has the RFC 9162 length for the position.
        """
        if not isinstance(index, int) or isinstance(index, bool) or not self.covers(index):
            raise ReceiptMismatch(
                f"entry {index} is not among the receipt's entries {self.first_index}.."
                f"{self.first_index + self.count - 1}"
            )
        try:
            root = root_from_inclusion_proof(index - self.first_index, self.count, leaf_hash, proof)
        except ProofInputError as exc:
            raise ReceiptMismatch(f"the receipt proof is malformed: {exc}") from None
        if root != self.root:
            raise ReceiptMismatch(
                f"entry {index} is not the one the log signed: its proof leads to "
                f"{root.hex()}, the receipt's root is {self.root.hex()}"
            )

    def verify_batch(self, leaf_hashes: Sequence[bytes]) -> None:
        """Check that `leaf_hashes` are exactly the receipt's entries, in index order.

        For a batch receipt, whose tree is the whole batch: the root is recomputed from all
        of them. Raises `ReceiptMismatch`.
        """
        if len(leaf_hashes) != self.count:
            raise ReceiptMismatch(
                f"the receipt covers {self.count} entries, {len(leaf_hashes)} leaf hashes given"
            )
        if any(not isinstance(h, bytes) or len(h) != HASH_SIZE for h in leaf_hashes):
            raise ReceiptMismatch(f"every leaf hash must be {HASH_SIZE} bytes")
        root = merkle_root(leaf_hashes)
        if root != self.root:
            raise ReceiptMismatch(
                f"the leaf hashes lead to {root.hex()}, the receipt's root is {self.root.hex()}"
            )


def merkle_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return the RFC 9162 root over a non-empty list of leaf hashes.

    Level by level, a last node without a sibling moves up unchanged: the same tree as
    RFC 9162's split at the largest power of two below the size.
    """
    if not leaf_hashes:
        raise ValueError("a receipt tree has at least one leaf")
    level = list(leaf_hashes)
    while len(level) > 1:
        above = [hash_children(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            above.append(level[-1])
        level = above
    return level[0]


def format_receipt(origin: str, first_index: int, count: int, root: bytes) -> str:
    """Return the receipt note text (to be signed) for entries first..first+count-1."""
    return SubmissionReceipt(origin, first_index, count, root).body()


def parse_receipt(note: str | bytes) -> SubmissionReceipt:
    """Parse a signed receipt note strictly, WITHOUT checking its signature.

    Raises `InvalidNote` for a malformed note and `InvalidSubmissionReceipt` for a malformed body:
    five lines, the header `ipledger-receipt v1`, decimal numbers without leading zeros,
    a count of at least 1, and a canonical base64 root of 32 bytes.
    """
    return parse_receipt_body(parse_note(note).text)


def parse_receipt_body(text: str) -> SubmissionReceipt:
    """Parse a receipt note text (the signed part); see `parse_receipt`."""
    if not isinstance(text, str) or not text.endswith("\n"):
        raise InvalidSubmissionReceipt("a receipt text ends with a newline")
    lines = text[:-1].split("\n")
    if not lines or lines[0] != HEADER:
        raise InvalidSubmissionReceipt(f"not a receipt: the first line must be {HEADER!r}")
    if len(lines) != 5:
        raise InvalidSubmissionReceipt(
            f"a v1 receipt has 5 lines (header, origin, first index, count, root), got {len(lines)}"
        )
    _, origin, first_text, count_text, root_text = lines
    numbers = []
    for name, value in (("first index", first_text), ("count", count_text)):
        if not _NUMBER_RE.fullmatch(value) or len(value) > 20:
            raise InvalidSubmissionReceipt(f"the {name} {value[:30]!r} is not a decimal number")
        numbers.append(int(value))
    root = b64decode_strict(root_text)
    if root is None or len(root) != HASH_SIZE:
        raise InvalidSubmissionReceipt("the root is not canonical base64 of 32 bytes")
    return SubmissionReceipt(origin, numbers[0], numbers[1], root)


def verify_receipt(note: str | bytes, verifier_key: VerifierKey | str) -> SubmissionReceipt:
    """Check the note's signature by the log's `verifier_key`, then parse its body.

    As a C2SP verifier ties a checkpoint's origin to the key, the receipt's origin line
    must be the key's name: a receipt of another log signed with this key is refused.
    Raises `InvalidNote`, `UnknownKeyError` or `SignatureError` for the signature and
    `InvalidSubmissionReceipt` for the body or an origin that is not the key's name.
    """
    if isinstance(verifier_key, str):
        verifier_key = parse_verifier_key(verifier_key)
    receipt = parse_receipt_body(verify_note(note, verifier_key).text)
    if receipt.origin != verifier_key.name:
        raise InvalidSubmissionReceipt(
            f"the receipt names the log {receipt.origin!r} but is signed by the key of "
            f"{verifier_key.name!r}: a log's receipts carry its own name"
        )
    return receipt


@dataclass(frozen=True)
class ReceiptEntry:
    """An entry proven to be signed for by the log: its fields, leaf hash and receipt."""

    index: int
    digest: bytes
    nonce: bytes
    metadata: bytes | None
    received_at: int
    leaf_hash: bytes
    receipt: SubmissionReceipt


def verify_entry_receipt(
    document: str | bytes | Mapping[str, Any], verifier_key: VerifierKey | str
) -> ReceiptEntry:
    """Verify an entry's receipt document as the API returns it; return the proven entry.

    The document is a JSON object with the entry fields (`index`, `digest`, `nonce`,
    `metadata`, `received_at`), the `metadata_hash` and `leaf_hash` (lowercase hex) and
    `receipt`: {`note`: signed note, `proof`: [hex hashes]}. The leaf hash is recomputed
    from the fields (leaf format v1), must equal `leaf_hash`, and must be in the signed
    root at `index`. Raises `InvalidSubmissionReceipt`, `ReceiptMismatch` or a signature error.
    """
    data = _load(document)
    index = data["index"]
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= MAX_INDEX:
        raise InvalidSubmissionReceipt("index must be an integer in 0..2^64-1")
    try:
        digest = parse_digest(data["digest"])
        nonce = parse_nonce(data["nonce"])
        received_at = check_received_at(data["received_at"])
        meta = data["metadata"]
        if meta is not None and not isinstance(meta, Mapping):
            raise EntryError("metadata", "must be a JSON object or null")
        canonical = None if meta is None else canonical_metadata(meta)
    except EntryError as exc:
        raise InvalidSubmissionReceipt(f"entry {exc}") from None
    meta_hash = metadata_hash(meta)
    if _hex_hash(data["metadata_hash"], "metadata_hash") != meta_hash:
        raise ReceiptMismatch("metadata_hash is not SHA-256 of the canonical metadata")
    leaf_hash = entry_leaf_hash(digest, nonce, meta_hash, received_at)
    if _hex_hash(data["leaf_hash"], "leaf_hash") != leaf_hash:
        raise ReceiptMismatch("leaf_hash is not the leaf hash of the entry's fields")
    block = data["receipt"]
    if not isinstance(block, Mapping) or set(block) != _RECEIPT_KEYS:
        raise InvalidSubmissionReceipt("receipt must be an object with exactly 'note' and 'proof'")
    if not isinstance(block["proof"], list):
        raise InvalidSubmissionReceipt("receipt.proof must be a list of hex hashes")
    proof = [_hex_hash(h, "receipt.proof") for h in block["proof"]]
    if not isinstance(block["note"], str):
        raise InvalidSubmissionReceipt("receipt.note must be the signed note text")
    receipt = verify_receipt(block["note"], verifier_key)
    receipt.verify_leaf(index, leaf_hash, proof)
    return ReceiptEntry(index, digest, nonce, canonical, received_at, leaf_hash, receipt)


def _load(document: str | bytes | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(document, str | bytes | bytearray):
        try:
            text = bytes(document).decode("utf-8") if not isinstance(document, str) else document
            data: Any = parse_metadata_json(text)
        except (EntryError, UnicodeDecodeError) as exc:
            raise InvalidSubmissionReceipt(
                f"the receipt document is not a JSON object ({exc})"
            ) from None
    else:
        data = document
    if not isinstance(data, Mapping):
        raise InvalidSubmissionReceipt("the receipt document must be a JSON object")
    missing = sorted(_DOCUMENT_KEYS - set(data))
    if missing:
        raise InvalidSubmissionReceipt(f"the receipt document lacks {', '.join(missing)}")
    unknown = sorted(str(k) for k in set(data) - _DOCUMENT_KEYS)
    if unknown:
        raise InvalidSubmissionReceipt(
            f"the receipt document has unknown keys: {', '.join(unknown)}"
        )
    return data


def _hex_hash(value: object, name: str) -> bytes:
    if not isinstance(value, str) or not _HASH_HEX_RE.fullmatch(value):
        raise InvalidSubmissionReceipt(f"{name} must be 64 lowercase hex characters")
    return bytes.fromhex(value)
