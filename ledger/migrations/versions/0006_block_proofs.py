"""Canonicality proofs of anchored mainnet blocks (Portal BlockProofHistoricalSummaries).

Revision ID: 0006_block_proofs
Revises: 0005_log_identity
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_block_proofs"
down_revision: str | None = "0005_log_identity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "block_proofs",
        sa.Column("block_hash", sa.String(66), primary_key=True),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("proof_type", sa.String(64), nullable=False),
        sa.Column("proof", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("block_proofs")
