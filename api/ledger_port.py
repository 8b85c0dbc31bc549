"""The API's view of the ledger: the log store, checkpoints and submissions tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from ipledger.api.context import AnchorView, Backlog, CheckpointView, EntryView, NewEntry, Owner
from ipledger.ledger.anchoring.models import Anchor, AnchorRecord
from ipledger.ledger.anchoring.queries import (
    AnchorTarget,
    anchor_covering,
    list_anchors,
    target_filter,
)
from ipledger.ledger.anchoring.states import IN_FLIGHT_STATES, ON_CHAIN_STATES
from ipledger.ledger.checkpoints import Checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.entries import LogEntry
from ipledger.ledger.errors import ConfigError, OutOfRange
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Submission

_submissions = Submission.__table__  # type: ignore[attr-defined]
_checkpoints = Checkpoint.__table__  # type: ignore[attr-defined]


def _no_target() -> AnchorTarget | None:
    return None


class StoreLedger:
    """`LedgerPort` on a `LogStore`: entries with their owners, checkpoints, anchors."""

    def __init__(
        self, store: LogStore, target: Callable[[], AnchorTarget | None] = _no_target
    ) -> None:
        """Serve from `store` (its engine must be migrated to the newest revision).

        `target()` names the (chain, contract, operator) whose anchors count, once the
        chain is connected; until then (or without a chain) no anchor is shown.
        """
        self.store = store
        self.target = target
        param = "?" if store.engine.dialect.paramstyle == "qmark" else "%s"
        self._insert_submissions = (
            "INSERT INTO submissions (first_index, count, tenant_id, key_id) "
            f"VALUES ({param}, {param}, {param}, {param})"
        )

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
        items = [e for _, entries in runs for e in entries]

        def hook(conn: Connection, stored: list[LogEntry]) -> None:
            grouped: list[list[EntryView]] = []
            rows: list[list[Any]] = []  # first index, count, tenant, key
            offset = 0
            for owner, entries in runs:
                run = stored[offset : offset + len(entries)]
                offset += len(entries)
                tenant = owner.tenant_id
                grouped.append([EntryView(*e, tenant) for e in run])
                last = rows[-1] if rows else None
                if last is not None and (last[2], last[3]) == (tenant, owner.key_id):
                    last[1] += len(run)  # adjacent runs of one key: one row
                else:
                    rows.append([run[0].index, len(run), tenant, owner.key_id])
            conn.exec_driver_sql(self._insert_submissions, [tuple(r) for r in rows])
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
        """Return this log's anchors on its chain, newest size first, below `before`."""
        target = self.target()
        if target is None:
            return []
        with Session(self.engine) as session:
            found = list_anchors(session, target, limit=limit, before=before)
        return [_anchor_view(a) for a in found]

    def covering_anchor(self, index: int) -> AnchorView | None:
        """Return the first anchor in a block covering `index`, else the one on its way.

        Entry `index` is covered by an anchor of a size above it. "On its way" is a
        pending or sent anchor (not yet in a block): shown so a client sees progress.
        """
        target = self.target()
        if target is None:
            return None
        with Session(self.engine) as session:
            found = anchor_covering(session, index, target)
            if found is None:
                row = session.execute(
                    select(Anchor)
                    .where(
                        *target_filter(target),
                        col(Anchor.tree_size) > index,
                        col(Anchor.state).in_([s.value for s in IN_FLIGHT_STATES]),
                    )
                    .order_by(col(Anchor.tree_size))
                    .limit(1)
                ).first()
                found = None if row is None else AnchorRecord.of(row[0])
        return None if found is None else _anchor_view(found)

    def chain_info(self) -> Mapping[str, Any]:
        """Return chain_id, contract and log_address (None until the chain is connected)."""
        target = self.target()
        if target is None:
            return {"chain_id": None, "contract": None, "log_address": None}
        return {
            "chain_id": target.chain_id,
            "contract": target.contract,
            "log_address": target.log_address,
        }

    def backlog(self) -> Backlog:
        """Return the entries past the largest anchor in a block, and the oldest's time."""
        target = self.target()
        anchored = 0
        if target is not None:
            with Session(self.engine) as session:
                largest = session.execute(
                    select(func.max(Anchor.tree_size)).where(
                        *target_filter(target),
                        col(Anchor.state).in_([s.value for s in ON_CHAIN_STATES]),
                    )
                ).first()
            anchored = int(largest[0] or 0) if largest is not None else 0
        size = self.store.size()
        if size <= anchored:
            return Backlog(0, None)
        return Backlog(size - anchored, self.store.entry(anchored).received_at)

    def ping(self) -> None:
        """Run a trivial query; raise when the database does not answer."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


def _anchor_view(anchor: AnchorRecord) -> AnchorView:
    return AnchorView(
        size=anchor.tree_size,
        root=anchor.root,
        state=anchor.state.value,
        chain_id=anchor.chain_id,
        contract=anchor.contract,
        tx_hash=anchor.tx_hash,
        block_number=anchor.block_number,
        block_hash=anchor.block_hash,
        block_time=anchor.block_time,
    )


def _view(entry: LogEntry, tenant_id: int | None) -> EntryView:
    return EntryView(*entry, tenant_id)


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
