"""Anchoring: checkpoint roots onto an EVM chain through the EvidenceAnchor contract."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ipledger.ledger.anchoring.fees import Fees, bumped_fees, initial_fees
from ipledger.ledger.anchoring.lease import Lease, LeaseHolder
from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt, AnchoringLease, AnchorRecord
from ipledger.ledger.anchoring.queries import (
    AnchorTarget,
    anchor_covering,
    attempts_of,
    get_anchor,
    list_anchors,
)
from ipledger.ledger.anchoring.source import LogSource, StoreLogSource, TreeHead, checkpoint_cutter
from ipledger.ledger.anchoring.states import AnchorState, check_transition
from ipledger.ledger.errors import (
    AnchoringError,
    AnchoringTimeout,
    FeeCapReached,
    InvalidTransition,
    LeaseLost,
    UnsupportedChain,
)

if TYPE_CHECKING:
    from ipledger.ledger.anchoring.worker import AnchoringWorker, StepResult
    from ipledger.ledger.anchoring.worker_base import StepEvent, TransactionSigner

# The worker pulls in web3 (about a second to import); the tables above must stay cheap,
# because every process that opens the database imports them through ledger.models.
# Name -> the module defining it.
_LAZY = {
    "AnchoringWorker": "ipledger.ledger.anchoring.worker",
    "StepResult": "ipledger.ledger.anchoring.worker",
    "StepEvent": "ipledger.ledger.anchoring.worker_base",
    "TransactionSigner": "ipledger.ledger.anchoring.worker_base",
}


def __getattr__(name: str) -> Any:
    """Import the worker on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Anchor",
    "AnchorAttempt",
    "AnchorRecord",
    "AnchorState",
    "AnchorTarget",
    "AnchoringError",
    "AnchoringLease",
    "AnchoringTimeout",
    "AnchoringWorker",
    "FeeCapReached",
    "Fees",
    "InvalidTransition",
    "Lease",
    "LeaseHolder",
    "LeaseLost",
    "LogSource",
    "StepEvent",
    "StepResult",
    "StoreLogSource",
    "TransactionSigner",
    "TreeHead",
    "UnsupportedChain",
    "anchor_covering",
    "attempts_of",
    "bumped_fees",
    "check_transition",
    "checkpoint_cutter",
    "get_anchor",
    "initial_fees",
    "list_anchors",
]
