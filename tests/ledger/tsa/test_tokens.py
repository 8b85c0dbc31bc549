"""Tokens the issuer signs, checked by three others: openssl ts, rfc3161-client, asn1crypto."""

import hashlib
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import cms, core, tsp
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from rfc3161_client import VerifierBuilder, decode_timestamp_response

from ipledger.ledger.der import (
    der_integer,
    der_null,
    der_octet_string,
    der_oid,
    der_sequence,
    der_tagged,
)
from ipledger.ledger.tsa.errors import MalformedTimestampRequest, TimestampRequestRejected
from ipledger.ledger.tsa.identity import TsaIdentity, create_tsa
from ipledger.ledger.tsa.tokens import (
    BAD_ALG,
    BAD_DATA_FORMAT,
    UNACCEPTED_EXTENSION,
    UNACCEPTED_POLICY,
    TokenIssuer,
    parse_request,
    rejection,
)

GEN_TIME = datetime(2026, 12, 3, 22, 40, 1, 123_000, tzinfo=UTC)


def openssl(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=check, timeout=60
    )


def query(tmp_path: Path, document: Path, *extra: str) -> bytes:
    out = tmp_path / "request.tsq"
    openssl("ts", "-query", "-data", document, "-sha256", *extra, "-out", out)
    return out.read_bytes()


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory) -> TsaIdentity:
    return create_tsa(tmp_path_factory.mktemp("tsa") / "tsa", name="ipledger.test/log")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "claim.pdf"
    path.write_bytes(b"%PDF-1.7 the invention, described\n")
    return path


def test_openssl_accepts_the_token_and_rejects_a_changed_document(
    tmp_path: Path, identity: TsaIdentity, document: Path
) -> None:
    issuer = TokenIssuer(identity, timedelta(seconds=1))
    request = parse_request(query(tmp_path, document, "-cert"), identity.policy)
    reply = tmp_path / "reply.tsr"
    reply.write_bytes(issuer.grant(request, 7 << 32 | 3, GEN_TIME))
    verified = openssl(
        "ts", "-verify", "-data", document, "-in", reply, "-CAfile", identity.ca_file
    )
    assert "Verification: OK" in verified.stdout
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(document.read_bytes() + b" ")
    refused = openssl(
        "ts", "-verify", "-data", changed, "-in", reply, "-CAfile", identity.ca_file, check=False
    )
    assert refused.returncode != 0 and "message imprint mismatch" in refused.stderr
    text = openssl("ts", "-reply", "-in", reply, "-text").stdout
    assert f"Policy OID: {identity.policy}" in text
    assert "Serial number: 0x0700000003" in text
    assert "Time stamp: Dec  3 22:40:01.123 2026 GMT" in text
    assert "Accuracy: 0x01 seconds" in text
    (nonce_line,) = (line for line in text.splitlines() if line.startswith("Nonce: 0x"))
    assert int(nonce_line.removeprefix("Nonce: 0x"), 16) == request.nonce
    assert "TSA: DirName:/CN=ipledger.test\\/log TSA/O=ipledger" in text


def test_token_without_cert_req_verifies_with_the_chain_given(
    tmp_path: Path, identity: TsaIdentity, document: Path
) -> None:
    issuer = TokenIssuer(identity, timedelta(milliseconds=500))
    request = parse_request(query(tmp_path, document, "-no_nonce"), identity.policy)
    assert request.nonce is None and not request.cert_req
    token = tmp_path / "token.der"
    token.write_bytes(issuer.token(request, 1 << 32, GEN_TIME))
    verified = openssl(
        "ts", "-verify", "-data", document, "-in", token, "-token_in",
        "-CAfile", identity.ca_file, "-untrusted", identity.directory / "tsa.pem",
    )
    assert "Verification: OK" in verified.stdout
    signed = cms.ContentInfo.load(token.read_bytes())["content"]
    assert not signed["certificates"]
    info = signed["encap_content_info"]["content"].parsed
    assert info["accuracy"].native == {"seconds": None, "millis": 500, "micros": None}
    assert info["nonce"].native is None


