"""The sequencer's commits in a process of its own, so they stop sharing the API's GIL."""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import pickle
import signal
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from ipledger.api.problems import database_reason
from ipledger.api.sequencer import Committed, KeyRecord, commit_runs
from ipledger.ledger.config import Settings
from ipledger.ledger.entries import NewEntry
from ipledger.ledger.errors import StorageError, StorageUnavailable
from ipledger.ledger.tenants import Principal

log = logging.getLogger("ipledger.api")

Runs = list[tuple[Principal, list[NewEntry]]]
_START_TIMEOUT_S = 120.0
_STOP_TIMEOUT_S = 60.0


class WriterProcess:
    """A child process that opens the deployment and commits groups of submissions.

    Used by the sequencer's writer thread only: `commit` sends a group and waits for its
    results (the thread holds no GIL meanwhile). The child ignores SIGINT and SIGTERM,
    so a Ctrl-C or a service stop lets the API drain its queue through it; it exits when
    told to, or when this process's end of the pipe closes. If it dies, the group it held
    fails with StorageError (nothing of it was acknowledged) and the next group starts a
    new child.
    """

    def __init__(self, settings: Settings) -> None:
        """Prepare (not start) a writer for the deployment `settings` describe.

        `Settings` refuses `api_writer_process` with a database in memory, which a second
        process could not open.
        """
        self._settings = settings
        self._process: BaseProcess | None = None
        self._pipe: Connection | None = None
        self._lock = threading.Lock()
        self.starts = 0  # child processes started (more than one: a child died)
        self.commits = 0  # groups the children committed
        self.last_error: str | None = None  # why the last child ended or did not start
        self.last_error_at: int | None = None  # when (ms UTC)

    @property
    def pid(self) -> int | None:
        """Return the running child's process id, or None when none runs now.

        A child found dead here is recorded in `last_error` at once (health reads this),
        not only when the next group is sent.
        """
        process = self._process
        if process is None:
            return None
        if process.is_alive():
            return process.pid
        self._ended_between_commits(process)
        return None

    def start(self) -> None:
        """Start the child and wait until it has opened the deployment (idempotent).

        Raises the child's error (a LedgerError) when it cannot open the deployment.
        """
        with self._lock:
            if self._process is None:
                self._spawn()

    def commit(
        self, runs: Runs, *, whole: bool, records: Sequence[KeyRecord | None]
    ) -> list[Committed]:
        """Commit `runs` as ONE group in the child (see `commit_runs`); return each result.

        Raises what rolled the group back in the child, or StorageError if it died.
        """
        with self._lock:
            if self._process is not None and not self._process.is_alive():
                # Died between commits: nothing was in flight, so no request fails.
                self._ended_between_commits(self._process)
                log.error("%s; starting another", self.last_error)
                self._reap()
            if self._process is None:
                self._spawn()
            pipe, process = self._pipe, self._process
            assert pipe is not None and process is not None
            try:
                pipe.send(("commit", (runs, whole, list(records))))
                status, payload = pipe.recv()
            except (EOFError, OSError) as exc:
                self._reap()
                self._ended(f"writer process {process.pid} ended during a commit "
                            f"({type(exc).__name__}, exit code {process.exitcode})")
                raise StorageUnavailable(
                    f"{self.last_error}; nothing of the group was acknowledged"
                ) from None
        if status == "error":
            raise payload
        self.commits += 1
        return [Committed(*result) for result in payload]

    def stop(self) -> None:
        """Tell the child to exit and wait for it (terminated after a minute)."""
        with self._lock:
            process, pipe = self._process, self._pipe
            if process is None or pipe is None:
                return
            with contextlib.suppress(OSError):  # already gone: joined below
                pipe.send(("stop", None))
            process.join(_STOP_TIMEOUT_S)
            if process.is_alive():
                log.error("the writer process did not stop in %.0f s; terminated", _STOP_TIMEOUT_S)
                process.terminate()
                process.join()
            self._reap()

    def _spawn(self) -> None:
        # spawn, not fork: this process runs threads (the event loop's pool, the chain side).
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=serve, args=(child, self._settings), name="ipledger-writer", daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(_START_TIMEOUT_S):
            process.terminate()
            process.join()
            self._ended(f"the writer process did not start in {_START_TIMEOUT_S:.0f} s")
            raise StorageError(self.last_error)
        try:
            status, payload = parent.recv()
        except EOFError:
            process.join()
            self._ended(f"the writer process ended while starting (exit code {process.exitcode})")
            raise StorageError(self.last_error) from None
        if status == "error":
            process.join()
            self._ended(f"the writer process could not open the deployment: {payload}")
            raise payload
        self._process, self._pipe = process, parent
        self.starts += 1
        log.info("writer process %d started", process.pid)

    def _ended(self, why: str) -> None:
        self.last_error, self.last_error_at = why, time.time_ns() // 1_000_000

    def _ended_between_commits(self, process: BaseProcess) -> None:
        why = f"writer process {process.pid} ended between commits (exit code {process.exitcode})"
        if self.last_error != why:  # seen once, by health or by the next commit
            self._ended(why)

    def _reap(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
        if self._process is not None:
            self._process.join(1)
        self._process, self._pipe = None, None


def serve(pipe: Connection, settings: Settings) -> None:
    """Run the child: open the deployment, then commit each group sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from ipledger.ledger.deployment import Deployment
    from ipledger.ledger.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    try:
        deployment = Deployment.open(settings)
    except Exception as exc:  # reported to the parent, which raises it
        pipe.send(("error", _portable(exc)))
        return
    store, sign = deployment.store, deployment.log_signer.sign_note
    # As api.server.settle_heap does for the API process (which imports this module):
    # full collections then skip everything loaded so far.
    gc.collect()
    gc.freeze()
    pipe.send(("ready", None))
    try:
        while True:
            command, group = pipe.recv()
            if command == "stop":
                return
            runs, whole, records = group
            try:
                results = commit_runs(
                    store, sign, deployment.origin, runs, whole=whole, records=records
                )
            except Exception as exc:  # the group rolled back: its requests get the error
                pipe.send(("error", _portable(exc)))
                continue
            pipe.send(("ok", [_fields(result) for result in results]))
    except (EOFError, OSError):
        # The API process is gone (killed, or ended without stopping this one): a commit
        # made meanwhile stays (durable, never acknowledged, as after a crash), and this
        # process ends with it.
        return
    finally:
        store.close()


def _fields(result: Committed) -> tuple[Any, ...]:
    return (result.entries, result.note, result.first_index, result.count, result.proofs,
            result.body)


def _portable(exc: Exception) -> Exception:
    """Return `exc` as it can cross the pipe: its cause does not, so what it meant is kept.

    A database that refused the write (locked, gone) becomes StorageUnavailable (the API's
    503); an error that does not survive pickling becomes a StorageError saying what it was.
    """
    if isinstance(exc.__cause__, OperationalError | PoolTimeoutError):
        return StorageUnavailable(f"{exc} ({database_reason(exc.__cause__)})")
    if isinstance(exc, OperationalError | PoolTimeoutError):
        return StorageUnavailable(f"the database refused the write ({database_reason(exc)})")
    if isinstance(exc, DBAPIError) and exc.params is not None and exc.orig is not None:
        # Kept as its type (an IntegrityError: a key recorded meanwhile, which the route
        # answers with a replay), without its parameters: SQLite's memoryviews do not pickle.
        exc = type(exc)(exc.statement, None, exc.orig, hide_parameters=True, code=exc.code)
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any failure: send a plain error instead
        return StorageError(f"the writer process failed: {type(exc).__name__}: {exc}")
    return exc
