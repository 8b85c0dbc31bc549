"""Typed errors of the ledger: one base, `LedgerError`, with a subclass per failure."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipledger.ledger.idempotency import StoredResponse


class LedgerError(Exception):
    """Base of every ledger failure; the CLI catches it once and prints its message."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled without calling __init__ again (subclasses take other arguments): the
        # API's writer process sends its errors back over a pipe.
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[LedgerError], args: tuple[Any, ...], state: dict[str, Any]) -> LedgerError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigError(LedgerError):
    """A setting is missing or invalid."""


class DataDirError(ConfigError):
    """A deployment's data directory is missing, not initialized, or holds an unusable log key."""

    def __init__(self, path: object, reason: str) -> None:
        """Name the data directory and say what is wrong and how to fix it."""
        self.path = path
        self.reason = reason
        super().__init__(f"data directory {path}: {reason}")


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


class KeyRecorded(LedgerError):
    """A submission's idempotency key is recorded already (a retry): nothing of it was stored.

    `stored` is the answer recorded with the key, which the retry gets again.
    """

    def __init__(self, stored: StoredResponse) -> None:
        super().__init__("the idempotency key is recorded already")
        self.stored = stored


class OutOfRange(LedgerError, ValueError):
    """A leaf index or tree size lies beyond the log (or is negative, or zero where forbidden)."""


class StorageError(LedgerError):
    """The database failed or holds data that breaks the log's invariants; nothing was changed."""


class StorageUnavailable(StorageError):
    """The database, or the process writing it, could not take a write now: nothing was stored.

    Raised where the cause cannot travel with the error (the API's writer process); the
    API answers 503 with Retry-After, as for the database's own errors.
    """


class UnknownChain(ConfigError):
    """A chain preset name is not one ipledger knows; the message lists the known names."""


class ChainError(LedgerError):
    """Base of every failure talking to, running or deploying on an EVM chain."""


class RpcUnavailable(ChainError):
    """The JSON-RPC endpoint does not answer (refused, timed out, or not JSON-RPC)."""


class ChainIdMismatch(ChainError):
    """The node reports a chain id other than the one expected (preset or deployment record)."""

    def __init__(self, expected: int, actual: int, where: str) -> None:
        """Keep both ids so callers can tell the chains apart."""
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{where} reports chain id {actual}, expected {expected}: "
            "point IPLEDGER_RPC_URL at the right chain or set IPLEDGER_CHAIN to its preset"
        )


class AnvilNotInstalled(ChainError):
    """The anvil binary shipped by the npm package @foundry-rs/anvil is missing."""


class AnvilStartError(ChainError):
    """The managed anvil node could not be started or did not answer in time."""


class AnvilAlreadyRunning(ChainError):
    """Another anvil node already owns this data directory (its pid file is live)."""


class SignerKeyError(ChainError):
    """The anchoring account's key is missing, unreadable, malformed or its password is wrong."""


class ArtifactError(ChainError):
    """A contract artifact (ABI and bytecode JSON) is missing or malformed."""


class TransactionFailed(ChainError):
    """A transaction was mined but reverted, or was not mined in time."""


class DeploymentError(ChainError):
    """The recorded contract deployment is unusable (missing code, other code, other chain)."""


class ChainPartNotKept(ChainError):
    """An anchor's chain part is not kept in memory, and the caller asked not to ask the node."""


class ChainEvidenceError(ChainError):
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


class TransactionsRootMismatch(ChainEvidenceError):
    """The raw transactions read from JSON-RPC do not form the trie of the header's root."""


class LogNotFound(ChainEvidenceError):
    """A receipt holds no log from the given contract with the given event topic."""


class BundleUnavailable(LedgerError):
    """No bundle can be made for the entry yet (not anchored, or no checkpoint at that size)."""


def not_anchored_message(index: int, *, final_only: bool = True) -> str:
    """Return what to do about entry `index`, which no (final) anchor covers yet."""
    state = "final " if final_only else ""
    return (
        f"entry {index} is not anchored yet (no {state}anchor covers it); run `ipledger anchor` "
        "(or start `ipledger worker`) and ask again once its anchor is final"
    )


