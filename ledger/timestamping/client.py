"""Asking external TSAs for RFC 3161 tokens of the log's checkpoints: once, or in the background."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ipledger.ledger.checkpoints import SignedCheckpoint, latest_checkpoint
from ipledger.ledger.errors import TsaAnswerInvalid, TsaRefused, TsaUnreachable
from ipledger.ledger.kept_alive import KeptAliveConnection
from ipledger.ledger.rounds import CheckpointRounds
from ipledger.ledger.store import LogStore
from ipledger.ledger.timestamping.authorities import TsaEndpoint
from ipledger.ledger.timestamping.protocol import (
    MAX_REPLY_BYTES,
    QUERY_TYPE,
    REPLY_TYPE,
    timestamp_request,
    token_of_reply,
)
from ipledger.ledger.timestamping.store import (
    is_stamped,
    latest_stamped_size,
    record_request,
    store_timestamp,
)
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.timestamp import TimestampToken, verify_timestamp_token

log = logging.getLogger(__name__)

RETRIES = 2  # after the first try: a TSA that is down costs at most three timeouts a round
BACKOFF = 0.5  # seconds before the first retry, doubled each time
PER_ROUND = 32  # checkpoints one round stamps at most; the next poll goes on with the rest


@dataclass(frozen=True)
class TimestampOutcome:
    """What asking one TSA for a token of one checkpoint came to, `message` saying it.

    `status`: stamped, already (stored before), refused, unreachable, invalid.
    """

    tsa: TsaEndpoint
    tree_size: int
    status: str
    message: str
    token: TimestampToken | None = None

    @property
    def ok(self) -> bool:
        """Return True when the TSA's token of the checkpoint is stored."""
        return self.status in ("stamped", "already")


