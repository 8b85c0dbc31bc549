"""The deployment's time-stamp authority: its issuer, loaded on first use, and its serials."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from ipledger.ledger.config import Settings
from ipledger.ledger.tsa.identity import load_tsa
from ipledger.ledger.tsa.serials import SerialAllocator
from ipledger.ledger.tsa.tokens import TimestampRequest, TokenIssuer, parse_request


class TimestampAuthority:
    """Answers time-stamp requests for a deployment.

    The key is read on first use, so a server started before `ipledger tsa init` answers
    "not initialized" (`TsaNotInitialized`) until the TSA exists, then issues tokens.
    """

    def __init__(self, engine: Engine, settings: Settings) -> None:
        """Reserve serials in `engine`; TSA folder, policy and accuracy come from `settings`."""
        self._settings = settings
        self._serials = SerialAllocator(engine)
        self._issuer: TokenIssuer | None = None
        self._lock = threading.Lock()

    def issuer(self) -> TokenIssuer:
        """Return the token issuer, loading the key and chain once; raises `TsaNotInitialized`."""
        with self._lock:
            if self._issuer is None:
                settings = self._settings
                identity = load_tsa(settings.resolved_tsa_dir, policy=settings.tsa_policy)
                self._issuer = TokenIssuer(identity, timedelta(seconds=settings.tsa_accuracy))
            return self._issuer

    @property
    def loaded(self) -> TokenIssuer | None:
        """Return the issuer if its key is already loaded (no file read), else None."""
        return self._issuer

    def serial_if_ready(self) -> int | None:
        """Return a serial if one needs no database write, else None (then call `serial`)."""
        return self._serials.next_if_ready()

    def parse(self, body: bytes) -> TimestampRequest:
        """Read a TimeStampReq against this TSA's policy (raises Malformed or Rejected)."""
        return parse_request(body, self.issuer().identity.policy)

    def serial(self) -> int:
        """Return a serial number never issued before (may reserve a block: a DB write)."""
        return self._serials.next()

    def grant(self, request: TimestampRequest, serial: int) -> bytes:
        """Return the TimeStampResp granting `request`, genTime now to the millisecond."""
        now = datetime.now(UTC)
        gen_time = now.replace(microsecond=now.microsecond // 1000 * 1000)
        return self.issuer().grant(request, serial, gen_time)
