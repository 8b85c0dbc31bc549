"""Well-known EVM chains: names, explorers and default confirmation depths for verdicts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownChain:
    """A public chain a bundle may be anchored on."""

    chain_id: int
    name: str
    explorer: str | None
    confirmations: int


KNOWN_CHAINS: dict[int, KnownChain] = {
    c.chain_id: c
    for c in (
        KnownChain(1, "Ethereum", "https://etherscan.io", 64),
        KnownChain(11155111, "Sepolia", "https://sepolia.etherscan.io", 64),
        KnownChain(137, "Polygon PoS", "https://polygonscan.com", 128),
        KnownChain(8453, "Base", "https://basescan.org", 64),
        KnownChain(42161, "Arbitrum One", "https://arbiscan.io", 64),
        KnownChain(10, "OP Mainnet", "https://optimistic.etherscan.io", 64),
        KnownChain(31337, "local development chain", None, 1),
    )
}


def chain_name(chain_id: int) -> str:
    """Return a readable name for a chain id."""
    known = KNOWN_CHAINS.get(chain_id)
    return known.name if known else f"chain {chain_id}"


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