class TsaConnection(KeptAliveConnection):
    """A kept-alive HTTP connection to one TSA (a time-stamp request is safe to send twice)."""

    def __init__(self, tsa: TsaEndpoint) -> None:
        """Connect on first use; send the URL's user and password as HTTP Basic credentials."""
        headers = {"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE}
        if tsa.authorization is not None:
            headers["Authorization"] = tsa.authorization
        super().__init__(tsa.url, headers, MAX_REPLY_BYTES, TsaUnreachable)


def checkpoint_message(checkpoint: SignedCheckpoint) -> bytes:
    """Return what is time-stamped of a checkpoint: its signed note's text, UTF-8."""
    return parse_note(checkpoint.note).text.encode("utf-8")


def check_token(
    token: bytes, message: bytes, nonce: int, roots: Sequence[bytes] | None
) -> TimestampToken:
    """Return the checked token: for `message` (SHA-256), with `nonce`, signed, chained to `roots`.

    Raises `TsaAnswerInvalid` saying which check failed.
    """
    try:
        checked = verify_timestamp_token(token, message=message, roots=roots)
    except VerifierError as exc:
        raise TsaAnswerInvalid(f"the token does not verify: {exc}") from None
    if checked.nonce != nonce:
        raise TsaAnswerInvalid(
            f"the token's nonce {checked.nonce} is not the request's {nonce} (a replayed or "
            "misrouted answer)"
        )
    if checked.hash_algorithm != "sha256":
        raise TsaAnswerInvalid(f"the token's imprint is {checked.hash_algorithm}, not sha256")
    return checked


def request_timestamp(
    store: LogStore,
    tsa: TsaEndpoint,
    checkpoint: SignedCheckpoint,
    *,
    roots: Sequence[bytes] | None = None,
    timeout: float = 10.0,
    retries: int = RETRIES,
    deadline: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    connection: TsaConnection | None = None,
) -> TimestampOutcome:
    """Ask `tsa` for a token of `checkpoint`'s message; store it once every check passes.

    A TSA that does not answer is asked `retries` more times with backoff, each request
    bounded by `timeout` and all by `deadline` (time.monotonic()). Each try has a fresh
    random 64-bit nonce. Never raises for what the TSA does; `connection` is kept alive
    between calls when given.
    """
    if connection is None:
        connection = TsaConnection(tsa)
        try:
            return request_timestamp(
                store, tsa, checkpoint, roots=roots, timeout=timeout, retries=retries,
                deadline=deadline, sleep=sleep, connection=connection,
            )
        finally:
            connection.close()
    size, url = checkpoint.tree_size, tsa.shown_url

    def done(status: str, message: str, token: TimestampToken | None = None) -> TimestampOutcome:
        level = logging.INFO if status in ("stamped", "already") else (
            logging.ERROR if status in ("refused", "invalid") else logging.WARNING)
        log.log(level, "tsa_timestamping tsa=%s size=%d status=%s message=%r",
                url, size, status, message)
        return TimestampOutcome(tsa, size, status, message, token)

    if is_stamped(store, url, size):
        return TimestampOutcome(tsa, size, "already", "its token is stored already")
    message = checkpoint_message(checkpoint)
    failures = 0
    while True:
        request = timestamp_request(message, secrets.randbits(64))
        wait = timeout if deadline is None else min(timeout, deadline - time.monotonic())
        started = time.monotonic()
        try:
            if wait <= 0:
                raise TsaUnreachable(f"no answer within {timeout:g} s")
            status, _content_type, data = connection.post(request.der, wait)
            if status >= 500:
                raise TsaUnreachable(f"it answered HTTP {status}")
            if status != 200:
                raise TsaRefused(f"it answered HTTP {status}: {_text(data)}")
            token = token_of_reply(data)
        except TsaUnreachable as exc:
            failures += 1
            pause = BACKOFF * 2 ** (failures - 1)
            out_of_time = deadline is not None and time.monotonic() + pause >= deadline
            if failures > retries or out_of_time:
                record_request(store, url, "unreachable", error=str(exc))
                return done("unreachable", f"{exc}; asked again later")
            sleep(pause)
            continue
        except TsaRefused as exc:
            record_request(store, url, "refused", error=str(exc))
            return done("refused", str(exc))
        except TsaAnswerInvalid as exc:
            record_request(store, url, "invalid", error=str(exc))
            return done("invalid", str(exc))
        latency_ms = int((time.monotonic() - started) * 1000)
        try:
            checked = check_token(token, message, request.nonce, roots)
        except TsaAnswerInvalid as exc:
            record_request(store, url, "invalid", error=str(exc))
            return done("invalid", str(exc))
        store_timestamp(store, size, url, checked)
        record_request(store, url, "stamped", stamped_size=size, latency_ms=latency_ms)
        return done(
            "stamped",
            f"genTime {checked.gen_time:%Y-%m-%d %H:%M:%S} UTC, serial {checked.serial:x}, "
            f"{checked.tsa.subject_text}, {latency_ms} ms",
            checked,
        )


def _text(data: bytes) -> str:
    return data[:200].decode("utf-8", "replace").strip() or "(no body)"


def collect_timestamps(
    store: LogStore,
    tsas: Sequence[TsaEndpoint],
    checkpoint: SignedCheckpoint | None = None,
    *,
    roots: Sequence[bytes] | None = None,
    timeout: float = 10.0,
    deadline: float | None = None,
) -> list[TimestampOutcome]:
    """Ask every TSA in parallel for a token of `checkpoint` (default the newest); one outcome each.

    In the order of `tsas`; empty when there is no TSA or no checkpoint. All of it ends
    by `deadline` (time.monotonic(); default `timeout` from now).
    """
    if deadline is None:
        deadline = time.monotonic() + timeout
    if checkpoint is None:
        checkpoint = latest_checkpoint(store)
    if checkpoint is None or not tsas:
        return []
    cp = checkpoint
    with ThreadPoolExecutor(max_workers=len(tsas), thread_name_prefix="tsa") as pool:
        futures = [
            pool.submit(request_timestamp, store, t, cp, roots=roots, timeout=timeout,
                        deadline=deadline)
            for t in tsas
        ]
        return [f.result() for f in futures]


class Timestamper(CheckpointRounds[TsaEndpoint]):
    """The worker's part: gets each TSA's token of every new checkpoint, off the commit path.

    A round of a TSA stamps every checkpoint cut since its last stored token, oldest first,
    at most PER_ROUND of them (a long outage is caught up over several rounds). A TSA
    never stamped starts at the newest checkpoint when this process first asked it (the
    log's past before it was configured is not billed). A TSA that is down or slow delays
    only its own tokens, never appends, anchoring or the other TSAs.
    """

    thread_prefix = "tsa"

    def __init__(
        self,
        store: LogStore,
        tsas: Sequence[TsaEndpoint],
        roots: Sequence[bytes] | None = None,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Ask `tsas` for tokens of `store`'s checkpoints, each chained to `roots` if given."""
        super().__init__(store, tsas, clock)
        self.roots = None if roots is None else tuple(roots)
        self.timeout = timeout
        self._connections = {t.shown_url: TsaConnection(t) for t in self.parties}
        self._first: dict[str, int] = {}  # TSA -> newest size when first asked (no token yet)
        self.last: dict[str, TimestampOutcome] = {}

    def party_key(self, party: TsaEndpoint) -> str:
        """Return the TSA's URL as stored (no credentials)."""
        return party.shown_url

    def _settle(self, tsa: TsaEndpoint, newest: SignedCheckpoint) -> bool | None:
        key = tsa.shown_url
        since: int | None = latest_stamped_size(self.store, key) or None
        if since is None and key in self._first:
            since = self._first[key] - 1  # catch up from the first checkpoint it was asked for
        elif since is None:
            self._first[key] = newest.tree_size
        for count, cp in enumerate(self.backlog(since, newest), start=1):
            outcome = request_timestamp(
                self.store, tsa, cp, roots=self.roots, timeout=self.timeout,
                connection=self._connections[key],
            )
            self.last[key] = outcome
            if not outcome.ok:
                return False
            if count >= PER_ROUND and cp.tree_size < newest.tree_size:
                return None
        return True  # every checkpoint up to the newest has its token (maybe from elsewhere)
