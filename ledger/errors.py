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


class ChainEvidenceError(LedgerError):
    """Evidence for a transaction could not be gathered from the chain or did not check out."""


class ChainRpcError(ChainEvidenceError):
    """A JSON-RPC call failed or answered something malformed; `code` is the JSON-RPC error code."""

    def __init__(self, message: str, code: int | None = None) -> None:
        """Keep the node's error code (None when the failure was not a JSON-RPC error)."""
        self.code = code
        super().__init__(message)


class TransactionNotFound(ChainEvidenceError):
    """The node knows no mined transaction (or its block) by that hash, e.g. after a reorg."""


class BlockHeaderMismatch(ChainEvidenceError):
    """The header rebuilt from JSON-RPC does not hash to the block hash the node reported."""


class ReceiptsRootMismatch(ChainEvidenceError):
    """The receipts rebuilt from JSON-RPC do not form the trie of the header's receiptsRoot."""


class LogNotFound(ChainEvidenceError):
    """A receipt holds no log from the given contract with the given event topic."""