def test_rfc3161_client_verifies(tmp_path: Path, identity: TsaIdentity, document: Path) -> None:
    issuer = TokenIssuer(identity, timedelta(seconds=1))
    raw = query(tmp_path, document, "-cert")
    request = parse_request(raw, identity.policy)
    response = decode_timestamp_response(issuer.grant(request, 9 << 32, datetime.now(UTC)))
    root = x509.load_pem_x509_certificate(identity.ca_file.read_bytes())
    verifier = (
        VerifierBuilder()
        .add_root_certificate(root)
        .tsa_certificate(identity.certificate)
        .nonce(request.nonce or 0)
        .build()
    )
    assert verifier.verify_message(response, document.read_bytes())
    assert response.tst_info.serial_number == 9 << 32
    assert response.tst_info.policy.dotted_string == identity.policy


def test_asn1crypto_reads_every_field(
    tmp_path: Path, identity: TsaIdentity, document: Path
) -> None:
    issuer = TokenIssuer(identity, timedelta(seconds=2, milliseconds=5, microseconds=7))
    request = parse_request(query(tmp_path, document, "-cert"), identity.policy)
    response = tsp.TimeStampResp.load(issuer.grant(request, 123, GEN_TIME))
    assert response["status"]["status"].native == "granted"
    signed = response["time_stamp_token"]["content"]
    assert signed["version"].native == "v3"
    info = signed["encap_content_info"]["content"].parsed
    assert info["gen_time"].native == GEN_TIME
    assert info["serial_number"].native == 123
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(
        document.read_bytes()
    ).digest()
    assert info["accuracy"].native == {"seconds": 2, "millis": 5, "micros": 7}
    assert info["nonce"].native == request.nonce
    assert info["ordering"].native is False
    cert_der = identity.certificate.public_bytes(Encoding.DER)
    assert [c.dump() for c in signed["certificates"]] == sorted(
        c.public_bytes(Encoding.DER) for c in identity.chain
    )
    signer = signed["signer_infos"][0]
    attributes = {a["type"].native: a["values"][0] for a in signer["signed_attrs"]}
    ess = attributes["signing_certificate_v2"]
    assert ess["certs"][0]["cert_hash"].native == hashlib.sha256(cert_der).digest()
    assert ess["certs"][0]["issuer_serial"]["serial_number"].native == (
        identity.certificate.serial_number
    )
    assert attributes["message_digest"].native == hashlib.sha256(
        signed["encap_content_info"]["content"].contents
    ).digest()
    assert signer["signature_algorithm"]["algorithm"].native == "sha256_ecdsa"


def _request(
    imprint: bytes, *, algorithm: bytes | None = None, policy: str | None = None,
    extensions: bool = False,
) -> bytes:
    parts = [
        der_integer(1),
        der_sequence(algorithm or der_sequence(der_oid("2.16.840.1.101.3.4.2.1"), der_null()),
                     der_octet_string(imprint)),
    ]
    if policy:
        parts.append(der_oid(policy))
    if extensions:
        parts.append(der_tagged(0, der_sequence(der_sequence(der_oid("1.2.3.4"),
                                                             der_octet_string(b"x"))),
                                explicit=False))
    return der_sequence(*parts)


