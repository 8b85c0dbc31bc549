"""Fixtures for the anchoring tests: real anvil nodes, a deployed EvidenceAnchor, a database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from web3 import Web3
from web3.contract import Contract

from ipledger.ledger.anchoring import AnchoringWorker
from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.ledger.chain.connection import connect, fund_local_account
from ipledger.ledger.chain.contract import (
    ContractArtifact,
    anchor_contract,
    deploy_contract,
    load_artifact,
)
from ipledger.ledger.chain.signer import Signer, generate_key_file
from ipledger.ledger.db import create_engine, open_database
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from tests.ledger.anchoring.storelog import StoreLog


@dataclass
class ChainEnv:
    """A node, a funded anchoring signer and the contract it deployed there."""

    node: AnvilNode
    w3: Web3
    signer: Signer
    contract: Contract
    key_file: Path

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        return self.node.rpc(method, params)

    def mine(self, blocks: int = 1) -> None:
        self.node.rpc("anvil_mine", [hex(blocks)])

    def on_chain(self) -> tuple[int, bytes]:
        size, root = self.contract.functions.latest(self.signer.address).call()
        return int(size), bytes(root)

    def anchored_events(self) -> list[Any]:
        return list(self.contract.events.Anchored.get_logs(
            from_block=0, argument_filters={"log": self.signer.address}))


@pytest.fixture(scope="session")
def artifact() -> ContractArtifact:
    return load_artifact()


def make_env(node: AnvilNode, artifact: ContractArtifact, where: Path,
             rpc_url: str | None = None, timeout: float = 5.0) -> ChainEnv:
    w3 = connect(rpc_url or node.rpc_url, timeout=timeout)
    key_file = where / "signer.key"
    signer = generate_key_file(key_file)
    fund_local_account(w3, signer.address)
    deployment = deploy_contract(w3, signer, artifact)
    return ChainEnv(node, w3, signer, anchor_contract(w3, deployment.address, artifact), key_file)


@pytest.fixture
def env(anvil: AnvilNode, artifact: ContractArtifact, tmp_path: Path) -> ChainEnv:
    """A fresh contract and signer on the session's auto-mining anvil."""
    return make_env(anvil, artifact, tmp_path)


@pytest.fixture
def start_node(tmp_path: Path) -> Iterator[Callable[..., AnvilNode]]:
    """Start a dedicated anvil (options as AnvilNode's) for tests that disturb their chain."""
    nodes: list[AnvilNode] = []

    def start(**options: Any) -> AnvilNode:
        node = AnvilNode(tmp_path / f"node{len(nodes)}", **options)
        nodes.append(node)
        return node.start()

    yield start
    for node in nodes:
        node.stop()


@pytest.fixture
def db_file(tmp_path: Path) -> str:
    """A migrated SQLite database (modules override this to run on PostgreSQL too)."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    open_database(url).dispose()
    return url


@pytest.fixture
def engine(db_file: str) -> Iterator[Engine]:
    eng = create_engine(db_file)
    yield eng
    eng.dispose()


@pytest.fixture
def log(engine: Engine) -> StoreLog:
    """The ledger's log in the same database the worker uses."""
    return StoreLog(LogStore(engine), LogSigner.generate("anchoring.test/log"))


def worker_for(env: ChainEnv, engine: Engine, log: StoreLog, **options: Any) -> AnchoringWorker:
    options.setdefault("confirmations", 1)
    return AnchoringWorker(engine, log, env.w3, env.contract, env.signer, **options)
