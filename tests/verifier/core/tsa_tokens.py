"""Tokens no honest TSA makes, re-signed with asn1crypto and cryptography, for the tests."""

from __future__ import annotations

import hashlib

from asn1crypto import cms, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15


def resign(token: bytes, cert_der: bytes, key_pem: bytes, *, ess: bool = True) -> bytes:
    """`token` signed again by `key_pem`, its certificate, signer id and ESS now `cert_der`'s.

    With `ess=False` the ESS signing-certificate attribute is left out. The key must be of the
    token's signature algorithm (an EC token with an EC key, RSA with RSA); an Ed25519 key
    makes the signature Ed25519 (RFC 8419), which OpenSSL 3.0's TSA cannot.
    """
    info = cms.ContentInfo.load(token)
    signed = info["content"]
    cert = asn1_x509.Certificate.load(cert_der)
    signed["certificates"] = cms.CertificateSet(
        [cms.CertificateChoices(name="certificate", value=cert)])
    signer = signed["signer_infos"][0]
    signer["sid"] = cms.SignerIdentifier(
        name="issuer_and_serial_number",
        value=cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number}),
    )
    attributes = []
    for attribute in signer["signed_attrs"]:
        if attribute["type"].native in ("signing_certificate", "signing_certificate_v2"):
            if not ess:
                continue
            ess_id = tsp.ESSCertIDv2({"cert_hash": hashlib.sha256(cert_der).digest()})
            attributes.append(cms.CMSAttribute({
                "type": "signing_certificate_v2",
                "values": [tsp.SigningCertificateV2({"certs": [ess_id]})],
            }))
        else:
            attributes.append(attribute)
    signer["signed_attrs"] = cms.CMSAttributes(attributes)
    message = b"\x31" + signer["signed_attrs"].dump(force=True)[1:]
    key = serialization.load_pem_private_key(key_pem, password=None)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        signer["signature_algorithm"] = {"algorithm": "ed25519"}
        message = b"\x31" + signer["signed_attrs"].dump(force=True)[1:]
        signature = key.sign(message)
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(message, ec.ECDSA(hashes.SHA256()))
    else:
        assert isinstance(key, rsa.RSAPrivateKey)
        signature = key.sign(message, PKCS1v15(), hashes.SHA256())
    signer["signature"] = signature
    return bytes(info.dump(force=True))


def with_accuracy(token: bytes, seconds: int, cert_der: bytes, key_pem: bytes) -> bytes:
    """`token` with its TSTInfo's accuracy set to `seconds` (and no millis or micros), re-signed.

    The messageDigest attribute is updated to the new TSTInfo, so only the accuracy differs
    from what an honest TSA would sign: a token OpenSSL cannot make (it stores 32 bits).
    """
    info = cms.ContentInfo.load(token)
    encapsulated = info["content"]["encap_content_info"]
    tst = tsp.TSTInfo.load(encapsulated["content"].contents)
    tst["accuracy"] = tsp.Accuracy({"seconds": seconds})
    tst_der = tst.dump(force=True)
    encapsulated["content"] = tst
    signer = info["content"]["signer_infos"][0]
    attributes = []
    digest = cms.CMSAttribute({"type": "message_digest",
                               "values": [hashlib.sha256(tst_der).digest()]})
    for attribute in signer["signed_attrs"]:
        is_digest = attribute["type"].native == "message_digest"
        attributes.append(digest if is_digest else attribute)
    signer["signed_attrs"] = cms.CMSAttributes(attributes)
    return resign(info.dump(force=True), cert_der, key_pem)
