"""C2SP signed notes (c2sp.org/signed-note): Ed25519 verifier keys, parsing and verification."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from ipledger.verifier.core.ed25519 import decode_point, verify_ed25519
from ipledger.verifier.core.errors import (
    InvalidNote,
    InvalidVerifierKey,
    SignatureError,
    UnknownKeyError,
)

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04  # c2sp.org/tlog-cosignature: an Ed25519 witness key, cosignature/v1
_ALGORITHMS = {ALG_ED25519: "Ed25519 note key", ALG_COSIGNATURE_V1: "Ed25519 cosigner key"}
KEY_ID_SIZE = 4
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
MAX_SIGNATURES = 100
MAX_NOTE_BYTES = 1 << 20
SIGNATURE_PREFIX = "\u2014 "
ED25519_ORDER = 2**252 + 27742317777372353535851937790883648493

# The Unicode White_Space property: exactly what Go's unicode.IsSpace rejects in key names.
_WHITE_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# What a key name may not hold: White_Space, or a control character (below U+0020, U+007F).
_NAME_FORBIDDEN_RE = re.compile(
    "[" + re.escape("".join(sorted(_WHITE_SPACE))) + "\x00-\x1f\x7f]"
)
_HEX_ID_RE = re.compile(r"[0-9a-f]{8}")
_CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f]")  # below U+0020, newline apart


def _name_problem(name: object) -> str | None:
    """Say what is wrong with a key name, or None when it is valid."""
    if not isinstance(name, str):
        return f"must be a string, got {type(name).__name__}"
    if not name:
        return "must not be empty"
    if "+" in name:
        return f"{name!r} must not contain '+'"
    forbidden = _NAME_FORBIDDEN_RE.search(name)  # the first, as a loop over the name finds it
    if forbidden is not None:
        ch = forbidden.group()
        if ch in _WHITE_SPACE:
            return f"{name!r} must not contain spaces (found U+{ord(ch):04X})"
        return f"{name!r} must not contain control characters"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"{name!r} is not valid UTF-8 (lone surrogate)"
    return None


def b64decode_strict(text: str) -> bytes | None:
    """Return the bytes of canonical standard base64 (RFC 4648 section 4, padded), else None."""
    if not text.isascii():
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    # Reject non-zero padding bits and other non-canonical spellings of the same bytes.
    if base64.b64encode(raw).decode("ascii") != text:
        return None
    return raw


def compute_key_id(name: str, public_key: bytes, algorithm: int = ALG_ED25519) -> bytes:
    """Return the key id: SHA-256(name || 0x0A || algorithm || public key)[:4]."""
    data = name.encode("utf-8") + b"\n" + bytes([algorithm]) + public_key
    return hashlib.sha256(data).digest()[:KEY_ID_SIZE]


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Return whether `signature` is a valid RFC 8032 Ed25519 signature of `message`.

    `core/ed25519.py` checks it (S below the group order, RFC 8032 5.1.7).
    """
    try:
        verify_ed25519(public_key, message, signature)
    except SignatureError:
        return False
    return True


