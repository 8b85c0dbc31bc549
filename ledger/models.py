"""Every table model of the ledger, imported together so SQLModel.metadata is complete."""

from __future__ import annotations

from sqlmodel import SQLModel

from ledger.anchoring.models import Anchor, AnchorAttempt, AnchoringLease
from ledger.checkpoints import Checkpoint
from ledger.entries import Entry
from ledger.tables import LogState, Tile

metadata = SQLModel.metadata

__all__ = [
    "Anchor",
    "AnchorAttempt",
    "AnchoringLease",
    "Checkpoint",
    "Entry",
    "LogState",
    "Tile",
    "metadata",
]
