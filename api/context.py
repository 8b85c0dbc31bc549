"""What the routes reach through: the ledger port, signer, sequencer, limits, key checks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from sqlalchemy.engine import Connection, Engine

from ipledger.api.auth import KeyAuthenticator
from ipledger.api.limits import TokenBuckets
from ipledger.api.sequencer import Sequencer
from ipledger.ledger.config import Settings
from ipledger.ledger.entries import NewEntry as StoreNewEntry

# A validated submission: raw digest and nonce, canonical metadata (JCS text), its hash.
# The store's own value type, so that an append converts nothing.
NewEntry = StoreNewEntry


@dataclass(frozen=True)
class Owner:
    """Who submits: the tenant and the API key used."""

    tenant_id: int
    key_id: str


class EntryView(NamedTuple):
    """A stored entry as the API shows it: the store's `LogEntry` fields and its tenant.

    A tuple, so that `EntryView(*log_entry, tenant_id)` is cheap for a batch of 10,000.
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index, as LogEntry does
    digest: bytes
    nonce: bytes
    metadata_jcs: str | None
    metadata_hash: bytes
    received_at: int
    leaf_hash: bytes
    tenant_id: int | None


@dataclass(frozen=True)
class CheckpointView:
    """A signed checkpoint."""

    size: int
    root: bytes
    note: str


@dataclass(frozen=True)
class AnchorView:
    """An anchor of a tree size and where it stands on chain."""

    size: int
    root: bytes
    state: str
    chain_id: int | None
    contract: str | None
    tx_hash: str | None
    block_number: int | None
    block_hash: str | None
    block_time: int | None


@dataclass(frozen=True)
class Backlog:
    """Entries not yet covered by an anchor in a block, and when the oldest arrived."""

    entries: int
    oldest_received_at: int | None


@dataclass(frozen=True)
class ChainStatus:
    """The chain as one API process sees it, for /v1/health."""

    state: str  # ok, unavailable, connecting
    chain_id: int | None = None
    head: int | None = None
    signer_address: str | None = None
    signer_balance_wei: int | None = None
    anchoring: str = "off"  # here, elsewhere, idle, off
    error: str | None = None


class ChainPort(Protocol):
    """The chain side of an API process: its anchoring worker, bundles and health."""

    def start(self) -> None:
        """Connect (in the background) and start anchoring."""
        ...

    def stop(self) -> None:
        """Stop anchoring and release the worker's lease."""
        ...

    def status(self) -> ChainStatus:
        """Probe the node (briefly) and report."""
        ...

    def evidence(self, index: int, anchor: AnchorView) -> bytes | None:
        """Return entry `index`'s evidence bundle (JSON) under a final `anchor`, or None."""
        ...


class LedgerPort(Protocol):
    """The ledger operations the API needs; `api.ledger_port` implements them on the store."""

    @property
    def engine(self) -> Engine:
        """Return the database engine (API keys and idempotency records live there too)."""
        ...

    def append(
        self,
        runs: Sequence[tuple[Owner, Sequence[NewEntry]]],
        within: Callable[[Connection, list[list[EntryView]]], None],
    ) -> None:
        """Append every run in ONE transaction, in order, recording each run's owner.

        `within(conn, stored runs)` runs inside the transaction after the inserts and before
        the commit; if it raises, nothing is stored.
        """
        ...

    def size(self) -> int:
        """Return the number of entries."""
        ...

    def entry(self, index: int) -> EntryView | None:
        """Return entry `index`, or None past the end."""
        ...

    def earliest(self, digest: bytes) -> EntryView | None:
        """Return the earliest entry of a digest, or None."""
        ...

    def root(self, size: int) -> bytes:
        """Return the root of the tree of `size` entries."""
        ...

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """Return the RFC 9162 inclusion proof of `index` in the tree of `size`."""
        ...

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """Return the RFC 9162 consistency proof between two sizes."""
        ...

    def latest_checkpoint(self) -> CheckpointView | None:
        """Return the newest signed checkpoint, or None before the first."""
        ...

    def checkpoint(self, size: int) -> CheckpointView | None:
        """Return the checkpoint of exactly `size` entries, or None."""
        ...

    def covering_checkpoint(self, index: int) -> CheckpointView | None:
        """Return the smallest checkpoint including entry `index`, or None."""
        ...

    def anchors(self, limit: int, before: int | None) -> list[AnchorView]:
        """Return anchors, newest first, of sizes below `before` when given."""
        ...

    def covering_anchor(self, index: int) -> AnchorView | None:
        """Return the earliest anchor covering entry `index`, or None."""
        ...

    def chain_info(self) -> Mapping[str, Any]:
        """Return chain_id, contract and log_address (None when unknown)."""
        ...

    def backlog(self) -> Backlog:
        """Return how many entries no anchor in a block covers yet, and the oldest's time."""
        ...

    def ping(self) -> None:
        """Raise when the database cannot be reached."""
        ...


EvidenceBuilder = Callable[[int, AnchorView], bytes | None]


@dataclass
class ApiContext:
    """Everything a request handler may use; built once per process by `create_app`."""

    settings: Settings
    engine: Engine
    ledger: LedgerPort
    origin: str
    verifier_key: str
    sign: Callable[[str], str]
    sequencer: Sequencer
    buckets: TokenBuckets
    keys: KeyAuthenticator
    evidence: EvidenceBuilder
    chain: ChainPort | None = None
    # Idempotency keys being handled in this process: a concurrent retry waits for the first.
    in_flight: dict[tuple[int, str], asyncio.Event] = field(default_factory=dict)
