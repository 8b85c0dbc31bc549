"""Step 8 against a real node: what offline checks cannot see, the node refuses (UntrustedBlock)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3

from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.connection import connect, fund_local_account, send_transaction
from ipledger.ledger.chain.contract import anchor_contract, deploy_contract, load_artifact
from ipledger.ledger.chain.signer import Signer, generate_key_file
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.evidence.bundle import assemble_bundle
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.cli import main as verify_main
from ipledger.verifier.core.errors import BlockNotFinal, TransactionMismatch, UntrustedBlock
from ipledger.verifier.core.verify import ANCHORED_TOPIC
from ipledger.verifier.online import RUNTIME_CODE_HASHES, JsonRpc, RpcError, confirm_on_chain

pytestmark = pytest.mark.chain


def lookalike_init_code() -> bytes:
    """A contract emitting Anchored(caller, size; root, previous) for any calldata, unchecked.

    Runtime: calldatacopy(0, 0, 64); LOG3(mem[0:64], ANCHORED_TOPIC, caller, calldata[64:96]).
    """
    runtime = (
        bytes.fromhex("604060006000376040353" + "3")  # calldatacopy; calldataload(64); caller
        + b"\x7f"
        + ANCHORED_TOPIC  # push32 topic0
        + bytes.fromhex("60406000a300")  # log3(0, 64, topic0, caller, size); stop
    )
    prologue = bytes([0x60, len(runtime), 0x80, 0x60, 11, 0x60, 0x00, 0x39, 0x60, 0x00, 0xF3])
    return prologue + runtime


def _store(tmp_path: Path, name: str) -> tuple[LogStore, LogSigner, list[bytes]]:
    store = LogStore.open(f"sqlite:///{tmp_path / (name + '.db')}")
    signer = LogSigner.generate(f"rpc.ipledger.test/{name}")
    docs = [os.urandom(30) for _ in range(3)]
    store.append([{"digest": "sha256:" + hashlib.sha256(d).hexdigest()} for d in docs])
    return store, signer, docs


def anchored_bundle(
    w3: Web3, funded_signer: Signer, tmp_path: Path
) -> tuple[EvidenceBundle, bytes, str]:
    """A bundle anchored through the published EvidenceAnchor on the node behind `w3`."""
    artifact = load_artifact()
    address = deploy_contract(w3, funded_signer, artifact).address
    store, signer, docs = _store(tmp_path, "real")
    cp = cut_checkpoint(store, signer)
    assert cp is not None
    tx = anchor_contract(w3, address, artifact).functions.anchor(cp.tree_size, cp.root, [])
    built = tx.build_transaction({"from": funded_signer.address})
    receipt = send_transaction(w3, funded_signer, {"to": built["to"], "data": built["data"]})
    bundle = assemble_bundle(
        store,
        w3,
        1,
        tree_size=3,
        tx_hash=receipt["transactionHash"],
        contract=address,
        verifier_key=signer.verifier_key,
    ).bundle
    return bundle, docs[1], signer.verifier_key


@pytest.fixture
def real(w3: Web3, funded_signer: Signer, tmp_path: Path) -> tuple[EvidenceBundle, bytes, str]:
    """A bundle anchored through the published EvidenceAnchor on the session's anvil."""
    return anchored_bundle(w3, funded_signer, tmp_path)


def _anchor(bundle: EvidenceBundle, **fields: Any) -> EvidenceBundle:
    return dataclasses.replace(bundle, anchor=dataclasses.replace(bundle.anchor, **fields))


def test_the_node_confirms_the_real_bundle(
    anvil: AnvilNode, real: tuple[EvidenceBundle, bytes, str]
) -> None:
    bundle, _, _ = real
    confirmation = confirm_on_chain(bundle, JsonRpc(anvil.rpc_url), 1, RUNTIME_CODE_HASHES)
    assert confirmation.block_hash == bundle.anchor.block_hash
    assert any("EvidenceAnchor runtime code" in f for f in confirmation.facts)


