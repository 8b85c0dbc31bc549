"""Transactions of real mainnet blocks: decoding, sender, and their transactions-trie proofs."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Any

import pytest
import rlp
from eth_account import Account
from eth_account._utils.legacy_transactions import Transaction as OracleLegacy
from eth_account.typed_transactions.typed_transaction import TypedTransaction
from eth_hash.auto import keccak as oracle_keccak
from hexbytes import HexBytes
from hypothesis import given, settings
from hypothesis import strategies as st
from trie.hexary import HexaryTrie

from ipledger.ledger.evidence.chainproof import trie_proof
from ipledger.verifier.core.errors import (
    InvalidSignature,
    InvalidTransaction,
    RootMismatchError,
    TransactionProofError,
    VerifierError,
)
from ipledger.verifier.core.ethereum import decode_header
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.secp256k1 import N
from ipledger.verifier.core.transaction import (
    Transaction,
    decode_transaction,
    verify_transaction_proof,
)

BLOCKS_DIR = Path(__file__).resolve().parents[2] / "vectors" / "portal" / "block_data"
BLOCKS = (15547621, 17034870, 22162263)
PRE_EIP155_INDEX = 76  # the one legacy transaction of block 15547621 without a chain id


@functools.cache
def block(number: int) -> tuple[bytes, tuple[bytes, ...]]:
    """Return the header's transactionsRoot and every raw EIP-2718 transaction of a block."""
    # Three YAML lines `name: 0x<hex>`; read as text so the hex stays a string.
    text = (BLOCKS_DIR / f"block-data-{number}.yaml").read_text()
    data = dict(line.split(": ", 1) for line in text.splitlines())
    header = decode_header(bytes.fromhex(data["header"][2:]))
    body = rlp.decode(bytes.fromhex(data["body"][2:]))
    raws = tuple(tx if isinstance(tx, bytes) else rlp.encode(tx) for tx in body[0])
    return header.transactions_root, raws


@functools.cache
def trie(number: int) -> HexaryTrie:
    built = HexaryTrie({})
    for index, raw in enumerate(block(number)[1]):
        built.set(rlp.encode(index), raw)  # type: ignore[no-untyped-call]
    return built


def oracle(raw: bytes) -> dict[str, Any]:
    """Decode with eth-account, an implementation independent of the verifier core."""
    if raw[0] >= 0xC0:
        legacy = rlp.decode(raw, OracleLegacy)
        v = legacy.v
        fields = {"nonce": legacy.nonce, "to": legacy.to or None, "value": legacy.value}
        fields |= {"data": legacy.data, "chain_id": None if v in (27, 28) else (v - 35) // 2}
    else:
        typed = TypedTransaction.from_bytes(HexBytes(raw)).as_dict()
        fields = {"nonce": typed["nonce"], "to": bytes(typed["to"]) or None}
        fields |= {"value": typed["value"], "data": bytes(typed["data"])}
        fields["chain_id"] = typed["chainId"]
    # The transaction hash is keccak256 of the EIP-2718 encoding by definition (eth-account's
    # TypedTransaction.hash() is the signing hash); eth-hash is another Keccak implementation.
    fields["hash"] = oracle_keccak(raw)
    fields["sender"] = bytes.fromhex(Account.recover_transaction(raw)[2:])
    return fields


@pytest.mark.parametrize("number", BLOCKS)
def test_the_transactions_trie_of_every_block_has_the_headers_root(number: int) -> None:
    root, _ = block(number)
    assert trie(number).root_hash == root


@pytest.mark.parametrize("number", BLOCKS)
def test_every_transaction_is_proven_and_decodes_as_eth_account_decodes_it(number: int) -> None:
    root, raws = block(number)
    types = set()
    for index, raw in enumerate(raws):
        tx = verify_transaction_proof(root, index, raw, trie_proof(trie(number), rlp.encode(index)))
        expected = oracle(raw)
        assert tx.sender == expected.pop("sender")
        assert {name: getattr(tx, name) for name in expected} == expected
        assert tx.tx_type == (0 if raw[0] >= 0xC0 else raw[0])
        types.add(tx.tx_type)
    assert types == {15547621: {0, 2}, 17034870: {0, 2}, 22162263: {0, 1, 2, 3}}[number]


def test_a_pre_eip155_legacy_transaction_has_no_chain_id() -> None:
    raws = block(15547621)[1]
    unprotected = [i for i, raw in enumerate(raws) if decode_transaction(raw).chain_id is None]
    assert unprotected == [PRE_EIP155_INDEX]
    assert rlp.decode(raws[PRE_EIP155_INDEX])[6] in (b"\x1b", b"\x1c")


def _first_of_type(number: int, tx_type: int) -> int:
    raws = block(number)[1]
    return next(i for i, raw in enumerate(raws) if (0 if raw[0] >= 0xC0 else raw[0]) == tx_type)


PROOF_CASES = [
    (15547621, 0),
    (15547621, 127),
    (15547621, 128),
    (15547621, PRE_EIP155_INDEX),
    (15547621, 259),
    (17034870, 0),
    (17034870, 100),
    (17034870, 183),
    (22162263, 0),
    (22162263, 127),
    (22162263, 128),
    (22162263, 141),
    *((22162263, _first_of_type(22162263, t)) for t in (0, 1, 2, 3)),
]


@pytest.mark.parametrize(("number", "index"), PROOF_CASES)
def test_the_proof_of_a_transaction_verifies(number: int, index: int) -> None:
    root, raws = block(number)
    proof = trie_proof(trie(number), rlp.encode(index))
    tx = verify_transaction_proof(root, index, raws[index], proof)
    assert isinstance(tx, Transaction)
    assert tx == decode_transaction(raws[index])
    assert tx.hash == keccak256(raws[index])


def _flip(raw: bytes, pos: int) -> bytes:
    return raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]


