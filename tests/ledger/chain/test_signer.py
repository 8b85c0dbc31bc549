"""The anchoring key: hex file, encrypted keystore, and never a trace of the key in output."""

from __future__ import annotations

import copy
import json
import logging
import pickle
from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3

from ipledger.ledger.chain.connection import fund_local_account, send_transaction
from ipledger.ledger.chain.signer import (
    PASSWORD_ENV,
    Signer,
    generate_key_file,
    load_or_create_local_signer,
    load_signer,
    local_key_file,
)
from ipledger.ledger.errors import ChainError, LedgerError, SignerKeyError

# Anvil's first dev account (public knowledge: derived from the "test test ... junk" mnemonic).
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
DEV_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def _key_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def _secret_forms(hex_key: str) -> list[str]:
    bare = hex_key.removeprefix("0x").lower()
    return [bare, bare.upper(), bare[:40]]


def _assert_no_secret(text: str, hex_key: str) -> None:
    for form in _secret_forms(hex_key):
        assert form not in text


@pytest.mark.parametrize("text", [DEV_KEY, DEV_KEY + "\n", DEV_KEY[2:] + "\n", DEV_KEY.upper()])
def test_hex_key_file(tmp_path: Path, text: str) -> None:
    signer = Signer.from_key_file(_key_file(tmp_path / "key", text.replace("0X", "0x")))
    assert signer.address == DEV_ADDRESS


@pytest.mark.parametrize(
    "text",
    ["", "0x1234", DEV_KEY + "00", "not a key", DEV_KEY + "\n" + DEV_KEY, "0x" + "g" * 64],
)
def test_malformed_key_file(tmp_path: Path, text: str) -> None:
    with pytest.raises(SignerKeyError, match="64 hex digits") as err:
        Signer.from_key_file(_key_file(tmp_path / "key", text))
    _assert_no_secret(str(err.value), DEV_KEY)
    assert isinstance(err.value, ChainError) and isinstance(err.value, LedgerError)


@pytest.mark.parametrize("value", [0, SECP256K1_N, SECP256K1_N + 1])
def test_key_outside_the_curve_order(tmp_path: Path, value: int) -> None:
    hex_key = f"0x{value:064x}"
    with pytest.raises(SignerKeyError, match="invalid secp256k1 private key") as err:
        Signer.from_key_file(_key_file(tmp_path / "key", hex_key))
    assert err.value.__cause__ is None and err.value.__suppress_context__
    if value:
        _assert_no_secret(str(err.value), hex_key)


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(SignerKeyError, match="does not exist"):
        Signer.from_key_file(tmp_path / "nope")


def test_loose_permissions_are_warned(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _key_file(tmp_path / "key", DEV_KEY, mode=0o644)
    with caplog.at_level(logging.WARNING):
        Signer.from_key_file(path)
    assert "mode 644" in caplog.text and "chmod 600" in caplog.text
    caplog.clear()
    path.chmod(0o600)
    with caplog.at_level(logging.WARNING):
        Signer.from_key_file(path)
    assert caplog.text == ""


def test_key_never_in_repr_str_or_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, w3: Web3
) -> None:
    with caplog.at_level(logging.DEBUG):
        signer = generate_key_file(tmp_path / "fresh.key")
        hex_key = (tmp_path / "fresh.key").read_text().strip()
        again = Signer.from_key_file(tmp_path / "fresh.key")
        fund_local_account(w3, signer.address)
        send_transaction(w3, signer, {"to": DEV_ADDRESS, "value": 1})
    assert again.address == signer.address
    for text in (repr(signer), str(signer), f"{signer}", caplog.text):
        _assert_no_secret(text, hex_key)
    assert signer.address in repr(signer)
    with pytest.raises(TypeError, match="private key"):
        pickle.dumps(signer)
    with pytest.raises(TypeError, match="private key"):
        copy.copy(signer)
    assert not hasattr(signer, "__dict__")


def test_generated_key_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "k.key"
    signer = generate_key_file(path)
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text()
    assert text.startswith("0x") and len(text.strip()) == 66
    assert Account.from_key(text.strip()).address == signer.address
    with pytest.raises(SignerKeyError, match="already exists"):
        generate_key_file(path)
    assert path.read_text() == text