def test_what_only_the_node_can_refuse(
    anvil: AnvilNode, w3: Web3, real: tuple[EvidenceBundle, bytes, str]
) -> None:
    bundle, doc, key = real
    a = bundle.anchor
    rpc = JsonRpc(anvil.rpc_url)
    head = w3.eth.block_number
    cases = {
        # A v1 bundle binds neither offline (test_tamper.py); v2 binds both (below).
        "tx_hash": (_anchor(bundle, tx_hash=bytes(32)), "is not the bundle's transaction"),
        "chain_id": (_anchor(bundle, chain_id=1), "the node serves chain 31337"),
        # These fail offline already; the node refuses them too.
        "block_hash": (_anchor(bundle, block_hash=os.urandom(32)), "not canonical"),
        "block_number": (_anchor(bundle, block_number=head + 1000), "has no block"),
        "tx_index": (_anchor(bundle, tx_index=a.tx_index + 1), "is not the bundle's"),
        "contract": (_anchor(bundle, contract=os.urandom(20)), "not the published"),
    }
    for mutated, message in cases.values():
        with pytest.raises(UntrustedBlock, match=message):
            confirm_on_chain(mutated, rpc, 1, RUNTIME_CODE_HASHES)
    # Bundles from v2 on carry the transaction: its hash and signed chain id fail offline already.
    assert bundle.version == 3
    for field, value in (("tx_hash", bytes(32)), ("chain_id", 1)):
        with pytest.raises(TransactionMismatch):
            verify(_anchor(bundle, **{field: value}), document=doc, log_key=key)


def test_a_lookalike_contract_passes_offline_but_not_the_node(
    anvil: AnvilNode, w3: Web3, funded_signer: Signer, tmp_path: Path
) -> None:
    receipt = send_transaction(w3, funded_signer, {"data": lookalike_init_code(), "gas": 200_000})
    fake = receipt["contractAddress"]
    assert fake is not None
    store, signer, docs = _store(tmp_path, "lookalike")
    cp = cut_checkpoint(store, signer)
    assert cp is not None
    data = cp.root + (0).to_bytes(32, "big") + cp.tree_size.to_bytes(32, "big")
    call = send_transaction(w3, funded_signer, {"to": fake, "data": data, "gas": 100_000})
    # Every offline step passes: the event has the right shape, from the named contract.
    bundle = assemble_bundle(
        store, w3, 0, tree_size=3, tx_hash=call["transactionHash"], contract=fake
    ).bundle
    assert not verify(bundle, document=docs[0], log_key=signer.verifier_key).proven
    with pytest.raises(UntrustedBlock, match="not the published EvidenceAnchor"):
        confirm_on_chain(bundle, JsonRpc(anvil.rpc_url), 1, RUNTIME_CODE_HASHES)
    doc_path, bundle_path = tmp_path / "doc", tmp_path / "bundle.json"
    doc_path.write_bytes(docs[0])
    bundle_path.write_text(bundle.to_json())
    assert verify_main([str(doc_path), str(bundle_path), "--rpc", anvil.rpc_url]) == 1