@pytest.mark.parametrize(
    ("number", "index"), [(15547621, PRE_EIP155_INDEX), (22162263, 128), (17034870, 0)]
)
def test_every_mutation_of_a_proven_transaction_fails_with_its_own_error(
    number: int, index: int
) -> None:
    root, raws = block(number)
    raw = raws[index]
    proof = trie_proof(trie(number), rlp.encode(index))
    for pos in range(len(raw)):
        with pytest.raises(TransactionProofError, match="proves a different transaction"):
            verify_transaction_proof(root, index, _flip(raw, pos), proof)
    for pos in range(len(proof[0])):
        bad = (_flip(proof[0], pos), *proof[1:])
        with pytest.raises(RootMismatchError, match="transactionsRoot"):
            verify_transaction_proof(root, index, raw, bad)
    for node in range(1, len(proof)):
        for pos in range(len(proof[node])):
            bad = (*proof[:node], _flip(proof[node], pos), *proof[node + 1 :])
            with pytest.raises(TransactionProofError, match="does not hash to its parent"):
                verify_transaction_proof(root, index, raw, bad)
    for other in (index - 1, index + 1):
        if 0 <= other < len(raws):
            with pytest.raises(TransactionProofError, match=f"tx_index {other}"):
                verify_transaction_proof(root, other, raw, proof)
    with pytest.raises(TransactionProofError, match=f"tx_index {len(raws)}"):
        verify_transaction_proof(root, len(raws), raw, proof)
    for pos in (0, 31):
        with pytest.raises(RootMismatchError, match="transactionsRoot"):
            verify_transaction_proof(_flip(root, pos), index, raw, proof)
    if len(proof) > 1:
        with pytest.raises(TransactionProofError, match="the path continues"):
            verify_transaction_proof(root, index, raw, proof[:-1])
    with pytest.raises(TransactionProofError, match=r"beyond the key.s path|more than any path"):
        verify_transaction_proof(root, index, raw, (*proof, proof[-1]))
    for bad_index in (-1, 2**64, True, "1"):
        with pytest.raises(TransactionProofError, match="tx_index must be"):
            verify_transaction_proof(root, bad_index, raw, proof)  # type: ignore[arg-type]


def test_the_eip155_example_transaction_decodes_to_its_published_sender() -> None:
    raw = bytes.fromhex(
        "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
        "8025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f"
        "761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"
    )
    tx = decode_transaction(raw)
    assert (tx.tx_type, tx.chain_id, tx.nonce, tx.value) == (0, 1, 9, 10**18)
    assert tx.to == b"\x35" * 20
    assert tx.sender == bytes.fromhex("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")


