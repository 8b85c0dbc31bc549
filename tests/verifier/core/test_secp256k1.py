"""secp256k1 public-key recovery against eth-keys, and every out-of-range input refused."""

from __future__ import annotations

import pytest
from eth_keys.datatypes import PrivateKey, Signature
from hypothesis import given, settings
from hypothesis import strategies as st

from ipledger.verifier.core.errors import InvalidSignature, VerifierError
from ipledger.verifier.core.secp256k1 import (
    HALF_N,
    N,
    P,
    _recovered,
    recover_address,
    recover_public_key,
)

MESSAGE = bytes.fromhex("e01f1a8c9d3b5a7c2e4f60718293a4b5c6d7e8f90112233445566778899aabbc")


def _low_s(signature: Signature) -> tuple[int, int, int]:
    v, r, s = signature.vrs
    return (v ^ 1, r, N - s) if s > HALF_N else (v, r, s)


@settings(max_examples=40, deadline=None)
@given(secret=st.integers(1, N - 1), message=st.binary(min_size=32, max_size=32))
def test_recovery_matches_eth_keys_on_random_keys_and_messages(secret: int, message: bytes) -> None:
    key = PrivateKey(secret.to_bytes(32, "big"))
    v, r, s = _low_s(key.sign_msg_hash(message))
    assert recover_public_key(message, v, r, s) == key.public_key.to_bytes()
    assert recover_address(message, v, r, s) == key.public_key.to_canonical_address()


@settings(max_examples=20, deadline=None)
@given(r=st.integers(1, N - 1), s=st.integers(1, HALF_N), v=st.sampled_from([0, 1]))
def test_any_signature_recovers_what_eth_keys_recovers_or_both_refuse(
    r: int, s: int, v: int
) -> None:
    try:
        expected = Signature(vrs=(v, r, s)).recover_public_key_from_msg_hash(MESSAGE)
    except Exception:  # eth-keys refuses an r that is no point's x
        with pytest.raises(InvalidSignature, match="not the x coordinate"):
            recover_address(MESSAGE, v, r, s)
        return
    assert recover_address(MESSAGE, v, r, s) == expected.to_canonical_address()


def test_the_eip155_example_signature_recovers_its_published_sender() -> None:
    # EIP-155's worked example: private key 0x4646...46, signing hash and (v, r, s) as published.
    signing_hash = bytes.fromhex("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
    r = 18515461264373351373200002665853028612451056578545711640558177340181847433846
    s = 46948507304638947509940763649030358759909902576025900602547168820602576006531
    address = recover_address(signing_hash, 37 - 35 - 2 * 1, r, s)
    assert address == bytes.fromhex("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")
    assert address == PrivateKey(b"\x46" * 32).public_key.to_canonical_address()


def test_high_s_is_refused_though_it_recovers_the_same_key_elsewhere() -> None:
    key = PrivateKey(b"\x07" * 32)
    v, r, s = _low_s(key.sign_msg_hash(MESSAGE))
    high = Signature(vrs=(v ^ 1, r, N - s))
    assert high.recover_public_key_from_msg_hash(MESSAGE) == key.public_key  # valid ECDSA
    with pytest.raises(InvalidSignature, match="EIP-2"):
        recover_address(MESSAGE, v ^ 1, r, N - s)
    assert recover_address(MESSAGE, v, r, HALF_N) != key.public_key.to_canonical_address()


def _non_residue_x() -> int:
    x = 1
    while pow((x**3 + 7) % P, (P - 1) // 2, P) == 1:
        x += 1
    return x


@pytest.mark.parametrize(
    ("message", "v", "r", "s", "reason"),
    [
        (MESSAGE, 0, 0, 1, "r is outside"),
        (MESSAGE, 0, N, 1, "r is outside"),
        (MESSAGE, 0, 1, 0, "s is outside"),
        (MESSAGE, 0, 1, N, "s is outside"),
        (MESSAGE, 0, 1, N - 1, "EIP-2"),
        (MESSAGE, 0, 1, HALF_N + 1, "EIP-2"),
        (MESSAGE, 2, 1, 1, "y_parity must be 0 or 1"),
        (MESSAGE, 27, 1, 1, "y_parity must be 0 or 1"),
        (MESSAGE, True, 1, 1, "y_parity must be an integer"),
        (MESSAGE[:31], 0, 1, 1, "32 bytes"),
        (MESSAGE.hex(), 0, 1, 1, "32 bytes"),
        (MESSAGE, 0, _non_residue_x(), 1, "not the x coordinate"),
    ],
)
def test_out_of_range_inputs_are_refused(
    message: bytes, v: int, r: int, s: int, reason: str
) -> None:
    with pytest.raises(InvalidSignature, match=reason) as info:
        recover_address(message, v, r, s)
    assert isinstance(info.value, VerifierError)


def test_a_signature_that_recovers_the_point_at_infinity_is_refused() -> None:
    # With e = 0 and s = r, Q = r^-1 (r R) = R, never infinity; with R = -e/s G ... instead build
    # Q = r^-1 (s R - e G) = O: pick R = k G, then e = s k (mod N) makes s R = e G.
    k, s = 5, 3
    point = PrivateKey(k.to_bytes(32, "big")).public_key.to_bytes()
    r, y = int.from_bytes(point[:32], "big"), int.from_bytes(point[32:], "big")
    e = s * k % N
    with pytest.raises(InvalidSignature, match="infinity"):
        recover_address(e.to_bytes(32, "big"), y & 1, r, s)


def test_a_recovered_key_is_remembered_and_a_refusal_is_not() -> None:
    # The bundles of one anchor recover the same transaction's sender: remembered, after
    # the arguments' checks (a bool is refused as y_parity though True == 1).
    key = PrivateKey(b"\x46" * 32)
    v, r, s = _low_s(key.sign_msg_hash(MESSAGE))
    _recovered.cache_clear()
    for _ in range(2):
        assert recover_public_key(MESSAGE, v, r, s) == key.public_key.to_bytes()
    assert (_recovered.cache_info().hits, _recovered.cache_info().currsize) == (1, 1)
    with pytest.raises(InvalidSignature, match="integer"):
        recover_public_key(MESSAGE, bool(v), r, s)
    other = recover_public_key(bytes(31) + b"\x01", v, r, s)  # another hash, another key
    assert other != key.public_key.to_bytes()
    x = 1
    while recover_or_none(MESSAGE, x) is not None:  # an r that is no point's x
        x += 1
    kept = _recovered.cache_info().currsize
    for _ in range(2):
        with pytest.raises(InvalidSignature, match="not the x coordinate"):
            recover_public_key(MESSAGE, 0, x, 1)
    assert _recovered.cache_info().currsize == kept  # the refusals left nothing


def recover_or_none(message: bytes, r: int) -> bytes | None:
    try:
        return recover_public_key(message, 0, r, 1)
    except InvalidSignature:
        return None
