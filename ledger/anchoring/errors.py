"""Typed errors of the anchoring worker, all subclasses of `LedgerError`."""

from __future__ import annotations

from ipledger.ledger.errors import LedgerError


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
