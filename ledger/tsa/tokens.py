"""RFC 3161 on the issuer's side: read a TimeStampReq, answer a signed TimeStampResp (CMS)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

from ipledger.ledger.der import (
    der_bit_string,
    der_generalized_time,
    der_integer,
    der_null,
    der_octet_string,
    der_oid,
    der_sequence,
    der_set,
    der_tagged,
    der_utf8_string,
)
from ipledger.ledger.tsa.errors import MalformedTimestampRequest, TimestampRequestRejected
from ipledger.ledger.tsa.identity import TsaIdentity
from ipledger.verifier.core import der
from ipledger.verifier.core.errors import InvalidDer

SHA256 = "2.16.840.1.101.3.4.2.1"
_SHA256_OID = der_oid(SHA256)
_KNOWN_HASHES = {  # named in badAlg answers
    "1.3.14.3.2.26": "sha1", "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512", "1.2.840.113549.2.5": "md5",
}
ID_SIGNED_DATA = "1.2.840.113549.1.7.2"
ID_CT_TST_INFO = "1.2.840.113549.1.9.16.1.4"
ID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
ID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
ID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2"
SHA256_WITH_RSA = "1.2.840.113549.1.1.11"

_ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())

# PKIFailureInfo bits (RFC 3161 2.4.2) and PKIStatus values.
BAD_ALG, BAD_REQUEST, BAD_DATA_FORMAT, TIME_NOT_AVAILABLE = 0, 2, 5, 14
UNACCEPTED_POLICY, UNACCEPTED_EXTENSION, SYSTEM_FAILURE = 15, 16, 25
GRANTED, REJECTION = 0, 2
MAX_NONCE_BITS = 512


@dataclass(frozen=True)
class TimestampRequest:
    """The parts of a TimeStampReq the issuer uses; `imprint` is its SHA-256 hashedMessage."""

    imprint: bytes
    message_imprint: bytes  # the request's MessageImprint DER, copied into the token as is
    nonce: int | None
    cert_req: bool
    policy: str | None


def parse_request(body: bytes, policy: str) -> TimestampRequest:
    """Read a TimeStampReq; raise Malformed (not DER) or Rejected (a PKIFailureInfo bit)."""
    try:
        fields = der.sequence(der.read(body), lo=2, hi=6)
        version = der.integer(fields[0])
        imprint_fields = der.sequence(fields[1], lo=2, hi=2)
        algorithm = der.sequence(imprint_fields[0], lo=1, hi=2)
        # The common case compared as bytes: decoding the OID costs more than the rest.
        hash_oid = SHA256 if algorithm[0].raw == _SHA256_OID else der.oid(algorithm[0])
        if len(algorithm) == 2:
            der.null(algorithm[1])
        imprint = der.octet_string(imprint_fields[1])
        rest = list(fields[2:])
        requested = _optional(rest, der.UNIVERSAL, der.OID)
        policy_requested = None if requested is None else der.oid(requested)
        nonce_element = _optional(rest, der.UNIVERSAL, der.INTEGER)
        nonce = None if nonce_element is None else der.integer(nonce_element)
        cert_req_element = _optional(rest, der.UNIVERSAL, der.BOOLEAN)
        cert_req = cert_req_element is not None and der.boolean(cert_req_element)
        extensions = _optional(rest, der.CONTEXT, 0)
    except InvalidDer as exc:
        raise MalformedTimestampRequest(f"the body is not a DER TimeStampReq ({exc})") from None
    if rest:
        raise MalformedTimestampRequest(
            "the body is not a DER TimeStampReq (unexpected fields after messageImprint)"
        )
    if version != 1:
        raise TimestampRequestRejected(BAD_REQUEST, f"TimeStampReq version {version}, not 1")
    if hash_oid != SHA256:
        name = _KNOWN_HASHES.get(hash_oid, hash_oid)
        raise TimestampRequestRejected(
            BAD_ALG, f"this TSA stamps SHA-256 imprints only, the request's is {name}"
        )
    if len(imprint) != 32:
        raise TimestampRequestRejected(
            BAD_DATA_FORMAT, f"a SHA-256 imprint is 32 bytes, the request's is {len(imprint)}"
        )
    if policy_requested is not None and policy_requested != policy:
        raise TimestampRequestRejected(
            UNACCEPTED_POLICY,
            f"this TSA issues under policy {policy} only, not {policy_requested}",
        )
    if extensions is not None:
        raise TimestampRequestRejected(
            UNACCEPTED_EXTENSION, "this TSA supports no request extensions"
        )
    if nonce is not None and nonce.bit_length() > MAX_NONCE_BITS:
        raise TimestampRequestRejected(
            BAD_REQUEST, f"the nonce is longer than {MAX_NONCE_BITS} bits"
        )
    return TimestampRequest(imprint, fields[1].raw, nonce, cert_req, policy_requested)


def _optional(rest: list[der.Element], cls: int, number: int) -> der.Element | None:
    """Take the next field of `rest` if it has the tag of this optional field."""
    return rest.pop(0) if rest and rest[0].is_(cls, number) else None


def rejection(failure: int, reason: str) -> bytes:
    """Return a TimeStampResp with status rejection, the reason and the PKIFailureInfo bit."""
    return der_sequence(_status(REJECTION, reason, failure))


def _status(status: int, text: str | None = None, failure: int | None = None) -> bytes:
    parts = [der_integer(status)]
    if text:
        parts.append(der_sequence(der_utf8_string(text)))
    if failure is not None:  # a named bit string: DER drops trailing zero bits
        octets = bytearray(failure // 8 + 1)
        octets[failure // 8] = 0x80 >> (failure % 8)
        parts.append(der_bit_string(bytes(octets), 7 - failure % 8))
    return der_sequence(*parts)


class TokenIssuer:
    """Signs TSTInfos as CMS SignedData: everything constant is encoded once, at construction."""

    def __init__(self, identity: TsaIdentity, accuracy: timedelta) -> None:
        """Prepare the constant parts for `identity`; `accuracy` goes in every token."""
        self.identity = identity
        self._key = identity.key
        cert = identity.certificate
        cert_der = cert.public_bytes(serialization.Encoding.DER)
        issuer = cert.issuer.public_bytes()
        serial = der_integer(cert.serial_number)
        self._policy = der_oid(identity.policy)
        self._version = der_integer(1)
        self._accuracy = _accuracy(accuracy)
        self._tsa_name = der_tagged(0, der_tagged(4, cert.subject.public_bytes()))
        self._digest_algorithm = der_sequence(der_oid(SHA256))
        if isinstance(self._key, ec.EllipticCurvePrivateKey):
            self._signature_algorithm = der_sequence(der_oid(ECDSA_WITH_SHA256))
        else:
            self._signature_algorithm = der_sequence(der_oid(SHA256_WITH_RSA), der_null())
        self._content_type_attribute = der_sequence(
            der_oid(ID_CONTENT_TYPE), der_set(der_oid(ID_CT_TST_INFO))
        )
        # ESS signingCertificateV2 (RFC 5035): SHA-256 (the default, so omitted) of the TSA
        # certificate, and its issuer and serial.
        self._signing_certificate_attribute = der_sequence(
            der_oid(ID_SIGNING_CERTIFICATE_V2),
            der_set(der_sequence(der_sequence(der_sequence(
                der_octet_string(hashlib.sha256(cert_der).digest()),
                der_sequence(der_sequence(der_tagged(4, issuer)), serial),
            )))),
        )
        self._sid = der_sequence(issuer, serial)
        self._certificates = der_tagged(
            0,
            der_set(*(c.public_bytes(serialization.Encoding.DER) for c in identity.chain)),
            explicit=False,
        )
        self._encap_prefix = der_oid(ID_CT_TST_INFO)
        self._signer_version = der_integer(1)
        self._signed_data_version = der_integer(3)
        self._signed_data_oid = der_oid(ID_SIGNED_DATA)
        self._granted = der_sequence(der_integer(GRANTED))

    def tst_info(self, request: TimestampRequest, serial: int, gen_time: datetime) -> bytes:
        """Return the DER TSTInfo: policy, imprint, serial, genTime, accuracy, nonce, tsa name."""
        parts = [
            self._version, self._policy, request.message_imprint, der_integer(serial),
            der_generalized_time(gen_time),
        ]
        if self._accuracy:
            parts.append(self._accuracy)
        if request.nonce is not None:
            parts.append(der_integer(request.nonce))
        parts.append(self._tsa_name)
        return der_sequence(*parts)

    def token(self, request: TimestampRequest, serial: int, gen_time: datetime) -> bytes:
        """Return the TimeStampToken: a CMS ContentInfo of SignedData over the TSTInfo."""
        tst_info = self.tst_info(request, serial, gen_time)
        signed_attributes = der_set(
            self._content_type_attribute,
            der_sequence(
                der_oid(ID_MESSAGE_DIGEST),
                der_set(der_octet_string(hashlib.sha256(tst_info).digest())),
            ),
            self._signing_certificate_attribute,
        )
        signer_info = der_sequence(
            self._signer_version,
            self._sid,
            self._digest_algorithm,
            der_tagged(0, signed_attributes, explicit=False),
            self._signature_algorithm,
            der_octet_string(self._sign(signed_attributes)),
        )
        signed_data = [
            self._signed_data_version,
            der_set(self._digest_algorithm),
            der_sequence(self._encap_prefix, der_tagged(0, der_octet_string(tst_info))),
        ]
        if request.cert_req:
            signed_data.append(self._certificates)
        signed_data.append(der_set(signer_info))
        return der_sequence(self._signed_data_oid, der_tagged(0, der_sequence(*signed_data)))

    def grant(self, request: TimestampRequest, serial: int, gen_time: datetime) -> bytes:
        """Return the TimeStampResp granting `request`: status granted and the token."""
        return der_sequence(self._granted, self.token(request, serial, gen_time))

    def _sign(self, message: bytes) -> bytes:
        if isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(message, _ECDSA_SHA256)
        return self._key.sign(message, padding.PKCS1v15(), hashes.SHA256())


def _accuracy(accuracy: timedelta) -> bytes:
    micros = round(accuracy.total_seconds() * 1_000_000)
    if micros <= 0:
        return b""  # no accuracy field: none is promised
    seconds, rest = divmod(micros, 1_000_000)
    millis, micros = divmod(rest, 1000)
    parts = []
    if seconds:
        parts.append(der_integer(seconds))
    if millis:
        parts.append(der_tagged(0, der_integer(millis), explicit=False))
    if micros:
        parts.append(der_tagged(1, der_integer(micros), explicit=False))
    return der_sequence(*parts)

