"""Asking witnesses to cosign the newest checkpoint: once (a command) or in the background."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from ipledger.ledger.checkpoints import (
    SignedCheckpoint,
    checkpoint_at,
    latest_checkpoint,
)
from ipledger.ledger.cosigning.protocol import (
    MAX_ANSWER_BYTES,
    add_checkpoint_body,
    parse_conflict_size,
    parse_cosignatures,
)
from ipledger.ledger.cosigning.store import (
    is_cosigned,
    latest_cosigned_size,
    record_request,
    store_cosignature,
    witness_status,
)
from ipledger.ledger.cosigning.witnesses import WitnessEndpoint
from ipledger.ledger.errors import WitnessAnswerError, WitnessRefused, WitnessUnreachable
from ipledger.ledger.kept_alive import KeptAliveConnection
from ipledger.ledger.rounds import CheckpointRounds
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.cosignature import Cosignature

log = logging.getLogger(__name__)

RETRIES = 2  # after the first try: a witness that is down costs at most three timeouts
BACKOFF = 0.5  # seconds before the first retry, doubled each time
MAX_CONFLICTS = 3  # 409s in a row before giving up this round (the witness moves meanwhile)

_REFUSALS = {
    400: "the witness found the request malformed (HTTP 400)",
    403: "the witness does not trust this log's key for its origin (HTTP 403): its operator "
    "must run `ipledger witness add` with this log's verifier key",
    404: "the witness does not know this log's origin (HTTP 404): its operator must run "
    "`ipledger witness add` with this log's verifier key",
    422: "the witness refused the checkpoint as inconsistent with what it cosigned before "
    "(HTTP 422): the log may have forked or lost entries; run `ipledger check` now",
}


@dataclass(frozen=True)
class CosignOutcome:
    """What asking one witness to cosign one checkpoint came to, `message` saying it.

    `status`: cosigned, already (stored before), behind (the witness holds a larger
    checkpoint of this log), conflict (409s without end), refused, unreachable, invalid.
    """

    witness: WitnessEndpoint
    tree_size: int
    status: str
    message: str
    cosignature: Cosignature | None = None

    @property
    def ok(self) -> bool:
        """Return True when the witness's cosignature of the checkpoint is stored."""
        return self.status in ("cosigned", "already")


class WitnessConnection(KeptAliveConnection):
    """A kept-alive HTTP connection to one witness's add-checkpoint URL (the spec's SHOULD).

    Sending add-checkpoint twice is harmless (the second gets the same cosignature, or a
    409), so a kept-alive connection the witness closed meanwhile is opened again at once.
    """

    def __init__(self, witness: WitnessEndpoint) -> None:
        """Connect on first use."""
        super().__init__(
            witness.add_checkpoint_url,
            {"Content-Type": "text/plain; charset=utf-8", "Accept": "text/plain"},
            MAX_ANSWER_BYTES,
            WitnessUnreachable,
        )


def _start_size(store: LogStore, witness: WitnessEndpoint) -> int:
    """Return the size the witness last cosigned, as far as the log knows (0: never asked)."""
    known = witness_status(store, witness).known_size
    if known is not None:
        return known
    return latest_cosigned_size(store, witness)


def submit_checkpoint(
    store: LogStore,
    witness: WitnessEndpoint,
    checkpoint: SignedCheckpoint,
    *,
    timeout: float = 5.0,
    retries: int = RETRIES,
    deadline: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    connection: WitnessConnection | None = None,
) -> CosignOutcome:
    """Ask `witness` to cosign `checkpoint` (tlog-witness add-checkpoint), store a valid line.

    The old size is the one the witness last cosigned (recorded, else 0); a 409 says the
    witness's size and the request is sent again from it. A witness that does not answer
    is asked `retries` more times with backoff, each request bounded by `timeout` and the
    whole by `deadline` (time.monotonic()). Never raises for what the witness does.
    `connection` (kept alive between calls) is used when given, else one is opened.
    """
    if connection is None:
        connection = WitnessConnection(witness)
        try:
            return submit_checkpoint(
                store, witness, checkpoint, timeout=timeout, retries=retries,
                deadline=deadline, sleep=sleep, connection=connection,
            )
        finally:
            connection.close()
    size = checkpoint.tree_size

    def done(status: str, message: str, cosignature: Cosignature | None = None) -> CosignOutcome:
        level = logging.INFO if status in ("cosigned", "already", "behind") else (
            logging.ERROR if status in ("refused", "invalid") else logging.WARNING)
        log.log(level, "witness_cosigning witness=%s url=%s size=%d status=%s message=%r",
                witness.name, witness.shown_url, size, status, message)
        return CosignOutcome(witness, size, status, message, cosignature)

    if is_cosigned(store, witness, size):
        return CosignOutcome(witness, size, "already", "its cosignature is stored already")
    old = _start_size(store, witness)
    failures = conflicts = 0
    while True:
        if old > size:
            if checkpoint_at(store, old) is not None:
                return done("behind", f"the witness already cosigned the larger tree {old}")
            message = (
                f"the witness says it cosigned this log at size {old}, but the log never cut a "
                f"checkpoint of that size: another log uses this origin, or this log lost "
                f"entries; run `ipledger check`"
            )
            record_request(store, witness, "refused", error=message)
            return done("refused", message)
        proof = store.consistency_proof(old, size) if 0 < old < size else []
        body = add_checkpoint_body(old, proof, checkpoint.note)
        wait = timeout if deadline is None else min(timeout, deadline - time.monotonic())
        started = time.monotonic()
        try:
            if wait <= 0:
                raise WitnessUnreachable(f"no answer within {timeout:g} s")
            status, content_type, data = connection.post(body, wait)
            if status >= 500:
                raise WitnessUnreachable(f"it answered HTTP {status}")
        except WitnessUnreachable as exc:
            failures += 1
            pause = BACKOFF * 2 ** (failures - 1)
            out_of_time = deadline is not None and time.monotonic() + pause >= deadline
            if failures > retries or out_of_time:
                record_request(store, witness, "unreachable", error=str(exc))
                return done("unreachable", f"{exc}; asked again later")
            sleep(pause)
            continue
        latency_ms = int((time.monotonic() - started) * 1000)
        try:
            if status == 200:
                lines = parse_cosignatures(data, checkpoint.note, witness.key)
                earliest = min(lines, key=lambda c: c.timestamp)
                store_cosignature(store, size, earliest)
                record_request(store, witness, "cosigned", known_size=size,
                               cosigned_size=size, latency_ms=latency_ms)
                when = datetime.fromtimestamp(earliest.timestamp, UTC)
                return done(
                    "cosigned",
                    f"timestamp {earliest.timestamp} ({when:%Y-%m-%d %H:%M:%S} UTC), "
                    f"{latency_ms} ms",
                    earliest,
                )
            if status == 409:
                witness_size = parse_conflict_size(content_type, data)
                record_request(store, witness, "conflict", known_size=witness_size)
                conflicts += 1
                if conflicts > MAX_CONFLICTS:
                    return done("conflict", f"the witness's size keeps changing ({witness_size})")
                old = witness_size
                continue
            raise WitnessRefused(
                status, _REFUSALS.get(status, f"the witness answered HTTP {status}")
            )
        except WitnessAnswerError as exc:
            record_request(store, witness, "invalid", error=str(exc))
            return done("invalid", str(exc))
        except WitnessRefused as exc:
            record_request(store, witness, "refused", error=str(exc))
            return done("refused", str(exc))


