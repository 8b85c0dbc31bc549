"""X.509 in the core against `cryptography` (fields) and `openssl verify` (which paths hold)."""

from __future__ import annotations

import contextlib
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from ipledger.verifier.core.errors import InvalidCertificate
from ipledger.verifier.core.x509 import Certificate, certificate_path, parse_certificate
from tests.openssl_tsa import OpenSslTsa

NOW = datetime(2026, 6, 1, tzinfo=UTC)
Key = Any


@pytest.mark.parametrize("key", ["ec", "rsa", "ed25519"])
def test_openssl_certificates_parse_as_cryptography_reads_them(key: str, tmp_path: Path) -> None:
    tsa = OpenSslTsa(tmp_path, key=key)  # type: ignore[arg-type]
    for der in (tsa.ca_der, tsa.cert_der):
        ours, theirs = parse_certificate(der), x509.load_der_x509_certificate(der)
        assert ours.subject_text == theirs.subject.rfc4514_string()
        assert ours.issuer_text == theirs.issuer.rfc4514_string()
        assert ours.serial == theirs.serial_number
        assert ours.not_before == theirs.not_valid_before_utc
        assert ours.not_after == theirs.not_valid_after_utc
        assert ours.public_key == theirs.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    leaf = parse_certificate(tsa.cert_der)
    assert leaf.subject_text == "CN=Test TSA,O=ipledger tests"
    assert leaf.extended_key_usage() == (True, ("1.3.6.1.5.5.7.3.8",))
    assert leaf.basic_constraints() == (False, None)
    path = certificate_path(leaf, [], [parse_certificate(tsa.ca_der)], datetime.now(UTC))
    assert [c.der for c in path] == [tsa.cert_der, tsa.ca_der]


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ipledger tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key(kind: str) -> Key:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP384R1() if kind == "p384" else ec.SECP256R1())


def _cert(name: str, key: Key, issuer: tuple[str, Key] | None = None, *, ca: bool = False,
          path_len: int | None = None, key_cert_sign: bool = True,
          valid: tuple[datetime, datetime] = (NOW - timedelta(days=30), NOW + timedelta(days=30)),
          critical_unknown: bool = False, pss: bool = False) -> bytes:
    issuer_name, issuer_key = issuer or (name, key)
    builder = (x509.CertificateBuilder().subject_name(_name(name))
               .issuer_name(_name(issuer_name)).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(valid[0]).not_valid_after(valid[1])
               .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=key_cert_sign,
            crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    if critical_unknown:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00"),
            critical=True)
    if isinstance(issuer_key, ed25519.Ed25519PrivateKey):
        cert = builder.sign(issuer_key, None)
    elif pss:
        cert = builder.sign(issuer_key, hashes.SHA256(), rsa_padding=padding.PSS(
            mgf=padding.MGF1(hashes.SHA256()), salt_length=32))
    else:
        cert = builder.sign(issuer_key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.DER)


def _openssl_accepts(leaf: bytes, chain: list[bytes], root: bytes, tmp_path: Path) -> bool:
    def pem(name: str, ders: list[bytes]) -> str:
        path = tmp_path / name
        path.write_bytes(b"".join(x509.load_der_x509_certificate(d).public_bytes(
            serialization.Encoding.PEM) for d in ders))
        return str(path)

    args = ["openssl", "verify", "-attime", str(int(NOW.timestamp())), "-CAfile",
            pem("root.pem", [root])]
    args += ["-untrusted", pem("chain.pem", chain)] if chain else []
    result = subprocess.run([*args, pem("leaf.pem", [leaf])], capture_output=True, timeout=60,
                            check=False)
    return result.returncode == 0


def _path(leaf: bytes, chain: list[bytes], root: bytes) -> tuple[Certificate, ...]:
    return certificate_path(parse_certificate(leaf), [parse_certificate(c) for c in chain],
                            [parse_certificate(root)], NOW)


