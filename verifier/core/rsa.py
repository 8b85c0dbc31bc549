"""RSA signature verification (RFC 8017: RSASSA-PKCS1-v1_5 and RSASSA-PSS), in pure Python."""

from __future__ import annotations

import hashlib
import hmac

from ipledger.verifier.core.errors import SignatureError

# DER of each hash's AlgorithmIdentifier OID (RFC 8017 section 9.2, note 1).
_HASH_OIDS = {
    "sha256": bytes.fromhex("0609608648016503040201"),
    "sha384": bytes.fromhex("0609608648016503040202"),
    "sha512": bytes.fromhex("0609608648016503040203"),
}


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag, len(content)]) + content  # every DigestInfo part is under 128 bytes


def _encrypt(n: int, e: int, signature: bytes) -> int:
    """RSAVP1 (RFC 8017 5.2.2): s^e mod n, for a signature exactly as long as the modulus."""
    if len(signature) != (n.bit_length() + 7) // 8:
        raise SignatureError("the RSA signature is not as long as the modulus")
    s = int.from_bytes(signature, "big")
    if s >= n:
        raise SignatureError("the RSA signature is not below the modulus")
    return pow(s, e, n)


def verify_pkcs1_v15(n: int, e: int, digest_name: str, digest: bytes, signature: bytes) -> None:
    """RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 8.2.2) of a message's `digest`.

    The DigestInfo's AlgorithmIdentifier may carry NULL parameters or none, as RFC 8017
    note 2 of 9.2 allows and pycryptodome accepts. Raises SignatureError.
    """
    k = (n.bit_length() + 7) // 8
    em = _encrypt(n, e, signature).to_bytes(k, "big")
    accepted = []
    for parameters in (b"\x05\x00", b""):
        info = _tlv(0x30, _tlv(0x30, _HASH_OIDS[digest_name] + parameters) + _tlv(0x04, digest))
        if k >= len(info) + 11:
            accepted.append(b"\x00\x01" + b"\xff" * (k - len(info) - 3) + b"\x00" + info)
    if em not in accepted:
        raise SignatureError("the RSA PKCS#1 v1.5 signature does not verify")


def _mgf1(seed: bytes, length: int, digest_name: str) -> bytes:
    out = b"".join(hashlib.new(digest_name, seed + i.to_bytes(4, "big")).digest()
                   for i in range(-(-length // hashlib.new(digest_name).digest_size)))
    return out[:length]


def verify_pss(n: int, e: int, digest_name: str, digest: bytes, signature: bytes, *,
               salt_length: int) -> None:
    """RSASSA-PSS-VERIFY (RFC 8017 8.1.2, EMSA-PSS 9.1.2) with MGF1 of the same hash.

    The salt must be exactly `salt_length` bytes (the parameters' saltLength). Raises
    SignatureError.
    """
    em_bits = n.bit_length() - 1
    em_len = (em_bits + 7) // 8
    m = _encrypt(n, e, signature)
    h_len = len(digest)
    if m >> (8 * em_len) or salt_length < 0 or em_len < h_len + salt_length + 2:
        raise SignatureError("the RSA-PSS encoded message has the wrong size")
    em = m.to_bytes(em_len, "big")
    masked, h = em[:em_len - h_len - 1], em[em_len - h_len - 1:-1]
    top = 0xFF >> (8 * em_len - em_bits)  # the bits of the first octet the encoding may use
    if em[-1] != 0xBC or masked[0] & ~top & 0xFF:
        raise SignatureError("the RSA-PSS encoded message is malformed")
    db = bytes(a ^ b for a, b in zip(masked, _mgf1(h, len(masked), digest_name), strict=True))
    db = bytes([db[0] & top]) + db[1:]
    padding = em_len - h_len - salt_length - 2
    if db[:padding] != bytes(padding) or db[padding] != 1:
        raise SignatureError("the RSA-PSS padding is wrong")
    salt = db[len(db) - salt_length:]
    if not hmac.compare_digest(hashlib.new(digest_name, bytes(8) + digest + salt).digest(), h):
        raise SignatureError("the RSA-PSS signature does not verify")
