"""The same worker against `npx hardhat node`: nothing in it is specific to anvil."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hexbytes import HexBytes
from sqlalchemy import Engine

from ipledger.ledger.anchoring import AnchoringWorker, AnchorState
from ipledger.ledger.chain.anvil import rpc_call
from ipledger.ledger.chain.connection import connect, fund_local_account
from ipledger.ledger.chain.contract import ContractArtifact, anchor_contract, deploy_contract
from ipledger.ledger.chain.signer import generate_key_file
from ipledger.ledger.errors import RpcUnavailable
from ipledger.ledger.evidence.bundle import assemble_bundle
from ipledger.verifier import verify, verify_consistency
from tests.ledger.anchoring.storelog import StoreLog
from tests.ports import free_port

REPO = Path(__file__).resolve().parents[3]
HARDHAT = REPO / "node_modules" / ".bin" / "hardhat"


@pytest.fixture
def hardhat_url(tmp_path: Path) -> Iterator[str]:
    """Start `hardhat node` (Hardhat Network, chain 31337) on a free port; stop it after."""
    port = free_port()
    with (tmp_path / "hardhat.log").open("wb") as out:
        proc = subprocess.Popen(
            [str(HARDHAT), "node", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(RpcUnavailable):
                rpc_call(url, "eth_chainId", timeout=0.5)
                break
            assert proc.poll() is None, (tmp_path / "hardhat.log").read_text()
            assert time.monotonic() < deadline, "hardhat node did not start"
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the group npx/node started under our pid
        proc.wait(timeout=10)


def test_pipeline_and_reorg_recovery_on_a_hardhat_node(
    hardhat_url: str, artifact: ContractArtifact, tmp_path: Path, engine: Engine,
    log: StoreLog,
) -> None:
    w3 = connect(hardhat_url)
    assert "hardhat" in w3.client_version.lower()
    signer = generate_key_file(tmp_path / "signer.key")
    fund_local_account(w3, signer.address)
    contract = anchor_contract(w3, deploy_contract(w3, signer, artifact).address, artifact)
    worker = AnchoringWorker(engine, log, w3, contract, signer, confirmations=2)

    def mine() -> None:
        rpc_call(hardhat_url, "evm_mine")

    log.append(6)
    first_cp = log.cut()
    worker.step()
    worker.step()
    mine()
    first = worker.run_until_final(timeout=30)
    assert (first.tree_size, first.root, first.state) == (6, first_cp.root, AnchorState.FINAL)

    log.append(9)
    second_cp = log.cut()
    snapshot = rpc_call(hardhat_url, "evm_snapshot")
    worker.step()
    worker.step()
    included = worker.anchor_covering(10)
    assert included is not None and included.state is AnchorState.INCLUDED
    assert rpc_call(hardhat_url, "evm_revert", [snapshot]) is True   # its block is gone
    assert worker.step().events[0].kind == "reorged"
    mine()
    second = worker.run_until_final(timeout=30)
    assert second.tx_hash == included.tx_hash                    # the same signed transaction
    assert (second.tree_size, second.previous_size) == (15, 6)
    size, root = contract.functions.latest(signer.address).call()
    assert (size, bytes(root)) == (15, second_cp.root)
    tx = w3.eth.get_transaction(HexBytes(second.tx_hash or ""))
    _, args = contract.decode_function_input(tx["input"])
    verify_consistency(6, 15, args["consistencyProof"], first_cp.root, second_cp.root)
    # Evidence from a Hardhat node verifies offline exactly like evidence from anvil.
    for index, anchor in ((0, first), (5, first), (6, second), (14, second)):
        assert anchor.tx_hash is not None
        bundle = assemble_bundle(
            log.store, w3, index, tree_size=anchor.tree_size, tx_hash=anchor.tx_hash,
            contract=contract.address, verifier_key=log.signer.verifier_key,
        ).bundle
        verdict = verify(
            bundle.to_json(), log_key=log.signer.verifier_key,
            trusted={bundle.anchor.block_number: bundle.anchor.block_hash},
            trusted_chain_id=31337, log_address=signer.address,
        )
        assert verdict.proven and verdict.log_authenticated
        assert verdict.tree_size == anchor.tree_size
