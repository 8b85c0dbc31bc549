"""ECDSA public-key recovery on secp256k1 (SEC 1 v2 section 4.1.6) for Ethereum signatures."""

from __future__ import annotations

from functools import lru_cache

from ipledger.verifier.core.ecdsa import Curve, combine
from ipledger.verifier.core.errors import InvalidSignature
from ipledger.verifier.core.keccak import keccak256

# SEC 2 v2 section 2.4.1: y^2 = x^3 + 7 over F_p, generator G of prime order N.
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (
    0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
    0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
)
HALF_N = N // 2
SECP256K1 = Curve("secp256k1", P, 0, 7, N, G)


def recover_public_key(message_hash: bytes, y_parity: int, r: int, s: int) -> bytes:
    """Return the 64-byte uncompressed public key (X || Y) that signed `message_hash`.

    `r` and `s` must lie in [1, N-1] with `s` at most N/2 (EIP-2's low s, so a
    signature has one form only); `y_parity` is the parity of R's y, 0 or 1; R's x
    is `r` itself (Ethereum's v cannot express r + N). Raises `InvalidSignature`
    when any of these fails, when r is no point's x, or when no key results.
    """
    if not isinstance(message_hash, bytes) or len(message_hash) != 32:
        raise InvalidSignature("the signed message hash must be 32 bytes")
    for name, value in (("y_parity", y_parity), ("r", r), ("s", s)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidSignature(f"{name} must be an integer, got {type(value).__name__}")
    if y_parity not in (0, 1):
        raise InvalidSignature(f"y_parity must be 0 or 1, got {y_parity}")
    if not 0 < r < N:
        raise InvalidSignature("r is outside [1, n-1] of secp256k1")
    if not 0 < s < N:
        raise InvalidSignature("s is outside [1, n-1] of secp256k1")
    if s > HALF_N:
        raise InvalidSignature("s is above n/2: EIP-2 admits only the low-s form of a signature")
    return _recovered(message_hash, y_parity, r, s)


@lru_cache(maxsize=256)
def _recovered(message_hash: bytes, y_parity: int, r: int, s: int) -> bytes:
    # Remembered, for arguments checked above (bytes and ints, so keys compare by value):
    # the bundles of one anchor recover the same transaction's sender. Only a key
    # recovered is kept; an InvalidSignature raised here is computed again next time.
    alpha = (pow(r, 3, P) + 7) % P
    y = pow(alpha, (P + 1) // 4, P)  # a square root, since P % 4 == 3
    if y * y % P != alpha:
        raise InvalidSignature("r is not the x coordinate of a point on secp256k1")
    if y & 1 != y_parity:
        y = P - y
    e = int.from_bytes(message_hash, "big") % N
    r_inv = pow(r, -1, N)
    # Q = r^-1 (s R - e G)
    q = combine(SECP256K1, (-e * r_inv) % N, G, s * r_inv % N, (r, y))
    if q is None:
        raise InvalidSignature("the signature recovers the point at infinity, not a public key")
    return q[0].to_bytes(32, "big") + q[1].to_bytes(32, "big")


def recover_address(message_hash: bytes, y_parity: int, r: int, s: int) -> bytes:
    """Return the 20-byte Ethereum address, keccak256(public key)[12:], that signed the hash."""
    return keccak256(recover_public_key(message_hash, y_parity, r, s))[12:]
