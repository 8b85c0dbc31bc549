"""The TSA files of `ipledger-verify`: --tsa-ca certificates in, --export-tokens files out."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from ipledger.verifier.cli_inputs import UsageError, read_file
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.clocks import stamped_message
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.x509 import parse_certificate

_PEM_RE = re.compile(
    rb"-----BEGIN CERTIFICATE-----\s*([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----"
)
_MAX_BYTES = 1 << 22
MESSAGE_FILE = "checkpoint.txt"


def read_tsa_roots(path: Path | None) -> tuple[bytes, ...] | None:
    """Read --tsa-ca: PEM with one or more certificates, or one DER certificate."""
    if path is None:
        return None
    usage = f"--tsa-ca {path}: give the TSA's (or its CA's) certificates, PEM or DER"
    raw = read_file(path, "TSA certificate file")
    if len(raw) > _MAX_BYTES:
        raise UsageError(f"{usage}; this file is larger than 4 MiB")
    if b"-----BEGIN" in raw:
        blocks = _PEM_RE.findall(raw)
        if not blocks:
            raise UsageError(f"{usage}; it holds no PEM CERTIFICATE block")
        try:
            ders = [base64.b64decode(b"".join(b.split()), validate=True) for b in blocks]
        except binascii.Error as exc:
            raise UsageError(f"{usage}; a PEM block is not base64 ({exc})") from None
    else:
        ders = [raw]
    for number, der in enumerate(ders, 1):
        try:
            parse_certificate(der)
        except VerifierError as exc:
            raise UsageError(f"{usage}; certificate {number} of {len(ders)}: {exc}") from None
    return tuple(ders)


def export_tokens(directory: Path, bundle: EvidenceBundle) -> str:
    """Write the time-stamped message and each token (`token-N.tst`); return what was written.

    The files are what `openssl ts -verify -data checkpoint.txt -in token-1.tst -token_in
    -CAfile TSA-CA.pem` takes, so a token can be checked with OpenSSL alone.
    """
    if not bundle.timestamps:
        kind = "has no time-stamp token" if bundle.version >= 3 else f"is v{bundle.version}"
        raise UsageError(
            f"--export-tokens: the bundle {kind}; only bundles v3 carry RFC 3161 tokens"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MESSAGE_FILE).write_bytes(stamped_message(bundle.checkpoint))
        for number, token in enumerate(bundle.timestamps, 1):
            (directory / f"token-{number}.tst").write_bytes(token)
    except OSError as exc:
        raise UsageError(
            f"--export-tokens {directory}: cannot write there: {exc.strerror or exc}"
        ) from None
    last = len(bundle.timestamps)
    names = "token-1.tst" if last == 1 else f"token-1.tst to token-{last}.tst"
    return (
        f"Time-stamp tokens written to {directory}: {MESSAGE_FILE} (the time-stamped "
        f"checkpoint) and {names}; check one with: openssl ts -verify -data "
        f"{directory / MESSAGE_FILE} -in {directory / 'token-1.tst'} -token_in -CAfile "
        "TSA-CA.pem"
    )
