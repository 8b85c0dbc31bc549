"""The anchor state machine: its states and the only transitions allowed between them."""

from __future__ import annotations

from enum import StrEnum

from ipledger.ledger.errors import InvalidTransition


class AnchorState(StrEnum):
    """Where an anchor stands; stored as its lowercase name."""

    PENDING = "pending"
    """Chosen for a checkpoint; nothing signed yet."""
    SENT = "sent"
    """At least one signed transaction persisted (then broadcast); none known mined."""
    INCLUDED = "included"
    """One attempt mined successfully in a block believed canonical."""
    FINAL = "final"
    """That block is `confirmations` deep (or finalized by the chain's tag). Terminal unless
    the chain breaks its own finality (a reorg deeper than the depth: a development chain,
    a node that lost its state): then back to included or sent, as for a shallow reorg."""
    SUPERSEDED = "superseded"
    """Not needed any more: a newer checkpoint was chosen before signing, or the chain
    already holds this size or more from a transaction that is not ours: terminal."""
    FAILED = "failed"
    """Needs an operator: reverted, nonce taken by a foreign transaction, or the chain's
    copy of the log disagrees with ours. Sending halts until `retry` re-arms it."""


_ALLOWED: dict[AnchorState, frozenset[AnchorState]] = {
    AnchorState.PENDING: frozenset(
        {AnchorState.SENT, AnchorState.SUPERSEDED, AnchorState.FAILED}
    ),
    AnchorState.SENT: frozenset(
        {AnchorState.INCLUDED, AnchorState.SUPERSEDED, AnchorState.FAILED}
    ),
    # A reorg sends an included anchor back to `sent`; a receipt found in another
    # canonical block keeps it included with new block fields.
    AnchorState.INCLUDED: frozenset(
        {AnchorState.INCLUDED, AnchorState.SENT, AnchorState.FINAL}
    ),
    # Only when the block of a final anchor is no longer canonical: finality was violated.
    AnchorState.FINAL: frozenset({AnchorState.INCLUDED, AnchorState.SENT}),
    AnchorState.SUPERSEDED: frozenset(),
    AnchorState.FAILED: frozenset({AnchorState.PENDING}),
}

LIVE_STATES: frozenset[AnchorState] = frozenset(
    {AnchorState.PENDING, AnchorState.SENT, AnchorState.INCLUDED, AnchorState.FINAL}
)
"""States of an anchor that stands (or will stand) on chain for its size."""

IN_FLIGHT_STATES: frozenset[AnchorState] = frozenset({AnchorState.PENDING, AnchorState.SENT})
"""States in which the worker sends nothing new for the log (one transaction at a time)."""

ON_CHAIN_STATES: frozenset[AnchorState] = frozenset({AnchorState.INCLUDED, AnchorState.FINAL})
"""States in which an anchor covers entries."""


def allowed_targets(current: AnchorState) -> frozenset[AnchorState]:
    """Return the states `current` may move to."""
    return _ALLOWED[current]


def check_transition(current: str | AnchorState, target: str | AnchorState) -> AnchorState:
    """Return `target` as an `AnchorState` if the machine allows `current -> target`.

    Raises `InvalidTransition` otherwise (including for unknown state names).
    """
    try:
        source, dest = AnchorState(current), AnchorState(target)
    except ValueError as exc:
        raise InvalidTransition(str(current), str(target)) from exc
    if dest not in _ALLOWED[source]:
        raise InvalidTransition(source.value, dest.value)
    return dest
