"""Failures of the command line itself; each is a `LedgerError`, printed by `main` on one line."""

from __future__ import annotations

from ipledger.ledger.errors import LedgerError


class CommandError(LedgerError):
    """Base of the command line's own failures (the ledger's and verifier's have their own)."""


class ProofUnavailable(CommandError):
    """No checkpoint covers the entry at the requested size."""


class ServerError(CommandError):
    """The server could not be reached or refused a request; the message says why."""


class DemoFailed(CommandError):
    """A step of the demo did not give the result it must."""


class CommandUsageError(CommandError):
    """The command line is not usable as given (exit 2); the message says how to fix it."""
