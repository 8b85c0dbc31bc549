"""Strictness of header and receipt decoding on hand-built inputs; blooms against the oracle."""

from __future__ import annotations

from typing import Any

import pytest
from eth_hash.auto import keccak as oracle_keccak
from hypothesis import given
from hypothesis import strategies as st

from ipledger.verifier.core.errors import InvalidHeader, InvalidReceipt
from ipledger.verifier.core.ethereum import Log, decode_header, decode_receipt, logs_bloom
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.rlp import encode

H = b"\x11" * 32


def header_items(count: int = 21) -> list[Any]:
    items: list[Any] = [
        H,
        H,
        b"\x22" * 20,
        H,
        H,
        H,
        bytes(256),
        0,
        5,
        30_000_000,
        21_000,
        1_700_000_000,
        b"extra",
        H,
        bytes(8),
    ]
    optional: list[Any] = [10**9, H, 131072, 0, H, H]
    return items + optional[: count - 15]


@pytest.mark.parametrize("count", [15, 16, 17, 20, 21])
def test_each_layout_decodes(count: int) -> None:
    raw = encode(header_items(count))
    header = decode_header(raw)
    assert header.number == 5 and header.gas_used == 21_000 and header.extra_data == b"extra"
    assert header.hash == keccak256(raw)
    assert (header.base_fee_per_gas is None) == (count < 16)
    assert (header.requests_hash is None) == (count < 21)


@pytest.mark.parametrize("count", [0, 14, 18, 19, 22])
def test_unknown_layouts_rejected(count: int) -> None:
    items = [*header_items(21), H][:count]
    with pytest.raises(InvalidHeader, match=f"has {count} fields"):
        decode_header(encode(items))


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (0, b"\x11" * 31, "parentHash is 31 bytes"),
        (2, b"\x22" * 21, "coinbase is 21 bytes"),
        (6, bytes(255), "logsBloom is 255 bytes"),
        (8, b"\x00\x05", "number: non-canonical"),
        (8, b"\x01" * 9, "number: integer of 9 bytes"),
        (7, b"\x01" * 33, "difficulty: integer of 33 bytes"),
        (14, bytes(9), "nonce is 9 bytes"),
        (15, b"\x00", "baseFeePerGas: non-canonical"),
        (12, [b"x"], "extraData is an RLP list"),
        (20, b"", "requestsHash is 0 bytes"),
    ],
)
def test_bad_header_fields(index: int, value: Any, message: str) -> None:
    items = header_items()
    items[index] = value
    with pytest.raises(InvalidHeader, match=message):
        decode_header(encode(items))


def test_header_must_be_a_list_of_canonical_rlp() -> None:
    with pytest.raises(InvalidHeader, match="not a list"):
        decode_header(encode(b"header"))
    with pytest.raises(InvalidHeader, match="canonical"):
        decode_header(encode(header_items())[:-1])


def receipt_payload(
    status: Any = 1, logs: list[Any] | None = None, bloom: bytes | None = None
) -> list[Any]:
    logs = logs if logs is not None else [[b"\x33" * 20, [H, b"\x44" * 32], b"data"]]
    parsed = [Log(entry[0], tuple(entry[1]), entry[2]) for entry in logs]
    return [status, 21_000, bloom if bloom is not None else logs_bloom(parsed), logs]


@pytest.mark.parametrize("tx_type", [0, 1, 2, 3, 4])
def test_receipt_types(tx_type: int) -> None:
    body = encode(receipt_payload())
    raw = body if tx_type == 0 else bytes([tx_type]) + body
    receipt = decode_receipt(raw)
    assert (
        receipt.tx_type == tx_type and receipt.succeeded and receipt.cumulative_gas_used == 21_000
    )
    assert receipt.logs == (Log(b"\x33" * 20, (H, b"\x44" * 32), b"data"),)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x00" + encode(receipt_payload()), "type 0x00"),
        (b"\x7e" + encode(receipt_payload()), "type 0x7e"),
        (b"\x02" + encode(receipt_payload(status=2)), "status must be 0 or 1"),
        (b"\x02" + encode(receipt_payload(status=H)), "pre-Byzantium"),
        (b"\x02" + encode(receipt_payload(bloom=bytes(256))), "logsBloom does not match"),
        (b"\x02" + encode(receipt_payload(logs=[[b"\x33" * 20, [H] * 5, b""]])), "at most 4"),
        (b"\x02" + encode(receipt_payload(logs=[[b"\x33" * 19, [], b""]])), "address is 19 bytes"),
        (b"\x02" + encode(receipt_payload(logs=[[b"\x33" * 20, [b"\x01"], b""]])), "topic 0 is 1"),
        (b"\x02" + encode([*receipt_payload(), 7]), "4 fields"),
        (b"\x02" + encode(b"not a list"), "4 fields"),
        (b"\x02\x02" + encode(receipt_payload()), "canonical"),
    ],
)
def test_bad_receipts(raw: bytes, message: str) -> None:
    with pytest.raises(InvalidReceipt, match=message):
        decode_receipt(raw)


def _oracle_bloom(logs: list[Log]) -> bytes:
    """The Yellow Paper's M3:2048 written independently, with eth_utils' keccak."""
    bits = 0
    for log in logs:
        for item in (log.address, *log.topics):
            digest = oracle_keccak(item)
            for i in range(3):
                bits |= 1 << (int.from_bytes(digest[2 * i : 2 * i + 2], "big") % 2048)
    return bits.to_bytes(256, "big")


@given(
    st.lists(
        st.tuples(
            st.binary(min_size=20, max_size=20),
            st.lists(st.binary(min_size=32, max_size=32), max_size=4),
        ),
        max_size=6,
    )
)
def test_bloom_matches_independent_formula(raw_logs: list[tuple[bytes, list[bytes]]]) -> None:
    logs = [Log(address, tuple(topics), b"") for address, topics in raw_logs]
    assert logs_bloom(logs) == _oracle_bloom(logs)
