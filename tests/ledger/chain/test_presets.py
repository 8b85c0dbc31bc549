"""Chain presets: ids checked against eth-typing's registry, links against the verifier's."""

from __future__ import annotations

import pytest
from eth_typing import ChainId

from ipledger.ledger.chain.presets import PRESETS, get_preset, preset_for_chain_id
from ipledger.ledger.errors import ConfigError, LedgerError, UnknownChain
from ipledger.verifier import chains

# eth-typing's ChainId enum mirrors the ethereum-lists/chains registry.
REGISTRY = {
    "ethereum": ChainId.ETH,
    "sepolia": ChainId.SEP,
    "polygon": ChainId.MATIC,
    "base": ChainId.BASE,
    "arbitrum": ChainId.ARB1,
    "optimism": ChainId.OETH,
    "local": ChainId.GOT,  # 31337, the id anvil and Hardhat use
}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_chain_ids_match_the_registry(name: str) -> None:
    assert get_preset(name).chain_id == REGISTRY[name].value
    assert preset_for_chain_id(REGISTRY[name].value) == get_preset(name)


def test_exactly_the_documented_presets() -> None:
    assert set(PRESETS) == set(REGISTRY)


@pytest.mark.parametrize(
    ("name", "host"),
    [
        ("ethereum", "etherscan.io"),
        ("sepolia", "sepolia.etherscan.io"),
        ("polygon", "polygonscan.com"),
        ("base", "basescan.org"),
        ("arbitrum", "arbiscan.io"),
        ("optimism", "optimistic.etherscan.io"),
    ],
)
def test_explorer_links(name: str, host: str) -> None:
    preset = get_preset(name)
    tx = "0x" + "ab" * 32
    assert preset.tx_url(tx) == f"https://{host}/tx/{tx}"
    assert preset.block_url(123) == f"https://{host}/block/123"
    # The verifier prints the same links and demands the same depth.
    assert preset.tx_url(tx) == chains.tx_url(preset.chain_id, tx)
    assert preset.block_url(123) == chains.block_url(preset.chain_id, 123)
    assert preset.confirmations == chains.default_confirmations(preset.chain_id)
    assert preset.use_finalized_tag and not preset.managed


def test_local_preset_is_managed_without_explorer() -> None:
    local = get_preset("local")
    assert local.managed and not local.use_finalized_tag
    assert local.confirmations == 1
    assert local.tx_url("0x00") is None and local.block_url(1) is None


def test_only_polygon_has_long_extra_data() -> None:
    assert [p.name for p in PRESETS.values() if p.long_extra_data] == ["polygon"]


def test_lookup_is_case_insensitive() -> None:
    assert get_preset(" Sepolia ") is PRESETS["sepolia"]


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownChain) as err:
        get_preset("goerli")
    message = str(err.value)
    assert "'goerli'" in message and "IPLEDGER_CHAIN" in message
    assert "arbitrum, base, ethereum, local, optimism, polygon, sepolia" in message
    assert isinstance(err.value, ConfigError) and isinstance(err.value, LedgerError)


def test_unknown_chain_id() -> None:
    assert preset_for_chain_id(5) is None


def test_presets_are_frozen() -> None:
    with pytest.raises(AttributeError):
        PRESETS["local"].confirmations = 5  # type: ignore[misc]


@pytest.mark.parametrize(("name", "chain_id", "depth", "explorer"), [
    ("evm:100", 100, 64, None),                      # a chain the verifier does not know
    (" EVM:31337 ", 31337, 1, None),
    ("evm:1", 1, 64, "https://etherscan.io"),        # mainnet, counting confirmations
])
def test_generic_chains_count_confirmations(
    name: str, chain_id: int, depth: int, explorer: str | None,
) -> None:
    preset = get_preset(name)
    assert (preset.name, preset.chain_id) == (f"evm:{chain_id}", chain_id)
    assert preset.confirmations == depth == chains.default_confirmations(chain_id)
    assert not preset.use_finalized_tag and not preset.managed
    assert preset.tx_url("0xab") == (f"{explorer}/tx/0xab" if explorer else None)
    assert preset_for_chain_id(100) is None   # not added to the presets


def test_unknown_name_mentions_generic_chains() -> None:
    with pytest.raises(UnknownChain, match=r"or to evm:<chain id> for another EVM chain"):
        get_preset("gnosis")
