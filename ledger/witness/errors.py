"""Errors of the witness role; each is a `LedgerError`, its message says what to do."""

from __future__ import annotations

from ipledger.ledger.errors import LedgerError


class WitnessError(LedgerError):
    """Base of the witness role's failures."""


class WitnessKeyMissing(WitnessError):
    """No witness key yet: `ipledger witness key` (or `ipledger init`) creates it."""


class WitnessedLogError(WitnessError, ValueError):
    """A log to witness cannot be added or removed as asked (bad key, unknown origin)."""
