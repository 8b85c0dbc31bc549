"""X.509 certificates (RFC 5280): parsing, signatures (RSA, ECDSA, Ed25519), paths to roots."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ipledger.verifier.core import der
from ipledger.verifier.core.der import CONTEXT, Element
from ipledger.verifier.core.ecdsa import CURVES, Curve, decode_point, verify_ecdsa
from ipledger.verifier.core.ed25519 import decode_point as decode_point_ed25519
from ipledger.verifier.core.ed25519 import verify_ed25519
from ipledger.verifier.core.errors import InvalidCertificate, InvalidDer, SignatureError
from ipledger.verifier.core.rsa import verify_pkcs1_v15, verify_pss

HASH_OIDS = {
    "1.3.14.3.2.26": "sha1", "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384", "2.16.840.1.101.3.4.2.3": "sha512",
}
# Signature algorithm -> (scheme, hash); hash None: the CMS SignerInfo's digestAlgorithm says.
_SIGNATURES: dict[str, tuple[str, str | None]] = {
    "1.2.840.113549.1.1.1": ("rsa", None), "1.2.840.113549.1.1.11": ("rsa", "sha256"),
    "1.2.840.113549.1.1.12": ("rsa", "sha384"), "1.2.840.113549.1.1.13": ("rsa", "sha512"),
    "1.2.840.113549.1.1.10": ("pss", None), "1.2.840.10045.2.1": ("ecdsa", None),
    "1.2.840.10045.4.3.2": ("ecdsa", "sha256"), "1.2.840.10045.4.3.3": ("ecdsa", "sha384"),
    "1.2.840.10045.4.3.4": ("ecdsa", "sha512"), "1.3.101.112": ("ed25519", None),
}
# SubjectPublicKeyInfo algorithms, as pycryptodome 3.x imports them: rsaEncryption or
# id-RSASSA-PSS (parameters absent or NULL), id-ecPublicKey, id-ecDH or id-ecMQV with a
# namedCurve, id-Ed25519 without parameters.
_RSA_KEYS = ("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10")
_EC_KEYS = ("1.2.840.10045.2.1", "1.3.132.1.12", "1.3.132.1.13")
ED25519_KEY = "1.3.101.112"
_NAMES = {
    "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O",
    "2.5.4.11": "OU", "2.5.4.5": "serialNumber", "2.5.4.97": "organizationIdentifier",
    "1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "DC",
}
_STRINGS = {12: "utf-8", 19: "ascii", 22: "ascii", 20: "latin-1", 30: "utf-16-be",
            28: "utf-32-be"}
BASIC_CONSTRAINTS, KEY_USAGE, EXT_KEY_USAGE = "2.5.29.19", "2.5.29.15", "2.5.29.37"
SUBJECT_KEY_ID = "2.5.29.14"
# Critical extensions this module acts on; any other critical one refuses the certificate.
_UNDERSTOOD = frozenset((BASIC_CONSTRAINTS, KEY_USAGE, EXT_KEY_USAGE, SUBJECT_KEY_ID,
                         "2.5.29.35", "2.5.29.17"))
KEY_CERT_SIGN = 1 << 5
MAX_PATH = 8


@dataclass(frozen=True)
class Certificate:
    """An X.509 v3 certificate, its fields as read; `der` is its exact encoding."""

    der: bytes
    subject_text: str
    issuer_text: str
    not_before: datetime
    not_after: datetime
    serial: int
    subject: bytes = b""
    issuer: bytes = b""
    tbs: bytes = b""
    signature_algorithm: bytes = b""
    signature: bytes = b""
    public_key: bytes = b""
    extensions: tuple[tuple[str, bool, bytes], ...] = ()

    def extension(self, oid: str) -> tuple[bool, bytes] | None:
        """(critical, extnValue) of extension `oid`, or None when absent."""
        for name, critical, value in self.extensions:
            if name == oid:
                return critical, value
        return None

    def basic_constraints(self) -> tuple[bool, int | None]:
        """(cA, pathLenConstraint); (False, None) without the extension."""
        found = self.extension(BASIC_CONSTRAINTS)
        if found is None:
            return False, None
        items, ca, path_len = der.sequence(der.read(found[1]), hi=2), False, None
        if items and items[0].is_(der.UNIVERSAL, der.BOOLEAN):  # cA FALSE written out: seen
            ca, items = der.boolean(items[0]), items[1:]
        if items:
            path_len = der.integer(items[0])
        return ca, path_len

    def key_usage(self) -> int | None:
        """Return the keyUsage bits (bit 0 digitalSignature, 5 keyCertSign), None if absent."""
        found = self.extension(KEY_USAGE)
        return None if found is None else der.named_bits(der.read(found[1]))

    def extended_key_usage(self) -> tuple[bool, tuple[str, ...]] | None:
        """(critical, key purpose OIDs) of extendedKeyUsage, None if absent."""
        found = self.extension(EXT_KEY_USAGE)
        if found is None:
            return None
        return found[0], tuple(der.oid(p) for p in der.sequence(der.read(found[1]), lo=1))

    def subject_key_id(self) -> bytes | None:
        """Return the subjectKeyIdentifier, None if absent."""
        found = self.extension(SUBJECT_KEY_ID)
        return None if found is None else der.octet_string(der.read(found[1]))


def name_text(name: Element) -> str:
    """Write a Name as RFC 4514 does: last RDN first, `CN=Test TSA,O=ipledger tests`."""
    rdns = []
    for rdn in der.sequence(name):
        parts = []
        for attribute in der.set_of(rdn):
            kind, value = der.sequence(attribute, lo=2, hi=2)
            key = der.oid(kind)
            if value.number in _STRINGS and value.cls == der.UNIVERSAL and not value.constructed:
                try:
                    text = value.content.decode(_STRINGS[value.number])
                except UnicodeDecodeError as exc:
                    raise InvalidDer(f"a name attribute {key} is not valid text") from exc
                text = "".join("\\" + c if c in ',+"\\<>;=' else c for c in text)
            else:
                text = "#" + value.raw.hex()
            parts.append(f"{_NAMES.get(key, key)}={text}")
        rdns.append("+".join(parts))
    return ",".join(reversed(rdns))


def parse_certificate(data: bytes) -> Certificate:
    """Read a DER X.509 v3 certificate; InvalidCertificate names what is wrong."""
    try:
        tbs, algorithm, signature = der.sequence(der.read(data), lo=3, hi=3)
        fields = list(der.sequence(tbs, lo=6, hi=10))
        version = der.integer(der.explicit(fields.pop(0), 0)) if fields[0].is_(CONTEXT, 0) else 0
        if version not in (0, 1, 2) or len(fields) < 6:
            raise InvalidCertificate("the certificate is not X.509 v1 to v3 or lacks fields")
        serial, inner_algorithm, issuer, validity, subject, spki = fields[:6]
        if inner_algorithm.raw != algorithm.raw:
            raise InvalidCertificate("the certificate's two signature algorithms differ")
        not_before, not_after = (der.time(t) for t in der.sequence(validity, lo=2, hi=2))
        der.sequence(spki, lo=2, hi=2)
        extensions: list[tuple[str, bool, bytes]] = []
        for extra in fields[6:]:
            if not extra.is_(CONTEXT, 3):
                continue  # issuerUniqueID, subjectUniqueID: not used
            items = der.explicit(extra, 3)
            for item in der.sequence(items, lo=1):
                parts = der.sequence(item, lo=2, hi=3)
                critical = len(parts) == 3 and der.boolean(parts[1])  # FALSE written out: seen
                extensions.append((der.oid(parts[0]), critical, der.octet_string(parts[-1])))
        if len({e[0] for e in extensions}) != len(extensions):
            raise InvalidCertificate("an extension appears twice in the certificate")
        certificate = Certificate(
            der=data, subject_text=name_text(subject), issuer_text=name_text(issuer),
            not_before=not_before, not_after=not_after, serial=der.integer(serial),
            subject=subject.raw, issuer=issuer.raw, tbs=tbs.raw,
            signature_algorithm=algorithm.raw, signature=der.bit_string(signature),
            public_key=spki.raw, extensions=tuple(extensions),
        )
        certificate.basic_constraints()
        certificate.key_usage()
        certificate.extended_key_usage()
        return certificate
    except InvalidDer as exc:
        raise InvalidCertificate(f"the certificate is not valid DER X.509: {exc}") from exc


def algorithm(identifier: bytes) -> tuple[str, str | None, Element | None]:
    """(scheme, hash, parameters) of an AlgorithmIdentifier; schemes: rsa, pss, ecdsa, ed25519."""
    parts = der.sequence(der.read(identifier), lo=1, hi=2)
    name = der.oid(parts[0])
    if name not in _SIGNATURES:
        raise InvalidCertificate(f"signature algorithm {name} is not supported")
    scheme, digest = _SIGNATURES[name]
    parameters = parts[1] if len(parts) == 2 else None
    if scheme == "rsa" and parameters is not None:
        der.null(parameters)
    elif scheme in ("ecdsa", "ed25519") and parameters is not None and name != "1.2.840.10045.2.1":
        raise InvalidCertificate(f"signature algorithm {name} has parameters")
    return scheme, digest, parameters if scheme == "pss" else None


def _pss(parameters: Element | None) -> tuple[str, int]:
    """(hash, salt length) of RSASSA-PSS-params (RFC 8017 A.2.3); the mask MGF1 of the hash."""
    found = {p.number: p for p in der.sequence(parameters, hi=4)} if parameters else {}
    digest = hash_algorithm(der.explicit(found[0], 0).raw) if 0 in found else "sha1"
    mgf = der.sequence(der.explicit(found[1], 1), lo=2, hi=2) if 1 in found else None
    if mgf is not None and (der.oid(mgf[0]) != "1.2.840.113549.1.1.8"
                            or hash_algorithm(mgf[1].raw) != digest):
        raise InvalidCertificate("RSASSA-PSS with another mask than MGF1 of its own hash")
    return digest, der.integer(der.explicit(found[2], 2)) if 2 in found else 20


@dataclass(frozen=True)
class SubjectKey:
    """A SubjectPublicKeyInfo read: `kind` rsa (n, e), ecdsa (curve, point) or ed25519 (raw)."""

    kind: str
    n: int = 0
    e: int = 0
    curve: Curve | None = None
    point: tuple[int, int] = (0, 0)
    raw: bytes = b""


def public_key(spki: bytes) -> SubjectKey:
    """Read a SubjectPublicKeyInfo as pycryptodome imports it; raise InvalidCertificate.

    RSA (n odd, 1 < e < n, e prime to n), a point of P-256, P-384 or P-521 by namedCurve,
    or an Ed25519 point.
    """
    identifier, bits = der.sequence(der.read(spki), lo=2, hi=2)
    parts = der.sequence(identifier, lo=1, hi=2)
    name, parameters, raw = der.oid(parts[0]), parts[1] if len(parts) == 2 else None, b""
    raw = der.bit_string(bits)
    if name in _RSA_KEYS:
        if parameters is not None:
            der.null(parameters)
        n, e = (der.integer(x) for x in der.sequence(der.read(raw), lo=2, hi=2))
        if not (n & 1 and 1 < e < n and math.gcd(n, e) == 1):
            raise InvalidCertificate("the RSA public key is not a valid modulus and exponent")
        return SubjectKey("rsa", n=n, e=e)
    if name in _EC_KEYS and parameters is not None and der.oid(parameters) in CURVES:
        curve = CURVES[der.oid(parameters)]
        return SubjectKey("ecdsa", curve=curve, point=decode_point(curve, raw))
    if name == ED25519_KEY and parameters is None and decode_point_ed25519(raw) is not None:
        return SubjectKey("ed25519", raw=raw)
    raise InvalidCertificate(f"public key algorithm {name} (its curve or point) is not supported")


def hash_algorithm(identifier: bytes) -> str:
    """Return the name ("sha256", ...) of a hash AlgorithmIdentifier (parameters absent or NULL)."""
    parts = der.sequence(der.read(identifier), lo=1, hi=2)
    name = der.oid(parts[0])
    if len(parts) == 2:
        der.null(parts[1])
    if name not in HASH_OIDS:
        raise InvalidCertificate(f"hash algorithm {name} is not supported")
    return HASH_OIDS[name]


def digest_of(name: str, data: bytes) -> bytes:
    """Return the hash named "sha1", "sha256", "sha384" or "sha512" of `data` (hashlib)."""
    return hashlib.new(name, data).digest()


def verify_signature(spki: bytes, identifier: bytes, message: bytes, signature: bytes,
                     digest: str | None = None) -> None:
    """Check `signature` of `message` by a SubjectPublicKeyInfo; raise InvalidCertificate.

    `digest` is the CMS digestAlgorithm, used where the signature algorithm names no hash.
    """
    scheme, named, parameters = algorithm(identifier)
    digest = named or digest or "sha256"
    try:
        key, salt = public_key(spki), 0
        if scheme == "pss":
            digest, salt = _pss(parameters)
        if key.kind != ("rsa" if scheme == "pss" else scheme):
            raise InvalidCertificate(f"a {key.kind} key cannot make a {scheme} signature")
        if key.kind == "rsa" and key.n.bit_length() < 2048:
            raise InvalidCertificate("an RSA key is shorter than 2048 bits")
        if digest == "sha1" and scheme != "ed25519":
            raise InvalidCertificate("a signature over a SHA-1 digest is refused")
        if key.kind == "ed25519":
            verify_ed25519(key.raw, message, signature)
        elif key.curve is not None:
            r, s = (der.integer(x) for x in der.sequence(der.read(signature), lo=2, hi=2))
            verify_ecdsa(key.curve, key.point, digest_of(digest, message), r, s)
        elif scheme == "pss":
            hashed = digest_of(digest, message)
            verify_pss(key.n, key.e, digest, hashed, signature, salt_length=salt)
        else:
            verify_pkcs1_v15(key.n, key.e, digest, digest_of(digest, message), signature)
    except (SignatureError, InvalidDer) as exc:
        raise InvalidCertificate(f"the {scheme} signature does not verify: {exc}") from exc


def check_validity(certificate: Certificate, at: datetime) -> None:
    """Refuse a certificate outside its validity at `at` or with a critical unknown extension."""
    if not certificate.not_before <= at <= certificate.not_after:
        raise InvalidCertificate(
            f"the certificate {certificate.subject_text} is valid from "
            f"{certificate.not_before.isoformat()} to {certificate.not_after.isoformat()}, "
            f"not at {at.isoformat()}"
        )
    for name, critical, _ in certificate.extensions:
        if critical and name not in _UNDERSTOOD:
            raise InvalidCertificate(
                f"the certificate {certificate.subject_text} has a critical extension {name} "
                "this verifier does not understand"
            )


def _check_issuer(issuer: Certificate, below: int, at: datetime) -> None:
    check_validity(issuer, at)
    ca, path_len = issuer.basic_constraints()
    usage = issuer.key_usage()
    if not ca:
        raise InvalidCertificate(f"{issuer.subject_text} is not a CA (basicConstraints)")
    if usage is not None and not usage & KEY_CERT_SIGN:
        raise InvalidCertificate(f"{issuer.subject_text} may not sign certificates (keyUsage)")
    if path_len is not None and below > path_len:
        raise InvalidCertificate(
            f"{issuer.subject_text} allows {path_len} CAs below it, the path has {below}")


def certificate_path(leaf: Certificate, intermediates: Sequence[Certificate],
                     roots: Sequence[Certificate], at: datetime) -> tuple[Certificate, ...]:
    """Return a path leaf -> intermediates -> one of `roots`, all valid at `at`.

    Issuers are found by byte-equal Name; each must be a CA allowed to sign certificates,
    within its pathLenConstraint, and its key must verify the certificate below. A root that
    is the leaf itself trusts it directly. No revocation is checked. Raises InvalidCertificate
    with the last reason a candidate path failed.
    """
    problems: list[str] = []

    def extend(path: tuple[Certificate, ...]) -> tuple[Certificate, ...] | None:
        last = path[-1]
        candidates = [(root, True) for root in roots] + [(c, False) for c in intermediates]
        for candidate, is_root in candidates:
            if candidate.subject != last.issuer or candidate in path:
                continue
            try:
                _check_issuer(candidate, len(path) - 1, at)
                verify_signature(candidate.public_key, last.signature_algorithm, last.tbs,
                                 last.signature)
            except (InvalidCertificate, InvalidDer) as exc:
                problems.append(str(exc))
                continue
            if is_root:
                return (*path, candidate)
            if len(path) < MAX_PATH and (found := extend((*path, candidate))):
                return found
        return None

    check_validity(leaf, at)
    if any(root.der == leaf.der for root in roots):
        return (leaf,)
    found = extend((leaf,))
    if found is None:
        raise InvalidCertificate(problems[-1] if problems else (
            f"no root or intermediate certificate given is the issuer ({leaf.issuer_text}) "
            f"of {leaf.subject_text} or of a CA above it"))
    return found
