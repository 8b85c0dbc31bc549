"""Typed errors of the ledger: one base, `LedgerError`, with a subclass per failure."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every ledger failure; the CLI catches it once and prints its message."""


class ConfigError(LedgerError):
    """A setting is missing or invalid."""


class InvalidEntry(LedgerError, ValueError):
    """A submitted entry is malformed; `field` names the offending field."""

    def __init__(self, field: str, reason: str, position: int | None = None) -> None:
        """Name the field (and the entry's position in a batch) and the reason."""
        self.field = field
        self.reason = reason
        self.position = position
        where = f"entry {position}: " if position is not None else ""
        super().__init__(f"{where}{field}: {reason}")


class KeyFileError(LedgerError):
    """A key file is missing, unreadable, malformed or would be overwritten; names the path."""

    def __init__(self, path: object, reason: str) -> None:
        """Name the file and say what is wrong and how to fix it."""
        self.path = path
        self.reason = reason
        super().__init__(f"key file {path}: {reason}")


class SigningError(LedgerError):
    """A note cannot be signed (malformed text) or its fresh signature failed to verify."""
