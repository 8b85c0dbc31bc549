"""RFC 3161 time-stamp tokens: TSTInfo, the CMS signature (RFC 5652), ESS, the TSA's path."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ipledger.verifier.core import der as asn1
from ipledger.verifier.core.der import CONTEXT, Element
from ipledger.verifier.core.errors import (
    InvalidCertificate,
    InvalidDer,
    InvalidTimestampToken,
    TimestampImprintMismatch,
    UntrustedTimestampAuthority,
)
from ipledger.verifier.core.x509 import (
    Certificate,
    certificate_path,
    check_validity,
    digest_of,
    hash_algorithm,
    parse_certificate,
    verify_signature,
)

SIGNED_DATA, TST_INFO = "1.2.840.113549.1.7.2", "1.2.840.113549.1.9.16.1.4"
CONTENT_TYPE, MESSAGE_DIGEST = "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"
SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12"
SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
TIME_STAMPING = "1.3.6.1.5.5.7.3.8"
IMPRINT_HASHES = ("sha256", "sha384", "sha512")
MAX_CERTIFICATES = 16


@dataclass(frozen=True)
class TimestampToken:
    """An RFC 3161 token's TSTInfo and signer; `trusted` only when its path to a root held."""

    token: bytes
    gen_time: datetime
    serial: int
    policy: str
    hash_algorithm: str
    message_imprint: bytes
    nonce: int | None
    accuracy: timedelta | None
    tsa: Certificate
    trusted: bool = False


_Fields = tuple[datetime, int, str, str, bytes, "int | None", "timedelta | None"]


@dataclass(frozen=True)
class _Parts:
    fields: _Fields
    signer: Certificate | None
    econtent: bytes
    certificates: tuple[Certificate, ...]
    signer_id: Element
    digest: str
    signed_attributes: Element
    signature_algorithm: bytes
    signature: bytes


# timedelta's range: a larger accuracy is refused, as the browser verifier refuses it.
MAX_ACCURACY_SECONDS = 86_399_999_999_999


def _accuracy(element: Element) -> timedelta:
    seconds = millis = micros = 0
    for part in asn1.sequence(element, hi=3):
        if part.is_(asn1.UNIVERSAL, asn1.INTEGER):
            seconds = asn1.integer(part)
        elif part.is_(CONTEXT, 0) or part.is_(CONTEXT, 1):
            value = asn1.integer(part, CONTEXT, part.number)
            if not 1 <= value <= 999:
                raise InvalidTimestampToken("the token's accuracy has millis or micros off 1-999")
            millis, micros = (value, micros) if part.number == 0 else (millis, value)
        else:
            raise InvalidTimestampToken("the token's accuracy has an unknown field")
    if seconds < 0:
        raise InvalidTimestampToken("the token's accuracy is negative")
    if seconds > MAX_ACCURACY_SECONDS:
        raise InvalidTimestampToken("the token's accuracy is over 2.7 million years")
    return timedelta(seconds=seconds, milliseconds=millis, microseconds=micros)


def _tst_info(econtent: bytes) -> _Fields:
    fields = list(asn1.sequence(asn1.read(econtent), lo=5, hi=10))
    version, policy, imprint, serial, gen_time = fields[:5]
    if asn1.integer(version) != 1:
        raise InvalidTimestampToken("the token's TSTInfo is not version 1")
    algorithm, hashed = asn1.sequence(imprint, lo=2, hi=2)
    accuracy = nonce = None
    rest = fields[5:]
    if rest and rest[0].is_(asn1.UNIVERSAL, asn1.SEQUENCE):
        accuracy = _accuracy(rest.pop(0))
    if rest and rest[0].is_(asn1.UNIVERSAL, asn1.BOOLEAN):
        asn1.boolean(rest.pop(0))  # ordering: no check depends on it
    if rest and rest[0].is_(asn1.UNIVERSAL, asn1.INTEGER):
        nonce = asn1.integer(rest.pop(0))
    if rest and rest[0].is_(CONTEXT, 0):
        rest.pop(0)  # the TSA's GeneralName: informative, the certificate names the TSA
    if rest and rest[0].is_(CONTEXT, 1):
        rest.pop(0)  # extensions
    if rest:
        raise InvalidTimestampToken("the token's TSTInfo has fields out of order or unknown")
    if not gen_time.is_(asn1.UNIVERSAL, asn1.GENERALIZED_TIME):
        raise InvalidTimestampToken("the token's genTime is not a GeneralizedTime")
    serial_number = asn1.integer(serial)
    if serial_number < 0 or (nonce is not None and nonce < 0):
        raise InvalidTimestampToken("the token's serial number or nonce is negative")
    digest = hash_algorithm(algorithm.raw)
    return (asn1.time(gen_time), serial_number, asn1.oid(policy), digest, asn1.octet_string(hashed),
            nonce, accuracy)


