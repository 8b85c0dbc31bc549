"""Bundles from a real anvil anchor: assembled, self-checked, verified offline and by the CLI."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3

from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.connection import send_transaction
from ipledger.ledger.chain.contract import anchor_contract, deploy_contract, load_artifact
from ipledger.ledger.chain.signer import Signer
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.errors import BundleSelfCheckFailed, BundleUnavailable
from ipledger.ledger.evidence.bundle import CheckedAnchors, assemble_bundle
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.cli import main as verify_main
from ipledger.verifier.core.beacon import DENEB, BlockProof
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import (
    AnchorEventError,
    DocumentMismatch,
    RootMismatchError,
    SignatureError,
)
from ipledger.verifier.core.verify import verify
from tests.verifier.mainnet import published_block_proof


@pytest.fixture
def anchored(
    w3: Web3, funded_signer: Signer, tmp_path: Path
) -> tuple[LogStore, LogSigner, str, list[bytes], str]:
    artifact = load_artifact()
    contract_address = deploy_contract(w3, funded_signer, artifact).address
    contract = anchor_contract(w3, contract_address, artifact)
    store = LogStore.open(f"sqlite:///{tmp_path / 'ledger.db'}")
    log_signer = LogSigner.generate("test.ipledger.local/log")
    docs = [f"document {i}".encode() for i in range(7)]
    store.append(
        [
            {"digest": "sha256:" + hashlib.sha256(d).hexdigest(), "metadata": {"n": i}}
            for i, d in enumerate(docs)
        ]
    )
    cp = cut_checkpoint(store, log_signer)
    assert cp is not None
    tx = contract.functions.anchor(cp.tree_size, cp.root, []).build_transaction(
        {"from": funded_signer.address}
    )
    receipt = send_transaction(w3, funded_signer, {"to": tx["to"], "data": tx["data"]})
    return store, log_signer, contract_address, docs, receipt["transactionHash"].to_0x_hex()


def test_every_entry_gets_a_bundle_that_verifies(
    w3: Web3, anchored: tuple[LogStore, LogSigner, str, list[bytes], str], funded_signer: Signer
) -> None:
    store, log_signer, contract, docs, tx_hash = anchored
    for index, doc in enumerate(docs):
        bundle, text = assemble_bundle(
            store,
            w3,
            index,
            tree_size=7,
            tx_hash=tx_hash,
            contract=contract,
            verifier_key=log_signer.verifier_key,
        )
        assert text == bundle.to_json()  # the text handed out is the one checked
        assert EvidenceBundle.from_json(text) == bundle
        verdict = verify(bundle.to_json(), document=doc, log_key=log_signer.verifier_key)
        assert verdict.log_authenticated and not verdict.proven
        assert verdict.log == funded_signer.address
        assert verdict.block_number == bundle.anchor.block_number
        with pytest.raises(DocumentMismatch):
            verify(bundle, document=doc + b" ")
        with pytest.raises(SignatureError):
            verify(bundle, log_key=LogSigner.generate(log_signer.name).verifier_key)
        verify(bundle, log_key=log_signer.verifier_key, log_address=funded_signer.address)
        with pytest.raises(AnchorEventError, match="operator address"):
            verify(bundle, log_address="0x" + "11" * 20)
        trusted = {bundle.anchor.block_number: bundle.anchor.block_hash}
        assert verify(bundle, document=doc, trusted=trusted).proven


def test_no_bundle_beyond_the_anchored_size(
    w3: Web3, anchored: tuple[LogStore, LogSigner, str, list[bytes], str]
) -> None:
    store, _, contract, _, tx_hash = anchored
    with pytest.raises(BundleUnavailable):
        assemble_bundle(store, w3, 3, tree_size=3, tx_hash=tx_hash, contract=contract)


def test_cli_verdicts(
    w3: Web3,
    anvil: AnvilNode,
    anchored: tuple[LogStore, LogSigner, str, list[bytes], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, log_signer, contract, docs, tx_hash = anchored
    bundle = assemble_bundle(store, w3, 2, tree_size=7, tx_hash=tx_hash, contract=contract).bundle
    doc_path, bundle_path = tmp_path / "doc.txt", tmp_path / "doc.txt.evidence.json"
    doc_path.write_bytes(docs[2])
    bundle_path.write_text(bundle.to_json())
    key = log_signer.verifier_key
    capsys.readouterr()
    # Offline only: self-consistent, the chain check is left to the reader (exit 3).
    assert verify_main([str(doc_path), str(bundle_path), "--log-key", key]) == 3
    out = capsys.readouterr().out
    assert "SELF-CONSISTENT, NOT YET PROVEN" in out and "received by the log" in out
    # Against the node: proven (exit 0), with the report written.
    report = tmp_path / "report.html"
    code = verify_main(
        [
            str(doc_path),
            str(bundle_path),
            "--log-key",
            key,
            "--rpc",
            anvil.rpc_url,
            "--report",
            str(report),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "PROVEN: The document existed no later than" in out
    assert "EvidenceAnchor runtime code" in out
    assert "PROVEN" in report.read_text()
    # JSON report.
    assert verify_main([str(doc_path), str(bundle_path), "--json", "--rpc", anvil.rpc_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["result"] == "proven" and data["log_authenticated"] is False
    # A one-byte change in the document is rejected (exit 1).
    doc_path.write_bytes(docs[2][:-1] + bytes([docs[2][-1] ^ 1]))
    assert verify_main([str(doc_path), str(bundle_path), "--log-key", key]) == 1
    assert "NOT PROVEN" in capsys.readouterr().out
    # Unusable input (exit 2).
    assert verify_main([str(doc_path), str(tmp_path / "missing.json")]) == 2
    bundle_path.write_text("{}")
    assert verify_main([str(doc_path), str(bundle_path)]) == 2


def test_bundles_are_v2_with_the_transaction_and_no_block_proof_on_anvil(
    anchored: tuple[LogStore, LogSigner, str, list[bytes], str], w3: Web3
) -> None:
    store, log_signer, contract, docs, tx_hash = anchored
    bundle = assemble_bundle(
        store, w3, 0, tree_size=7, tx_hash=tx_hash, contract=contract,
        verifier_key=log_signer.verifier_key,
    ).bundle  # fmt: skip
    assert bundle.version == 3 and bundle.timestamps == () and bundle.anchor.block_proof is None
    assert bundle.anchor.transaction is not None
    assert json.loads(bundle.to_json())["anchor"]["block_proof"] is None
    verdict = verify(bundle.to_json(), document=docs[0], log_key=log_signer.verifier_key)
    assert verdict.transaction_proven and verdict.sender == verdict.log


def test_a_block_proof_that_does_not_prove_the_block_is_never_handed_out(
    anchored: tuple[LogStore, LogSigner, str, list[bytes], str], w3: Web3
) -> None:
    """A stored proof is checked like every part of a bundle before the bundle leaves."""
    store, log_signer, contract, _, tx_hash = anchored
    proof = BlockProof.from_ssz(DENEB, published_block_proof())  # mainnet block 22162263's
    with pytest.raises(BundleSelfCheckFailed, match="beacon chain"):
        assemble_bundle(
            store, w3, 0, tree_size=7, tx_hash=tx_hash, contract=contract,
            verifier_key=log_signer.verifier_key, block_proof=proof,
        )  # fmt: skip


def test_bundles_under_one_anchor_have_its_parts_checked_once(
    w3: Web3, anchored: tuple[LogStore, LogSigner, str, list[bytes], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, log_signer, contract, docs, tx_hash = anchored
    key = log_signer.verifier_key
    whole: list[int] = []

    def counted(bundle: EvidenceBundle, **kwargs: Any) -> Any:  # the real check, counted
        whole.append(bundle.entry.index)
        return verify(bundle, **kwargs)

    monkeypatch.setattr("ipledger.ledger.evidence.bundle.verify", counted)
    checked = CheckedAnchors()
    bundles = [
        assemble_bundle(store, w3, i, tree_size=7, tx_hash=tx_hash, contract=contract,
                        verifier_key=key, checked=checked).bundle
        for i in range(7)
    ]
    assert whole == [0]  # the whole check once; the six others: their entries only
    for bundle, doc in zip(bundles, docs, strict=True):
        assert verify(bundle, document=doc, log_key=key).log_authenticated
    # Another log key is another question: the whole check again, and this one fails.
    with pytest.raises(SignatureError):
        checked.verify(bundles[1], LogSigner.generate(log_signer.name).verifier_key)
    # A bundle sharing the checked parts still has its own entry and proof checked.
    moved = dataclasses.replace(
        bundles[1], entry=dataclasses.replace(bundles[1].entry, received_at=1))
    swapped = dataclasses.replace(bundles[1], inclusion=bundles[2].inclusion)
    for bad in (moved, swapped):
        with pytest.raises(RootMismatchError):
            checked.verify(bad, key)
    with pytest.raises(BundleSelfCheckFailed, match="entry 3: the assembled bundle fails"):
        assemble_bundle(store, w3, 3, tree_size=7, tx_hash=tx_hash, contract=contract,
                        verifier_key=key, checked=checked, timestamps=[b"\x30\x00"])
    assert whole == [0, 1, 3]