def collect_cosignatures(
    store: LogStore,
    witnesses: Sequence[WitnessEndpoint],
    checkpoint: SignedCheckpoint | None = None,
    *,
    timeout: float = 5.0,
    deadline: float | None = None,
) -> list[CosignOutcome]:
    """Ask every witness in parallel to cosign `checkpoint` (default the newest); one outcome each.

    In the order of `witnesses`; empty when there is no witness or no checkpoint. Each
    request takes at most `timeout` seconds, and all of it ends by `deadline`
    (time.monotonic(); default `timeout` from now).
    """
    if deadline is None:
        deadline = time.monotonic() + timeout
    if checkpoint is None:
        checkpoint = latest_checkpoint(store)
    if checkpoint is None or not witnesses:
        return []
    cp = checkpoint
    with ThreadPoolExecutor(max_workers=len(witnesses), thread_name_prefix="cosign") as pool:
        futures = [
            pool.submit(submit_checkpoint, store, w, cp, timeout=timeout, deadline=deadline)
            for w in witnesses
        ]
        return [f.result() for f in futures]


class Cosigner(CheckpointRounds[WitnessEndpoint]):
    """The worker's part: asks each witness to cosign the newest checkpoint, off the commit path.

    `poll()` is cheap and never raises: for each witness without a round running, whose
    cosignature of the newest checkpoint is not stored and that is not waiting out a
    failure, it starts a round in a thread of its own. A witness that is down or slow
    delays only its own cosignatures, never appends, anchoring or the other witnesses.
    """

    thread_prefix = "cosign"

    def __init__(
        self,
        store: LogStore,
        witnesses: Sequence[WitnessEndpoint],
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Ask `witnesses` for cosignatures of `store`'s checkpoints, `timeout` per request."""
        super().__init__(store, witnesses, clock)
        self.witnesses = self.parties
        self.timeout = timeout
        self._connections = {w.vkey: WitnessConnection(w) for w in self.witnesses}
        self.last: dict[str, CosignOutcome] = {}

    def party_key(self, party: WitnessEndpoint) -> str:
        """Return the witness's verifier key."""
        return party.vkey

    def _settle(self, witness: WitnessEndpoint, checkpoint: SignedCheckpoint) -> bool:
        key = witness.vkey
        since = latest_cosigned_size(self.store, witness)
        if since is not None and since >= checkpoint.tree_size:
            return True  # cosigned up to the newest already (e.g. by `ipledger checkpoint`)
        outcome = CosignOutcome(witness, checkpoint.tree_size, "unreachable", "round failed")
        try:
            for cp in self.backlog(since or None, checkpoint):
                outcome = submit_checkpoint(
                    self.store, witness, cp, timeout=self.timeout,
                    connection=self._connections[key],
                )
                if outcome.status == "behind" and cp.tree_size != checkpoint.tree_size:
                    # fed by someone else past these: only the newest can still be cosigned
                    outcome = submit_checkpoint(
                        self.store, witness, checkpoint, timeout=self.timeout,
                        connection=self._connections[key],
                    )
                    break
                if not outcome.ok:
                    break
        finally:
            self.last[key] = outcome
        return outcome.ok or outcome.status == "behind"