class BundleSelfCheckFailed(LedgerError):
    """An assembled bundle did not pass the offline verifier: it is never handed out."""


class AnchoringError(LedgerError):
    """Base of every anchoring failure."""


class InvalidTransition(AnchoringError):
    """An anchor was asked to move between two states the state machine does not link."""

    def __init__(self, current: str, target: str) -> None:
        """Name both states."""
        self.current = current
        self.target = target
        super().__init__(f"anchor state cannot move from {current!r} to {target!r}")


class LeaseLost(AnchoringError):
    """Another worker holds the anchoring lease of this log; this one must not send."""


class FeeCapReached(AnchoringError):
    """A stuck transaction cannot be replaced: the bumped fee would exceed the configured cap."""


class UnsupportedChain(AnchoringError):
    """The chain lacks what anchoring needs (EIP-1559 base fee, the contract code)."""


class AnchoringTimeout(AnchoringError):
    """`run_until_final` gave up before the newest checkpoint's anchor became final."""


class ApiKeyError(LedgerError):
    """An API key cannot be created, found, or used; the message says why."""


class UnknownTenant(ApiKeyError):
    """No tenant has that name."""


class UnknownKey(ApiKeyError):
    """No API key has that id."""


class InvalidApiKey(ApiKeyError):
    """A presented API key is malformed, unknown, wrong or revoked."""


class UnreadableFileError(LedgerError):
    """A path to stamp does not exist, is not a regular file or folder, or cannot be read."""

    def __init__(self, path: Path, reason: str) -> None:
        """Name the path and the reason."""
        self.path = path
        super().__init__(f"cannot read {path}: {reason}")


class BackupError(LedgerError):
    """A backup cannot be made here, or the copy failed its checks (no file is left behind)."""


class LogIntegrityError(LedgerError):
    """The stored log disagrees with itself (an entry, a tile, a root, a checkpoint, an anchor)."""


class CosigningError(LedgerError):
    """Asking a witness to cosign a checkpoint failed; nothing of the log is changed."""


class WitnessUnreachable(CosigningError):
    """A witness does not answer (refused, timed out, 5xx): asked again later."""


class WitnessAnswerError(CosigningError):
    """A witness's answer is malformed, or its cosignature does not verify: nothing is stored."""


class WitnessRefused(CosigningError):
    """A witness refused the checkpoint (400, 403, 404, 422): configuration or integrity."""

    def __init__(self, status: int, reason: str) -> None:
        """Keep the HTTP status with the sentence saying what it means."""
        self.status = status
        super().__init__(reason)


class BeaconError(LedgerError):
    """Base of every failure building a canonicality proof from a beacon node."""


class BeaconUnavailable(BeaconError):
    """The beacon node does not answer (refused, timed out, 5xx); nothing was stored."""


class BeaconDataError(BeaconError):
    """Beacon data is malformed or does not fit (another fork, period, block or chain)."""


class BeaconBlockMismatch(BeaconError):
    """The beacon block at the slot carries another execution block hash than the anchor's."""


class TrustRootError(BeaconError):
    """A trust root cannot be refreshed (unreadable old file, or the new one does not extend it)."""


class TimestampingError(LedgerError):
    """Asking a TSA for a time-stamp token failed; nothing of the log is changed."""


class TsaUnreachable(TimestampingError):
    """A TSA does not answer (refused, timed out, 5xx, PKIStatus waiting): asked again later."""


class TsaRefused(TimestampingError):
    """A TSA refused the request (an HTTP 4xx, or a PKIStatus rejection with its reason)."""


class TsaAnswerInvalid(TimestampingError):
    """A TSA's answer is malformed, or its token fails a check (imprint, nonce, signature)."""


class InvalidTilePath(LedgerError, ValueError):
    """A path is not a tile or entry-bundle path as C2SP tlog-tiles writes it."""


class TileNotFound(LedgerError):
    """A tile or entry bundle is not covered by the checkpoint it is read at (or not public)."""


class ExportError(LedgerError):
    """A static copy of the log cannot be written (nothing to export, or another log's copy)."""
