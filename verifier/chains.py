"""Well-known EVM chains: names, explorers, confirmation depths, which are development chains."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownChain:
    """A chain a bundle may be anchored on; `development` marks a local test chain."""

    chain_id: int
    name: str
    explorer: str | None
    confirmations: int
    development: bool = False


# ledger/chain/presets.py marks its local (managed) presets; tests/verifier/test_chains.py
# checks that every chain id it marks so is a development chain here, and no public one is.
KNOWN_CHAINS: dict[int, KnownChain] = {
    c.chain_id: c
    for c in (
        KnownChain(1, "Ethereum", "https://etherscan.io", 64),
        KnownChain(11155111, "Sepolia", "https://sepolia.etherscan.io", 64),
        KnownChain(137, "Polygon PoS", "https://polygonscan.com", 128),
        KnownChain(8453, "Base", "https://basescan.org", 64),
        KnownChain(42161, "Arbitrum One", "https://arbiscan.io", 64),
        KnownChain(10, "OP Mainnet", "https://optimistic.etherscan.io", 64),
        KnownChain(31337, "local development chain", None, 1, development=True),
        KnownChain(1337, "local development chain", None, 1, development=True),
    )
}


def chain_name(chain_id: int) -> str:
    """Return a readable name for a chain id."""
    known = KNOWN_CHAINS.get(chain_id)
    return known.name if known else f"chain {chain_id}"


def is_development_chain(chain_id: int) -> bool:
    """Return True for a local test chain (anvil, Hardhat, Ganache): anyone can rewrite it."""
    known = KNOWN_CHAINS.get(chain_id)
    return known is not None and known.development


def is_public_chain(chain_id: int) -> bool:
    """Return True only for a public blockchain this verifier knows by its chain id."""
    known = KNOWN_CHAINS.get(chain_id)
    return known is not None and not known.development


def describe_chain(chain_id: int) -> str:
    """Say what a chain is in words a reader can weigh: public, development, or unknown."""
    if is_public_chain(chain_id):
        return f"{chain_name(chain_id)} (chain id {chain_id}), a public blockchain"
    if is_development_chain(chain_id):
        return (
            f"a local development chain (chain id {chain_id}, as run by anvil or Hardhat), "
            "not a public blockchain"
        )
    return f"chain id {chain_id}, a chain this verifier does not know"


def block_url(chain_id: int, block_number: int) -> str | None:
    """Return an explorer link to a block, or None for chains without a public explorer."""
    known = KNOWN_CHAINS.get(chain_id)
    if known is None or known.explorer is None:
        return None
    return f"{known.explorer}/block/{block_number}"


def tx_url(chain_id: int, tx_hash: str) -> str | None:
    """Return an explorer link to a transaction, or None for chains without one."""
    known = KNOWN_CHAINS.get(chain_id)
    if known is None or known.explorer is None:
        return None
    return f"{known.explorer}/tx/{tx_hash}"


def default_confirmations(chain_id: int) -> int:
    """Return how deep a block must be before a verdict treats it as settled."""
    known = KNOWN_CHAINS.get(chain_id)
    return known.confirmations if known else 64
