"""Read-side queries over anchors: which anchor covers an entry, listings for the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, func, select

from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt, AnchorRecord
from ipledger.ledger.anchoring.states import IN_FLIGHT_STATES, ON_CHAIN_STATES, AnchorState
from ipledger.ledger.db import driver_rows, param_marker, read_rows

# AnchorRecord's fields, each an `anchors` column of the same name.
_RECORD_FIELDS = [field.name for field in fields(AnchorRecord)]
_RECORD_COLUMNS = ", ".join(_RECORD_FIELDS)


@dataclass(frozen=True)
class AnchorTarget:
    """Where a log is anchored: chain id, EvidenceAnchor address, log (operator) address."""

    chain_id: int
    contract: str
    log_address: str


def target_filter(target: AnchorTarget) -> tuple[Any, ...]:
    """Return the WHERE clauses selecting `target`'s anchors."""
    return (
        Anchor.chain_id == target.chain_id,
        Anchor.contract == target.contract,
        Anchor.log_address == target.log_address,
    )


def anchor_covering(
    source: Session | Engine, index: int, target: AnchorTarget | None = None, *,
    final_only: bool = False,
) -> AnchorRecord | None:
    """Return the anchor covering entry `index`: the smallest on-chain anchor with size > index.

    On chain means included or final (`final_only` keeps final ones). Entries need
    no per-entry write: coverage is this query. Precondition: `index >= 0`. `source`:
    a session (read in its transaction) or an engine (one read, no transaction begun).
    """
    if index < 0:
        raise ValueError("entry index must be >= 0")
    # Driver SQL: every bundle request asks this, and the ORM's select cost several times
    # the indexed lookup (docs/benchmarks.md, "Read path"). From an engine, on a raw pooled
    # connection: a session's BEGIN and close were a fifth of a bundle request.
    p = param_marker(source if isinstance(source, Engine) else source.connection())
    states = [AnchorState.FINAL.value] if final_only else [s.value for s in ON_CHAIN_STATES]
    where = f"tree_size > {p} AND state IN ({', '.join([p] * len(states))})"
    params: list[Any] = [index, *states]
    if target is not None:
        where += f" AND chain_id = {p} AND contract = {p} AND log_address = {p}"
        params += [target.chain_id, target.contract, target.log_address]
    sql = f"SELECT {_RECORD_COLUMNS} FROM anchors WHERE {where} ORDER BY tree_size LIMIT 1"
    if isinstance(source, Engine):
        rows = read_rows(source, sql, params)
    else:
        rows = driver_rows(source.connection(), sql, params)
    if not rows:
        return None
    record = dict(zip(_RECORD_FIELDS, rows[0], strict=True))
    record["root"], record["state"] = bytes(record["root"]), AnchorState(record["state"])
    return AnchorRecord(**record)


def list_anchors(
    session: Session, target: AnchorTarget | None = None, *,
    states: Iterable[AnchorState] | None = None, limit: int = 100, offset: int = 0,
    before: int | None = None,
) -> list[AnchorRecord]:
    """Return anchors, newest size first.

    Optionally only those of `target`, in `states`, or of sizes below `before` (to
    page by the last size seen).
    """
    clauses: list[Any] = []
    if before is not None:
        clauses.append(Anchor.tree_size < before)
    if target is not None:
        clauses.extend(target_filter(target))
    if states is not None:
        clauses.append(col(Anchor.state).in_([AnchorState(s).value for s in states]))
    rows = session.exec(
        select(Anchor).where(*clauses).order_by(col(Anchor.tree_size).desc())
        .offset(offset).limit(limit)
    ).all()
    return [AnchorRecord.of(r) for r in rows]


def get_anchor(session: Session, anchor_id: int) -> AnchorRecord | None:
    """Return one anchor by id."""
    row = session.get(Anchor, anchor_id)
    return AnchorRecord.of(row) if row is not None else None


def attempts_of(session: Session, anchor_id: int) -> list[AnchorAttempt]:
    """Return every transaction attempt of an anchor, oldest first (all nonces)."""
    return list(session.exec(
        select(AnchorAttempt).where(AnchorAttempt.anchor_id == anchor_id)
        .order_by(col(AnchorAttempt.id))
    ).all())


def anchor_for_entry(engine: Engine, index: int, target: AnchorTarget) -> AnchorRecord | None:
    """Return the anchor that covers entry `index` on chain, else the one on its way, or None.

    The first is `anchor_covering`'s (included or final); "on its way" is the smallest
    pending or sent anchor of a size above the entry, shown so a client sees progress.
    """
    found = anchor_covering(engine, index, target)
    if found is not None:
        return found
    with Session(engine) as session:
        return _on_its_way(session, index, target)


def _on_its_way(session: Session, index: int, target: AnchorTarget) -> AnchorRecord | None:
    row = session.exec(
        select(Anchor)
        .where(
            *target_filter(target),
            col(Anchor.tree_size) > index,
            col(Anchor.state).in_([s.value for s in IN_FLIGHT_STATES]),
        )
        .order_by(col(Anchor.tree_size))
    ).first()
    return None if row is None else AnchorRecord.of(row)


def anchored_size(session: Session, target: AnchorTarget | None) -> int:
    """Return the largest tree size anchored in a block (included or final) on `target`, or 0."""
    if target is None:
        return 0
    largest = session.exec(
        select(func.max(Anchor.tree_size)).where(
            *target_filter(target),
            col(Anchor.state).in_([s.value for s in ON_CHAIN_STATES]),
        )
    ).one()
    return int(largest or 0)


@dataclass(frozen=True)
class AnchoringFigures:
    """The log's and its anchors' figures as one process reads them (every process alike)."""

    log_size: int
    checkpoint_size: int
    final_size: int
    anchors_by_state: dict[str, int]
    gas_used: int
    oldest_unanchored_received_at: int | None
    latencies_ms: list[int]
    """Receipt to final: from the oldest entry each of the newest final anchors covered."""


def anchoring_figures(conn: Connection, latency_window: int) -> AnchoringFigures:
    """Read the figures /metrics reports in one connection: size, backlog, anchors, latency.

    Deployment-wide (every target's anchors), so that each API process reports the same.
    """
    size = int(conn.execute(text("SELECT size FROM log_state")).scalar_one())
    checkpoint = conn.execute(text("SELECT max(tree_size) FROM checkpoints")).scalar()
    states = conn.execute(text("SELECT state, count(*) FROM anchors GROUP BY state")).all()
    final = int(conn.execute(
        text("SELECT max(tree_size) FROM anchors WHERE state = 'final'")).scalar() or 0)
    gas = conn.execute(text("SELECT coalesce(sum(gas_used), 0) FROM anchors "
                            "WHERE state IN ('included', 'final')")).scalar()
    oldest = None
    if size > final:
        oldest = conn.execute(text("SELECT received_at FROM entries WHERE idx = :i"),
                              {"i": final}).scalar()
    latencies = [int(row[0]) for row in conn.execute(text(
        "SELECT a.final_at - e.received_at FROM anchors a JOIN entries e "
        "ON e.idx = coalesce(a.previous_size, 0) WHERE a.state = 'final' "
        "AND a.final_at IS NOT NULL ORDER BY a.tree_size DESC LIMIT :n"),
        {"n": latency_window})]
    return AnchoringFigures(
        log_size=size,
        checkpoint_size=int(checkpoint or 0),
        final_size=final,
        anchors_by_state={str(state): int(count) for state, count in states},
        gas_used=int(gas or 0),
        oldest_unanchored_received_at=None if oldest is None else int(oldest),
        latencies_ms=latencies,
    )