def test_cli_against_the_node(
    anvil: AnvilNode,
    real: tuple[EvidenceBundle, bytes, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundle, doc, key = real
    doc_path, bundle_path = tmp_path / "doc", tmp_path / "bundle.json"
    doc_path.write_bytes(doc)
    bundle_path.write_text(bundle.to_json())
    args = [str(doc_path), str(bundle_path), "--log-key", key, "--rpc", anvil.rpc_url]
    capsys.readouterr()
    report = tmp_path / "report.html"
    assert verify_main([*args, "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "PROVEN:" in out and "the node serves chain 31337" in out
    assert "that the trusted block hashes" not in out  # the node vouched for the chain
    page = report.read_text()
    assert page.count("Confirmed by the node") == 5
    # Anvil's chain 31337: confirmed by the node, yet a development chain, never "public".
    assert "Nothing remains to be trusted" not in page and "the operator of chain id 31337" in page
    assert "that the anchoring transaction" not in page  # the node checked the hash
    assert "that the anchor is on chain id" not in page  # and the chain id
    assert f"{anvil.rpc_url} (it serves chain id 31337)" in page
    # Not deep enough yet, and not finalized: self-consistent (exit 3), with the reason.
    assert verify_main([*args, "--confirmations", "100000", "--report", str(report)]) == 3
    out = capsys.readouterr().out
    assert "fewer than the 100000 required" in out and "NOT YET PROVEN" in out
    assert "The node consulted says: block" in report.read_text()
    with pytest.raises(BlockNotFinal):
        confirm_on_chain(bundle, JsonRpc(anvil.rpc_url), 100_000, RUNTIME_CODE_HASHES)
    # In the v1 form of the same evidence (what the producer wrote before v2), a tampered
    # tx_hash passes offline (exit 3) but the node refuses it (exit 1). v2 binds it offline.
    v1_anchor = dataclasses.replace(
        bundle.anchor, tx_hash=bytes(32), transaction=None, transaction_proof=()
    )
    v1 = dataclasses.replace(bundle, anchor=v1_anchor, version=1)
    bundle_path.write_text(v1.to_json())
    assert verify_main(args[:4]) == 3
    assert verify_main(args) == 1
    assert "is not the bundle's transaction" in capsys.readouterr().out
    # Its report keeps the offline checks that passed and names the node's refusal.
    failed = tmp_path / "failed.html"
    assert verify_main([*args, "--report", str(failed)]) == 1
    page = failed.read_text()
    assert '<div class="status">NOT PROVEN</div>' in page
    assert "<td class=failed>FAILED</td><td><b>Confirmed by the node</b>" in page
    assert "<td class=passed>passed</td><td><b>Block anchors the checkpoint</b>" in page
    assert "not reached" not in page


def test_an_unreachable_node_is_unusable_input(
    real: tuple[EvidenceBundle, bytes, str], tmp_path: Path
) -> None:
    bundle, doc, _ = real
    doc_path, bundle_path = tmp_path / "doc", tmp_path / "bundle.json"
    doc_path.write_bytes(doc)
    bundle_path.write_text(bundle.to_json())
    with pytest.raises(RpcError):
        JsonRpc("ftp://example.org")
    for url in ("http://127.0.0.1:9", "not a url"):
        assert verify_main([str(doc_path), str(bundle_path), "--rpc", url]) == 2


def test_the_pdf_names_the_node_consulted(
    anvil: AnvilNode, real: tuple[EvidenceBundle, bytes, str], tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: `make install` installs it")
    bundle, doc, key = real
    doc_path, bundle_path = tmp_path / "doc", tmp_path / "bundle.json"
    doc_path.write_bytes(doc)
    bundle_path.write_text(bundle.to_json())
    report = tmp_path / "report.pdf"
    args = [str(doc_path), str(bundle_path), "--log-key", key, "--rpc", anvil.rpc_url]
    assert verify_main([*args, "--report", str(report)]) == 0
    text = " ".join(subprocess.run(["pdftotext", str(report), "-"], capture_output=True,
                                   text=True, check=True, timeout=60).stdout.split())  # fmt: skip
    assert "Node consulted" in text and f"{anvil.rpc_url} (it serves chain id 31337)" in text
    assert "passed Confirmed by the node: the node serves chain 31337" in text
    assert "NOT a public blockchain" in text


@pytest.fixture(scope="module")
def public_chain_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilNode]:
    """An anvil serving chain id 11155111, as a Sepolia node would (this machine reaches none)."""
    node = AnvilNode(tmp_path_factory.mktemp("anvil-11155111"), chain_id=11155111)
    node.start()
    try:
        yield node
    finally:
        node.stop()


def test_nothing_remains_only_when_a_node_of_a_public_chain_confirmed_everything(
    public_chain_node: AnvilNode, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    node_w3 = connect(public_chain_node.rpc_url, expected_chain_id=11155111)
    signer = generate_key_file(tmp_path / "signer.key")
    fund_local_account(node_w3, signer.address)
    bundle, doc, key = anchored_bundle(node_w3, signer, tmp_path)
    doc_path, bundle_path = tmp_path / "doc", tmp_path / "bundle.json"
    doc_path.write_bytes(doc)
    bundle_path.write_text(bundle.to_json())
    args = [str(doc_path), str(bundle_path), "--log-key", key]
    report = tmp_path / "report.html"
    capsys.readouterr()
    node = ["--rpc", public_chain_node.rpc_url, "--confirmations", "1"]
    assert verify_main([*args, *node, "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert (
        "Nothing remains to be trusted: every check was made, including that the block is "
        "on the canonical history of Sepolia (chain id 11155111), a public blockchain." in out
    )
    assert "What remains" not in out and "\u25cb" not in out.replace(
        "\u25cb Anchored by the log's published operator address", ""
    )
    page = report.read_text()
    assert "<li>Nothing remains to be trusted" in page
    assert f"https://sepolia.etherscan.io/tx/0x{bundle.anchor.tx_hash.hex()}" in page
    # Without the node, the same bundle leaves the chain id and the transaction hash open.
    assert verify_main([*args, "--report", str(report)]) == 3
    out = capsys.readouterr().out
    assert "Nothing remains" not in out and "that the anchor is on chain id 11155111" in out
    page = report.read_text()
    assert "etherscan.io/tx/" not in page and "Sepolia (chain id" not in page
