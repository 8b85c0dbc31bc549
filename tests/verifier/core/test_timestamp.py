"""RFC 3161 tokens of OpenSSL's TSA: the core accepts and refuses as `openssl ts -verify` does."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import rfc3161_client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipledger.verifier import (
    InvalidTimestampToken,
    TimestampToken,
    UntrustedTimestampAuthority,
    VerifierError,
    parse_timestamp_token,
    verify_timestamp_token,
)
from ipledger.verifier.core.errors import TimestampImprintMismatch
from ipledger.verifier.core.timestamp import MAX_ACCURACY_SECONDS
from tests.openssl_tsa import OpenSslTsa
from tests.verifier.core.tsa_tokens import resign, with_accuracy

NOTE = b"example.com/log\n42\nqDy0NDxYhgXbQ8Pxe6HbSw3G3WvlnW3ZcqpgDa2gUzI=\n"


@pytest.fixture(scope="module")
def tsas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OpenSslTsa]:
    tmp = tmp_path_factory.mktemp("tsas")
    return {
        "ec": OpenSslTsa(tmp, key="ec"),
        "rsa": OpenSslTsa(tmp, key="rsa"),
        "intermediate": OpenSslTsa(tmp, name="Deep TSA", intermediate=True, ess="sha1"),
        "other": OpenSslTsa(tmp, name="Other TSA"),
        "expired": OpenSslTsa(tmp, name="Old TSA", not_before="20200101000000Z",
                              not_after="20210101000000Z"),
        "no-eku": OpenSslTsa(tmp, name="Plain", eku="none"),
        "weak-eku": OpenSslTsa(tmp, name="Weak", eku="noncritical"),
    }


@pytest.mark.parametrize("kind", ["ec", "rsa", "intermediate"])
def test_openssl_tokens_verify_and_chain_to_their_root(
        tsas: dict[str, OpenSslTsa], kind: str) -> None:
    tsa = tsas[kind]
    token = tsa.stamp(NOTE)
    assert tsa.verifies(token, NOTE)
    checked = verify_timestamp_token(token, message=NOTE, roots=[tsa.ca_der])
    assert checked.trusted
    assert checked.tsa.der == tsa.cert_der
    assert checked.tsa.subject_text == f"CN={tsa.name},O=ipledger tests"
    assert checked.message_imprint == hashlib.sha256(NOTE).digest()
    unrooted = verify_timestamp_token(token, message=NOTE)
    assert not unrooted.trusted and unrooted.gen_time == checked.gen_time


@pytest.mark.parametrize("digest", ["sha256", "sha384", "sha512"])
def test_the_fields_agree_with_rfc3161_client(tsas: dict[str, OpenSslTsa], digest: str) -> None:
    tsa = tsas["ec"]
    reply = rfc3161_client.decode_timestamp_response(tsa.reply(tsa.query(NOTE, digest=digest)))
    token = parse_timestamp_token(reply.time_stamp_token())
    info = reply.tst_info
    assert token.gen_time == info.gen_time.replace(tzinfo=token.gen_time.tzinfo)
    assert token.serial == info.serial_number
    assert token.policy == info.policy.dotted_string == tsa.policy
    assert token.nonce == info.nonce
    assert token.message_imprint == info.message_imprint.message
    assert token.hash_algorithm == digest
    assert token.accuracy == timedelta(seconds=1, milliseconds=500)
    assert not token.trusted
    assert verify_timestamp_token(reply.time_stamp_token(), message=NOTE).serial == token.serial
    verifier = rfc3161_client.VerifierBuilder().add_root_certificate(
        _cryptography_cert(tsa.ca_der)).build()
    assert verifier.verify_message(reply, NOTE)


def _cryptography_cert(der: bytes):  # type: ignore[no-untyped-def]
    from cryptography import x509

    return x509.load_der_x509_certificate(der)


def test_a_token_without_certificates_needs_the_tsa_certificate(
        tsas: dict[str, OpenSslTsa]) -> None:
    tsa = tsas["ec"]
    token = tsa.stamp(NOTE, cert=False, nonce=False)
    with pytest.raises(InvalidTimestampToken, match="pass the TSA's certificate"):
        verify_timestamp_token(token, message=NOTE)
    checked = verify_timestamp_token(token, message=NOTE, certificates=[tsa.cert_der],
                                     roots=[tsa.ca_der])
    assert checked.trusted and checked.nonce is None
    assert verify_timestamp_token(token, message=NOTE, roots=[tsa.cert_der]).trusted


def _flip_signature(token: bytes) -> bytes:
    return token[:-3] + bytes([token[-3] ^ 0x01]) + token[-2:]


def _change_gen_time(token: bytes) -> bytes:
    stamp = parse_timestamp_token(token).gen_time.strftime("%Y%m%d%H%M%S").encode()
    changed = stamp[:-1] + (b"1" if stamp[-1:] == b"0" else b"0")
    assert token.count(stamp) == 1
    return token.replace(stamp, changed)


Case = Callable[[dict[str, OpenSslTsa]], tuple[bytes, bytes, OpenSslTsa]]
CASES: dict[str, tuple[Case, type[VerifierError], str]] = {
    "other data": (
        lambda t: (t["ec"].stamp(NOTE), NOTE + b"x", t["ec"]),
        TimestampImprintMismatch, "stamps other data"),
    "a flipped signature byte": (
        lambda t: (_flip_signature(t["ec"].stamp(NOTE)), NOTE, t["ec"]),
        InvalidTimestampToken, "signature does not verify"),
    "a flipped RSA signature byte": (
        lambda t: (_flip_signature(t["rsa"].stamp(NOTE)), NOTE, t["rsa"]),
        InvalidTimestampToken, "signature does not verify"),
    "a changed genTime": (
        lambda t: (_change_gen_time(t["ec"].stamp(NOTE)), NOTE, t["ec"]),
        InvalidTimestampToken, "messageDigest is not its TSTInfo's"),
    "a token from another CA": (
        lambda t: (t["other"].stamp(NOTE), NOTE, t["ec"]),
        UntrustedTimestampAuthority, "no valid certificate path"),
    "an expired TSA certificate": (
        lambda t: (t["expired"].stamp(NOTE), NOTE, t["expired"]),
        InvalidTimestampToken, "not at"),
    "a TSA certificate without the timeStamping EKU": (
        lambda t: (resign(t["ec"].stamp(NOTE), t["no-eku"].cert_der, t["no-eku"].key_pem), NOTE,
                   t["no-eku"]),
        InvalidTimestampToken, "critical extendedKeyUsage"),
    "a non-critical timeStamping EKU": (
        lambda t: (resign(t["ec"].stamp(NOTE), t["weak-eku"].cert_der, t["weak-eku"].key_pem),
                   NOTE, t["weak-eku"]),
        InvalidTimestampToken, "critical extendedKeyUsage"),
    "no ESS signing-certificate attribute": (
        lambda t: (resign(t["ec"].stamp(NOTE), t["ec"].cert_der, t["ec"].key_pem, ess=False),
                   NOTE, t["ec"]),
        InvalidTimestampToken, "no ESS signing-certificate"),
    "an ESS attribute naming another certificate": (
        lambda t: (_ess_of_other(t), NOTE, t["ec"]),
        InvalidTimestampToken, "names another certificate"),
}


def _ess_of_other(tsas: dict[str, OpenSslTsa]) -> bytes:
    # Signed by the right key, but the ESS hash is that of another certificate of the same key.
    good = resign(tsas["ec"].stamp(NOTE), tsas["ec"].cert_der, tsas["ec"].key_pem)
    other = hashlib.sha256(tsas["other"].cert_der).digest()
    return good.replace(hashlib.sha256(tsas["ec"].cert_der).digest(), other)


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampered_tokens_are_refused_as_openssl_refuses_them(
        tsas: dict[str, OpenSslTsa], case: str, tmp_path: Path) -> None:
    make, error, message = CASES[case]
    token, data, tsa = make(tsas)
    assert not tsa.verifies(token, data), f"openssl accepts {case}"
    with pytest.raises(error, match=message) as caught:
        verify_timestamp_token(token, message=data, roots=[tsa.ca_der])
    assert "\n" not in str(caught.value)


def test_a_sha1_signature_is_refused_though_openssl_accepts_it(tmp_path: Path) -> None:
    # A deliberate difference: SHA-1 has chosen-prefix collisions (SHAttered, 2017), so a
    # signature over a SHA-1 digest proves nothing about which TSTInfo was signed.
    tsa = OpenSslTsa(tmp_path, key="rsa", signer_digest="sha1")
    token = tsa.stamp(NOTE)
    assert tsa.verifies(token, NOTE)
    with pytest.raises(InvalidTimestampToken, match="SHA-1"):
        verify_timestamp_token(token, message=NOTE, roots=[tsa.ca_der])


def test_a_resigned_token_of_a_good_tsa_still_verifies(tsas: dict[str, OpenSslTsa]) -> None:
    # The control for the re-signed cases: re-signing alone keeps a token valid for both.
    tsa = tsas["ec"]
    token = resign(tsa.stamp(NOTE), tsa.cert_der, tsa.key_pem)
    assert tsa.verifies(token, NOTE)
    assert verify_timestamp_token(token, message=NOTE, roots=[tsa.ca_der]).trusted


def test_an_intermediate_must_be_reachable(tsas: dict[str, OpenSslTsa]) -> None:
    tsa = tsas["intermediate"]
    assert tsa.intermediate_pem is not None
    token = tsa.stamp(NOTE)
    bare = resign(token, tsa.cert_der, tsa.key_pem)  # only the TSA certificate inside
    with pytest.raises(UntrustedTimestampAuthority, match="Intermediate CA"):
        verify_timestamp_token(bare, message=NOTE, roots=[tsa.ca_der])
    intermediate = OpenSslTsa.der_of(tsa.intermediate_pem)
    assert verify_timestamp_token(bare, message=NOTE, roots=[tsa.ca_der],
                                  certificates=[intermediate]).trusted
    assert verify_timestamp_token(bare, message=NOTE, roots=[intermediate]).trusted


@pytest.mark.parametrize("cut", [0, 1, 10, 100, -1])
def test_truncated_or_padded_tokens_are_malformed(tsas: dict[str, OpenSslTsa], cut: int) -> None:
    token = tsas["ec"].stamp(NOTE)
    broken = token + b"\x00" if cut == -1 else token[:cut]
    with pytest.raises(InvalidTimestampToken, match="malformed"):
        verify_timestamp_token(broken, message=NOTE)
    with pytest.raises(InvalidTimestampToken):
        parse_timestamp_token(broken)


def test_the_token_type_is_frozen(tsas: dict[str, OpenSslTsa]) -> None:
    token = parse_timestamp_token(tsas["ec"].stamp(NOTE))
    assert isinstance(token, TimestampToken)
    with pytest.raises(AttributeError):
        token.serial = 1  # type: ignore[misc]


VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "rfc3161"
MANIFEST = json.loads((VECTORS / "manifest.json").read_text())


def _openssl_ts_verify(token: bytes, message: bytes, ca: Path, untrusted: list[Path],
                       tmp_path: Path) -> bool:
    (tmp_path / "token.tst").write_bytes(token)
    (tmp_path / "data").write_bytes(message)
    (tmp_path / "untrusted.pem").write_bytes(b"".join(p.read_bytes() for p in untrusted))
    result = subprocess.run(
        ["openssl", "ts", "-verify", "-token_in", "-in", str(tmp_path / "token.tst"), "-data",
         str(tmp_path / "data"), "-CAfile", str(ca), "-untrusted", str(tmp_path / "untrusted.pem")],
        capture_output=True, check=False, timeout=60)
    return result.returncode == 0


@pytest.mark.parametrize("name", sorted(MANIFEST["vectors"]))
def test_the_checked_in_openssl_vectors(name: str, tmp_path: Path) -> None:
    vector = MANIFEST["vectors"][name]
    token = (VECTORS / vector["token"]).read_bytes()
    message = (VECTORS / MANIFEST["message"]).read_bytes()
    ca, cert = VECTORS / vector["ca"], VECTORS / vector["tsa_certificate"]
    untrusted = [cert] + ([VECTORS / vector["intermediate"]] if vector["intermediate"] else [])
    checked = verify_timestamp_token(
        token, message=message, roots=[OpenSslTsa.der_of(ca)],
        certificates=[OpenSslTsa.der_of(p) for p in untrusted])
    assert checked.trusted
    assert checked.gen_time.isoformat() == vector["gen_time"]
    assert (checked.serial, checked.policy, checked.nonce) == (
        vector["serial"], vector["policy"], vector["nonce"])
    assert (checked.hash_algorithm, checked.message_imprint.hex()) == (
        vector["hash_algorithm"], vector["imprint"])
    assert checked.accuracy == timedelta(milliseconds=vector["accuracy_ms"])
    assert checked.tsa.subject_text == vector["tsa_subject"]
    assert _openssl_ts_verify(token, message, ca, untrusted, tmp_path)
    assert not _openssl_ts_verify(token, message + b" ", ca, untrusted, tmp_path)
    with pytest.raises(TimestampImprintMismatch):
        verify_timestamp_token(token, message=message + b" ", roots=[OpenSslTsa.der_of(ca)],
                               certificates=[OpenSslTsa.der_of(p) for p in untrusted])


def test_an_ed25519_signed_token(tsas: dict[str, OpenSslTsa], tmp_path: Path) -> None:
    # OpenSSL 3.0 (so rfc3161-client too) cannot sign or verify Ed25519 in PKCS7: the
    # signature here is `cryptography`'s (RFC 8419 pure Ed25519 over the signed attributes).
    ed = OpenSslTsa(tmp_path, key="ed25519", name="Edwards")
    token = resign(tsas["ec"].stamp(NOTE), ed.cert_der, ed.key_pem)
    assert verify_timestamp_token(token, message=NOTE, roots=[ed.ca_der]).trusted
    with pytest.raises(InvalidTimestampToken, match="ed25519 signature does not verify"):
        verify_timestamp_token(_flip_signature(token), message=NOTE, roots=[ed.ca_der])


_FUZZ_TOKENS: dict[str, bytes] = {}  # one token for every example: openssl runs once


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_tokens_raise_only_verifier_errors(tsas: dict[str, OpenSslTsa],
                                                   data: st.DataObject) -> None:
    token = bytearray(_FUZZ_TOKENS.setdefault("ec", tsas["ec"].stamp(NOTE)))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(token) - 1))
        token[at] = data.draw(st.integers(0, 255))
    with contextlib.suppress(VerifierError):
        verify_timestamp_token(bytes(token), message=NOTE, roots=[tsas["ec"].ca_der])
    with contextlib.suppress(VerifierError):
        parse_timestamp_token(bytes(token))


@pytest.mark.parametrize("seconds", [MAX_ACCURACY_SECONDS + 1, 10**30])
def test_an_accuracy_beyond_timedelta_is_an_invalid_token(tsas: dict[str, OpenSslTsa],
                                                          seconds: int) -> None:
    tsa = tsas["ec"]
    top = with_accuracy(tsa.stamp(NOTE), MAX_ACCURACY_SECONDS, tsa.cert_der, tsa.key_pem)
    assert verify_timestamp_token(top, message=NOTE).accuracy == timedelta.max - timedelta(
        microseconds=999_999)
    token = with_accuracy(tsa.stamp(NOTE), seconds, tsa.cert_der, tsa.key_pem)
    with pytest.raises(InvalidTimestampToken, match="accuracy is over"):
        verify_timestamp_token(token, message=NOTE)
