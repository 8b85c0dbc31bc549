"""A real anvil node per hardfork for the chain-evidence tests, started once per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from web3 import Web3

from ipledger.ledger.testing import running_anvil

StartAnvil = Callable[[str | None], Web3]


@pytest.fixture(scope="session")
def start_anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartAnvil]:
    """Return a function giving a Web3 on an anvil node of a hardfork (None: anvil's default).

    Nodes run with --no-mining, so tests decide what goes in each block (evm_mine).
    """
    nodes: dict[str | None, Web3] = {}
    with ExitStack() as stack:

        def start(hardfork: str | None) -> Web3:
            if hardfork not in nodes:
                workdir = tmp_path_factory.mktemp(f"anvil-{hardfork or 'default'}")
                nodes[hardfork] = stack.enter_context(running_anvil(hardfork, workdir))
            return nodes[hardfork]

        yield start
