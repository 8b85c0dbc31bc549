"""Witnesses' cosignatures of the log's checkpoints, and what the log knows of each witness.

Revision ID: 0008_checkpoint_cosignatures
Revises: 0007_witness
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_checkpoint_cosignatures"
down_revision: str | None = "0007_witness"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkpoint_cosignatures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("witness_name", sa.String(255), nullable=False),
        sa.Column("key_id", sa.LargeBinary(4), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint(
            "tree_size", "witness_name", "key_id", name="uq_cosignatures_witness"
        ),
    )
    op.create_table(
        "log_witnesses",
        sa.Column("witness_key", sa.String(1024), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("known_size", sa.BigInteger(), nullable=True),
        sa.Column("last_cosigned_size", sa.BigInteger(), nullable=True),
        sa.Column("last_cosigned_at", sa.BigInteger(), nullable=True),
        sa.Column("last_outcome", sa.String(16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.BigInteger(), nullable=True),
        *(
            sa.Column(name, sa.BigInteger(), nullable=False)
            for name in (
                "cosigned", "conflict", "refused", "unreachable", "invalid", "latency_ms_sum"
            )
        ),
    )


def downgrade() -> None:
    op.drop_table("log_witnesses")
    op.drop_table("checkpoint_cosignatures")
