"""The TSA's key, certificate chain and policy in data_dir/tsa/: made by `tsa init` or imported."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ipledger.ledger.der import der_oid
from ipledger.ledger.tsa.errors import TsaCertificateError, TsaError, TsaNotInitialized

KEY_FILE, CHAIN_FILE, CA_FILE, POLICY_FILE = "tsa.key", "tsa.pem", "ca.pem", "policy.txt"
CA_YEARS = 25
SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class TsaIdentity:
    """What the issuer signs with: its key, its chain (TSA certificate first), its policy OID."""

    directory: Path
    key: SigningKey
    chain: tuple[x509.Certificate, ...]
    policy: str

    @property
    def certificate(self) -> x509.Certificate:
        """Return the TSA's own certificate (the signer's)."""
        return self.chain[0]

    @property
    def ca_file(self) -> Path:
        """Return the PEM file customers verify tokens against (`-CAfile`, `--tsa-ca`)."""
        return self.directory / CA_FILE

    @property
    def fingerprint(self) -> str:
        """Return the SHA-256 of the TSA certificate's DER, hex (ESS signingCertificateV2's)."""
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        return hashlib.sha256(der).hexdigest()


def new_policy() -> str:
    """Return a fresh policy OID under 2.25 (a UUID as an integer: unique, no registration)."""
    return f"2.25.{uuid.uuid4().int}"


def check_policy(policy: str) -> str:
    """Return `policy` if it is a dotted OID, else raise TsaError saying so."""
    try:
        der_oid(policy)
    except ValueError:
        raise TsaError(
            f"TSA policy {policy!r} is not a dotted object identifier (e.g. 1.3.6.1.4.1.X.Y)"
        ) from None
    return policy


def create_tsa(directory: Path, *, name: str, policy: str | None = None) -> TsaIdentity:
    """Make a deployment CA (ECDSA P-256, 25 years) and a TSA certificate it issues, and save."""
    _refuse_existing(directory)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    not_after = now.replace(year=now.year + CA_YEARS) if (now.month, now.day) != (2, 29) else (
        now + dt.timedelta(days=365 * CA_YEARS + 6)
    )
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} TSA root CA"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ipledger"),
    ])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} TSA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ipledger"),
        ]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    # The CA key is not kept: it signed the one TSA certificate; a new TSA key means a new CA
    # (`tsa init` in a fresh directory), and tokens already issued still verify with the old ca.pem.
    return _save(directory, key, (cert, ca), ca, check_policy(policy or new_policy()))


def import_tsa(
    directory: Path, *, chain_file: Path, key_file: Path, policy: str | None = None
) -> TsaIdentity:
    """Take an operator's chain (TSA certificate first) and unencrypted key, checked, and save."""
    _refuse_existing(directory)
    try:
        chain = tuple(x509.load_pem_x509_certificates(chain_file.read_bytes()))
    except OSError as exc:
        raise TsaCertificateError(f"cannot read {chain_file}: {exc.strerror}") from None
    except ValueError:
        raise TsaCertificateError(
            f"{chain_file} holds no PEM certificate (give the chain, TSA certificate first)"
        ) from None
    try:
        loaded = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except OSError as exc:
        raise TsaCertificateError(f"cannot read {key_file}: {exc.strerror}") from None
    except (ValueError, TypeError) as exc:
        raise TsaCertificateError(
            f"{key_file} is not an unencrypted PEM private key ({exc}); "
            "decrypt it first, e.g. `openssl pkey -in KEY -out tsa.key`"
        ) from None
    if not isinstance(loaded, SigningKey):
        raise TsaCertificateError(
            f"{key_file} is a {type(loaded).__name__.lstrip('_')}: the TSA signs with ECDSA or RSA "
            "keys, which every RFC 3161 validator accepts"
        )
    check_chain(chain, loaded)
    top = chain[-1]
    return _save(directory, loaded, chain, top, check_policy(policy or new_policy()))


def check_chain(chain: tuple[x509.Certificate, ...], key: SigningKey) -> None:
    """Check the key matches the first certificate, its critical EKU, and the chain's order."""
    cert = chain[0]
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, public) != (
        cert.public_key().public_bytes(serialization.Encoding.DER, public)
    ):
        raise TsaCertificateError(
            "the key does not match the chain's first certificate (put the TSA's own first)"
        )
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        eku = None
    if eku is None or not eku.critical or list(eku.value) != [ExtendedKeyUsageOID.TIME_STAMPING]:
        raise TsaCertificateError(
            f"the TSA certificate {cert.subject.rfc4514_string()} must have a critical extended "
            "key usage of timeStamping alone (RFC 3161 2.3)"
        )
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise TsaCertificateError(
            f"the TSA certificate is valid from {cert.not_valid_before_utc:%Y-%m-%d} to "
            f"{cert.not_valid_after_utc:%Y-%m-%d}, not now"
        )
    for position, (child, parent) in enumerate(itertools.pairwise(chain)):
        try:
            child.verify_directly_issued_by(parent)
        except (ValueError, TypeError, InvalidSignature):
            raise TsaCertificateError(
                f"certificate {position + 2} of the chain did not issue certificate "
                f"{position + 1}: give the chain in order, TSA certificate first, root last"
            ) from None


def load_tsa(directory: Path, *, policy: str | None = None) -> TsaIdentity:
    """Read data_dir/tsa/; `policy` (IPLEDGER_TSA_POLICY) overrides the stored one."""
    if not (directory / KEY_FILE).exists():
        raise TsaNotInitialized(
            f"no time-stamp authority in {directory}: run `ipledger tsa init` first"
        )
    try:
        key = serialization.load_pem_private_key((directory / KEY_FILE).read_bytes(), None)
        chain = tuple(x509.load_pem_x509_certificates((directory / CHAIN_FILE).read_bytes()))
        stored = (directory / POLICY_FILE).read_text(encoding="utf-8").strip()
    except (OSError, ValueError, TypeError) as exc:
        raise TsaError(f"the TSA files in {directory} are unreadable ({exc})") from None
    if not isinstance(key, SigningKey):
        raise TsaError(f"{directory / KEY_FILE} is not an ECDSA or RSA key")
    return TsaIdentity(directory, key, chain, check_policy(policy or stored))


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign,
        crl_sign=cert_sign, encipher_only=False, decipher_only=False,
    )


def _refuse_existing(directory: Path) -> None:
    if (directory / KEY_FILE).exists():
        raise TsaError(
            f"a time-stamp authority already exists in {directory}; its tokens rely on it, so "
            "it is never replaced: move the folder away first to start another"
        )


def _save(
    directory: Path,
    key: SigningKey,
    chain: tuple[x509.Certificate, ...],
    ca: x509.Certificate,
    policy: str,
) -> TsaIdentity:
    directory.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    _write(directory / CHAIN_FILE, b"".join(c.public_bytes(pem) for c in chain), 0o644)
    _write(directory / CA_FILE, ca.public_bytes(pem), 0o644)
    _write(directory / POLICY_FILE, f"{policy}\n".encode(), 0o644)
    # The key last: its presence is what marks the directory as initialized.
    _write(
        directory / KEY_FILE,
        key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        0o600,
    )
    return TsaIdentity(directory, key, chain, policy)


def _write(path: Path, content: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
