"""C2SP tlog-cosignature v1 (Ed25519, key type 0x04): the signed message, parsing, checking."""

from __future__ import annotations

from dataclasses import dataclass

from ipledger.verifier.core.checkpoint import Checkpoint, parse_checkpoint
from ipledger.verifier.core.errors import (
    InvalidNote,
    InvalidVerifierKey,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.note import (
    ALG_COSIGNATURE_V1,
    SIGNATURE_SIZE,
    NoteSignature,
    VerifierKey,
    ed25519_verify,
    parse_note,
    parse_verifier_key,
)

TIMESTAMP_SIZE = 8
MAX_TIMESTAMP = 2**63 - 1
COSIGNATURE_HEADER = "cosignature/v1"


@dataclass(frozen=True)
class Cosignature:
    """One cosignature/v1 line: the witness's key name and id, its timestamp and signature.

    `timestamp` is POSIX seconds: the witness says that at this time, the checkpoint was
    the largest consistent tree it had seen of the log.
    """

    name: str
    key_id: bytes
    timestamp: int
    signature: bytes

    def __post_init__(self) -> None:
        """Check the sizes and that the timestamp is in 1..2^63-1 (never zero, per the spec)."""
        NoteSignature(self.name, self.key_id, self.signature)  # checks the name and key id
        if len(self.signature) != SIGNATURE_SIZE:
            raise InvalidNote(f"an Ed25519 cosignature is {SIGNATURE_SIZE} bytes")
        if isinstance(self.timestamp, bool) or not isinstance(self.timestamp, int):
            raise InvalidNote("a cosignature timestamp is an integer")
        if not 0 < self.timestamp <= MAX_TIMESTAMP:
            raise InvalidNote(f"cosignature timestamp {self.timestamp} is not in 1..2^63-1")

    @classmethod
    def from_note_signature(cls, signature: NoteSignature) -> Cosignature:
        """Read a note signature line's bytes as `u64 timestamp || 64-byte Ed25519 signature`."""
        raw = signature.signature
        if len(raw) != TIMESTAMP_SIZE + SIGNATURE_SIZE:
            raise InvalidNote(
                f"the cosignature of {signature.name} is {len(raw)} bytes after its key id, "
                f"expected {TIMESTAMP_SIZE + SIGNATURE_SIZE} (timestamp and Ed25519 signature)"
            )
        timestamp = int.from_bytes(raw[:TIMESTAMP_SIZE], "big")
        return cls(signature.name, signature.key_id, timestamp, raw[TIMESTAMP_SIZE:])

    def note_signature(self) -> NoteSignature:
        """Return this cosignature as a note signature (key id, timestamp, signature)."""
        payload = self.timestamp.to_bytes(TIMESTAMP_SIZE, "big") + self.signature
        return NoteSignature(self.name, self.key_id, payload)

    def line(self) -> str:
        """Return the signature line `— <name> <base64(key id || timestamp || sig)>` + newline."""
        return self.note_signature().line()


def cosigned_message(checkpoint_text: str, timestamp: int) -> bytes:
    """Return what a cosignature/v1 signs: header, `time <timestamp>` and the checkpoint text.

    `checkpoint_text` is the whole note text (origin, size, root, extension lines, final
    newline) without signature lines; `timestamp` is in 1..2^63-1.
    """
    if isinstance(timestamp, bool) or not isinstance(timestamp, int):
        raise InvalidNote("a cosignature timestamp is an integer")
    if not 0 < timestamp <= MAX_TIMESTAMP:
        raise InvalidNote(f"cosignature timestamp {timestamp} is not in 1..2^63-1")
    parse_checkpoint(checkpoint_text)
    header = f"{COSIGNATURE_HEADER}\ntime {timestamp}\n"
    return (header + checkpoint_text).encode("utf-8")


def _cosigner_key(key: VerifierKey | str) -> VerifierKey:
    if isinstance(key, str):
        key = parse_verifier_key(key)
    if not isinstance(key, VerifierKey):
        raise InvalidVerifierKey(f"expected a VerifierKey or key string, got {type(key).__name__}")
    if key.algorithm != ALG_COSIGNATURE_V1:
        raise InvalidVerifierKey(
            f"{key.name}+{key.key_id.hex()} is a note key (0x01), not a witness's cosigner key "
            "(0x04): give the witness's cosigner key"
        )
    return key


def verify_cosignature(note: str | bytes, key: VerifierKey | str) -> tuple[Checkpoint, Cosignature]:
    """Check the cosignature by witness `key` (type 0x04) on a signed checkpoint note.

    Lines by other keys are ignored (the log's own, other witnesses'). Returns the parsed
    checkpoint and the witness's cosignature. Raises `InvalidVerifierKey` for a key that is
    not a cosigner key, `InvalidNote` / `InvalidCheckpoint` for a malformed note,
    `UnknownKeyError` when the witness did not cosign it, and `SignatureError` when a line
    by the witness does not verify (every such line must).
    """
    key = _cosigner_key(key)
    parsed = parse_note(note)
    checkpoint = parse_checkpoint(parsed.text)
    mine = [s for s in parsed.signatures if s.name == key.name and s.key_id == key.key_id]
    if not mine:
        raise UnknownKeyError(
            f"the checkpoint is not cosigned by {key.name}+{key.key_id.hex()}"
        )
    cosignatures = [Cosignature.from_note_signature(line) for line in mine]
    for cosignature in cosignatures:
        message = cosigned_message(parsed.text, cosignature.timestamp)
        if not ed25519_verify(key.public_key, message, cosignature.signature):
            raise SignatureError(
                f"the cosignature by {key.name}+{key.key_id.hex()} does not verify: the "
                "checkpoint, the timestamp or the signature was altered"
            )
    # The earliest time is the strongest statement: the witness had seen the tree by then.
    return checkpoint, min(cosignatures, key=lambda c: c.timestamp)

