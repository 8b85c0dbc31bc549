"""ECDSA verification (SEC 1 v2 section 4.1.4) on NIST P-256, P-384 and P-521, in pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ipledger.verifier.core.errors import SignatureError

Point = tuple[int, int] | None  # affine; None is the point at infinity
Jacobian = tuple[int, int, int] | None  # (X, Y, Z) stands for (X/Z^2, Y/Z^3)


@dataclass(frozen=True)
class Curve:
    """A short Weierstrass curve y^2 = x^3 + ax + b over F_p, G of prime order n (cofactor 1)."""

    name: str
    p: int
    a: int
    b: int
    n: int
    g: tuple[int, int]

    @property
    def size(self) -> int:
        """Bytes of a coordinate."""
        return (self.p.bit_length() + 7) // 8


# FIPS 186-4 appendix D.1.2 (SEC 2 v2 sections 2.4.2, 2.5.1, 2.6.1), keyed by namedCurve OID.
def _curve(name: str, p: int, *numbers: str) -> Curve:
    b, n, gx, gy = (int(x, 16) for x in numbers)
    return Curve(name, p, -3, b, n, (gx, gy))


CURVES = {
    "1.2.840.10045.3.1.7": _curve(
        "P-256", 2**256 - 2**224 + 2**192 + 2**96 - 1,
        "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
        "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
        "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"),
    "1.3.132.0.34": _curve(
        "P-384", 2**384 - 2**128 - 2**96 + 2**32 - 1,
        "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875A"
        "C656398D8A2ED19D2A85C8EDD3EC2AEF",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
        "581A0DB248B0A77AECEC196ACCC52973",
        "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A38"
        "5502F25DBF55296C3A545E3872760AB7",
        "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C0"
        "0A60B1CE1D7E819D7A431D7C90EA0E5F"),
    "1.3.132.0.35": _curve(
        "P-521", 2**521 - 1,
        "0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF1"
        "09E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00",
        "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA"
        "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
        "00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D"
        "3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66",
        "011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E"
        "662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650"),
}


def _double(c: Curve, point: Jacobian) -> Jacobian:
    # Jacobian doubling, no inverse: M = 3X^2 + aZ^4 (the aZ^4 term vanishes for a = 0).
    if point is None or point[1] == 0:
        return None
    x, y, z = point
    p, yy = c.p, point[1] * point[1] % c.p
    s = 4 * x * yy % p
    m = 3 * x * x + (c.a * pow(z, 4, p) if c.a else 0)
    x3 = (m * m - 2 * s) % p
    return x3, (m * (s - x3) - 8 * yy * yy) % p, 2 * y * z % p


def _add(c: Curve, a: Jacobian, b: Jacobian) -> Jacobian:
    if a is None:
        return b
    if b is None:
        return a
    p = c.p
    z1z1, z2z2 = a[2] * a[2] % p, b[2] * b[2] % p
    u1, u2 = a[0] * z2z2 % p, b[0] * z1z1 % p
    s1, s2 = a[1] * b[2] * z2z2 % p, b[1] * a[2] * z1z1 % p
    h, r = (u2 - u1) % p, (s2 - s1) % p
    if h == 0:
        return _double(c, a) if r == 0 else None
    hh = h * h % p
    hhh, v = h * hh % p, u1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    return x3, (r * (v - x3) - s1 * hhh) % p, a[2] * b[2] * h % p


def combine(c: Curve, k1: int, a: Point, k2: int, b: Point) -> Point:
    """Return k1*a + k2*b by joint double-and-add (Straus-Shamir), in affine form."""
    ja: Jacobian = None if a is None else (a[0], a[1], 1)
    jb: Jacobian = None if b is None else (b[0], b[1], 1)
    both = _add(c, ja, jb)
    result: Jacobian = None
    for bit in range(max(k1.bit_length(), k2.bit_length()) - 1, -1, -1):
        result = _double(c, result)
        pick = (k1 >> bit & 1, k2 >> bit & 1)
        if pick != (0, 0):
            result = _add(c, result, both if pick == (1, 1) else ja if pick[0] else jb)
    if result is None:
        return None
    z_inv = pow(result[2], -1, c.p)
    zz = z_inv * z_inv % c.p
    return result[0] * zz % c.p, result[1] * zz * z_inv % c.p


def decode_point(c: Curve, data: bytes) -> tuple[int, int]:
    """Read a public key in SEC 1 encoding (2.3.4): 04 || X || Y, or 02/03 || X compressed."""
    size = c.size
    if len(data) == 1 + 2 * size and data[0] == 4:
        x, y = int.from_bytes(data[1:1 + size], "big"), int.from_bytes(data[1 + size:], "big")
    elif len(data) == 1 + size and data[0] in (2, 3):
        x = int.from_bytes(data[1:], "big")
        y = pow((x * x * x + c.a * x + c.b) % c.p, (c.p + 1) // 4, c.p)  # p = 3 (mod 4)
        y = c.p - y if y & 1 != data[0] & 1 else y
    else:
        raise SignatureError(f"a {c.name} public key is not an encoded point of its size")
    if x >= c.p or y >= c.p or (y * y - x * x * x - c.a * x - c.b) % c.p:
        raise SignatureError(f"the public key is not a point of {c.name}")
    return x, y


def verify_ecdsa(c: Curve, key: tuple[int, int], digest: bytes, r: int, s: int) -> None:
    """ECDSA verification of a message `digest` (SEC 1 v2 4.1.4); raise SignatureError.

    r and s in [1, n-1]; the digest's leftmost bits, as many as n has; R = u1 G + u2 Q not
    infinity and its x equal to r modulo n. A verification that passed is remembered (the
    last 256, by curve, key, digest, r and s; the bundles of one anchor carry the same
    time-stamp tokens); a failure is computed again.
    """
    if not (0 < r < c.n and 0 < s < c.n):
        raise SignatureError(f"r or s is outside [1, n-1] of {c.name}")
    _passed(c, key, bytes(digest), r, s)


@lru_cache(maxsize=256)
def _passed(c: Curve, key: tuple[int, int], digest: bytes, r: int, s: int) -> None:
    e = int.from_bytes(digest, "big") >> max(0, 8 * len(digest) - c.n.bit_length())
    w = pow(s, -1, c.n)
    point = combine(c, e * w % c.n, c.g, r * w % c.n, key)
    if point is None or point[0] % c.n != r:
        raise SignatureError(f"the {c.name} ECDSA signature does not verify")
