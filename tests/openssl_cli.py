"""The `openssl` command line as an independent Ed25519 implementation for interop tests."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

# DER prefixes of an Ed25519 key (RFC 8410): PKCS#8 private key and SubjectPublicKeyInfo.
PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def _openssl() -> str:
    path = shutil.which("openssl")
    if path is None:
        raise RuntimeError("these tests need the openssl command: apt-get install openssl")
    return path


def _run(*args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(
        [_openssl(), *args], input=stdin, capture_output=True, check=False, timeout=60
    )
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed: {result.stderr.decode()}")
    return result.stdout


def generate_key() -> bytes:
    """Return a fresh Ed25519 private key from `openssl genpkey`, as PKCS#8 DER."""
    return _run("genpkey", "-algorithm", "ed25519", "-outform", "DER")


def seed_of(private_der: bytes) -> bytes:
    """Return the 32-byte RFC 8032 seed inside an Ed25519 PKCS#8 DER key."""
    assert private_der[: len(PKCS8_PREFIX)] == PKCS8_PREFIX and len(private_der) == 48
    return private_der[len(PKCS8_PREFIX) :]


def private_der(seed: bytes) -> bytes:
    """Return the PKCS#8 DER encoding of an Ed25519 seed."""
    assert len(seed) == 32
    return PKCS8_PREFIX + seed


def public_key_of(private_key_der: bytes) -> bytes:
    """Return the raw 32-byte public key that openssl derives from a private key."""
    with tempfile.TemporaryDirectory() as tmp:
        key = Path(tmp) / "key.der"
        key.write_bytes(private_key_der)
        spki = _run("pkey", "-inform", "DER", "-in", str(key), "-pubout", "-outform", "DER")
    assert spki[: len(SPKI_PREFIX)] == SPKI_PREFIX and len(spki) == 44
    return spki[len(SPKI_PREFIX) :]


def sign(private_key_der: bytes, message: bytes) -> bytes:
    """Return openssl's Ed25519 signature of `message` (pkeyutl -sign -rawin)."""
    with tempfile.TemporaryDirectory() as tmp:
        key, msg = Path(tmp) / "key.der", Path(tmp) / "msg"
        key.write_bytes(private_key_der)
        msg.write_bytes(message)
        return _run(
            "pkeyutl", "-sign", "-keyform", "DER", "-inkey", str(key), "-rawin", "-in", str(msg)
        )


def verifies(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Return whether openssl accepts `signature` of `message` by the raw `public_key`."""
    with tempfile.TemporaryDirectory() as tmp:
        key, msg, sig = Path(tmp) / "pub.der", Path(tmp) / "msg", Path(tmp) / "sig"
        key.write_bytes(SPKI_PREFIX + public_key)
        msg.write_bytes(message)
        sig.write_bytes(signature)
        result = subprocess.run(
            [_openssl(), "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", str(key),
             "-rawin", "-in", str(msg), "-sigfile", str(sig)],
            capture_output=True, check=False, timeout=60,
        )
    if result.returncode == 0:
        assert b"Signature Verified Successfully" in result.stdout
        return True
    return False