def _find_signer(signer_id: Element, pool: Sequence[Certificate]) -> Certificate | None:
    if signer_id.is_(CONTEXT, 0):
        return next((c for c in pool if c.subject_key_id() == signer_id.content), None)
    issuer, serial = asn1.sequence(signer_id, lo=2, hi=2)
    number = asn1.integer(serial)
    return next((c for c in pool if c.issuer == issuer.raw and c.serial == number), None)


def _parse(token: bytes) -> _Parts:
    content_type, content = asn1.sequence(asn1.read(token), lo=2, hi=2)
    if asn1.oid(content_type) != SIGNED_DATA:
        raise InvalidTimestampToken("the token is not a CMS SignedData ContentInfo")
    signed_data = asn1.explicit(content, 0)
    fields = list(asn1.sequence(signed_data, lo=4, hi=6))
    if asn1.integer(fields[0]) != 3:
        raise InvalidTimestampToken("the token's SignedData is not version 3")
    digest_algorithms = [d.raw for d in asn1.set_of(fields[1])]
    econtent_type, wrapped = asn1.sequence(fields[2], lo=2, hi=2)
    if asn1.oid(econtent_type) != TST_INFO:
        raise InvalidTimestampToken("the token's content is not an RFC 3161 TSTInfo")
    octets = asn1.explicit(wrapped, 0)
    econtent = asn1.octet_string(octets)
    certificates: tuple[Certificate, ...] = ()
    rest = fields[3:]
    if rest and rest[0].is_(CONTEXT, 0):
        items = asn1.expect(rest.pop(0), 0, CONTEXT, constructed=True).children()
        if len(items) > MAX_CERTIFICATES:
            raise InvalidTimestampToken(f"the token carries over {MAX_CERTIFICATES} certificates")
        certificates = tuple(parse_certificate(item.raw) for item in items
                             if item.is_(asn1.UNIVERSAL, asn1.SEQUENCE))
    if rest and rest[0].is_(CONTEXT, 1):
        rest.pop(0)  # CRLs: revocation is not checked
    if len(rest) != 1:
        raise InvalidTimestampToken("the token's SignedData has unknown fields")
    signers = asn1.set_of(rest[0])
    if len(signers) != 1:
        raise InvalidTimestampToken(f"the token has {len(signers)} SignerInfos, not exactly one")
    parts = asn1.sequence(signers[0], lo=5, hi=7)
    version, signer_id, digest_algorithm, attributes = parts[:4]
    if asn1.integer(version) not in (1, 3) or not attributes.is_(CONTEXT, 0):
        raise InvalidTimestampToken("the token's SignerInfo has no signed attributes")
    if not (parts[4].is_(asn1.UNIVERSAL, asn1.SEQUENCE) and len(parts) in (6, 7)):
        raise InvalidTimestampToken("the token's SignerInfo is malformed")
    if digest_algorithm.raw not in digest_algorithms:  # RFC 5652 5.1: listed for the signer
        raise InvalidTimestampToken("the token's digestAlgorithms lacks its signer's digest")
    return _Parts(
        fields=_tst_info(econtent),
        signer=_find_signer(signer_id, certificates),
        econtent=econtent, certificates=certificates, signer_id=signer_id,
        digest=hash_algorithm(digest_algorithm.raw), signed_attributes=attributes,
        signature_algorithm=parts[4].raw, signature=asn1.octet_string(parts[5]),
    )


def _parse_checked(token: bytes) -> _Parts:
    try:
        return _parse(token)
    except (InvalidDer, InvalidCertificate) as exc:
        raise InvalidTimestampToken(f"the token is malformed: {exc}") from exc


def parse_timestamp_token(der: bytes) -> TimestampToken:
    """Read a token's fields (for listing); checks its structure, NOT its signature."""
    parts = _parse_checked(der)
    if parts.signer is None:
        raise InvalidTimestampToken("the token carries no certificate of its signer")
    return TimestampToken(der, *parts.fields, tsa=parts.signer)


def _attributes(element: Element) -> dict[str, Element]:
    found: dict[str, Element] = {}
    for attribute in element.children():
        kind, values = asn1.sequence(attribute, lo=2, hi=2)
        name, items = asn1.oid(kind), asn1.set_of(values)
        if name in found or len(items) != 1:
            raise InvalidTimestampToken(f"the signed attribute {name} is repeated or multi-valued")
        found[name] = items[0]
    return found


