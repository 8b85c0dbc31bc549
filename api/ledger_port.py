"""The API's view of the ledger: the log store, checkpoints and submissions tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection, Engine

from api.context import AnchorView, CheckpointView, EntryView, NewEntry, Owner
from ledger.checkpoints import Checkpoint
from ledger.config import Settings
from ledger.entries import LogEntry
from ledger.entries import NewEntry as StoreEntry
from ledger.errors import ConfigError, OutOfRange
from ledger.keys import LogSigner
from ledger.store import LogStore
from ledger.tenants import Submission

_submissions = Submission.__table__  # type: ignore[attr-defined]
_checkpoints = Checkpoint.__table__  # type: ignore[attr-defined]


class StoreLedger:
    """`LedgerPort` on a `LogStore`: entries with their owners, checkpoints, anchors."""

    def __init__(self, store: LogStore) -> None:
        """Serve from `store` (its engine must be migrated to the newest revision)."""
        self.store = store

    @property
    def engine(self) -> Engine:
        """Return the store's engine."""
        return self.store.engine

    def append(
        self,
        runs: Sequence[tuple[Owner, Sequence[NewEntry]]],
        within: Callable[[Connection, list[list[EntryView]]], None],
    ) -> None:
        """Append all runs in one store transaction; record owners; call `within` before commit."""
        items = [
            StoreEntry(e.digest, e.nonce, e.metadata, e.metadata_hash)
            for _, entries in runs
            for e in entries
        ]

        def hook(conn: Connection, stored: list[LogEntry]) -> None:
            grouped: list[list[EntryView]] = []
            rows = []
            offset = 0
            for owner, entries in runs:
                run = stored[offset : offset + len(entries)]
                offset += len(entries)
                grouped.append([_view(e, owner.tenant_id) for e in run])
                rows.append(
                    {
                        "first_index": run[0].index,
                        "count": len(run),
                        "tenant_id": owner.tenant_id,
                        "key_id": owner.key_id,
                    }
                )
            conn.execute(insert(_submissions), rows)
            within(conn, grouped)

        self.store.append(items, within=hook)

    def size(self) -> int:
        """Return the number of entries."""
        return self.store.size()

    def _owner(self, index: int) -> int | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(_submissions.c.first_index, _submissions.c.count, _submissions.c.tenant_id)
                .where(_submissions.c.first_index <= index)
                .order_by(_submissions.c.first_index.desc())
                .limit(1)
            ).first()
        if row is None or index >= row.first_index + row.count:
            return None
        tenant: int = row.tenant_id
        return tenant

    def entry(self, index: int) -> EntryView | None:
        """Return entry `index` with its tenant, or None past the end."""
        try:
            found = self.store.entry(index)
        except OutOfRange:
            return None
        return _view(found, self._owner(index))

    def earliest(self, digest: bytes) -> EntryView | None:
        """Return the earliest entry of a digest with its tenant, or None."""
        found = self.store.earliest(digest)
        return None if found is None else _view(found, self._owner(found.index))

    def root(self, size: int) -> bytes:
        """Return the root of the tree of `size` entries."""
        return self.store.root(size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """Return an RFC 9162 inclusion proof."""
        return self.store.inclusion_proof(index, size)

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """Return an RFC 9162 consistency proof."""
        return self.store.consistency_proof(size1, size2)

    def _checkpoint(self, where: Any, newest: bool = False) -> CheckpointView | None:
        order = _checkpoints.c.tree_size.desc() if newest else _checkpoints.c.tree_size.asc()
        query = select(_checkpoints.c.tree_size, _checkpoints.c.root, _checkpoints.c.note)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as conn:
            row = conn.execute(query.order_by(order).limit(1)).first()
        return None if row is None else CheckpointView(row.tree_size, bytes(row.root), row.note)

    def latest_checkpoint(self) -> CheckpointView | None:
        """Return the newest checkpoint, or None."""
        return self._checkpoint(None, newest=True)

    def checkpoint(self, size: int) -> CheckpointView | None:
        """Return the checkpoint of exactly `size` entries, or None."""
        return self._checkpoint(_checkpoints.c.tree_size == size)

    def covering_checkpoint(self, index: int) -> CheckpointView | None:
        """Return the smallest checkpoint including entry `index`, or None."""
        return self._checkpoint(_checkpoints.c.tree_size > index)

    def anchors(self, limit: int, before: int | None) -> list[AnchorView]:
        """Return anchors, newest first (none until the anchoring worker is merged)."""
        return []

    def covering_anchor(self, index: int) -> AnchorView | None:
        """Return the earliest anchor covering entry `index` (none until anchoring is merged)."""
        return None

    def chain_info(self) -> Mapping[str, Any]:
        """Return chain_id, contract and log_address (unknown until the chain is merged)."""
        return {"chain_id": None, "contract": None, "log_address": None}

    def ping(self) -> None:
        """Run a trivial query; raise when the database does not answer."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


def _view(entry: LogEntry, tenant_id: int | None) -> EntryView:
    return EntryView(
        index=entry.index,
        digest=entry.digest,
        nonce=entry.nonce,
        metadata=entry.metadata_jcs,
        metadata_hash=entry.metadata_hash,
        received_at=entry.received_at,
        leaf_hash=entry.leaf_hash,
        tenant_id=tenant_id,
    )


@dataclass(frozen=True)
class OpenedLedger:
    """A deployment's ledger port and log key, opened from its settings."""

    ledger: StoreLedger
    signer: LogSigner


def open_ledger(settings: Settings) -> OpenedLedger:
    """Open (and migrate) the database and load the log signing key named by `settings`."""
    path = settings.resolved_log_key_file
    if not path.exists():
        raise ConfigError(
            f"no log key at {path}: create one with `ipledger init`, or set IPLEDGER_LOG_KEY_FILE"
        )
    signer = LogSigner.load(path)
    return OpenedLedger(StoreLedger(LogStore.open(settings.resolved_database_url)), signer)
