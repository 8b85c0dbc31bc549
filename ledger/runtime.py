"""The chain side of a deployment: node, anchoring key and deployed contract, from Settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from web3 import Web3
from web3.contract import Contract

from ipledger.ledger.chain.chaindir import chain_lock
from ipledger.ledger.chain.connection import connect, fund_local_account
from ipledger.ledger.chain.contract import (
    ContractDeployment,
    anchor_contract,
    ensure_deployed,
    load_artifact,
)
from ipledger.ledger.chain.managed import chain_up
from ipledger.ledger.chain.presets import ChainPreset, get_preset
from ipledger.ledger.chain.signer import Signer, load_or_create_local_signer, load_signer
from ipledger.ledger.checkpoints import CheckpointPolicy
from ipledger.ledger.config import Settings
from ipledger.ledger.errors import BundleUnavailable, ChainError, ConfigError
from ipledger.ledger.evidence.bundle import assemble_bundle
from ipledger.ledger.service import Ledger
from ipledger.verifier.bundle import EvidenceBundle

if TYPE_CHECKING:
    from ipledger.ledger.anchoring import AnchoringWorker, AnchorTarget


@dataclass(frozen=True)
class ChainContext:
    """A connected chain with the EvidenceAnchor contract and the key that anchors."""

    w3: Web3
    rpc_url: str
    preset: ChainPreset
    signer: Signer
    deployment: ContractDeployment
    contract: Contract

    @property
    def managed(self) -> bool:
        """Return True on the local anvil node that ipledger runs itself."""
        return self.preset.managed

    @property
    def confirmations(self) -> int:
        """Return the depth at which an anchor counts as final on this chain."""
        return self.preset.confirmations


def open_chain(settings: Settings, confirmations: int | None = None) -> ChainContext:
    """Connect to the chain of `settings`, starting the managed local node when it is the one.

    On the managed local chain the anchoring key is created and funded on first use and the
    contract deployed once (its address recorded in the data directory). On any other chain
    the key comes from IPLEDGER_SIGNER_KEY_FILE or IPLEDGER_SIGNER_KEYSTORE_FILE, and the
    contract must already be deployed there by `ipledger chain deploy` or recorded.
    """
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
        rpc_url = status.rpc_url
    else:
        if settings.rpc_url is None:
            raise ConfigError(
                f"IPLEDGER_CHAIN is {preset.name!r}: set IPLEDGER_RPC_URL to a JSON-RPC node of it"
            )
        rpc_url = settings.rpc_url
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
        deployment = ensure_deployed(
            w3, signer, artifact, settings.data_dir, managed_local=preset.managed
        )
    contract = anchor_contract(w3, deployment.address, artifact)
    if confirmations is None:
        confirmations = settings.confirmations
    if confirmations is not None:
        preset = ChainPreset(**{**preset.__dict__, "confirmations": confirmations})
    return ChainContext(w3, rpc_url, preset, signer, deployment, contract)


def make_worker(
    ledger: Ledger, chain: ChainContext, policy: CheckpointPolicy | None = None
) -> AnchoringWorker:
    """Return the worker that cuts due checkpoints and anchors them on `chain`."""
    from ipledger.ledger.anchoring import AnchoringWorker, StoreLogSource
    from ipledger.ledger.anchoring.source import checkpoint_cutter

    if policy is None:
        policy = CheckpointPolicy(ledger.settings.batch_interval, ledger.settings.batch_max)
    return AnchoringWorker(
        ledger.store.engine,
        StoreLogSource(ledger.store),
        chain.w3,
        chain.contract,
        chain.signer,
        confirmations=max(1, chain.confirmations),
        finality="finalized" if chain.preset.use_finalized_tag else "confirmations",
        checkpointer=checkpoint_cutter(ledger.store, ledger.signer, policy),
        chain_id=chain.preset.chain_id,
        lease_ttl=ledger.settings.anchor_lease_ttl,
    )


def anchor_target(chain: ChainContext) -> AnchorTarget:
    """Return the (chain, contract, log address) this deployment anchors to."""
    from ipledger.ledger.anchoring import AnchorTarget

    return AnchorTarget(chain.preset.chain_id, chain.deployment.address, chain.signer.address)


def evidence_bundle(
    ledger: Ledger, chain: ChainContext, index: int, *, final_only: bool = True
) -> EvidenceBundle:
    """Return the evidence bundle of entry `index` from the first anchor covering it.

    With `final_only` (the default) only an anchor at the chain's finality depth counts.
    Raises `BundleUnavailable` while no such anchor exists.
    """
    from sqlmodel import Session

    from ipledger.ledger.anchoring import anchor_covering

    ledger.store.entry(index)  # OutOfRange for an entry that does not exist
    with Session(ledger.store.engine) as session:
        anchor = anchor_covering(session, index, anchor_target(chain), final_only=final_only)
    if anchor is None or anchor.tx_hash is None:
        state = "final " if final_only else ""
        raise BundleUnavailable(
            f"entry {index} is not covered by a {state}anchor yet: run `ipledger worker` "
            "(or `ipledger serve`) and try again once its anchor is final"
        )
    return assemble_bundle(
        ledger.store,
        chain.w3,
        index,
        tree_size=anchor.tree_size,
        tx_hash=anchor.tx_hash,
        contract=anchor.contract,
        verifier_key=ledger.signer.verifier_key,
    )