@pytest.mark.parametrize(
    ("body", "failure", "words"),
    [
        (_request(b"\x00" * 20, algorithm=der_sequence(der_oid("1.3.14.3.2.26"))), BAD_ALG, "sha1"),
        (_request(b"\x00" * 31), BAD_DATA_FORMAT, "32 bytes"),
        (_request(b"\x00" * 32, policy="1.2.3.4"), UNACCEPTED_POLICY, "1.2.3.4"),
        (_request(b"\x00" * 32, extensions=True), UNACCEPTED_EXTENSION, "extensions"),
    ],
    ids=["sha1", "short-imprint", "other-policy", "extensions"],
)
def test_requests_not_honoured_are_rejected_with_their_failure_bit(
    tmp_path: Path, identity: TsaIdentity, body: bytes, failure: int, words: str
) -> None:
    with pytest.raises(TimestampRequestRejected) as caught:
        parse_request(body, identity.policy)
    assert caught.value.failure == failure and words in caught.value.reason
    answer = rejection(caught.value.failure, caught.value.reason)
    # asn1crypto's TimeStampResp wrongly requires a token: read the PKIStatusInfo alone.
    status = tsp.PKIStatusInfo.load(core.Sequence.load(answer)[0].dump())
    assert status["status"].native == "rejection"
    assert status["status_string"].native == [caught.value.reason]
    assert status["fail_info"].native == {tsp.PKIFailureInfo._map[failure]}
    file = tmp_path / "rejected.tsr"
    file.write_bytes(answer)
    assert "Status: Rejected" in openssl("ts", "-reply", "-in", file, "-text").stdout


def test_the_own_policy_and_sha256_with_absent_parameters_are_accepted(
    identity: TsaIdentity,
) -> None:
    body = _request(
        b"\x01" * 32, algorithm=der_sequence(der_oid("2.16.840.1.101.3.4.2.1")),
        policy=identity.policy,
    )
    request = parse_request(body, identity.policy)
    assert request.imprint == b"\x01" * 32 and request.policy == identity.policy


@pytest.mark.parametrize(
    "body", [b"", b"not DER", der_sequence(der_integer(1)), b"\x30\x80\x00\x00"]
)
def test_bytes_that_are_no_request_are_malformed(identity: TsaIdentity, body: bytes) -> None:
    with pytest.raises(MalformedTimestampRequest, match="not a DER TimeStampReq"):
        parse_request(body, identity.policy)





def test_the_verifier_core_checks_the_issued_token(
    tmp_path: Path, identity: TsaIdentity, document: Path
) -> None:
    from ipledger.verifier.core.errors import TimestampImprintMismatch
    from ipledger.verifier.core.timestamp import verify_timestamp_token

    issuer = TokenIssuer(identity, timedelta(seconds=1))
    request = parse_request(query(tmp_path, document, "-cert"), identity.policy)
    now = datetime.now(UTC).replace(microsecond=250_000)  # within the certificate's validity
    token = issuer.token(request, 3 << 32 | 1, now)
    root = x509.load_pem_x509_certificate(identity.ca_file.read_bytes()).public_bytes(
        Encoding.DER
    )
    checked = verify_timestamp_token(token, message=document.read_bytes(), roots=[root])
    assert checked.trusted and checked.gen_time == now
    assert checked.serial == 3 << 32 | 1 and checked.policy == identity.policy
    assert checked.nonce == request.nonce and checked.accuracy == timedelta(seconds=1)
    assert checked.tsa.der == identity.certificate.public_bytes(Encoding.DER)
    with pytest.raises(TimestampImprintMismatch):
        verify_timestamp_token(token, message=b"another document", roots=[root])


def test_zero_accuracy_omits_the_field(
    tmp_path: Path, identity: TsaIdentity, document: Path
) -> None:
    issuer = TokenIssuer(identity, timedelta(0))
    request = parse_request(query(tmp_path, document, "-cert"), identity.policy)
    reply = tmp_path / "reply.tsr"
    reply.write_bytes(issuer.grant(request, 1 << 32, GEN_TIME))
    info = tsp.TimeStampResp.load(reply.read_bytes())["time_stamp_token"]["content"][
        "encap_content_info"]["content"].parsed
    assert info["accuracy"].native is None
    assert "Accuracy: unspecified" in openssl("ts", "-reply", "-in", reply, "-text").stdout
