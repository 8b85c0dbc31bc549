"""Keccak-256 in pure Python against published digests and pycryptodome, around the rate."""

from __future__ import annotations

import hashlib
import random

import pytest
from Crypto.Hash import keccak as pycryptodome_keccak

from ipledger.verifier.core import keccak
from ipledger.verifier.core.keccak import RATE, keccak256, keccak256_python

# Published Keccak-256 digests (the Keccak submission's padding, as Ethereum uses it):
# - "": the Keccak team's ShortMsgKAT_256 (Len = 0), Ethereum's empty code hash
#   (go-ethereum core/types EmptyCodeHash);
# - "abc": go-ethereum crypto/crypto_test.go, TestKeccak256Hash;
# - the 896-bit message of FIPS 180-2's examples: Zig's std/crypto/sha3.zig,
#   testKeccak256Single.
PUBLISHED = [
    (b"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
    (b"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
    (
        b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
        b"mnopqrsmnopqrstnopqrstu",
        "f519747ed599024f3882238e5ab43960132572b7345fbeb9a90769dafd21ad67",
    ),
]


def _reference(data: bytes) -> bytes:
    digest: bytes = pycryptodome_keccak.new(digest_bits=256, data=data).digest()
    return digest


@pytest.mark.parametrize(("message", "expected"), PUBLISHED, ids=["empty", "abc", "896-bit"])
def test_published_digests(message: bytes, expected: str) -> None:
    assert keccak256_python(message).hex() == expected
    assert keccak256(message).hex() == expected


def test_not_sha3_256() -> None:
    assert keccak256_python(b"") != hashlib.sha3_256(b"").digest()


def test_every_length_from_0_to_500_matches_pycryptodome() -> None:
    # 0..500 crosses the 136-byte rate three times: the padding byte alone in a block (135),
    # a whole extra block of padding (136, 272, 408) and one byte over (137, 273, 409).
    rng = random.Random(15)
    for length in range(501):
        data = rng.randbytes(length)
        assert keccak256_python(data) == _reference(data), length
        assert keccak256(data) == _reference(data), length


@pytest.mark.parametrize("blocks", [1, 2, 3, 7])
@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_rate_boundaries_of_constant_bytes(blocks: int, delta: int) -> None:
    for fill in (b"\x00", b"\xff", b"\x01", b"\x80"):
        data = fill * (blocks * RATE + delta)
        assert keccak256_python(data) == _reference(data)


def test_bytearray_and_memoryview_inputs() -> None:
    data = bytes(range(200))
    assert keccak256_python(bytearray(data)) == _reference(data)  # type: ignore[arg-type]
    assert keccak256_python(memoryview(data)) == _reference(data)  # type: ignore[arg-type]


def test_without_pycryptodome_the_pure_path_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keccak, "_fast", None)
    for data in (b"", b"abc", bytes(RATE), bytes(1000)):
        assert keccak.keccak256(data) == _reference(data)
