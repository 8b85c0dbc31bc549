"""RSA, ECDSA and Ed25519 of core/x509.py in pure Python give pycryptodome's verdicts.

The reference is the pycryptodome code core/x509.py ran before (kept here verbatim in
substance): keys imported by RSA/ECC.import_key, pkcs1_15, pss with MGF1 of the hash, DSS
fips-186-3 with DER signatures, eddsa rfc8032. Every signature, valid or tampered, must get
the same verdict from both.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from Crypto.Hash import SHA256, SHA384, SHA512
from Crypto.PublicKey import ECC, RSA
from Crypto.Signature import DSS, eddsa, pkcs1_15, pss

from ipledger.verifier.core import der
from ipledger.verifier.core.ecdsa import CURVES, _passed, combine, verify_ecdsa
from ipledger.verifier.core.errors import InvalidCertificate, InvalidDer, SignatureError
from ipledger.verifier.core.x509 import algorithm, verify_signature

TSA_DIR = Path(__file__).parents[2] / "vectors" / "bundles_v3"
HASHES: dict[str, Any] = {"sha256": SHA256, "sha384": SHA384, "sha512": SHA512}
HASH_OIDS = {
    "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2",
    "sha512": "2.16.840.1.101.3.4.2.3",
}
RSA_OIDS = {
    "sha256": "1.2.840.113549.1.1.11",
    "sha384": "1.2.840.113549.1.1.12",
    "sha512": "1.2.840.113549.1.1.13",
}
ECDSA_OIDS = {
    "sha256": "1.2.840.10045.4.3.2",
    "sha384": "1.2.840.10045.4.3.3",
    "sha512": "1.2.840.10045.4.3.4",
}


def _tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    width = (size.bit_length() + 7) // 8
    head = bytes([size]) if size < 128 else bytes([0x80 | width]) + size.to_bytes(width, "big")
    return bytes([tag]) + head + content


def _oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        rest, chunk = arc >> 7, [arc & 0x7F]
        while rest:
            chunk.append(0x80 | rest & 0x7F)
            rest >>= 7
        out += bytes(reversed(chunk))
    return _tlv(0x06, bytes(out))


def _identifier(oid: str, parameters: bytes | None = None) -> bytes:
    return _tlv(0x30, _oid(oid) + (parameters or b""))


def _pss_identifier(digest: str, salt: int) -> bytes:
    hash_id = _identifier(HASH_OIDS[digest], b"\x05\x00")
    mgf = _identifier("1.2.840.113549.1.1.8", hash_id)
    salt_der = _tlv(0x02, salt.to_bytes(max(1, (salt.bit_length() + 8) // 8), "big"))
    params = _tlv(0xA0, hash_id) + _tlv(0xA1, mgf) + _tlv(0xA2, salt_der)
    return _identifier("1.2.840.113549.1.1.10", _tlv(0x30, params))


def _mgf(module: Any) -> Any:
    return lambda seed, length: pss.MGF1(seed, length, module)


def reference_verify(
    spki: bytes, identifier: bytes, message: bytes, signature: bytes, digest: str | None = None
) -> None:
    """What core/x509.py's verify_signature did with pycryptodome (before issue 15)."""
    scheme, named, parameters = algorithm(identifier)
    digest = named or digest or "sha256"
    try:
        if scheme in ("rsa", "pss"):
            key = RSA.import_key(spki)
            if key.size_in_bits() < 2048:
                raise InvalidCertificate("short")
            if scheme == "pss":
                found = {p.number: p for p in der.sequence(parameters, hi=4)} if parameters else {}
                hash_der = der.explicit(found[0], 0).raw if 0 in found else None
                digest = (
                    {v: k for k, v in HASH_OIDS.items()}[
                        der.oid(der.sequence(der.read(hash_der))[0])
                    ]
                    if hash_der
                    else "sha1"
                )
                salt = der.integer(der.explicit(found[2], 2)) if 2 in found else 20
                module = HASHES[digest]
                verifier: Any = pss.new(key, salt_bytes=salt, mask_func=_mgf(module))
            else:
                verifier = pkcs1_15.new(key)
            verifier.verify(HASHES[digest].new(message), signature)
            return
        ec_key = ECC.import_key(spki)
        if scheme == "ed25519" and ec_key.curve == "Ed25519":
            eddsa.new(ec_key, "rfc8032").verify(message, signature)
        elif scheme == "ecdsa" and ec_key.curve in ("NIST P-256", "NIST P-384", "NIST P-521"):
            DSS.new(ec_key, "fips-186-3", encoding="der").verify(
                HASHES[digest].new(message), signature
            )
        else:
            raise InvalidCertificate("kind")
    except (ValueError, TypeError, IndexError) as exc:
        if isinstance(exc, InvalidCertificate):
            raise
        raise InvalidCertificate("does not verify") from exc


def _verdict(function: Any, *args: Any) -> bool:
    try:
        function(*args)
    except (InvalidCertificate, InvalidDer):
        return False
    return True


