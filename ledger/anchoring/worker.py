"""The anchoring worker: newest checkpoint on chain, surviving crashes, outages and reorgs."""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from ipledger.ledger.anchoring.chainio import TRANSIENT_ERRORS
from ipledger.ledger.anchoring.models import Anchor, AnchorRecord
from ipledger.ledger.anchoring.queries import anchor_covering, target_filter
from ipledger.ledger.anchoring.reconcile import Reconciler
from ipledger.ledger.anchoring.states import AnchorState
from ipledger.ledger.anchoring.worker_base import StepEvent, StepProgress, log_event
from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import AnchoringError, AnchoringTimeout, LeaseLost

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepResult:
    """What one `step()` did and found."""

    held_lease: bool
    events: tuple[StepEvent, ...] = ()
    holder: str | None = None
    """Owner of the lease when this worker did not hold it."""
    error: str | None = None
    """A transient failure (node unreachable, account without funds): retried with backoff."""
    halted: str | None = None
    """Why sending is halted until an operator calls `retry` (a failed anchor)."""
    unanchored: bool = False
    """The newest checkpoint is not yet final on chain."""


class AnchoringWorker(Reconciler):
    """Anchors a log's newest checkpoint on an EvidenceAnchor contract, one transaction at a time.

    States: pending -> sent -> included -> final (see `ledger.anchoring.states`).
    Every signed transaction is committed to the database before it is broadcast;
    on each step the worker reconciles what the chain says with what it recorded,
    so it may be killed at any point and restarted. Only the holder of the log's
    database lease sends anything.

    Built in layers: `WorkerBase` (configuration, chain and row reads), `Broadcaster`
    (choosing, signing, persisting, broadcasting and bumping anchors), `Reconciler` (what
    the chain says about them); this class adds the public API.
    """

    # -- public API ---------------------------------------------------------------

    def step(self) -> StepResult:
        """Run one pass: take the lease, cut a due checkpoint, reconcile, advance, maybe send."""
        if not self.lease.acquire():
            holder = self.lease.holder()
            return StepResult(held_lease=False, holder=holder.owner if holder else None)
        st = StepProgress()
        try:
            if self.checkpointer is not None:
                self.checkpointer()
            self._connect()
            head = int(self.w3.eth.block_number)
            self._recheck_final(st, head)
            for anchor in self._anchors(AnchorState.INCLUDED):
                self._advance_included(st, anchor, head)
            for anchor in self._anchors(AnchorState.SENT):
                self._advance_sent(st, anchor, head)
            halted = self._halt_reason()
            if halted is None and not self._anchors(AnchorState.SENT):
                self._maybe_anchor(st)
        except TRANSIENT_ERRORS as exc:
            # the exception's text may hold the RPC URL, whose path often holds an API key
            st.error = f"chain node unreachable ({type(exc).__name__}); will retry"
            log_event(logging.WARNING, "rpc_unavailable", error=type(exc).__name__)
            halted = None
        except LeaseLost as exc:
            log_event(logging.WARNING, "lease_lost", owner=self.owner)
            return StepResult(held_lease=False, events=tuple(st.events), error=str(exc))
        if self.after_step is not None:
            try:
                self.after_step()
            except Exception:  # proofs and the like are extras: anchoring goes on regardless
                log.exception("after-step hook failed owner=%s", self.owner)
        return StepResult(
            held_lease=True, events=tuple(st.events), error=st.error,
            halted=halted if halted is not None else self._halt_reason(),
            unanchored=self._unanchored(),
        )

    def run(self, stop: threading.Event, poll_interval: float = 2.0,
            max_backoff: float = 60.0) -> None:
        """Step until `stop` is set, backing off exponentially (with jitter) after errors.

        Backlog is never lost while waiting: checkpoints stay in the database and the
        next successful step anchors the newest one, covering all earlier entries.
        """
        failures = 0
        try:
            while not stop.is_set():
                try:
                    result: StepResult | None = self.step()
                except OperationalError as exc:  # database locked, full or restarting
                    orig = exc.orig if exc.orig is not None else exc
                    reason = str(orig).strip().splitlines()[0][:200] if str(orig).strip() else ""
                    result = StepResult(held_lease=False, error=(
                        f"database unavailable ({type(orig).__name__}: {reason}); will retry"))
                except Exception:  # a daemon logs and retries; state is in the database
                    log.exception("anchoring step failed owner=%s", self.owner)
                    result = None
                if result is not None:
                    # An operator must hear of a stall (no funds, node down, halted) once,
                    # when it starts, and again when it clears: not at every retry.
                    problem = result.error or result.halted
                    if problem != self.stalled:
                        if problem is not None:
                            log_event(logging.WARNING, "anchoring_stalled", reason=problem)
                        else:
                            log_event(logging.WARNING, "anchoring_resumed", after=self.stalled)
                        self.stalled = problem
                if result is None or result.error is not None:
                    failures += 1
                    delay = min(max_backoff, poll_interval * 2 ** min(failures - 1, 16))
                    delay *= random.uniform(0.8, 1.2)
                    log_event(logging.INFO, "backoff", seconds=round(delay, 2), failures=failures)
                else:
                    failures = 0
                    delay = poll_interval
                stop.wait(delay)
        finally:
            self.lease.release()

    def run_until_final(self, timeout: float, poll_interval: float = 0.2) -> AnchorRecord:
        """Step until the newest checkpoint is covered by a final anchor; return that anchor.

        Raises `AnchoringError` if nothing can be anchored or sending is halted, and
        `AnchoringTimeout` after `timeout` seconds. Gives the lease up when it returns or
        raises, as `run` does: a worker started next (`ipledger anchor` again, or `serve`)
        would otherwise wait for the lease to expire.
        """
        try:
            return self._step_until_final(timeout, poll_interval)
        finally:
            self.lease.release()

    def _step_until_final(self, timeout: float, poll_interval: float) -> AnchorRecord:
        deadline = time.monotonic() + timeout
        last: StepResult | None = None
        while True:
            last = self.step()
            if last.halted is not None:
                raise AnchoringError(last.halted)
            checkpoint = self.source.latest_checkpoint()
            if checkpoint is None:
                raise AnchoringError("nothing to anchor: the log has no checkpoint yet")
            if last.held_lease and self._chain_id is not None:
                done = self._final_covering(checkpoint.tree_size)
                if done is not None:
                    return done
            if time.monotonic() >= deadline:
                raise AnchoringTimeout(
                    f"checkpoint of size {checkpoint.tree_size} not final after {timeout}s"
                    + (f"; last error: {last.error}" if last.error else "")
                    + ("" if last.held_lease else f"; lease held by {last.holder}")
                )
            time.sleep(poll_interval)

    def anchor_covering(self, index: int, final_only: bool = False) -> AnchorRecord | None:
        """Return the first anchor (smallest size) whose size exceeds `index`, on chain."""
        with Session(self.engine) as session:
            return anchor_covering(session, index, self.target, final_only=final_only)

    def retry(self, anchor_id: int) -> AnchorRecord:
        """Re-arm a failed anchor (failed -> pending) once an operator fixed the cause."""
        with write_connection(self.engine) as conn, Session(bind=conn) as session:
            row = session.get(Anchor, anchor_id)
            if row is None:
                raise AnchoringError(f"no anchor with id {anchor_id}")
            self._move(row, AnchorState.PENDING)
            row.reason = f"retried after: {row.reason}"
            row.nonce = row.tx_hash = row.block_hash = None
            row.block_number = row.tx_index = row.block_time = row.gas_used = None
            session.add(row)
            session.commit()
            session.refresh(row)
            log_event(logging.WARNING, "anchor_retried", anchor=row.id, size=row.tree_size)
            return AnchorRecord.of(row)

    # -- what a step reports ----------------------------------------------------

    def _halt_reason(self) -> str | None:
        if self._chain_id is None:
            return None
        with Session(self.engine) as session:
            failed = session.exec(
                select(Anchor).where(*target_filter(self.target),
                                     Anchor.state == AnchorState.FAILED.value)
                .order_by(col(Anchor.tree_size))
            ).first()
        if failed is None:
            return None
        return (f"anchor {failed.id} (tree size {failed.tree_size}) failed: {failed.reason} "
                f"-- sending is halted; fix the cause, then retry anchor {failed.id}")

    def _unanchored(self) -> bool:
        checkpoint = self.source.latest_checkpoint()
        if checkpoint is None or self._chain_id is None:
            return False
        return self._final_covering(checkpoint.tree_size) is None

    def _final_covering(self, size: int) -> AnchorRecord | None:
        with Session(self.engine) as session:
            row = session.exec(
                select(Anchor).where(*target_filter(self.target),
                                     Anchor.state == AnchorState.FINAL.value,
                                     Anchor.tree_size >= size)
                .order_by(col(Anchor.tree_size))
            ).first()
            return AnchorRecord.of(row) if row is not None else None