def test_local_signer_is_created_once(tmp_path: Path) -> None:
    first = load_or_create_local_signer(tmp_path)
    assert local_key_file(tmp_path) == tmp_path / "chain" / "signer.key"
    assert load_or_create_local_signer(tmp_path).address == first.address


def _keystore(tmp_path: Path, password: str, kdf: str = "pbkdf2") -> Path:
    # pbkdf2 with few iterations keeps the suite fast; one test covers scrypt's defaults.
    doc = Account.encrypt(DEV_KEY, password, kdf=kdf, iterations=1000 if kdf == "pbkdf2" else None)  # type: ignore[arg-type]
    path = tmp_path / "keystore.json"
    path.write_text(json.dumps(doc))
    return path


def test_keystore_with_password_file(tmp_path: Path) -> None:
    keystore = _keystore(tmp_path, "correct horse ")
    password = _key_file(tmp_path / "pw", "correct horse \n")
    assert Signer.from_keystore(keystore, password).address == DEV_ADDRESS
    signer = load_signer(keystore_file=keystore, password_file=password)
    assert signer.address == DEV_ADDRESS and "keystore" in repr(signer)
    _assert_no_secret(repr(signer), DEV_KEY)


def test_keystore_with_scrypt_and_password_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keystore = _keystore(tmp_path, "s3cret", kdf="scrypt")
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    assert Signer.from_keystore(keystore).address == DEV_ADDRESS


def test_keystore_wrong_password(tmp_path: Path) -> None:
    keystore = _keystore(tmp_path, "right")
    with pytest.raises(SignerKeyError, match="wrong password") as err:
        Signer.from_keystore(keystore, _key_file(tmp_path / "pw", "wrong"))
    assert "right" not in str(err.value) and "wrong\n" not in str(err.value)


def test_keystore_without_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    with pytest.raises(SignerKeyError, match="IPLEDGER_SIGNER_PASSWORD"):
        Signer.from_keystore(_keystore(tmp_path, "x"))


def test_keystore_naming_another_address(tmp_path: Path) -> None:
    keystore = _keystore(tmp_path, "pw")
    doc = json.loads(keystore.read_text())
    doc["address"] = "70997970c51812dc3a010c7d01b50e0d17dc79c8"
    keystore.write_text(json.dumps(doc))
    with pytest.raises(SignerKeyError, match="holds the key of"):
        Signer.from_keystore(keystore, _key_file(tmp_path / "pw", "pw"))


@pytest.mark.parametrize("content", ["not json", "[]", '{"address": "00"}'])
def test_not_a_keystore(tmp_path: Path, content: str) -> None:
    path = tmp_path / "ks.json"
    path.write_text(content)
    with pytest.raises(SignerKeyError, match="keystore"):
        Signer.from_keystore(path, _key_file(tmp_path / "pw", "pw"))


def test_damaged_keystore(tmp_path: Path) -> None:
    keystore = _keystore(tmp_path, "pw")
    doc = json.loads(keystore.read_text())
    doc["crypto"]["kdfparams"] = {}
    keystore.write_text(json.dumps(doc))
    with pytest.raises(SignerKeyError, match="keystore"):
        Signer.from_keystore(keystore, _key_file(tmp_path / "pw", "pw"))


def test_load_signer_needs_exactly_one_source(tmp_path: Path) -> None:
    with pytest.raises(SignerKeyError, match="IPLEDGER_SIGNER_KEY_FILE"):
        load_signer()
    key = _key_file(tmp_path / "key", DEV_KEY)
    with pytest.raises(SignerKeyError, match="not both"):
        load_signer(key_file=key, keystore_file=key)
    assert load_signer(key_file=key).address == DEV_ADDRESS


def test_signatures_are_accepted_by_a_real_node(w3: Web3, tmp_path: Path) -> None:
    signer = generate_key_file(tmp_path / "k")
    fund_local_account(w3, signer.address)
    receipt = send_transaction(w3, signer, {"to": DEV_ADDRESS, "value": 3})
    assert w3.eth.get_transaction(receipt["transactionHash"])["from"] == signer.address
