"""Group commit: concurrent submissions share one append transaction and one signed receipt."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ipledger.ledger import idempotency
from ipledger.ledger.entries import LogEntry, NewEntry
from ipledger.ledger.errors import KeyRecorded
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, append_for_tenants

log = logging.getLogger("ipledger.api")

GROUP_MAX = 10_000
# Batches up to this size go to the writer process like single submissions; larger ones are
# committed in the API process. The trip costs about 0.3 ms plus 7-9 µs an entry (pickled
# both ways), as much as the commit itself: +0.7 ms at 64 entries, +2.2 ms at 256, +88 ms at
# 10,000, where `bench api --writer-process` ingested 0.67-0.72x the entries/s
# (docs/benchmarks.md, "API").
WRITER_BATCH_MAX = 64


@dataclass(frozen=True)
class Committed:
    """What one submission gets back: its stored entries, the signed note and its proofs.

    `proofs[i]` is the inclusion proof of `entries[i]` in the note's tree, or None when the
    submission is the note's whole tree (a batch), whose client recomputes the root. `body`
    is the answer recorded with the submission's idempotency key, if it had one.
    """

    entries: list[LogEntry]
    note: str
    first_index: int
    count: int
    proofs: list[list[bytes]] | None
    body: bytes | None = None


@dataclass(frozen=True)
class KeyRecord:
    """An idempotency key to record in the append transaction, with the answer it replays.

    `render` must be a module-level function: a KeyRecord crosses to the writer process
    pickled, and a function pickles by its name.
    """

    tenant_id: int
    key: str
    request_sha256: bytes
    render: Callable[[Committed], bytes]

    @property
    def slot(self) -> tuple[int, str]:
        """Return (tenant, key): what identifies the record."""
        return self.tenant_id, self.key

    def remembered(self, body: bytes) -> tuple[int, str, idempotency.StoredResponse]:
        """Return what `idempotency.remember_in` records: this key with its answer `body`."""
        return self.tenant_id, self.key, idempotency.StoredResponse(
            self.request_sha256, 201, body.decode("utf-8")
        )


class Writer(Protocol):
    """Commits groups elsewhere (ipledger.api.writer_process.WriterProcess)."""

    starts: int  # processes started so far
    commits: int  # groups committed so far
    last_error: str | None  # why the last process ended or did not start
    last_error_at: int | None  # when (ms UTC)

    @property
    def pid(self) -> int | None:
        """Return the running process's id, or None when none runs now."""

    def start(self) -> None:
        """Be ready to commit; raise if it cannot be."""

    def commit(
        self,
        runs: list[tuple[Principal, list[NewEntry]]],
        *,
        whole: bool,
        records: Sequence[KeyRecord | None],
    ) -> list[Committed]:
        """Commit `runs` as one group under one receipt note; return each run's result.

        The arguments are those of `commit_runs`.
        """

    def stop(self) -> None:
        """Release what `start` took."""


@dataclass
class _Job:
    items: list[NewEntry]
    owner: Principal
    alone: bool
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Committed]
    record: KeyRecord | None


