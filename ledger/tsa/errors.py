"""Errors of the time-stamp authority; each is a `LedgerError`, its message says what to do."""

from __future__ import annotations

from ipledger.ledger.errors import LedgerError


class TsaError(LedgerError):
    """Base of the time-stamp authority's failures."""


class TsaNotInitialized(TsaError):
    """No TSA key and certificate yet: `ipledger tsa init` creates them."""


class TsaCertificateError(TsaError, ValueError):
    """A TSA certificate chain or key given to `ipledger tsa init` is unusable (says why)."""


class MalformedTimestampRequest(TsaError, ValueError):
    """A body is not a DER TimeStampReq at all (answered 400, not with a TimeStampResp)."""


class TimestampRequestRejected(TsaError):
    """A well-formed request this TSA will not honour; `failure` is its PKIFailureInfo bit."""

    def __init__(self, failure: int, reason: str) -> None:
        """Keep the PKIFailureInfo bit number and the reason, which goes in statusString."""
        self.failure = failure
        self.reason = reason
        super().__init__(reason)