def test_the_web3js_signing_example_decodes_to_its_published_sender() -> None:
    # web3/web3.js test/eth.accounts.signTransaction.js, first case: key 0x4c0883a6...62318.
    raw = bytes.fromhex(
        "f868808504a817c80082520894f0109fc8df283027b6285cc889f5aa624eac1f55843b9aca008026a0"
        "afa02d193471bb974081585daabf8a751d4decbb519604ac7df612cc11e9226da04bf1bd55e82cebb2"
        "b09ed39bbffe35107ea611fa212c2d9a1f1ada4952077118"
    )
    tx = decode_transaction(raw)
    assert (tx.tx_type, tx.chain_id, tx.nonce, tx.value, tx.data) == (0, 1, 0, 10**9, b"")
    assert tx.to == bytes.fromhex("f0109fc8df283027b6285cc889f5aa624eac1f55")
    assert tx.sender == bytes.fromhex("2c7536e3605d9c16a7a3d7b1898e529396a65c23")


KEY = Account.from_key(b"\x11" * 32)
BASE: dict[str, Any] = {
    "nonce": 7,
    "gas": 100_000,
    "to": "0x" + "22" * 20,
    "value": 5,
    "data": b"\x01\x02",
    "chainId": 31337,
}
FEES = {"maxFeePerGas": 2 * 10**9, "maxPriorityFeePerGas": 10**9}
BLOB_HASH = b"\x01" + bytes(31)


def signed(tx_type: int, **changes: Any) -> bytes:
    """Return a transaction of `tx_type` signed by eth-account with KEY."""
    fields = dict(BASE, **({"gasPrice": 10**9} if tx_type < 2 else FEES))
    if tx_type == 1:
        fields["accessList"] = [{"address": "0x" + "44" * 20, "storageKeys": ["0x" + "55" * 32]}]
    if tx_type == 3:
        fields |= {"maxFeePerBlobGas": 10**9, "blobVersionedHashes": [BLOB_HASH]}
    if tx_type == 4:
        auth = {"chainId": 31337, "address": "0x" + "33" * 20, "nonce": 8}
        fields["authorizationList"] = [KEY.sign_authorization(auth)]
    fields |= changes
    return bytes(
        KEY.sign_transaction({k: v for k, v in fields.items() if v is not None}).raw_transaction
    )


@pytest.mark.parametrize(
    ("tx_type", "changes", "chain_id"),
    [
        (0, {}, 31337),
        (0, {"chainId": None}, None),
        (0, {"to": None}, 31337),
        (1, {}, 31337),
        (1, {"to": None, "chainId": 2**64}, 2**64),
        (2, {}, 31337),
        (3, {}, 31337),
        (4, {}, 31337),
    ],
)
def test_eth_account_transactions_of_every_type_decode(
    tx_type: int, changes: dict[str, Any], chain_id: int | None
) -> None:
    raw = signed(tx_type, **changes)
    tx = decode_transaction(raw)
    assert (tx.tx_type, tx.chain_id, tx.nonce, tx.value, tx.data) == (
        tx_type,
        chain_id,
        7,
        5,
        b"\x01\x02",
    )
    assert tx.to == (None if "to" in changes else b"\x22" * 20)
    assert tx.sender == bytes.fromhex(KEY.address[2:])
    assert tx.hash == keccak256(raw)


def _reencode(raw: bytes, change: Any) -> bytes:
    tx_type, payload = (b"", raw) if raw[0] >= 0xC0 else (raw[:1], raw[1:])
    items = rlp.decode(payload)
    change(items)
    return tx_type + bytes(rlp.encode(items))


def _set(index: int, value: Any) -> Any:
    return lambda items: items.__setitem__(index, value)