class Sequencer:
    """One writer thread per process appending queued submissions in groups.

    Single submissions waiting together, with or without an idempotency key, are committed
    in ONE transaction (up to `GROUP_MAX` entries) and share one receipt note, signed inside
    the transaction; a batch (`alone=True`) is a group of its own, so that its failure never
    fails others. A recorded key (a retry's, or one another process recorded meanwhile)
    rolls its whole group back (an IntegrityError): the group's other submissions are then
    committed again, so only that one fails (`_refuse_recorded`). Every future is
    resolved only after the commit, or failed with the error that rolled its group back.
    With a `Writer` (the writer process), the thread hands it every group but batches of
    more than `WRITER_BATCH_MAX` entries.
    """

    def __init__(
        self,
        store: LogStore,
        sign: Callable[[str], str],
        origin: str,
        *,
        writer: Writer | None = None,
    ) -> None:
        """Append to `store`, sign receipts with `sign`; `start()` launches the writer thread.

        With `writer`, the groups are committed by that process instead (see `WRITER_BATCH_MAX`).
        """
        self._store = store
        self._sign = sign
        self._origin = origin
        self._writer = writer
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._held: _Job | None = None
        self._answered: object = None
        self._lock = threading.Lock()

    @property
    def writer(self) -> Writer | None:
        """Return the writer process the groups go to, if any."""
        return self._writer

    def start(self) -> None:
        """Launch the writer thread, and the writer process if any (idempotent).

        Raises the writer process's error when it cannot open the deployment.
        """
        with self._lock:
            if self._thread is None:
                if self._writer is not None:
                    self._writer.start()
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
        if self._writer is not None:
            self._writer.stop()

    async def submit(
        self,
        items: list[NewEntry],
        owner: Principal,
        *,
        alone: bool,
        record: KeyRecord | None = None,
    ) -> Committed:
        """Queue `items` and wait until they are committed and signed for.

        `record`: an idempotency key recorded in the append transaction, atomically with the
        entries; the result's `body` is then the answer recorded with it.
        """
        self.start()
        loop = asyncio.get_running_loop()
        job = _Job(items, owner, alone, loop, loop.create_future(), record)
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
        while (group := self._next_group()) is not None:
            self._commit_and_answer(group)

    def _commit_and_answer(self, group: list[_Job]) -> None:
        """Commit `group` and answer its submissions, or fail them with what rolled it back.

        A recorded key (an IntegrityError) fails only its own submission; the group's
        others are committed again (`_refuse_recorded`).
        """
        while group:
            try:
                results = self._commit(group)
            except IntegrityError as exc:
                group = self._refuse_recorded(group, exc)
                continue
            except Exception as exc:  # handed to every request of the group
                _fail_all(group, exc)
                return
            # Held until the next group is answered, so that this thread, not the requests'
            # event loop, frees the group's submissions: freed there, a 10,000-entry batch
            # cost 10-15% more server CPU, the young generation's collections 1.5x as long
            # (measured: docs/benchmarks.md, "API"; the loop before 46a282d held them too).
            self._answered = _answer(group, results)
            return

    def _refuse_recorded(self, group: list[_Job], exc: IntegrityError) -> list[_Job]:
        """Fail the submissions of `group` (rolled back by `exc`) whose keys are recorded.

        They fail with `KeyRecorded`, which carries the recorded answer (a retry's, or one
        another process recorded meanwhile); the others are returned, to be committed again.
        When no key is recorded, something else broke the group: a lone submission fails
        with `exc`, a larger group's submissions are committed one at a time.
        """
        try:
            taken = idempotency.recorded(
                self._store.engine, [job.record.slot for job in group if job.record]
            )
        except Exception as failure:  # the database failed meanwhile: the thread lives on
            _fail_all(group, failure)
            return []
        kept = [job for job in group if not (job.record and job.record.slot in taken)]
        if len(kept) == len(group):
            if len(group) == 1:
                _fail_all(group, exc)
            else:
                for job in group:
                    self._commit_and_answer([job])
            return []
        for job in group:  # an expected refusal: no warning
            if job.record and (stored := taken.get(job.record.slot)):
                job.loop.call_soon_threadsafe(_fail, job.future, KeyRecorded(stored))
        return kept

    def _commit(self, group: list[_Job]) -> list[Committed]:
        runs = [(job.owner, job.items) for job in group]
        whole = len(group) == 1 and group[0].alone
        records = [job.record for job in group]
        if self._writer is not None and not (whole and len(group[0].items) > WRITER_BATCH_MAX):
            return self._writer.commit(runs, whole=whole, records=records)
        return commit_runs(
            self._store, self._sign, self._origin, runs, whole=whole, records=records
        )


def commit_runs(
    store: LogStore,
    sign: Callable[[str], str],
    origin: str,
    runs: list[tuple[Principal, list[NewEntry]]],
    *,
    whole: bool,
    records: Sequence[KeyRecord | None] = (),
) -> list[Committed]:
    """Append `runs` in ONE transaction under one receipt note signed by `sign`.

    `whole`: the group is one submission whose client recomputes the root (no proofs).
    `records[i]`, when given, is recorded inside the transaction with run i's answer.
    """
    results: list[Committed] = []

    def within(conn: Connection, stored: list[list[LogEntry]]) -> None:
        flat = [entry for run in stored for entry in run]
        tree = ReceiptTree([entry.leaf_hash for entry in flat])
        first = flat[0].index
        note = sign(receipt_note_text(origin, first, tree))
        offset = 0
        keyed: list[tuple[int, str, idempotency.StoredResponse]] = []
        for i, run in enumerate(stored):
            proofs = None if whole else [tree.proof(offset + k) for k in range(len(run))]
            result = Committed(run, note, first, tree.size, proofs)
            record = records[i] if i < len(records) else None
            if record is not None:
                body = record.render(result)
                result = Committed(run, note, first, tree.size, proofs, body)
                keyed.append(record.remembered(body))
            results.append(result)
            offset += len(run)
        idempotency.remember_in(conn, keyed)

    append_for_tenants(store, runs, within)
    return results


def _answer(
    group: list[_Job], results: list[Committed]
) -> dict[asyncio.AbstractEventLoop, list[tuple[_Job, Committed]]]:
    # One wake-up of each event loop for the whole group, not one per submission.
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Job, Committed]]] = {}
    for job, result in zip(group, results, strict=True):
        by_loop.setdefault(job.loop, []).append((job, result))
    for loop, done in by_loop.items():
        loop.call_soon_threadsafe(_resolve_all, done)
    return by_loop


def _fail_all(group: list[_Job], exc: Exception) -> None:
    log.warning("append of %d submission(s) rolled back: %r", len(group), exc)
    for job in group:
        job.loop.call_soon_threadsafe(_fail, job.future, exc)


def _resolve_all(done: list[tuple[_Job, Committed]]) -> None:
    for job, result in done:
        if not job.future.done():
            job.future.set_result(result)


def _fail(future: asyncio.Future[Committed], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
