"""Anchors, their transaction attempts, and the anchoring worker's lease.

Revision ID: 0003_anchors
Revises: 0002_tenants
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_anchors"
down_revision: str | None = "0002_tenants"
branch_labels = None
depends_on = None

STATES = ("pending", "sent", "included", "final", "superseded", "failed")


def upgrade() -> None:
    op.create_table(
        "anchors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("contract", sa.String(42), nullable=False),
        sa.Column("log_address", sa.String(42), nullable=False),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("previous_size", sa.BigInteger(), nullable=True),
        sa.Column("nonce", sa.BigInteger(), nullable=True),
        sa.Column("tx_hash", sa.String(66), nullable=True),
        sa.Column("block_number", sa.BigInteger(), nullable=True),
        sa.Column("block_hash", sa.String(66), nullable=True),
        sa.Column("tx_index", sa.BigInteger(), nullable=True),
        sa.Column("block_time", sa.BigInteger(), nullable=True),
        sa.Column("gas_used", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("sent_at", sa.BigInteger(), nullable=True),
        sa.Column("included_at", sa.BigInteger(), nullable=True),
        sa.Column("final_at", sa.BigInteger(), nullable=True),
        sa.UniqueConstraint("chain_id", "contract", "log_address", "tree_size",
                            name="uq_anchors_target_size"),
        sa.CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in STATES) + ")", name="ck_anchors_state"
        ),
        sa.CheckConstraint("tree_size > 0", name="ck_anchors_tree_size"),
    )
    op.create_index(
        "ix_anchors_target_state", "anchors", ["chain_id", "contract", "log_address", "state"]
    )
    op.create_table(
        "anchor_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("anchor_id", sa.Integer(),
                  sa.ForeignKey("anchors.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("nonce", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(66), nullable=False),
        sa.Column("raw_tx", sa.LargeBinary(), nullable=False),
        sa.Column("max_fee_per_gas", sa.BigInteger(), nullable=False),
        sa.Column("max_priority_fee_per_gas", sa.BigInteger(), nullable=False),
        sa.Column("gas_limit", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("first_broadcast_at", sa.BigInteger(), nullable=True),
        sa.Column("last_broadcast_at", sa.BigInteger(), nullable=True),
        sa.Column("broadcast_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("tx_hash", name="uq_anchor_attempts_tx_hash"),
    )
    op.create_index("ix_anchor_attempts_anchor", "anchor_attempts", ["anchor_id", "nonce"])
    op.create_table(
        "anchoring_leases",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("acquired_at", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("anchoring_leases")
    op.drop_index("ix_anchor_attempts_anchor", table_name="anchor_attempts")
    op.drop_table("anchor_attempts")
    op.drop_index("ix_anchors_target_state", table_name="anchors")
    op.drop_table("anchors")
