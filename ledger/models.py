"""Every table model of the ledger, imported together so SQLModel.metadata is complete."""

from __future__ import annotations

from sqlmodel import SQLModel

from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt, AnchoringLease
from ipledger.ledger.beacon.store import BlockProofRow
from ipledger.ledger.checkpoints import CheckpointRow
from ipledger.ledger.cosigning.store import CosignatureRow, LogWitnessRow
from ipledger.ledger.entries import Entry
from ipledger.ledger.idempotency import IdempotencyRecord
from ipledger.ledger.tables import LogState, Tile
from ipledger.ledger.tenants import ApiKey, Submission, Tenant
from ipledger.ledger.timestamping.tables import CheckpointTimestampRow, LogTsaRow
from ipledger.ledger.tsa.tables import TsaSerialBlockRow
from ipledger.ledger.witness.tables import (
    WitnessCheckpoint,
    WitnessedLog,
    WitnessEquivocation,
    WitnessState,
)

metadata = SQLModel.metadata

__all__ = [
    "Anchor",
    "AnchorAttempt",
    "AnchoringLease",
    "ApiKey",
    "BlockProofRow",
    "CheckpointRow",
    "CheckpointTimestampRow",
    "CosignatureRow",
    "Entry",
    "IdempotencyRecord",
    "LogState",
    "LogTsaRow",
    "LogWitnessRow",
    "Submission",
    "Tenant",
    "Tile",
    "TsaSerialBlockRow",
    "WitnessCheckpoint",
    "WitnessEquivocation",
    "WitnessState",
    "WitnessedLog",
    "metadata",
]
