"""Ed25519 signing keys (the log's, a witness's): Go-style key files, verifier keys, signatures."""

from __future__ import annotations

import base64
import os
import re
import secrets
from pathlib import Path
from typing import NoReturn, Self

from Crypto.Signature import eddsa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ipledger.ledger.errors import ConfigError, KeyFileError, SigningError
from ipledger.verifier.core.cose import SIG1_CONTEXT
from ipledger.verifier.core.cosignature import Cosignature, cosigned_message
from ipledger.verifier.core.errors import InvalidNote, InvalidVerifierKey, VerifierError
from ipledger.verifier.core.note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    NoteSignature,
    VerifierKey,
    b64decode_strict,
    check_note_text,
    parse_note,
    parse_verifier_key,
)

PRIVATE_KEY_PREFIX = "PRIVATE+KEY+"
SEED_SIZE = 32
MAX_KEY_FILE_BYTES = 4096
_HEX_ID_RE = re.compile(r"[0-9a-f]{8}")
_FIX_KEY = "restore the key file from your backup, or run `ipledger init` for a new log"


class LogSigner:
    """An Ed25519 note signer named after the log; the private key never appears in repr/str.

    The key file holds the Go `golang.org/x/mod/sumdb/note` signer key string
    `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || 32-byte seed)>`.
    """

    __slots__ = ("_key", "_public", "_seed", "_verifier")
    ALGORITHM = ALG_ED25519  # the verifier key's type byte, which goes into the key id
    # Signing and the self-check run on OpenSSL (`cryptography`): ~40x faster than
    # pycryptodome's, and every submission's receipt is signed on the commit path. Ed25519
    # is deterministic, so both libraries give the same signature (tests check it).
    _key: Ed25519PrivateKey
    _public: Ed25519PublicKey
    _seed: bytes
    _verifier: VerifierKey

    def __init__(self, name: str, seed: bytes) -> None:
        """Build a signer from a key name and a 32-byte Ed25519 seed (RFC 8032 private key)."""
        if not isinstance(seed, bytes) or len(seed) != SEED_SIZE:
            raise SigningError(f"an Ed25519 private key seed is {SEED_SIZE} bytes")
        public = eddsa.import_private_key(seed).public_key().export_key(format="raw")
        key = Ed25519PrivateKey.from_private_bytes(seed)
        if key.public_key().public_bytes_raw() != public:
            raise SigningError("OpenSSL and pycryptodome derive different public keys")
        try:
            verifier = VerifierKey.from_public_key(name, public, self.ALGORITHM)
        except InvalidVerifierKey as exc:
            raise ConfigError(
                f"log key name: {exc}; use the log origin, e.g. example-office.int/log"
            ) from None
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_public", key.public_key())
        object.__setattr__(self, "_seed", seed)
        object.__setattr__(self, "_verifier", verifier)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        """Refuse changes: a signer is immutable."""
        raise AttributeError(f"LogSigner is immutable (tried to set {name!r})")

    def __repr__(self) -> str:
        """Show the name and key id only."""
        return f"{type(self).__name__}(name={self.name!r}, key_id={self.key_id.hex()})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        """Refuse pickling, so the private key never lands in a cache or a task queue."""
        raise TypeError("a LogSigner holds a private key and cannot be pickled")

    @classmethod
    def generate(cls, name: str) -> Self:
        """Return a signer with a fresh random key named `name` (use the log origin)."""
        return cls(name, secrets.token_bytes(SEED_SIZE))

    @classmethod
    def from_private_key(cls, text: str, *, source: object = None) -> Self:
        """Parse a signer key string `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`.

        Raises `KeyFileError` (naming `source` when given) if it is malformed, of another
        algorithm, or its key id does not match the key.
        """

        def fail(reason: str) -> NoReturn:
            raise KeyFileError(source if source is not None else "(key string)", reason)

        if not isinstance(text, str):
            fail(f"a signer key is a string, got {type(text).__name__}")
        if not text.startswith(PRIVATE_KEY_PREFIX):
            try:
                parse_verifier_key(text)
            except InvalidVerifierKey:
                fail(
                    f"is not a log signing key (expected {PRIVATE_KEY_PREFIX}<name>+...); "
                    + _FIX_KEY
                )
            fail(
                "holds a public verifier key, not the private signing key; point "
                "IPLEDGER_LOG_KEY_FILE at the private key file"
            )
        name, sep1, rest = text[len(PRIVATE_KEY_PREFIX) :].partition("+")
        hex_id, sep2, encoded = rest.partition("+")
        if not sep1 or not sep2 or not _HEX_ID_RE.fullmatch(hex_id):
            fail(
                f"is malformed (expected {PRIVATE_KEY_PREFIX}<name>+<8 hex>+<base64>); " + _FIX_KEY
            )
        raw = b64decode_strict(encoded)
        if raw is None or not raw:
            fail("its key data is not canonical base64; " + _FIX_KEY)
        if raw[0] != cls.ALGORITHM:
            fail(
                f"uses key algorithm 0x{raw[0]:02x}; {cls.__name__} keys are 0x{cls.ALGORITHM:02x}"
            )
        if len(raw) != 1 + SEED_SIZE:
            fail(f"its Ed25519 seed is {len(raw) - 1} bytes, expected {SEED_SIZE}; " + _FIX_KEY)
        try:
            signer = cls(name, raw[1:])
        except ConfigError as exc:
            fail(str(exc))
        if signer.key_id.hex() != hex_id:
            fail(
                f"its key id {hex_id} does not match the key ({signer.key_id.hex()}): the "
                "file is corrupt; " + _FIX_KEY
            )
        return signer

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read a signer key file written by `save` (or by Go's note.GenerateKey)."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileError(
                path,
                "does not exist; run `ipledger init` to create the log key, or set "
                "IPLEDGER_LOG_KEY_FILE to the key's path",
            ) from None
        except PermissionError:
            raise KeyFileError(
                path, "cannot be read (permission denied); run ipledger as the key's owner"
            ) from None
        except IsADirectoryError:
            raise KeyFileError(path, "is a directory; give the path of the key file") from None
        except OSError as exc:
            raise KeyFileError(path, f"cannot be read ({exc.strerror})") from None
        if len(data) > MAX_KEY_FILE_BYTES:
            raise KeyFileError(path, f"is {len(data)} bytes, too large to be a log key")
        try:
            text = data.decode("ascii")
        except UnicodeDecodeError:
            raise KeyFileError(path, "is not a log key (not ASCII text); " + _FIX_KEY) from None
        return cls.from_private_key(text.strip(), source=path)

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Write the signer key file with mode 0600, atomically; never replaces a key by default.

        Raises `KeyFileError` when the file exists (unless `overwrite`) or cannot be written.
        """
        path = Path(path)
        content = (self._private_key_string() + "\n").encode("ascii")
        try:
            _write_atomic(path, content, 0o600, replace=overwrite)
        except _TargetExists:
            raise KeyFileError(
                path,
                "already exists; refusing to overwrite a log key (it is the log's "
                "identity): move the old key away first if you really mean to replace it",
            ) from None
        except OSError as exc:
            raise KeyFileError(path, f"cannot be written ({exc.strerror})") from None

    def write_verifier_key(self, path: str | os.PathLike[str]) -> None:
        """Write the public verifier key string and a newline (mode 0644), atomically."""
        path = Path(path)
        try:
            _write_atomic(path, (self.verifier_key + "\n").encode("utf-8"), 0o644, replace=True)
        except OSError as exc:
            raise KeyFileError(path, f"cannot be written ({exc.strerror})") from None

    @property
    def name(self) -> str:
        """The key name (the log origin)."""
        return self._verifier.name

    @property
    def key_id(self) -> bytes:
        """The 4-byte C2SP key id."""
        return self._verifier.key_id

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        return self._verifier.public_key

    @property
    def verifier(self) -> VerifierKey:
        """The public verifier key as a value."""
        return self._verifier

    @property
    def verifier_key(self) -> str:
        """The C2SP verifier key string `<name>+<hex key id>+<base64(0x01 || public key)>`."""
        return str(self._verifier)

    def sign_note(self, text: str) -> str:
        """Return the signed note: `text`, a blank line, and this key's signature line.

        `text` must be a valid note text (non-empty, ending in a newline, no control
        characters); raises `SigningError` otherwise. The fresh signature is verified before
        it is returned.
        """
        try:
            check_note_text(text)
        except InvalidNote as exc:
            raise SigningError(f"cannot sign this note: {exc}") from None
        message = text.encode("utf-8")
        signature = self._key.sign(message)
        signed = text + "\n" + NoteSignature(self.name, self.key_id, signature).line()
        try:
            # The verifier's parser reads the note back (text and our signature line), and
            # the signature is checked before it leaves: a faulty signature is never used.
            parsed = parse_note(signed)
            if parsed.text != text or parsed.signatures != (
                NoteSignature(self.name, self.key_id, signature),
            ):
                raise InvalidNote("the note does not read back as signed")
            self._public.verify(signature, message)
        except (VerifierError, InvalidSignature) as exc:
            raise SigningError(f"a fresh signature failed its own check ({exc!r})") from None
        return signed

    def sign_cose(self, to_be_signed: bytes) -> bytes:
        """Return the Ed25519 signature of a COSE_Sign1 Sig_structure (a COSE Receipt's).

        Only a Sig_structure (a CBOR array of four opening with the text "Signature1") is
        signed: its first byte, 0x84, can open no note text (invalid UTF-8), so the log key's
        COSE signatures and note signatures never stand for one another.
        """
        if not to_be_signed.startswith(SIG1_CONTEXT):
            raise SigningError("the log key signs only COSE_Sign1 Sig_structures here")
        signature = self._key.sign(to_be_signed)
        try:
            self._public.verify(signature, to_be_signed)
        except InvalidSignature as exc:
            raise SigningError(f"a fresh signature failed its own check ({exc!r})") from None
        return signature

    def _private_key_string(self) -> str:
        encoded = base64.b64encode(bytes([self.ALGORITHM]) + self._seed).decode("ascii")
        return f"{PRIVATE_KEY_PREFIX}{self.name}+{self.key_id.hex()}+{encoded}"


