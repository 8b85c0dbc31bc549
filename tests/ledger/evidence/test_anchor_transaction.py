"""An anchor made by the real CLI on the managed chain: its transaction proven offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.evidence.chainproof import fetch_chain_evidence
from ipledger.verifier.core.errors import RootMismatchError, TransactionProofError
from ipledger.verifier.core.ethereum import verify_header
from ipledger.verifier.core.transaction import verify_transaction_proof

pytestmark = pytest.mark.chain


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    data_dir = tmp_path / "log"
    assert main(["init", "--dir", str(data_dir), "--origin", "example.org/log"]) == 0
    try:
        yield data_dir
    finally:
        chain_down(data_dir)


def test_an_anchors_transaction_is_proven_and_names_the_log_and_the_chain(
    log_dir: Path, tmp_path: Path
) -> None:
    documents = tmp_path / "docs"
    documents.mkdir()
    for n in range(3):
        (documents / f"page-{n}.txt").write_text(f"page {n}\n")
    assert main(["stamp", "--local", str(documents), "--dir", str(log_dir)]) == 0
    assert main(["anchor", "--dir", str(log_dir)]) == 0

    deployment = Deployment.open(Settings(data_dir=log_dir))
    try:
        chain = deployment.chain  # opens the chain: anchors are per chain and contract
        anchor = deployment.anchor_for_entry(0)
        assert anchor is not None and anchor.tx_hash is not None
        evidence = fetch_chain_evidence(chain.w3, anchor.tx_hash)
        target = chain.target
        contract = chain.contract
    finally:
        deployment.close()

    header = verify_header(evidence.block_header, evidence.block_hash)
    tx = verify_transaction_proof(
        header.transactions_root,
        evidence.tx_index,
        evidence.transaction,
        evidence.transaction_proof,
    )
    assert tx.hash == evidence.tx_hash == bytes.fromhex(anchor.tx_hash[2:])
    assert evidence.tx_index == anchor.tx_index
    # What the signed transaction itself proves: who anchored, on which chain, to what contract.
    assert "0x" + tx.sender.hex() == target.log_address.lower() == anchor.log_address.lower()
    assert tx.chain_id == 31337 == evidence.chain_id
    assert tx.to is not None and "0x" + tx.to.hex() == target.contract.lower()
    function, arguments = contract.decode_function_input(tx.data)
    assert function.fn_name == "anchor"
    assert list(arguments.values())[:2] == [anchor.tree_size, anchor.root]

    with pytest.raises(RootMismatchError, match="transactionsRoot"):
        verify_transaction_proof(
            header.receipts_root,
            evidence.tx_index,
            evidence.transaction,
            evidence.transaction_proof,
        )
    with pytest.raises(TransactionProofError):
        verify_transaction_proof(
            header.transactions_root,
            evidence.tx_index,
            evidence.receipt,
            evidence.transaction_proof,
        )
