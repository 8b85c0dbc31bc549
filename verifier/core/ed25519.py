"""Ed25519 signature verification (RFC 8032 section 5.1.7), in pure Python."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ipledger.verifier.core.errors import SignatureError

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # the prime order of the base point
D = -121665 * pow(121666, -1, P) % P
D2 = 2 * D % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
Y_BASE = 4 * pow(5, -1, P) % P
# Extended homogeneous coordinates (X, Y, Z, T): x = X/Z, y = Y/Z, xy = T/Z (RFC 8032 5.1.4).
Extended = tuple[int, int, int, int]
IDENTITY: Extended = (0, 1, 1, 0)


def _add(p: Extended, q: Extended) -> Extended:
    # add-2008-hwcd-3 for a = -1: complete, so it also doubles and adds small-order points.
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = p[3] * D2 * q[3] % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % P, g * h % P, f * g % P, e * h % P


def _double(p: Extended) -> Extended:
    # dbl-2008-hwcd for a = -1 (RFC 8032 5.1.4's doubling).
    a, b = p[0] * p[0] % P, p[1] * p[1] % P
    c = 2 * p[2] * p[2] % P
    h = a + b
    e = h - (p[0] + p[1]) ** 2 % P
    g = a - b
    f = c + g
    return e * f % P, g * h % P, f * g % P, e * h % P


def _recover_x(y: int, sign: int) -> int | None:
    """Return the x of this y and sign bit, decoded as pycryptodome 3.x decodes it."""
    if y >= P or y == 0:
        return None  # (+-sqrt(-1), 0), of order 4: pycryptodome's curve check refuses both
    if y == 1:
        return 0  # the neutral point, whatever the sign bit (pycryptodome)
    if y == P - 1:
        return 0 if sign else None  # (0, -1): pycryptodome takes sign 1 only, RFC 8032 sign 0
    x2 = (y * y - 1) * pow(D * y * y + 1, -1, P) % P
    x = pow(x2, (P + 3) // 8, P)  # RFC 8032 5.1.3 step 3, since p = 5 (mod 8)
    if x * x % P != x2:
        x = x * SQRT_M1 % P
    if x * x % P != x2:
        return None
    return P - x if x & 1 != sign else x


@lru_cache(maxsize=64)
def decode_point(encoded: bytes) -> tuple[Extended, bytes] | None:
    """(point, canonical encoding) of a 32-byte encoded point, or None when it is none.

    Cached: decompressing a verifier key is an exponentiation, and keys repeat.
    """
    if len(encoded) != 32:
        return None
    value = int.from_bytes(encoded, "little")
    y, sign = value & ((1 << 255) - 1), value >> 255
    x = _recover_x(y, sign)
    if x is None:
        return None
    canonical = (y | (x & 1) << 255).to_bytes(32, "little")
    return (x, y, 1, x * y % P), canonical


BASE = decode_point(Y_BASE.to_bytes(32, "little"))[0]  # type: ignore[index]


def _negate(p: Extended) -> Extended:
    return -p[0] % P, p[1], p[2], -p[3] % P


def _combine(k1: int, a: Extended, k2: int, b: Extended) -> Extended:
    """k1*a + k2*b by joint double-and-add (Straus-Shamir)."""
    both, result = _add(a, b), IDENTITY
    for bit in range(max(k1.bit_length(), k2.bit_length()) - 1, -1, -1):
        result = _double(result)
        pick = (k1 >> bit & 1, k2 >> bit & 1)
        if pick != (0, 0):
            result = _add(result, both if pick == (1, 1) else a if pick[0] else b)
    return result


def verify_ed25519(public_key: bytes, message: bytes, signature: bytes) -> None:
    """Check an Ed25519 signature (RFC 8032 5.1.7, pure); raise SignatureError if it fails.

    S must be below L. R and A decode as pycryptodome decodes them (y below p; the small-order
    points it refuses, refused), A is hashed in its canonical encoding and R as given, and
    the check is the cofactored one pycryptodome makes: [8][S]B = [8]R + [8][k]A.

    A check that passed is remembered (the last 256, by the three byte strings): the verdict
    is a function of them alone, and the receipts of one batch, or the bundles of one
    anchor, carry the same signed note. A failure is not remembered: it is computed again.
    """
    _passed(bytes(public_key), bytes(message), bytes(signature))


@lru_cache(maxsize=256)
def _passed(public_key: bytes, message: bytes, signature: bytes) -> None:
    # lru_cache keeps only returns: a raised SignatureError leaves nothing behind.
    if len(public_key) != 32 or len(signature) != 64:
        raise SignatureError("an Ed25519 key is 32 bytes and a signature 64")
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        raise SignatureError("the Ed25519 signature's S is not below the group order")
    key, r = decode_point(bytes(public_key)), decode_point(bytes(signature[:32]))
    # pycryptodome decodes (0, -1) but refuses it as soon as it computes with it.
    if key is None or r is None or P - 1 in (key[0][1], r[0][1]):
        raise SignatureError("the Ed25519 key or the signature's R is not a curve point")
    digest = hashlib.sha512(signature[:32] + key[1] + message).digest()
    k = int.from_bytes(digest, "little") % L
    check = _add(_combine(s, BASE, k, _negate(key[0])), _negate(r[0]))
    for _ in range(3):
        check = _double(check)
    if check[0] % P != 0 or (check[1] - check[2]) % P != 0:
        raise SignatureError("the Ed25519 signature does not verify")
