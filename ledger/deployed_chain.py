"""A deployment's chain: the node, the EvidenceAnchor contract and the key that anchors the log."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ipledger.ledger.config import Settings
from ipledger.ledger.errors import ChainError, ConfigError

if TYPE_CHECKING:
    from web3 import Web3
    from web3.contract import Contract

    from ipledger.ledger.anchoring import AnchorTarget
    from ipledger.ledger.chain.contract import ContractDeployment
    from ipledger.ledger.chain.presets import ChainPreset
    from ipledger.ledger.chain.signer import Signer


@dataclass(frozen=True)
class ChainConnection:
    """A connected chain with the EvidenceAnchor contract and the key that anchors the log."""

    w3: Web3
    rpc_url: str
    preset: ChainPreset
    signer: Signer
    contract_deployment: ContractDeployment
    contract: Contract
    # The managed node was started by this connection (its owner may stop it when done).
    started_node: bool = False

    @property
    def managed(self) -> bool:
        """Return True on the local anvil node that ipledger runs itself."""
        return self.preset.managed

    @property
    def confirmations(self) -> int:
        """Return the depth at which an anchor counts as final on this chain."""
        return self.preset.confirmations

    @functools.cached_property
    def target(self) -> AnchorTarget:
        """Return (chain id, contract, operator address), addresses EIP-55 checksummed."""
        from web3 import Web3

        from ipledger.ledger.anchoring import AnchorTarget

        return AnchorTarget(
            self.preset.chain_id,
            Web3.to_checksum_address(self.contract_deployment.address),
            Web3.to_checksum_address(self.signer.address),
        )


ChainOpener = Callable[[Settings], ChainConnection]


def open_chain(settings: Settings, confirmations: int | None = None) -> ChainConnection:
    """Connect to the chain of `settings`, starting the managed local node when it is the one.

    On the managed local chain the anchoring key is created and funded on first use and the
    contract deployed once (its address recorded in the data directory). On any other chain
    the key comes from IPLEDGER_SIGNER_KEY_FILE or IPLEDGER_SIGNER_KEYSTORE_FILE, and the
    contract must already be deployed there or recorded.
    """
    from ipledger.ledger.chain.chaindir import chain_lock
    from ipledger.ledger.chain.connection import connect, fund_local_account
    from ipledger.ledger.chain.contract import anchor_contract, ensure_deployed, load_artifact
    from ipledger.ledger.chain.managed import chain_up
    from ipledger.ledger.chain.presets import get_preset
    from ipledger.ledger.chain.signer import load_or_create_local_signer, load_signer

    preset = get_preset(settings.chain)
    if preset.managed:
        if settings.rpc_url is not None:
            raise ConfigError(
                "IPLEDGER_RPC_URL is set but IPLEDGER_CHAIN is 'local' (the managed anvil "
                "node); name the chain's preset, e.g. IPLEDGER_CHAIN=sepolia"
            )
        status = chain_up(settings.data_dir, chain_id=preset.chain_id)
        if status.rpc_url is None or not status.answering:
            raise ChainError(f"the managed local chain did not come up: {status.describe()}")
        rpc_url, started_node = status.rpc_url, status.started
    else:
        if settings.rpc_url is None:
            raise ConfigError(
                f"IPLEDGER_CHAIN is {preset.name!r}: set IPLEDGER_RPC_URL to a JSON-RPC node of it"
            )
        rpc_url, started_node = settings.rpc_url, False
    w3 = connect(rpc_url, expected_chain_id=preset.chain_id)
    artifact = load_artifact()
    # Servers and workers started together on a fresh data directory must agree on one key
    # and one contract: the first creates and records them, the others then read them.
    with chain_lock(settings.data_dir, "deploy"):
        if preset.managed:
            signer = load_or_create_local_signer(settings.data_dir)
            fund_local_account(w3, signer.address)
        else:
            signer = load_signer(
                settings.signer_key_file, settings.signer_keystore_file,
                settings.signer_password_file,
            )
        recorded = ensure_deployed(
            w3, signer, artifact, settings.data_dir, managed_local=preset.managed
        )
    contract = anchor_contract(w3, recorded.address, artifact)
    if confirmations is None:
        confirmations = settings.confirmations
    if confirmations is not None:
        preset = replace(preset, confirmations=confirmations)
    return ChainConnection(w3, rpc_url, preset, signer, recorded, contract, started_node)
