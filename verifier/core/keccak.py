"""Keccak-256 (the pre-standard SHA-3 that Ethereum uses): pure Python, pycryptodome if present."""

from __future__ import annotations

import struct
from types import ModuleType

_fast: ModuleType | None
try:  # optional: the same digest about 40 times faster (AUDIT.md, "Pure-Python primitives")
    from Crypto.Hash import keccak as _fast
except ImportError:  # the one-file kit, or a verifier installed without pycryptodome
    _fast = None

RATE = 136  # bytes: 1600 - 2 * 256 bits of capacity
_MASK = (1 << 64) - 1
# Keccak-f[1600] round constants (iota) and, per lane x + 5y: its place after rho and pi,
# B[y, 2x + 3y] = ROT(A[x, y], r[x, y]), with the rotation offsets of the Keccak reference.
_ROUND_CONSTANTS = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)
_OFFSETS = (0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2,
            61, 56, 14)
_STEPS = tuple((i, i % 5, y + 5 * ((2 * x + 3 * y) % 5), _OFFSETS[i])
               for i in range(25) for x, y in [(i % 5, i // 5)])


def _permute(a: list[int]) -> None:
    """Keccak-f[1600] on 25 lanes (index x + 5y), in place."""
    b = [0] * 25
    for constant in _ROUND_CONSTANTS:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ ((c[(x + 1) % 5] << 1 | c[(x + 1) % 5] >> 63) & _MASK)
             for x in range(5)]
        for source, column, target, shift in _STEPS:
            lane = a[source] ^ d[column]
            b[target] = (lane << shift | lane >> (64 - shift)) & _MASK
        for y in range(0, 25, 5):
            b0, b1, b2, b3, b4 = b[y:y + 5]
            a[y:y + 5] = (b0 ^ (~b1 & b2), b1 ^ (~b2 & b3), b2 ^ (~b3 & b4), b3 ^ (~b4 & b0),
                          b4 ^ (~b0 & b1))
        a[0] ^= constant


def keccak256(data: bytes) -> bytes:
    """Return the 32-byte Keccak-256 digest of `data` (not FIPS 202 SHA3-256).

    pycryptodome's when it is importable, else `keccak256_python`'s: tests hold them equal.
    """
    if _fast is not None:
        digest: bytes = _fast.new(digest_bits=256, data=bytes(data)).digest()
        return digest
    return keccak256_python(data)


def keccak256_python(data: bytes) -> bytes:
    """Keccak-256 in pure Python: Keccak-f[1600] and its sponge, no library.

    The sponge of the Keccak submission (rate 136 bytes) with its original padding
    0x01 ... 0x80, which FIPS 202 changed to 0x06 ... 0x80 for SHA3-256.
    """
    padded = bytearray(data)
    padded += b"\x01" + bytes(-(len(padded) + 1) % RATE)
    padded[-1] |= 0x80
    state = [0] * 25
    for start in range(0, len(padded), RATE):
        for i, lane in enumerate(struct.unpack_from("<17Q", padded, start)):
            state[i] ^= lane
        _permute(state)
    return struct.pack("<4Q", *state[:4])