def same_verdict(
    spki: bytes, identifier: bytes, message: bytes, signature: bytes, digest: str | None = None
) -> bool:
    ours = _verdict(verify_signature, spki, identifier, message, signature, digest)
    theirs = _verdict(reference_verify, spki, identifier, message, signature, digest)
    assert ours == theirs, (identifier.hex(), signature.hex())
    return ours


def _mutations(rng: random.Random, signature: bytes) -> list[bytes]:
    out = []
    for _ in range(4):
        flipped = bytearray(signature)
        flipped[rng.randrange(len(signature))] ^= 1 << rng.randrange(8)
        out.append(bytes(flipped))
    return [
        *out,
        signature[:-1],
        signature + b"\x00",
        b"\x00" + signature[1:],
        rng.randbytes(len(signature)),
    ]


def _rsa_keys() -> list[Any]:
    return [RSA.import_key((TSA_DIR / tsa / "tsa.key").read_bytes()) for tsa in ("tsa-b",)] + [
        RSA.import_key((TSA_DIR / "tsa-b" / "ca.key").read_bytes())
    ]


@pytest.mark.parametrize("digest", ["sha256", "sha384", "sha512"])
def test_rsa_pkcs1_v15_valid_and_tampered(digest: str) -> None:
    rng = random.Random(digest)
    for key in _rsa_keys():
        spki = key.public_key().export_key(format="DER")
        for _ in range(3):
            message = rng.randbytes(rng.randrange(1, 200))
            signature = pkcs1_15.new(key).sign(HASHES[digest].new(message))
            for identifier, cms in (
                (_identifier(RSA_OIDS[digest], b"\x05\x00"), None),
                (_identifier("1.2.840.113549.1.1.1", b"\x05\x00"), digest),
            ):
                assert same_verdict(spki, identifier, message, signature, cms)
                assert not same_verdict(spki, identifier, message + b"!", signature, cms)
                for mutated in _mutations(rng, signature):
                    same_verdict(spki, identifier, message, mutated, cms)
        n = key.n
        over = (
            (n + rng.randrange(1, 1000)).to_bytes(256, "big")
            if n.bit_length() <= 2047
            else (n.to_bytes((n.bit_length() + 7) // 8, "big"))
        )
        assert not same_verdict(spki, _identifier(RSA_OIDS[digest]), b"m", over)


@pytest.mark.parametrize("digest", ["sha256", "sha512"])
def test_rsa_digest_info_without_null_parameters(digest: str) -> None:
    # RFC 8017 9.2 note 2: the NULL may be absent; pycryptodome accepts both spellings.
    key = _rsa_keys()[0]
    message = b"no NULL"
    info = _tlv(
        0x30, _tlv(0x30, _oid(HASH_OIDS[digest])) + _tlv(0x04, HASHES[digest].new(message).digest())
    )
    k = (key.n.bit_length() + 7) // 8
    em = b"\x00\x01" + b"\xff" * (k - len(info) - 3) + b"\x00" + info
    signature = pow(int.from_bytes(em, "big"), key.d, key.n).to_bytes(k, "big")
    spki = key.public_key().export_key(format="DER")
    assert same_verdict(spki, _identifier(RSA_OIDS[digest], b"\x05\x00"), message, signature)


@pytest.mark.parametrize(
    ("digest", "salt"),
    [("sha256", 32), ("sha256", 0), ("sha384", 48), ("sha512", 64), ("sha256", 20)],
)
def test_rsa_pss_valid_and_tampered(digest: str, salt: int) -> None:
    rng = random.Random(salt)
    key = _rsa_keys()[0]
    spki = key.public_key().export_key(format="DER")
    module = HASHES[digest]
    for _ in range(3):
        message = rng.randbytes(rng.randrange(1, 200))
        signature = pss.new(key, salt_bytes=salt, mask_func=_mgf(module)).sign(module.new(message))
        identifier = _pss_identifier(digest, salt)
        assert same_verdict(spki, identifier, message, signature)
        assert not same_verdict(spki, _pss_identifier(digest, salt + 1), message, signature)
        for mutated in _mutations(rng, signature):
            same_verdict(spki, identifier, message, mutated)


@pytest.mark.parametrize("curve", ["P-256", "P-384", "P-521"])
@pytest.mark.parametrize("digest", ["sha256", "sha384", "sha512"])
def test_ecdsa_valid_tampered_high_s_and_compressed_keys(curve: str, digest: str) -> None:
    rng = random.Random(curve + digest)
    key = ECC.generate(curve=curve)
    spkis = [key.public_key().export_key(format="DER", compress=c) for c in (False, True)]
    order = next(c.n for c in CURVES.values() if c.name == curve)
    identifier = _identifier(ECDSA_OIDS[digest])
    for _ in range(2):
        message = rng.randbytes(rng.randrange(1, 200))
        signature = DSS.new(key, "fips-186-3", encoding="der").sign(HASHES[digest].new(message))
        r, s = (der.integer(x) for x in der.sequence(der.read(signature)))
        high = _tlv(
            0x30,
            b"".join(
                _tlv(0x02, v.to_bytes((v.bit_length() + 8) // 8, "big")) for v in (r, order - s)
            ),
        )
        for spki in spkis:
            assert same_verdict(spki, identifier, message, signature)
            assert same_verdict(spki, identifier, message, high)  # no low-s rule in X.509
            assert not same_verdict(spki, identifier, message[1:], signature)
            for mutated in _mutations(rng, signature):
                same_verdict(spki, identifier, message, mutated)
        zero = _tlv(0x30, _tlv(0x02, b"\x00") + _tlv(0x02, b"\x01"))
        padded = _tlv(
            0x30,
            _tlv(0x02, b"\x00" + r.to_bytes((r.bit_length() + 8) // 8, "big"))
            + _tlv(0x02, s.to_bytes((s.bit_length() + 8) // 8, "big")),
        )
        for bad in (zero, padded):
            assert not same_verdict(spkis[0], identifier, message, bad)


@pytest.mark.parametrize("curve", ["P-256", "P-384", "P-521"])
def test_ec_public_keys_off_the_curve_or_out_of_range(curve: str) -> None:
    oid = next(o for o, c in CURVES.items() if c.name == curve)
    c = CURVES[oid]
    key = ECC.generate(curve=curve)
    message = b"points"
    signature = DSS.new(key, "fips-186-3", encoding="der").sign(SHA256.new(message))
    x, y = int(key.pointQ.x), int(key.pointQ.y)
    size = c.size
    doubled = combine(c, 2, (x, y), 0, None)
    assert doubled is not None

    def spki_of(px: int, py: int) -> bytes:
        point = b"\x04" + px.to_bytes(size, "big") + py.to_bytes(size, "big")
        return _tlv(0x30, _identifier("1.2.840.10045.2.1", _oid(oid)) + _tlv(0x03, b"\x00" + point))

    identifier = _identifier(ECDSA_OIDS["sha256"])
    for px, py in [(x, y + 1), (x, c.p - y), doubled]:
        assert not same_verdict(spki_of(px, py), identifier, message, signature)
    if curve == "P-521":
        # The one difference: pycryptodome reads P-521 coordinates of p and above modulo p;
        # SEC 1 2.3.4 (and OpenSSL) refuse them, and so does the core.
        for px, py in [(x + c.p, y), (x, y + c.p)]:
            assert _verdict(reference_verify, spki_of(px, py), identifier, message, signature)
            with pytest.raises(InvalidCertificate, match="not a point"):
                verify_signature(spki_of(px, py), identifier, message, signature)
    for prefix in (b"\x02", b"\x03"):
        spki = _tlv(
            0x30,
            _identifier("1.2.840.10045.2.1", _oid(oid))
            + _tlv(0x03, b"\x00" + prefix + x.to_bytes(size, "big")),
        )
        same_verdict(spki, _identifier(ECDSA_OIDS["sha256"]), message, signature)


def test_ed25519_certificate_keys() -> None:
    rng = random.Random(25519)
    key = eddsa.import_private_key(rng.randbytes(32))
    spki = key.public_key().export_key(format="DER")
    identifier = _identifier("1.3.101.112")
    for _ in range(5):
        message = rng.randbytes(rng.randrange(200))
        signature = eddsa.new(key, "rfc8032").sign(message)
        assert same_verdict(spki, identifier, message, signature)
        for mutated in _mutations(rng, signature):
            same_verdict(spki, identifier, message, mutated)


def test_a_key_of_another_kind_cannot_sign() -> None:
    rsa_spki = _rsa_keys()[0].public_key().export_key(format="DER")
    ec_spki = ECC.generate(curve="P-256").public_key().export_key(format="DER")
    for spki, identifier in (
        (rsa_spki, _identifier(ECDSA_OIDS["sha256"])),
        (ec_spki, _identifier(RSA_OIDS["sha256"], b"\x05\x00")),
        (ec_spki, _identifier("1.3.101.112")),
    ):
        assert not same_verdict(spki, identifier, b"m", bytes(64))


def test_an_ecdsa_pass_is_remembered_and_a_failure_is_not() -> None:
    # The bundles of one anchor carry the same time-stamp tokens: a pass is remembered by
    # curve, key, digest, r and s; any other value is checked afresh.
    key = ECC.generate(curve="P-256")
    curve = next(c for c in CURVES.values() if c.name == "P-256")
    point = (int(key.pointQ.x), int(key.pointQ.y))
    digest = SHA256.new(b"token").digest()
    signature = DSS.new(key, "fips-186-3").sign(SHA256.new(b"token"))
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    _passed.cache_clear()
    verify_ecdsa(curve, point, digest, r, s)
    verify_ecdsa(curve, point, bytes(reversed(digest[::-1])), r, s)  # equal, another object
    assert (_passed.cache_info().hits, _passed.cache_info().currsize) == (1, 1)
    for _ in range(2):
        with pytest.raises(SignatureError):
            verify_ecdsa(curve, point, digest, r, s ^ 1)
        with pytest.raises(SignatureError):
            verify_ecdsa(curve, point, bytes(32), r, s)
    assert _passed.cache_info().currsize == 1  # the failures left nothing