@dataclass(frozen=True)
class VerifierKey:
    """An Ed25519 verifier key; `str()` gives `<name>+<hex key id>+<base64(alg||key)>`.

    `algorithm` 0x01 verifies note signatures (a log's checkpoints); 0x04 verifies a
    witness's cosignature/v1 lines (c2sp.org/tlog-cosignature), and only those.
    """

    name: str
    key_id: bytes
    public_key: bytes
    algorithm: int = ALG_ED25519

    def __post_init__(self) -> None:
        """Check the name, the algorithm, the sizes, the key id and the Ed25519 point."""
        problem = _name_problem(self.name)
        if problem is not None:
            raise InvalidVerifierKey(f"key name {problem}")
        if self.algorithm not in _ALGORITHMS:
            raise InvalidVerifierKey(f"unknown key algorithm {self.algorithm!r}")
        if not isinstance(self.public_key, bytes) or len(self.public_key) != PUBLIC_KEY_SIZE:
            raise InvalidVerifierKey(f"an Ed25519 public key is {PUBLIC_KEY_SIZE} bytes")
        if not isinstance(self.key_id, bytes) or len(self.key_id) != KEY_ID_SIZE:
            raise InvalidVerifierKey(f"a key id is {KEY_ID_SIZE} bytes")
        expected = compute_key_id(self.name, self.public_key, self.algorithm)
        if self.key_id != expected:
            raise InvalidVerifierKey(
                f"key id {self.key_id.hex()} does not match the name and public key "
                f"(they give {expected.hex()}): the key string is corrupt"
            )
        if decode_point(self.public_key) is None:
            raise InvalidVerifierKey("the public key is not a valid Ed25519 point")

    @classmethod
    def from_public_key(
        cls, name: str, public_key: bytes, algorithm: int = ALG_ED25519
    ) -> VerifierKey:
        """Return the verifier key named `name` for a raw 32-byte Ed25519 public key."""
        if not isinstance(public_key, bytes) or len(public_key) != PUBLIC_KEY_SIZE:
            raise InvalidVerifierKey(f"an Ed25519 public key is {PUBLIC_KEY_SIZE} bytes")
        problem = _name_problem(name)
        if problem is not None:
            raise InvalidVerifierKey(f"key name {problem}")
        return cls(name, compute_key_id(name, public_key, algorithm), public_key, algorithm)

    def __str__(self) -> str:
        """Return the C2SP verifier key string."""
        encoded = base64.b64encode(bytes([self.algorithm]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def verify(self, message: bytes, signature: bytes) -> None:
        """Raise `SignatureError` unless `signature` is this key's signature of `message`."""
        if not ed25519_verify(self.public_key, message, signature):
            raise SignatureError(f"the signature by {self.name}+{self.key_id.hex()} is not valid")


def parse_verifier_key(text: str) -> VerifierKey:
    """Parse a verifier key string `<name>+<8 hex key id>+<base64(alg || 32-byte key)>`.

    Strict: lowercase hex id, canonical padded base64, algorithm 0x01 (Ed25519 note key) or
    0x04 (Ed25519 cosigner key), and the key id must be the one computed from the name,
    algorithm and key. Raises `InvalidVerifierKey`.
    """
    if not isinstance(text, str):
        raise InvalidVerifierKey(f"a verifier key is a string, got {type(text).__name__}")
    if text.startswith("PRIVATE+KEY+"):
        raise InvalidVerifierKey(
            "this is a private signing key, not a verifier key: give the public key string "
            "(and keep the private one secret)"
        )
    name, sep1, rest = text.partition("+")
    hex_id, sep2, encoded = rest.partition("+")
    if not sep1 or not sep2:
        raise InvalidVerifierKey(
            "a verifier key reads <name>+<8 hex key id>+<base64 key>, e.g. "
            "example.com/log+c74f20a3+ARpc...; check that the whole string was copied"
        )
    problem = _name_problem(name)
    if problem is not None:
        raise InvalidVerifierKey(f"key name {problem}")
    if not _HEX_ID_RE.fullmatch(hex_id):
        raise InvalidVerifierKey(f"key id {hex_id!r} must be 8 lowercase hex characters")
    raw = b64decode_strict(encoded)
    if raw is None or not raw:
        raise InvalidVerifierKey("the key data is not canonical standard base64")
    if raw[0] not in _ALGORITHMS:
        raise InvalidVerifierKey(
            f"unknown key algorithm 0x{raw[0]:02x}; only Ed25519 note keys (0x01) and "
            "Ed25519 cosigner keys (0x04)"
        )
    if len(raw) != 1 + PUBLIC_KEY_SIZE:
        raise InvalidVerifierKey(f"an Ed25519 key is {PUBLIC_KEY_SIZE} bytes, got {len(raw) - 1}")
    return VerifierKey(name, bytes.fromhex(hex_id), raw[1:], raw[0])


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: key name, 4-byte key id and the signature bytes after it."""

    name: str
    key_id: bytes
    signature: bytes

    def __post_init__(self) -> None:
        """Check the name and that the id and signature have plausible sizes."""
        problem = _name_problem(self.name)
        if problem is not None:
            raise InvalidNote(f"signature key name {problem}")
        if not isinstance(self.key_id, bytes) or len(self.key_id) != KEY_ID_SIZE:
            raise InvalidNote(f"a signature's key id is {KEY_ID_SIZE} bytes")
        if not isinstance(self.signature, bytes) or not self.signature:
            raise InvalidNote("a signature must not be empty")

    def line(self) -> str:
        """Return the signature line `— <name> <base64(key id || signature)>` with its newline."""
        encoded = base64.b64encode(self.key_id + self.signature).decode("ascii")
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}\n"


@dataclass(frozen=True)
class SignedNote:
    """A note text (ending in a newline) and its signature lines, in order."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def __str__(self) -> str:
        """Return the encoded note: text, blank line, signature lines."""
        return self.text + "\n" + "".join(sig.line() for sig in self.signatures)


def check_note_text(text: object) -> str:
    """Return `text` if it can be signed as a note text, else raise `InvalidNote`.

    A note text is valid UTF-8, non-empty, ends with a newline and holds no ASCII control
    characters other than newline.
    """
    if not isinstance(text, str):
        raise InvalidNote(f"a note text is a string, got {type(text).__name__}")
    _check_characters(text)
    if not text.endswith("\n"):
        raise InvalidNote("the note text must end with a newline")
    if not text.strip("\n"):
        raise InvalidNote("the note text is empty")
    return text


def _check_characters(text: str) -> None:
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidNote("the note is not valid UTF-8 (lone surrogate)") from None
    if size > MAX_NOTE_BYTES:
        raise InvalidNote(f"the note is {size} bytes, the limit is {MAX_NOTE_BYTES}")
    found = _CONTROL_RE.search(text)
    if found is not None:
        number = text.count("\n", 0, found.start()) + 1
        raise InvalidNote(f"line {number} holds the control character U+{ord(found[0]):04X}")


def parse_note(note: str | bytes) -> SignedNote:
    """Parse a signed note strictly, without checking any signature.

    Layout: a text ending in a newline, a blank line, then one or more lines
    `— <key name> <base64(4-byte key id || signature)>`, each ending in a newline;
    the text ends at the last blank line. At most `MAX_SIGNATURES` signatures and
    `MAX_NOTE_BYTES` bytes. Raises `InvalidNote`.
    """
    if isinstance(note, bytes | bytearray | memoryview):
        raw = bytes(note)
        if len(raw) > MAX_NOTE_BYTES:
            raise InvalidNote(f"the note is {len(raw)} bytes, the limit is {MAX_NOTE_BYTES}")
        try:
            note = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidNote(f"the note is not valid UTF-8 (byte {exc.start})") from None
    if not isinstance(note, str):
        raise InvalidNote(f"a note is text, got {type(note).__name__}")
    _check_characters(note)
    split = note.rfind("\n\n")
    if split < 0:
        raise InvalidNote("no blank line separates the note text from its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not text.strip("\n"):
        raise InvalidNote("the note text is empty")
    if not block:
        raise InvalidNote("the note has no signature lines")
    if not block.endswith("\n"):
        raise InvalidNote("the last signature line does not end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise InvalidNote(f"the note has {len(lines)} signatures, the limit is {MAX_SIGNATURES}")
    return SignedNote(text, tuple(_parse_signature_line(line) for line in lines))


def _parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise InvalidNote(f"signature line {line[:40]!r} does not start with an em dash and space")
    name, sep, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    problem = _name_problem(name)
    if problem is not None:
        raise InvalidNote(f"signature key name {problem}")
    raw = b64decode_strict(encoded) if sep else None
    if raw is None:
        raise InvalidNote(f"the signature of {name} is not canonical standard base64")
    if len(raw) <= KEY_ID_SIZE:
        raise InvalidNote(f"the signature of {name} is too short ({len(raw)} bytes)")
    return NoteSignature(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])


def verify_note(note: str | bytes, key: VerifierKey | str) -> SignedNote:
    """Parse `note` and check its signature(s) by `key`; return the parsed note.

    Signatures by other keys are ignored, as C2SP requires. Raises `InvalidNote` for a
    malformed note, `UnknownKeyError` when no line has the key's name and id, and
    `SignatureError` when a line by the key does not verify (every such line must).
    """
    if isinstance(key, str):
        key = parse_verifier_key(key)
    if not isinstance(key, VerifierKey):
        raise InvalidVerifierKey(f"expected a VerifierKey or key string, got {type(key).__name__}")
    if key.algorithm != ALG_ED25519:
        raise InvalidVerifierKey(
            f"{key.name}+{key.key_id.hex()} is a witness's cosigner key (0x04), not a log's "
            "note key: give the log's verifier key (cosigner keys go in a policy file)"
        )
    parsed = parse_note(note)
    mine = [s for s in parsed.signatures if s.name == key.name and s.key_id == key.key_id]
    if not mine:
        found = ", ".join(f"{s.name}+{s.key_id.hex()}" for s in parsed.signatures)
        raise UnknownKeyError(
            f"the note is not signed by {key.name}+{key.key_id.hex()} (signed by: {found}); "
            "check that you were given this log's verifier key"
        )
    message = parsed.text.encode("utf-8")
    for sig in mine:
        if not ed25519_verify(key.public_key, message, sig.signature):
            raise SignatureError(
                f"the signature by {key.name}+{key.key_id.hex()} does not verify: "
                "the note text or the signature was altered"
            )
    return parsed