class WitnessSigner(LogSigner):
    """A witness's Ed25519 cosigner key (type 0x04, c2sp.org/tlog-cosignature).

    It cosigns other logs' checkpoints and signs no note of its own. Its key file has the
    same layout as a log key's, with 0x04 for 0x01; a witness needs its own key, never the
    log's.
    """

    __slots__ = ()
    ALGORITHM = ALG_COSIGNATURE_V1

    def sign_note(self, text: str) -> str:
        """Refuse: a cosigner key signs cosignatures only (`cosign`)."""
        raise SigningError("a witness's cosigner key signs cosignatures only, not notes")

    def sign_cose(self, to_be_signed: bytes) -> bytes:
        """Refuse: a cosigner key signs cosignatures only (`cosign`)."""
        raise SigningError("a witness's cosigner key signs cosignatures only, not receipts")

    def cosign(self, checkpoint_text: str, timestamp: int) -> Cosignature:
        """Return this witness's cosignature/v1 of a checkpoint note text at `timestamp`.

        `checkpoint_text` is the checkpoint without signature lines; `timestamp` is POSIX
        seconds (1..2^63-1). The signature is checked before it is returned.
        """
        try:
            message = cosigned_message(checkpoint_text, timestamp)
        except VerifierError as exc:
            raise SigningError(f"cannot cosign this checkpoint: {exc}") from None
        signature = self._key.sign(message)
        try:
            self._public.verify(signature, message)
        except InvalidSignature:
            raise SigningError("a fresh cosignature failed its own check") from None
        return Cosignature(self.name, self.key_id, timestamp, signature)


class _TargetExists(Exception):
    """The file to create without replacing already exists."""


def _write_atomic(path: Path, content: bytes, mode: int, *, replace: bool) -> None:
    """Write `content` to a temporary file with `mode`, then move it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(
            exc.errno, f"its folder {path.parent} cannot be created: {exc.strerror}"
        ) from None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if `path` exists: no window where a key is replaced
            except FileExistsError:
                raise _TargetExists from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
