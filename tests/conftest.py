"""Shared fixtures: a real anvil node per test session, a Web3 on it, funded signers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web3 import Web3

from ledger.chain.anvil import AnvilNode
from ledger.chain.client import connect, fund_local_account
from ledger.chain.signer import Signer, generate_key_file


@pytest.fixture(scope="session")
def anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilNode]:
    """Start one auto-mining anvil (chain 31337) on a free port; stop it after the session."""
    node = AnvilNode(tmp_path_factory.mktemp("anvil-session"))
    node.start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="session")
def w3(anvil: AnvilNode) -> Web3:
    """Return a Web3 connected to the session's anvil node."""
    return connect(anvil.rpc_url, expected_chain_id=anvil.chain_id)


@pytest.fixture
def funded_signer(w3: Web3, tmp_path: Path) -> Signer:
    """Return a fresh signer (key file in tmp_path) holding 1000 ether on the session node."""
    signer = generate_key_file(tmp_path / "signer.key")
    fund_local_account(w3, signer.address)
    return signer
