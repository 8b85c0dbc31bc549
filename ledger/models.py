"""Every table model of the ledger, imported together so SQLModel.metadata is complete."""

from __future__ import annotations

from sqlmodel import SQLModel

from ledger.anchoring.models import Anchor, AnchorAttempt, AnchoringLease
from ledger.checkpoints import Checkpoint
from ledger.entries import Entry
from ledger.idempotency import IdempotencyRecord
from ledger.tables import LogState, Tile
from ledger.tenants import ApiKey, Submission, Tenant

metadata = SQLModel.metadata

__all__ = [
    "Anchor",
    "AnchorAttempt",
    "AnchoringLease",
    "ApiKey",
    "Checkpoint",
    "Entry",
    "IdempotencyRecord",
    "LogState",
    "Submission",
    "Tenant",
    "Tile",
    "metadata",
]