def _check_ess(attributes: dict[str, Element], signer: Certificate) -> None:
    found = [kind for kind in (SIGNING_CERTIFICATE_V2, SIGNING_CERTIFICATE) if kind in attributes]
    if not found:
        raise InvalidTimestampToken(
            "the token has no ESS signing-certificate attribute (RFC 3161 2.4.1, RFC 5816)")
    for kind in found:  # each present names the signer first
        first = asn1.sequence(asn1.sequence(attributes[kind], lo=1, hi=2)[0], lo=1)[0]
        parts, digest = list(asn1.sequence(first, lo=1, hi=3)), "sha1"
        if kind == SIGNING_CERTIFICATE_V2:
            digest = "sha256"
            if parts[0].is_(asn1.UNIVERSAL, asn1.SEQUENCE):
                digest = hash_algorithm(parts.pop(0).raw)
        if not parts or not hmac.compare_digest(asn1.octet_string(parts[0]),
                                                digest_of(digest, signer.der)):
            raise InvalidTimestampToken(
                "the token's ESS signing-certificate attribute names another certificate")
        if len(parts) == 2:
            names, serial = asn1.sequence(parts[1], lo=2, hi=2)
            directory = [n for n in asn1.sequence(names, lo=1) if n.is_(CONTEXT, 4)]
            if asn1.integer(serial) != signer.serial or (
                    directory and asn1.explicit(directory[0], 4).raw != signer.issuer):
                raise InvalidTimestampToken(
                    "the token's ESS issuerSerial is not the signer certificate's")


def verify_timestamp_token(token: bytes, *, message: bytes, roots: Sequence[bytes] | None = None,
                           certificates: Sequence[bytes] = ()) -> TimestampToken:
    """Check an RFC 3161 token over `message`; with `roots`, its TSA's path to one of them.

    In order: the structure; the messageImprint is the hash of `message`; the signer's
    certificate (in the token, `certificates` or `roots`); the signed attributes (contentType
    TSTInfo, messageDigest of the TSTInfo, ESS signing certificate naming the signer); the
    signature over them; the signer's critical timeStamping EKU and validity at genTime;
    then, with `roots`, a certificate path to one of them valid at genTime (trusted=True).
    """
    parts = _parse_checked(token)
    gen_time, _, _, digest, imprint, _, _ = parts.fields
    if digest not in IMPRINT_HASHES:
        raise InvalidTimestampToken(
            f"the token's imprint uses {digest}, not one of {', '.join(IMPRINT_HASHES)}")
    if not hmac.compare_digest(digest_of(digest, message), imprint):
        raise TimestampImprintMismatch(
            f"the token stamps other data: its {digest} imprint is not the hash of the message")
    given = tuple(parse_certificate(c) for c in certificates)
    trust = tuple(parse_certificate(c) for c in roots or ())
    signer = _find_signer(parts.signer_id, parts.certificates + given + trust)
    if signer is None:
        raise InvalidTimestampToken(
            "the token's signer certificate is neither in the token nor among the "
            "certificates given: pass the TSA's certificate")
    try:
        attributes = _attributes(parts.signed_attributes)
        if CONTENT_TYPE not in attributes or asn1.oid(attributes[CONTENT_TYPE]) != TST_INFO:
            raise InvalidTimestampToken("the token's signed contentType is not TSTInfo")
        if MESSAGE_DIGEST not in attributes or not hmac.compare_digest(
                asn1.octet_string(attributes[MESSAGE_DIGEST]),
                digest_of(parts.digest, parts.econtent)):
            raise InvalidTimestampToken("the token's signed messageDigest is not its TSTInfo's")
        _check_ess(attributes, signer)
        signed = b"\x31" + parts.signed_attributes.raw[1:]  # signed as SET OF (RFC 5652 5.4)
        verify_signature(signer.public_key, parts.signature_algorithm, signed, parts.signature,
                         parts.digest)
    except (InvalidDer, InvalidCertificate) as exc:
        raise InvalidTimestampToken(
            f"the token's signed attributes or signature do not verify: {exc}") from exc
    usage = signer.extended_key_usage()
    if usage is None or usage != (True, (TIME_STAMPING,)):
        raise InvalidTimestampToken(
            f"the signer {signer.subject_text} is not a TSA certificate: RFC 3161 2.3 requires "
            "a critical extendedKeyUsage of timeStamping only")
    try:
        check_validity(signer, gen_time)
    except InvalidCertificate as exc:
        raise InvalidTimestampToken(f"the token's signer certificate: {exc}") from exc
    checked = TimestampToken(token, *parts.fields, tsa=signer)
    if roots is None:
        return checked
    try:
        certificate_path(signer, parts.certificates + given, trust, gen_time)
    except (InvalidCertificate, InvalidDer) as exc:
        raise UntrustedTimestampAuthority(
            f"the TSA {signer.subject_text} has no valid certificate path to the roots "
            f"given: {exc}") from exc
    return replace(checked, trusted=True)