@pytest.mark.parametrize("kind", ["p256", "p384", "rsa", "ed25519", "rsa-pss"])
def test_signature_algorithms_verify_along_a_path(kind: str, tmp_path: Path) -> None:
    root_key, inter_key, leaf_key = (_key(kind.split("-", maxsplit=1)[0]) for _ in range(3))
    pss = kind == "rsa-pss"
    root = _cert("Root", root_key, ca=True, pss=pss)
    inter = _cert("Inter", inter_key, ("Root", root_key), ca=True, path_len=0, pss=pss)
    leaf = _cert("TSA", leaf_key, ("Inter", inter_key), pss=pss)
    assert _openssl_accepts(leaf, [inter], root, tmp_path)
    assert [c.der for c in _path(leaf, [inter], root)] == [leaf, inter, root]


def _refused_paths() -> dict[str, tuple[bytes, list[bytes], bytes, str]]:
    root_key, inter_key, leaf_key, other_key = (_key("p256") for _ in range(4))
    root = _cert("Root", root_key, ca=True)
    inter = _cert("Inter", inter_key, ("Root", root_key), ca=True)
    leaf = _cert("TSA", leaf_key, ("Inter", inter_key))
    return {
        "no intermediate": (leaf, [], root, "no root or intermediate"),
        "an issuer that is not a CA": (
            leaf, [_cert("Inter", inter_key, ("Root", root_key))], root, "not a CA"),
        "an issuer without keyCertSign": (
            leaf, [_cert("Inter", inter_key, ("Root", root_key), ca=True, key_cert_sign=False)],
            root, "may not sign certificates"),
        "a pathLen exceeded": (
            leaf, [inter], _cert("Root", root_key, ca=True, path_len=0), "allows 0 CAs"),
        "an expired intermediate": (
            leaf, [_cert("Inter", inter_key, ("Root", root_key), ca=True,
                         valid=(NOW - timedelta(days=60), NOW - timedelta(days=1)))],
            root, "not at"),
        "a leaf not yet valid": (
            _cert("TSA", leaf_key, ("Inter", inter_key),
                  valid=(NOW + timedelta(days=1), NOW + timedelta(days=60))),
            [inter], root, "not at"),
        "an unknown critical extension": (
            _cert("TSA", leaf_key, ("Inter", inter_key), critical_unknown=True), [inter], root,
            "does not understand"),
        "an intermediate signed by another key": (
            leaf, [_cert("Inter", inter_key, ("Root", other_key), ca=True)], root,
            "does not verify"),
        "a root of the same name and another key": (
            leaf, [inter], _cert("Root", other_key, ca=True), "does not verify"),
    }


REFUSED = _refused_paths()


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_paths_openssl_refuses_are_refused(case: str, tmp_path: Path) -> None:
    leaf, chain, root, message = REFUSED[case]
    assert not _openssl_accepts(leaf, chain, root, tmp_path)
    with pytest.raises(InvalidCertificate, match=message):
        _path(leaf, chain, root)


@pytest.mark.parametrize("cut", [1, 20, 200])
def test_malformed_certificates_are_refused(cut: int) -> None:
    der = _cert("Root", _key("p256"), ca=True)
    with pytest.raises(InvalidCertificate, match=r"not valid DER X\.509"):
        parse_certificate(der[:-cut])


_ROOT = _cert("Root", _key("p256"), ca=True)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_mutated_certificates_raise_only_invalid_certificate(data: st.DataObject) -> None:
    cert = bytearray(_ROOT)
    for _ in range(data.draw(st.integers(1, 4))):
        cert[data.draw(st.integers(0, len(cert) - 1))] = data.draw(st.integers(0, 255))
    try:
        parsed = parse_certificate(bytes(cert))
    except InvalidCertificate:
        return
    with contextlib.suppress(InvalidCertificate):
        certificate_path(parsed, [], [parsed], NOW)


def test_a_default_false_written_out_reads_as_false() -> None:
    # Some CAs write `cA FALSE` (30 03 01 01 00) though DER omits defaults; same meaning.
    written = Certificate(b"", "", "", NOW, NOW, 1,
                          extensions=(("2.5.29.19", True, bytes.fromhex("3003010100")),))
    assert written.basic_constraints() == (False, None)
    ca = Certificate(b"", "", "", NOW, NOW, 1,
                     extensions=(("2.5.29.19", True, bytes.fromhex("30060101ff020101")),))
    assert ca.basic_constraints() == (True, 1)
