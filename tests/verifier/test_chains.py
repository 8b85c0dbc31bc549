"""The verifier's chain list agrees with the ledger's presets on which chains are local."""

from __future__ import annotations

from ipledger.ledger.chain.presets import PRESETS
from ipledger.verifier.chains import (
    KNOWN_CHAINS,
    describe_chain,
    is_development_chain,
    is_public_chain,
)


def test_every_local_preset_is_a_development_chain_and_no_public_one_is() -> None:
    local = {p.chain_id for p in PRESETS.values() if p.managed}
    public = {p.chain_id for p in PRESETS.values() if not p.managed}
    assert local and public
    assert all(is_development_chain(c) and not is_public_chain(c) for c in local)
    assert all(is_public_chain(c) and not is_development_chain(c) for c in public)
    # Hardhat's and Ganache's 1337 too, though no preset runs it.
    assert is_development_chain(1337) and is_development_chain(31337)
    assert {c.chain_id for c in KNOWN_CHAINS.values() if c.development} >= local


def test_a_chain_is_described_as_what_it_is() -> None:
    assert describe_chain(1) == "Ethereum (chain id 1), a public blockchain"
    assert "not a public blockchain" in describe_chain(31337)
    assert describe_chain(100) == "chain id 100, a chain this verifier does not know"
    assert "public" not in describe_chain(100)