@pytest.mark.parametrize(
    ("tx_type", "change", "reason"),
    [
        (2, _set(1, b"\x00\x07"), "nonce: non-canonical integer"),
        (2, _set(1, b"\x01" * 9), "nonce: integer of 9 bytes"),
        (2, _set(4, b"\x01" * 9), "gasLimit: integer of 9 bytes"),
        (2, _set(6, b"\x01" * 33), "value: integer of 33 bytes"),
        (2, _set(5, b"\x22" * 19), "to is 19 bytes"),
        (2, _set(7, [b"x"]), "data is an RLP list"),
        (2, _set(8, b""), "accessList is an RLP string"),
        (2, _set(8, [[b"\x44" * 20]]), r"accessList\[0\] must be an RLP list of 2"),
        (2, _set(8, [[b"\x44" * 20, [b"\x55" * 31]]]), "storageKeys must be a list of 32-byte"),
        (2, _set(8, [[b"\x44" * 21, []]]), r"accessList\[0\].address is 21 bytes"),
        (2, lambda items: items.pop(), "RLP list of 12 fields"),
        (2, lambda items: items.append(b""), "RLP list of 12 fields"),
        (2, _set(9, b"\x00"), "yParity: non-canonical"),
        (2, _set(9, b"\x02"), "y_parity must be 0 or 1"),
        (2, _set(10, b"\x01" * 33), "r: integer of 33 bytes"),
        (2, _set(11, b""), "s is outside"),
        (0, _set(6, b"\x1d"), "legacy v is 29"),
        (0, _set(6, b"\x22"), "legacy v is 34"),
        (0, _set(3, b"\x22" * 21), "to is 21 bytes"),
        (3, _set(5, b""), "to is 0 bytes"),
        (3, _set(10, []), "blobVersionedHashes is empty"),
        (3, _set(10, [b"\x02" + bytes(31)]), r"blobVersionedHashes\[0\] has version 0x02"),
        (3, _set(10, [b"\x01" + bytes(30)]), "not a 32-byte versioned hash"),
        (4, _set(5, b""), "to is 0 bytes"),
        (4, _set(9, []), "authorizationList is empty"),
        (4, lambda items: items[9][0].pop(), r"authorizationList\[0\] must be an RLP list of 6"),
        (4, lambda items: items[9][0].__setitem__(1, b"\x33"), r"\[0\].address is 1 bytes"),
        (4, lambda items: items[9][0].__setitem__(3, b"\x01\x00"), "yParity: integer of 2"),
    ],
)
def test_a_malformed_field_is_named(tx_type: int, change: Any, reason: str) -> None:
    with pytest.raises((InvalidTransaction, InvalidSignature), match=reason):
        decode_transaction(_reencode(signed(tx_type), change))


def test_framing_faults_are_refused() -> None:
    good = signed(2)
    for raw, reason in [
        (b"", "non-empty bytes"),
        (b"\x05" + good[1:], "type 0x05"),
        (b"\x7e" + good[1:], "type 0x7e"),
        (b"\x80", "type 0x80"),
        (good + b"\x00", "trailing bytes"),
        (good[:-1], "truncated"),
        (b"\x02\x83abc", "RLP list of 12 fields"),
    ]:
        with pytest.raises(InvalidTransaction, match=reason) as info:
            decode_transaction(raw)
        assert isinstance(info.value, VerifierError) and isinstance(info.value, ValueError)
    with pytest.raises(InvalidTransaction, match="network form"):
        decode_transaction(b"\x03" + rlp.encode([rlp.decode(signed(3)[1:]), [], [], []]))


@pytest.mark.parametrize("tx_type", [0, 1, 2, 3, 4])
def test_a_high_s_signature_is_refused(tx_type: int) -> None:
    def high_s(items: list[Any]) -> None:
        s = int.from_bytes(items[-1], "big")
        items[-1] = (N - s).to_bytes(32, "big").lstrip(b"\x00")
        if tx_type:
            items[-3] = b"" if items[-3] == b"\x01" else b"\x01"
        else:
            items[-3] = bytes([items[-3][0] ^ 1]) if len(items[-3]) == 1 else items[-3]

    with pytest.raises(InvalidSignature, match="EIP-2"):
        decode_transaction(_reencode(signed(tx_type), high_s))


def test_a_changed_field_changes_the_sender_not_the_verdict_of_decoding() -> None:
    # A signature binds the fields: alter the value and another address "signed" it.
    raw = _reencode(signed(2), _set(6, b"\x06"))
    assert decode_transaction(raw).sender != bytes.fromhex(KEY.address[2:])


@settings(max_examples=300, deadline=None)
@given(
    tx_type=st.sampled_from([0, 1, 2, 3, 4]),
    position=st.integers(0, 10_000),
    byte=st.integers(0, 255),
    cut=st.booleans(),
)
def test_any_altered_transaction_decodes_or_raises_a_verifier_error(
    tx_type: int, position: int, byte: int, cut: bool
) -> None:
    raw = signed(tx_type)
    position %= len(raw)
    altered = raw[:position] if cut else raw[:position] + bytes([byte]) + raw[position + 1 :]
    try:
        tx = decode_transaction(altered)
    except VerifierError:
        return
    assert tx.hash == keccak256(altered)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_or_raise_a_verifier_error(raw: bytes) -> None:
    for candidate in (raw, b"\x02" + raw, b"\x04" + raw):
        with contextlib.suppress(VerifierError):
            decode_transaction(candidate)
