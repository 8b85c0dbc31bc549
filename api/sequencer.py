"""Group commit: concurrent submissions share one append transaction and one signed receipt."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ipledger.ledger.entries import LogEntry, NewEntry
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, append_for_tenants

log = logging.getLogger("ipledger.api")

GROUP_MAX = 10_000


@dataclass(frozen=True)
class Committed:
    """What one submission gets back: its stored entries, the signed note and its proofs.

    `proofs[i]` is the inclusion proof of `entries[i]` in the note's tree, or None when the
    submission is the note's whole tree (a batch), whose client recomputes the root.
    """

    entries: list[LogEntry]
    note: str
    first_index: int
    count: int
    proofs: list[list[bytes]] | None


InTransaction = Callable[[Connection, Committed], None]


@dataclass
class _Job:
    items: list[NewEntry]
    owner: Principal
    alone: bool
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Committed]
    in_transaction: InTransaction | None


class Sequencer:
    """One writer thread per process appending queued submissions in groups.

    Single submissions waiting together are committed in ONE transaction (up to
    `GROUP_MAX` entries) and share one receipt note, signed inside the transaction; a
    batch, or a submission with an idempotency key (`alone=True`), is a group of its own,
    so that its failure never fails others. Every future is resolved only after the
    commit, or failed with the error that rolled the group back.
    """

    def __init__(self, store: LogStore, sign: Callable[[str], str], origin: str) -> None:
        """Append to `store`, sign receipts with `sign`; `start()` launches the writer thread."""
        self._store = store
        self._sign = sign
        self._origin = origin
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._held: _Job | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Launch the writer thread (idempotent)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="ipledger-sequencer", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        """Finish the queued jobs, then stop the writer thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    async def submit(
        self,
        items: list[NewEntry],
        owner: Principal,
        *,
        alone: bool,
        in_transaction: InTransaction | None = None,
    ) -> Committed:
        """Queue `items` and wait until they are committed and signed for.

        `in_transaction(conn, result)` runs inside the append transaction, e.g. to record an
        idempotency key atomically with the entries.
        """
        self.start()
        loop = asyncio.get_running_loop()
        job = _Job(items, owner, alone, loop, loop.create_future(), in_transaction)
        self._queue.put(job)
        return await job.future

    def _next_group(self) -> list[_Job] | None:
        first = self._held if self._held is not None else self._queue.get()
        self._held = None
        if first is None:
            return None
        group = [first]
        if first.alone:
            return group
        total = len(first.items)
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self._queue.put(None)  # stop once this group is done
                break
            if job.alone or total + len(job.items) > GROUP_MAX:
                self._held = job
                break
            group.append(job)
            total += len(job.items)
        return group

    def _run(self) -> None:
        while True:
            group = self._next_group()
            if group is None:
                return
            try:
                results = self._commit(group)
            except Exception as exc:  # handed to every request of the group
                log.warning("append of %d submission(s) rolled back: %r", len(group), exc)
                for job in group:
                    job.loop.call_soon_threadsafe(_fail, job.future, exc)
                continue
            # One wake-up of each event loop for the whole group, not one per submission.
            by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Job, Committed]]] = {}
            for job, result in zip(group, results, strict=True):
                by_loop.setdefault(job.loop, []).append((job, result))
            for loop, done in by_loop.items():
                loop.call_soon_threadsafe(_resolve_all, done)

    def _commit(self, group: list[_Job]) -> list[Committed]:
        results: list[Committed] = []

        def within(conn: Connection, runs: list[list[LogEntry]]) -> None:
            flat = [entry for run in runs for entry in run]
            tree = ReceiptTree([entry.leaf_hash for entry in flat])
            first = flat[0].index
            note = self._sign(receipt_note_text(self._origin, first, tree))
            whole = len(group) == 1 and group[0].alone
            offset = 0
            for job, run in zip(group, runs, strict=True):
                proofs = None if whole else [tree.proof(offset + i) for i in range(len(run))]
                result = Committed(run, note, first, tree.size, proofs)
                if job.in_transaction is not None:
                    job.in_transaction(conn, result)
                results.append(result)
                offset += len(run)

        append_for_tenants(self._store, [(job.owner, job.items) for job in group], within)
        return results


def _resolve_all(done: list[tuple[_Job, Committed]]) -> None:
    for job, result in done:
        if not job.future.done():
            job.future.set_result(result)


def _fail(future: asyncio.Future[Committed], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
