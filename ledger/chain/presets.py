"""Chain presets: chain id, finality rule and block explorer links of each supported chain."""

from __future__ import annotations

from dataclasses import dataclass

from ipledger.ledger.errors import UnknownChain
from ipledger.verifier.chains import KNOWN_CHAINS, default_confirmations


@dataclass(frozen=True)
class ChainPreset:
    """What ipledger needs to know about one EVM chain.

    `confirmations` counts the including block itself: a transaction in block `b` has
    `head - b + 1` confirmations. When `use_finalized_tag` is true an anchor is final once
    its block is at or below the node's `finalized` block; `confirmations` is then the depth
    accepted where that tag cannot be asked; it is the depth the verifier's `--rpc` check
    demands (`verifier.chains`), so both sides agree. `long_extra_data` marks chains whose
    block headers carry more than 32 bytes of `extraData` (Polygon PoS: validator seals);
    `client.connect` then hands blocks out with that field as `proofOfAuthorityData`.
    """

    name: str
    chain_id: int
    confirmations: int
    use_finalized_tag: bool
    block_time: float
    explorer_tx_url: str | None = None
    explorer_block_url: str | None = None
    managed: bool = False
    long_extra_data: bool = False

    def tx_url(self, tx_hash: str) -> str | None:
        """Return the explorer page of a transaction, or None when the chain has no explorer."""
        if self.explorer_tx_url is None:
            return None
        return self.explorer_tx_url.format(tx_hash=tx_hash)

    def block_url(self, block_number: int) -> str | None:
        """Return the explorer page of a block, or None when the chain has no explorer."""
        if self.explorer_block_url is None:
            return None
        return self.explorer_block_url.format(block_number=block_number)


def _public(
    name: str, chain_id: int, block_time: float, long_extra_data: bool = False
) -> ChainPreset:
    # Explorer and depth come from the verifier's table, so a verdict and the anchoring
    # worker never disagree about a chain.
    known = KNOWN_CHAINS[chain_id]
    explorer = known.explorer
    return ChainPreset(
        name=name,
        chain_id=chain_id,
        confirmations=known.confirmations,
        use_finalized_tag=True,
        block_time=block_time,
        explorer_tx_url=f"{explorer}/tx/{{tx_hash}}" if explorer else None,
        explorer_block_url=f"{explorer}/block/{{block_number}}" if explorer else None,
        long_extra_data=long_extra_data,
    )


# Public chains answer the `finalized` block tag (Ethereum: two epochs, ~13 min; Polygon PoS:
# milestones; rollups: the L1 finality of the batch holding the block), which the worker
# prefers over counting confirmations.
PRESETS: dict[str, ChainPreset] = {
    p.name: p
    for p in (
        _public("ethereum", 1, block_time=12),
        _public("sepolia", 11155111, block_time=12),
        _public("polygon", 137, block_time=2, long_extra_data=True),
        _public("base", 8453, block_time=2),
        _public("arbitrum", 42161, block_time=0.25),
        _public("optimism", 10, block_time=2),
        # The managed anvil node auto-mines one block per transaction and never reorgs, so
        # the including block is final (a second confirmation would wait for the next tx).
        ChainPreset(
            name="local",
            chain_id=31337,
            confirmations=KNOWN_CHAINS[31337].confirmations,
            use_finalized_tag=False,
            block_time=1,
            managed=True,
        ),
    )
}


GENERIC_PREFIX = "evm:"


def get_preset(name: str) -> ChainPreset:
    """Return the preset called `name` (case-insensitive); raise UnknownChain listing the names.

    `evm:<chain id>` names any other EVM chain reached over JSON-RPC (a consortium chain, an
    L2 without a preset): its anchors count confirmations, `default_confirmations` of the
    verifier (64 for a chain it does not know) unless IPLEDGER_CONFIRMATIONS says otherwise,
    since not every such node serves the `finalized` tag.
    """
    key = name.strip().lower()
    preset = PRESETS.get(key)
    if preset is not None:
        return preset
    if key.startswith(GENERIC_PREFIX):
        digits = key.removeprefix(GENERIC_PREFIX)
        if digits.isdigit() and 0 < int(digits) < 2**63:
            return _generic(int(digits))
        raise UnknownChain(
            f"bad chain {name!r}: write evm:<chain id> with the decimal chain id, e.g. evm:100"
        )
    known = ", ".join(sorted(PRESETS))
    raise UnknownChain(
        f"unknown chain {name!r}: set IPLEDGER_CHAIN to one of {known}, or to evm:<chain id> "
        "for another EVM chain"
    )


def _generic(chain_id: int) -> ChainPreset:
    known = KNOWN_CHAINS.get(chain_id)
    explorer = known.explorer if known is not None else None
    return ChainPreset(
        name=f"{GENERIC_PREFIX}{chain_id}",
        chain_id=chain_id,
        confirmations=default_confirmations(chain_id),
        use_finalized_tag=False,
        block_time=12,
        explorer_tx_url=f"{explorer}/tx/{{tx_hash}}" if explorer else None,
        explorer_block_url=f"{explorer}/block/{{block_number}}" if explorer else None,
    )


def preset_for_chain_id(chain_id: int) -> ChainPreset | None:
    """Return the preset whose chain id is `chain_id`, or None when no preset has it."""
    for preset in PRESETS.values():
        if preset.chain_id == chain_id:
            return preset
    return None
