"""ECDSA public-key recovery on secp256k1 (SEC 1 v2 section 4.1.6) for Ethereum signatures."""

from __future__ import annotations

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

Point = tuple[int, int] | None  # affine; None is the point at infinity
Jacobian = tuple[int, int, int] | None  # (X, Y, Z) stands for (X/Z^2, Y/Z^3)


def _double(a: Jacobian) -> Jacobian:
    # Jacobian doubling for y^2 = x^3 + 7 (a = 0): no modular inverse, unlike affine.
    if a is None or a[1] == 0:
        return None
    x, y, z = a
    yy = y * y % P
    s = 4 * x * yy % P
    m = 3 * x * x % P
    x3 = (m * m - 2 * s) % P
    return x3, (m * (s - x3) - 8 * yy * yy) % P, 2 * y * z % P


def _add(a: Jacobian, b: Jacobian) -> Jacobian:
    if a is None:
        return b
    if b is None:
        return a
    z1z1, z2z2 = a[2] * a[2] % P, b[2] * b[2] % P
    u1, u2 = a[0] * z2z2 % P, b[0] * z1z1 % P
    s1, s2 = a[1] * b[2] * z2z2 % P, b[1] * a[2] * z1z1 % P
    h, r = (u2 - u1) % P, (s2 - s1) % P
    if h == 0:
        return _double(a) if r == 0 else None
    hh = h * h % P
    hhh, v = h * hh % P, u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    return x3, (r * (v - x3) - s1 * hhh) % P, a[2] * b[2] * h % P


def _combine(k1: int, a: Point, k2: int, b: Point) -> Point:
    """Return k1*a + k2*b by joint double-and-add (Straus-Shamir), in affine form."""
    ja: Jacobian = None if a is None else (a[0], a[1], 1)
    jb: Jacobian = None if b is None else (b[0], b[1], 1)
    both = _add(ja, jb)
    result: Jacobian = None
    for bit in range(max(k1.bit_length(), k2.bit_length()) - 1, -1, -1):
        result = _double(result)
        pick = (k1 >> bit & 1, k2 >> bit & 1)
        if pick == (1, 1):
            result = _add(result, both)
        elif pick == (1, 0):
            result = _add(result, ja)
        elif pick == (0, 1):
            result = _add(result, jb)
    if result is None:
        return None
    z_inv = pow(result[2], -1, P)
    zz = z_inv * z_inv % P
    return result[0] * zz % P, result[1] * zz * z_inv % P


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
    alpha = (pow(r, 3, P) + 7) % P
    y = pow(alpha, (P + 1) // 4, P)  # a square root, since P % 4 == 3
    if y * y % P != alpha:
        raise InvalidSignature("r is not the x coordinate of a point on secp256k1")
    if y & 1 != y_parity:
        y = P - y
    e = int.from_bytes(message_hash, "big") % N
    r_inv = pow(r, -1, N)
    # Q = r^-1 (s R - e G)
    q = _combine((-e * r_inv) % N, G, s * r_inv % N, (r, y))
    if q is None:
        raise InvalidSignature("the signature recovers the point at infinity, not a public key")
    return q[0].to_bytes(32, "big") + q[1].to_bytes(32, "big")


def recover_address(message_hash: bytes, y_parity: int, r: int, s: int) -> bytes:
    """Return the 20-byte Ethereum address, keccak256(public key)[12:], that signed the hash."""
    return keccak256(recover_public_key(message_hash, y_parity, r, s))[12:]
