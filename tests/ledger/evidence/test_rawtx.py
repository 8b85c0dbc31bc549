"""Transactions rebuilt from their JSON-RPC fields are the bytes the node itself serves raw."""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_typing import HexStr
from web3 import Web3

from ipledger.ledger.errors import ChainEvidenceError
from ipledger.ledger.evidence.rawtx import transaction_from_json
from ipledger.ledger.testing import ACCOUNTS, BlockFiller, rpc

pytestmark = pytest.mark.chain


def test_every_type_anvil_mines_is_rebuilt_byte_for_byte(w3: Web3) -> None:
    filler = BlockFiller(w3, seed=12)
    to = ACCOUNTS[3].address
    access = [{"address": to, "storageKeys": ["0x" + "00" * 31 + "01"]}]
    authority = Account.create()
    authorization = authority.sign_authorization(
        {"chainId": w3.eth.chain_id, "address": to, "nonce": 0}
    )
    hashes = [
        filler.send(0, ACCOUNTS[0], to, b"\x01\x02", value=5),
        filler.send(1, ACCOUNTS[1], to, b"", access_list=access),
        filler.send(2, ACCOUNTS[2], to, b"\xff" * 40, access_list=access),
        filler.send(2, ACCOUNTS[2], None, bytes.fromhex("600160005260206000f3")),  # creation
        filler.send(4, ACCOUNTS[4], to, b"", authorizationList=[authorization]),
    ]
    for tx_hash in hashes:
        receipt = w3.eth.wait_for_transaction_receipt(HexStr(tx_hash), timeout=30)
        assert receipt["status"] in (0, 1)
        served = rpc(w3, "eth_getRawTransactionByHash", [tx_hash])
        fields = rpc(w3, "eth_getTransactionByHash", [tx_hash])
        assert "0x" + transaction_from_json(fields).hex() == served, fields["type"]


def test_what_it_cannot_rebuild_is_said() -> None:
    with pytest.raises(ChainEvidenceError, match="type 126"):
        transaction_from_json({"type": "0x7e"})
    with pytest.raises(ChainEvidenceError, match="nonce"):
        transaction_from_json({"type": "0x2", "chainId": "0x1"})
