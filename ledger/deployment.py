"""One deployment of ipledger, opened from its settings: log, key, chain, worker and evidence."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipledger.ledger.checkpoints import CheckpointPolicy
from ipledger.ledger.config import Settings
from ipledger.ledger.deployed_chain import ChainConnection, ChainOpener, open_chain
from ipledger.ledger.errors import (
    BundleSelfCheckFailed,
    BundleUnavailable,
    DataDirError,
    KeyFileError,
    not_anchored_message,
)
from ipledger.ledger.identity import DEFAULT_ORIGIN, LogIdentity, bind_identity
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ipledger.ledger.anchoring import AnchoringWorker, AnchorRecord, AnchorTarget
    from ipledger.ledger.beacon.api import BeaconApi
    from ipledger.ledger.beacon.store import StoredBlockProof
    from ipledger.ledger.beacon.upgrade import ProofUpgrader, UpgradeOutcome
    from ipledger.ledger.evidence.bundle import AssembledBundle, ChainParts, CheckedAnchors
    from ipledger.verifier.core.beacon import BlockProof
    from ipledger.verifier.core.bundle import EvidenceBundle

VERIFIER_KEY_NAME = "log.pub"


@dataclass(frozen=True)
class Backlog:
    """Entries no anchor in a block covers yet, and when the oldest of them arrived (ms UTC)."""

    entries: int
    oldest_received_at: int | None


class Deployment:
    """One ipledger deployment: its settings, log store, log key, chain and anchoring worker.

    `init` creates the data directory, `open` opens an initialized one; tests and embedders
    may build one from its parts. The chain is opened on first use of `chain` (the managed
    local node is started then), once, whichever thread asks first; `target` and
    `open_chain_or_none` never connect. `evidence_bundle` is the one way a bundle is built.
    """

    def __init__(
        self,
        settings: Settings,
        store: LogStore,
        log_signer: LogSigner,
        *,
        chain_opener: ChainOpener = open_chain,
    ) -> None:
        """Use opened parts; `chain_opener(settings)` connects the chain when first needed."""
        self.settings = settings
        self.store = store
        self.log_signer = log_signer
        self._chain_opener = chain_opener
        self._chain: ChainConnection | None = None
        self._chain_lock = threading.Lock()
        # The chain part of final anchors' bundles (block header, receipt, trie proof), by
        # (transaction, block): every entry under one anchor shares it.

    @classmethod
    def init(cls, settings: Settings) -> tuple[Deployment, bool]:
        """Create the data directory, the log key (unless present) and the database.

        Returns the opened deployment and whether a new key was generated. An existing key
        is never replaced: a log's key is its identity.
        """
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        key_file = settings.resolved_log_key_file
        created = not key_file.exists()
        if created:
            signer = LogSigner.generate(settings.origin or DEFAULT_ORIGIN)
            signer.save(key_file)
        else:
            signer = LogSigner.load(key_file)
        signer.write_verifier_key(verifier_key_file(settings))
        return cls._bound(settings, signer), created

    @classmethod
    def open(cls, settings: Settings) -> Deployment:
        """Open an initialized deployment (its database migrated on open).

        Raises `DataDirError` when the data directory holds no usable log key.
        """
        key_file = settings.resolved_log_key_file
        if not key_file.exists():
            raise DataDirError(
                settings.data_dir,
                f"no log key at {key_file}: run `ipledger init` first (or set "
                "IPLEDGER_DATA_DIR, or IPLEDGER_LOG_KEY_FILE)",
            )
        try:
            signer = LogSigner.load(key_file)
        except KeyFileError as exc:
            raise DataDirError(settings.data_dir, str(exc)) from exc
        return cls._bound(settings, signer)

    @classmethod
    def _bound(cls, settings: Settings, signer: LogSigner) -> Deployment:
        """Open the store and tie it to the key's identity; refuse settings that disagree.

        The first open records (origin, verifier key) in the database; every later open,
        by any process, must present the same key, and IPLEDGER_ORIGIN, when set, must
        name the recorded origin: a log's name is fixed when it is created.
        """
        store = LogStore.open(settings.resolved_database_url, tile_cache=settings.tile_cache)
        identity = LogIdentity(signer.name, signer.verifier_key)
        try:
            recorded = bind_identity(store.engine, identity)
            if recorded != identity:
                raise DataDirError(
                    settings.data_dir,
                    f"the log key {settings.resolved_log_key_file} is {identity.verifier_key}, "
                    f"but the database records the log {recorded.origin!r} with the key "
                    f"{recorded.verifier_key}: point IPLEDGER_LOG_KEY_FILE and "
                    "IPLEDGER_DATABASE_URL at one log's key and database",
                )
            if settings.origin is not None and settings.origin != recorded.origin:
                raise DataDirError(
                    settings.data_dir,
                    f"this log's origin is {recorded.origin!r} (fixed when it was created), "
                    f"but the settings ask for {settings.origin!r}: unset IPLEDGER_ORIGIN (or "
                    "--origin), or use another data directory for a new log",
                )
        except BaseException:
            store.close()
            raise
        return cls(settings, store, signer)

    # -- the log -------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        """Return the log's origin, the first line of its checkpoints."""
        return self.log_signer.name

    @property
    def verifier_key(self) -> str:
        """Return the log's C2SP verifier key (checkpoints and receipts)."""
        return self.log_signer.verifier_key

    @property
    def engine(self) -> Engine:
        """Return the database engine (log, checkpoints, anchors, tenants)."""
        return self.store.engine

    def close(self) -> None:
        """Release the database connections."""
        self.store.close()

    # -- the chain -----------------------------------------------------------------------

    @property
    def chain(self) -> ChainConnection:
        """Return the chain connection, opening it on first use (ChainError, ConfigError)."""
        with self._chain_lock:
            if self._chain is None:
                self._chain = self._chain_opener(self.settings)
            return self._chain

    def open_chain_or_none(self) -> ChainConnection | None:
        """Return the chain connection if it has been opened, without connecting."""
        return self._chain

    @property
    def target(self) -> AnchorTarget | None:
        """Return where this log is anchored once the chain is open, else None."""
        chain = self._chain
        return None if chain is None else chain.target

    def anchors(self, limit: int, before: int | None = None) -> list[AnchorRecord]:
        """Return this log's anchors on its chain, newest size first, of sizes below `before`.

        Empty until the chain is open: only anchors of this deployment's target count.
        """
        from sqlmodel import Session

        from ipledger.ledger.anchoring import list_anchors

        target = self.target
        if target is None:
            return []
        with Session(self.store.engine) as session:
            return list_anchors(session, target, limit=limit, before=before)

    def anchor_for_entry(self, index: int) -> AnchorRecord | None:
        """Return the anchor covering entry `index` on chain, else the one on its way, or None.

        None too until the chain is open (see `anchor_for_entry` in anchoring.queries).
        """
        from ipledger.ledger.anchoring.queries import anchor_for_entry

        target = self.target
        if target is None:
            return None
        return anchor_for_entry(self.store.engine, index, target)

    def backlog(self) -> Backlog:
        """Return the entries past the largest anchor in a block, and the oldest one's time."""
        from sqlmodel import Session

        from ipledger.ledger.anchoring.queries import anchored_size

        with Session(self.store.engine) as session:
            anchored = anchored_size(session, self.target)
        size = self.store.size()
        if size <= anchored:
            return Backlog(0, None)
        return Backlog(size - anchored, self.store.entry(anchored).received_at)

    def worker(self, policy: CheckpointPolicy | None = None) -> AnchoringWorker:
        """Return the worker that cuts due checkpoints and anchors them on the chain."""
        from ipledger.ledger.anchoring import AnchoringWorker, StoreLogSource
        from ipledger.ledger.anchoring.source import checkpoint_cutter
        from ipledger.ledger.cosigning.client import Cosigner
        from ipledger.ledger.timestamping.client import Timestamper

        chain = self.chain
        if policy is None:
            policy = CheckpointPolicy(self.settings.batch_interval, self.settings.batch_max)
        upgrader = self._proof_upgrader(chain.preset.chain_id)
        settings = self.settings
        cosigner = Cosigner(self.store, settings.witness_endpoints, settings.witness_timeout)
        stamper = Timestamper(self.store, settings.tsa_endpoints, settings.tsa_roots,
                              settings.tsa_timeout)

        def after_step() -> None:  # proofs, cosignatures, tokens: off the commit path; never raise
            upgrader.poll()
            cosigner.poll()
            stamper.poll()

        return AnchoringWorker(
            self.store.engine,
            StoreLogSource(self.store),
            chain.w3,
            chain.contract,
            chain.signer,
            confirmations=max(1, chain.confirmations),
            finality="finalized" if chain.preset.use_finalized_tag else "confirmations",
            checkpointer=checkpoint_cutter(self.store, self.log_signer, policy),
            chain_id=chain.preset.chain_id,
            lease_ttl=self.settings.anchor_lease_ttl,
            after_step=after_step,
        )

    # -- canonicality proofs (ledger/beacon) ---------------------------------------------

    def beacon_api(self, url: str | None = None) -> BeaconApi | None:
        """Return a client of the Beacon API at `url` (default IPLEDGER_BEACON_API), or None."""
        from ipledger.ledger.beacon.api import BeaconApi

        url = url or self.settings.beacon_api
        return None if url is None else BeaconApi(url)

    def _proof_upgrader(self, chain_id: int) -> ProofUpgrader:
        from ipledger.ledger.beacon.upgrade import ProofUpgrader

        return ProofUpgrader(self.store.engine, chain_id, self.beacon_api)

    def block_proof(self, block_hash: str) -> StoredBlockProof | None:
        """Return the stored canonicality proof (Portal type name, SSZ) of a block, or None."""
        from ipledger.ledger.beacon.store import read_block_proof

        return read_block_proof(self.store.engine, block_hash)

    def upgrade_proofs(self, beacon_api: str | None = None) -> list[UpgradeOutcome]:
        """Try once to prove every final anchor without a proof; say per anchor what happened."""
        from ipledger.ledger.beacon.upgrade import upgrade_anchors

        api = self.beacon_api(beacon_api)
        try:
            return upgrade_anchors(self.store.engine, api)
        finally:
            if api is not None:
                api.close()

    # -- evidence ------------------------------------------------------------------------

    def evidence_bundle(
        self, index: int, *, anchor: AnchorRecord | None = None, final_only: bool = True
    ) -> EvidenceBundle:
        """Return the evidence bundle of entry `index`, checked offline before it is returned.

        Under `anchor` when given (it must cover the entry), else under the first anchor
        covering the entry, which with `final_only` (the default) must be final. Raises
        `OutOfRange` for an entry that does not exist and `BundleUnavailable` while no
        anchor covers it.
        """
        return self.evidence_assembled(index, anchor=anchor, final_only=final_only).bundle

    def evidence_assembled(
        self, index: int, *, anchor: AnchorRecord | None = None, final_only: bool = True,
        ask_node: bool = True,
    ) -> AssembledBundle:
        """As `evidence_bundle`, with the JSON text the bundle was checked in (to hand out).

        `ask_node=False`: never ask the chain's node (`ChainPartNotKept` if it would have to).
        """
        if anchor is None:  # (with one, assembling reads the entry first: OutOfRange there)
            from ipledger.ledger.anchoring import anchor_covering

            self.store.entry(index)  # OutOfRange for an entry that does not exist
            target = self.chain.target
            anchor = anchor_covering(self.store.engine, index, target, final_only=final_only)
        if anchor is None or anchor.tx_hash is None:
            raise BundleUnavailable(not_anchored_message(index, final_only=final_only))
        return self._assemble(index, anchor, ask_node=ask_node)

    def _assemble(
        self, index: int, anchor: AnchorRecord,
        checkpoint_note: str | None = None, timestamps: tuple[bytes, ...] | None = None,
        *, ask_node: bool = True,
    ) -> AssembledBundle:
        from ipledger.ledger.evidence.bundle import assemble_bundle

        assert anchor.tx_hash is not None
        return assemble_bundle(
            self.store,
            self.chain.w3,
            index,
            tree_size=anchor.tree_size,
            tx_hash=anchor.tx_hash,
            contract=anchor.contract,
            verifier_key=self.verifier_key,
            chain_evidence=self._chain_parts.of(self.chain.w3, anchor, ask_node=ask_node),
            block_proof=self._block_proof(anchor),
            checkpoint_note=checkpoint_note,
            timestamps=timestamps,
            checked=self._checked_anchors,
        )

    def _block_proof(self, anchor: AnchorRecord) -> BlockProof | None:
        from ipledger.ledger.beacon.store import read_anchor_block_proof

        return read_anchor_block_proof(self.store.engine, anchor)

    def evidence_bundles(self, indices: Iterable[int]) -> dict[int, EvidenceBundle | None]:
        """Return the bundle of each entry in `indices`, None for one no final anchor covers.

        Each anchor's chain part is read from the node once for all its entries (see
        `evidence_bundle` for the checks and errors).
        """
        from sqlmodel import Session

        from ipledger.ledger.anchoring import anchor_covering

        target = self.chain.target
        out: dict[int, EvidenceBundle | None] = {}
        with Session(self.store.engine) as session:
            anchors = {
                i: anchor_covering(session, i, target, final_only=True) for i in set(indices)
            }
        # Bundles under one anchor share its signed checkpoint and tokens, read once (they may
        # arrive meanwhile), so that the others carry the first's and only their entries are
        # checked again (`CheckedAnchors`).
        checked: dict[int, EvidenceBundle] = {}
        for index in sorted(anchors):
            anchor = anchors[index]
            if anchor is None or anchor.tx_hash is None:
                out[index] = None
                continue
            first = checked.get(anchor.tree_size)
            if first is None:
                bundle = self._assemble(index, anchor).bundle
            else:
                bundle = self._assemble(index, anchor, first.checkpoint, first.timestamps).bundle
            if first is not None and bundle.checkpoint != first.checkpoint:
                raise BundleSelfCheckFailed(f"entry {index}: the checkpoint changed meanwhile")
            checked.setdefault(anchor.tree_size, bundle)
            out[index] = bundle
        return out

    @functools.cached_property
    def _checked_anchors(self) -> CheckedAnchors:
        from ipledger.ledger.evidence.bundle import CheckedAnchors  # imports web3: on first use

        return CheckedAnchors()

    @functools.cached_property
    def _chain_parts(self) -> ChainParts:
        from ipledger.ledger.evidence.bundle import ChainParts  # imports web3: on first use

        return ChainParts()


def verifier_key_file(settings: Settings) -> Path:
    """Return where the log's public verifier key is published in the data directory."""
    return settings.data_dir / VERIFIER_KEY_NAME
