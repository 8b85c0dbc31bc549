"""Ed25519 in pure Python: RFC 8032 vectors, and the verdicts of pycryptodome on every edge."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from Crypto.Signature import eddsa

from ipledger.verifier.core.ed25519 import L, P, _passed, decode_point, verify_ed25519
from ipledger.verifier.core.errors import SignatureError

VECTORS = json.loads(
    (Path(__file__).parents[2] / "vectors" / "ed25519_rfc8032.json").read_text("utf-8")
)["vectors"]
D = -121665 * pow(121666, -1, P) % P
Affine = tuple[int, int]


# An independent affine Edwards arithmetic (RFC 8032 5.1.4's formulas, one inverse per
# addition) to build points the signatures need: small-order points, R + T, A + T.
def _add(a: Affine, b: Affine) -> Affine:
    t = D * a[0] * b[0] * a[1] * b[1] % P
    return (
        (a[0] * b[1] + b[0] * a[1]) * pow(1 + t, -1, P) % P,
        (a[1] * b[1] + a[0] * b[0]) * pow(1 - t, -1, P) % P,
    )


def _mul(k: int, point: Affine) -> Affine:
    result = (0, 1)
    while k:
        if k & 1:
            result = _add(result, point)
        point, k = _add(point, point), k >> 1
    return result


def _encode(point: Affine, sign: int | None = None) -> bytes:
    bit = point[0] & 1 if sign is None else sign
    return (point[1] | bit << 255).to_bytes(32, "little")


def _point(y: int) -> Affine | None:
    x2 = (y * y - 1) * pow(D * y * y + 1, -1, P) % P
    x = pow(x2, (P + 3) // 8, P)
    for candidate in (x, x * pow(2, (P - 1) // 4, P) % P):
        if candidate * candidate % P == x2:
            return candidate, y
    return None


def _small_order_points() -> list[Affine]:
    rng = random.Random(8)
    while True:
        found = _point(rng.randrange(P))
        if found is not None:
            torsion = _mul(L, found)  # kills the prime-order part: a point of order 8 or less
            points = {_mul(k, torsion) for k in range(8)}
            if len(points) == 8:
                return sorted(points)


SMALL = _small_order_points()
_FOUND = _point(4 * pow(5, -1, P) % P)
assert _FOUND is not None
BASE: Affine = (_FOUND[0] if _FOUND[0] % 2 == 0 else P - _FOUND[0], _FOUND[1])
# Every small-order point under both sign bits, and encodings of y = p and above.
EDGE_ENCODINGS = [_encode(t, s) for t in SMALL for s in (0, 1)] + [
    P.to_bytes(32, "little"),
    (P + 1).to_bytes(32, "little"),
    (2**255 - 1).to_bytes(32, "little"),
    (2**256 - 1).to_bytes(32, "little"),
]


def _reencoded(encoded: bytes) -> bytes:
    """The encoding pycryptodome hashes for a key it imports (raises ValueError if it refuses)."""
    key = eddsa.import_public_key(encoded)
    raw: bytes = key.public_key().export_key(format="raw")
    return raw


def pure_accepts(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        verify_ed25519(public, message, signature)
    except SignatureError:
        return False
    return True


def pycryptodome_accepts(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        eddsa.new(eddsa.import_public_key(public), "rfc8032").verify(message, signature)
    except ValueError:
        return False
    return True


def _secret_scalar(seed: bytes) -> int:
    h = bytearray(hashlib.sha512(seed).digest()[:32])
    h[0] &= 248
    h[31] = (h[31] & 127) | 64
    return int.from_bytes(h, "little")


def _sign_with(r: int, point_r: Affine, a: int, public: bytes, message: bytes) -> bytes:
    """A signature made by hand with nonce `r` but R encoded as `point_r` (R + T allowed)."""
    encoded_r = _encode(point_r)
    k = int.from_bytes(hashlib.sha512(encoded_r + public + message).digest(), "little") % L
    return encoded_r + ((r + k * a) % L).to_bytes(32, "little")


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["name"])
def test_rfc8032_vectors(vector: dict[str, str]) -> None:
    public, message, signature = (
        bytes.fromhex(vector[k]) for k in ("public_key", "message", "signature")
    )
    verify_ed25519(public, message, signature)
    for i in (0, 31, 32, 63):
        flipped = bytearray(signature)
        flipped[i] ^= 0x01
        with pytest.raises(SignatureError):
            verify_ed25519(public, message, bytes(flipped))
    with pytest.raises(SignatureError):
        verify_ed25519(public, message + b"\x00", signature)


def test_decoding_edges_as_pycryptodome() -> None:
    # pycryptodome 3.x: y must be below p; y = 1 is the neutral point under either sign bit;
    # (0, -1) decodes only with sign 1 and (+-sqrt(-1), 0) never (its curve check in C).
    for encoded in EDGE_ENCODINGS:
        try:
            expected: bytes | None = (
                eddsa.import_public_key(encoded).public_key().export_key(format="raw")
            )
        except ValueError:
            expected = None
        found = decode_point(encoded)
        assert (found and found[1]) == expected, encoded.hex()


def test_random_encodings_decode_as_pycryptodome() -> None:
    rng = random.Random(32)
    for _ in range(300):
        encoded = rng.randbytes(32)
        try:
            expected: bytes | None = (
                eddsa.import_public_key(encoded).public_key().export_key(format="raw")
            )
        except ValueError:
            expected = None
        found = decode_point(encoded)
        assert (found and found[1]) == expected, encoded.hex()


def test_small_order_keys_and_r_with_small_s() -> None:
    # With A and R of small order, [8]R = [8][k]A = 0: S = 0 verifies under the cofactored
    # equation pycryptodome checks, for any message. Both must agree on every combination.
    accepted = 0
    for public in EDGE_ENCODINGS:
        for r in EDGE_ENCODINGS:
            for s, message in ((0, b""), (1, b"abc")):
                signature = r + s.to_bytes(32, "little")
                verdict = pure_accepts(public, message, signature)
                assert verdict == pycryptodome_accepts(public, message, signature), (
                    public.hex(),
                    r.hex(),
                    s,
                )
                accepted += verdict
    assert accepted > 0


def test_s_at_or_above_the_order_is_refused() -> None:
    # pycryptodome refuses S > L but takes S = L (as S = 0); RFC 8032 5.1.7 and the core
    # refuse both: the one place the core is stricter (no real signature has S = L).
    neutral = _encode((0, 1))
    assert pycryptodome_accepts(neutral, b"m", neutral + L.to_bytes(32, "little"))
    for s in (L, L + 1, 2**256 - 1):
        with pytest.raises(SignatureError, match="order"):
            verify_ed25519(neutral, b"m", neutral + s.to_bytes(32, "little"))


@pytest.mark.parametrize("seed", range(12))
def test_random_signatures_valid_and_mutated(seed: int) -> None:
    rng = random.Random(seed)
    key = eddsa.import_private_key(rng.randbytes(32))
    public = key.public_key().export_key(format="raw")
    for _ in range(4):
        message = rng.randbytes(rng.randrange(300))
        signature = eddsa.new(key, "rfc8032").sign(message)
        assert pure_accepts(public, message, signature)
        for _ in range(6):
            mutated = bytearray(signature)
            mutated[rng.randrange(64)] ^= 1 << rng.randrange(8)
            assert pure_accepts(public, message, bytes(mutated)) == pycryptodome_accepts(
                public, message, bytes(mutated)
            )
        other = bytearray(public)
        other[rng.randrange(32)] ^= 1 << rng.randrange(8)
        assert pure_accepts(bytes(other), message, signature) == pycryptodome_accepts(
            bytes(other), message, signature
        )


@pytest.mark.parametrize("torsion", range(8))
def test_mixed_order_r_and_a_verify_cofactored_like_pycryptodome(torsion: int) -> None:
    # R + T and A + T (T of small order) satisfy [8]SB = [8]R + [8]kA though not the
    # cofactorless equation: pycryptodome accepts them, and so must the core.
    seed = bytes([torsion]) * 32
    a = _secret_scalar(seed)
    public_point = _mul(a, BASE)
    public = _encode(public_point)
    assert public == eddsa.import_private_key(seed).public_key().export_key(format="raw")
    r = 1234567 + torsion
    signature = _sign_with(r, _add(_mul(r, BASE), SMALL[torsion]), a, public, b"mixed")
    assert (
        pure_accepts(public, b"mixed", signature)
        == pycryptodome_accepts(public, b"mixed", signature)
        is True
    )
    mixed_key = _encode(_add(public_point, SMALL[torsion]))
    signature = _sign_with(r, _mul(r, BASE), a, mixed_key, b"mixed")
    assert (
        pure_accepts(mixed_key, b"mixed", signature)
        == pycryptodome_accepts(mixed_key, b"mixed", signature)
        is True
    )


def test_wrong_sizes_are_refused() -> None:
    vector = VECTORS[0]
    public, signature = bytes.fromhex(vector["public_key"]), bytes.fromhex(vector["signature"])
    cases = ((public[:31], signature), (public, signature[:63]), (public, signature + b"0"))
    for key, sig in cases:
        with pytest.raises(SignatureError, match="32 bytes"):
            verify_ed25519(key, b"", sig)


def test_a_passed_check_is_remembered_and_a_failure_is_not() -> None:
    # The receipts of one batch share one note's signature: a pass is remembered by the
    # exact bytes, so another key, message or signature is checked afresh.
    key = eddsa.import_private_key(bytes(range(32)))
    public = key.public_key().export_key(format="raw")
    signature = eddsa.new(key, "rfc8032").sign(b"note")
    _passed.cache_clear()
    verify_ed25519(public, b"note", signature)
    verify_ed25519(public, b"no" + b"te", signature)  # equal bytes, another object
    assert (_passed.cache_info().hits, _passed.cache_info().currsize) == (1, 1)
    flipped = bytearray(signature)
    flipped[5] ^= 1  # R no longer the signer's
    for _ in range(2):
        with pytest.raises(SignatureError):
            verify_ed25519(public, b"note", bytes(flipped))
        with pytest.raises(SignatureError):
            verify_ed25519(public, b"note.", signature)
    info = _passed.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 5, 1)  # failures leave nothing
