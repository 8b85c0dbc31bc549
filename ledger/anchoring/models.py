"""Tables of the anchoring worker: anchors, their transaction attempts, and worker leases."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from ipledger.ledger.anchoring.states import AnchorState

_STATES_SQL = ", ".join(f"'{s.value}'" for s in AnchorState)


class Anchor(SQLModel, table=True):
    """One checkpoint (tree size, root) being, or having been, anchored on one chain.

    At most one row per (chain, contract, log, size): the database refuses a second
    anchor for a size, whatever state the first is in.
    """

    __tablename__ = "anchors"
    __table_args__ = (
        UniqueConstraint("chain_id", "contract", "log_address", "tree_size",
                         name="uq_anchors_target_size"),
        CheckConstraint(f"state IN ({_STATES_SQL})", name="ck_anchors_state"),
        CheckConstraint("tree_size > 0", name="ck_anchors_tree_size"),
        Index("ix_anchors_target_state", "chain_id", "contract", "log_address", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    contract: str = Field(sa_column=Column(String(42), nullable=False))
    log_address: str = Field(sa_column=Column(String(42), nullable=False))
    tree_size: int = Field(sa_column=Column(BigInteger, nullable=False))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    state: str = Field(sa_column=Column(String(16), nullable=False))
    previous_size: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True),
        description="On-chain size the consistency proof starts from.",
    )
    nonce: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    tx_hash: str | None = Field(
        default=None, sa_column=Column(String(66), nullable=True),
        description="The attempt that was mined (any of the anchor's attempts).",
    )
    block_number: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    block_hash: str | None = Field(default=None, sa_column=Column(String(66), nullable=True))
    tx_index: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    block_time: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True),
        description="Timestamp of the including block, seconds since the Unix epoch.",
    )
    gas_used: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    reason: str | None = Field(
        default=None, sa_column=Column(Text, nullable=True),
        description="Why the anchor is failed or superseded, or the last revert.",
    )
    created_at: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: int = Field(sa_column=Column(BigInteger, nullable=False))
    sent_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    included_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    final_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class AnchorAttempt(SQLModel, table=True):
    """One signed transaction for an anchor, persisted before it is ever broadcast.

    Attempts sharing the anchor's nonce replace each other (fee bumps); whichever
    is mined is recognized by its hash.
    """

    __tablename__ = "anchor_attempts"
    __table_args__ = (
        UniqueConstraint("tx_hash", name="uq_anchor_attempts_tx_hash"),
        Index("ix_anchor_attempts_anchor", "anchor_id", "nonce"),
    )

    id: int | None = Field(default=None, primary_key=True)
    anchor_id: int = Field(
        sa_column=Column(Integer, ForeignKey("anchors.id", ondelete="RESTRICT"),
                         nullable=False)
    )
    nonce: int = Field(sa_column=Column(BigInteger, nullable=False))
    tx_hash: str = Field(sa_column=Column(String(66), nullable=False))
    raw_tx: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    max_fee_per_gas: int = Field(sa_column=Column(BigInteger, nullable=False))
    max_priority_fee_per_gas: int = Field(sa_column=Column(BigInteger, nullable=False))
    gas_limit: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: int = Field(sa_column=Column(BigInteger, nullable=False))
    first_broadcast_at: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    last_broadcast_at: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    broadcast_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class AnchoringLease(SQLModel, table=True):
    """Who may anchor a log right now: one row per log, held by `owner` until `expires_at`."""

    __tablename__ = "anchoring_leases"

    name: str = Field(sa_column=Column(String(200), primary_key=True))
    owner: str = Field(sa_column=Column(String(200), nullable=False))
    expires_at: int = Field(sa_column=Column(BigInteger, nullable=False))
    acquired_at: int = Field(sa_column=Column(BigInteger, nullable=False))


@dataclass(frozen=True)
class AnchorRecord:
    """A read-only view of an anchor, safe to hand to the API and evidence builder."""

    id: int
    chain_id: int
    contract: str
    log_address: str
    tree_size: int
    root: bytes
    state: AnchorState
    previous_size: int | None
    nonce: int | None
    tx_hash: str | None
    block_number: int | None
    block_hash: str | None
    tx_index: int | None
    block_time: int | None
    reason: str | None
    created_at: int
    updated_at: int

    @classmethod
    def of(cls, row: Anchor) -> AnchorRecord:
        """Copy a row (which must have been flushed, so it has an id)."""
        if row.id is None:
            raise ValueError("anchor row has no id yet")
        return cls(
            id=row.id, chain_id=row.chain_id, contract=row.contract,
            log_address=row.log_address, tree_size=row.tree_size, root=bytes(row.root),
            state=AnchorState(row.state), previous_size=row.previous_size, nonce=row.nonce,
            tx_hash=row.tx_hash, block_number=row.block_number, block_hash=row.block_hash,
            tx_index=row.tx_index, block_time=row.block_time, reason=row.reason,
            created_at=row.created_at, updated_at=row.updated_at,
        )
