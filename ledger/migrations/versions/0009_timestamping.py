"""RFC 3161: the TSA's reserved serial-number blocks, and external TSAs' tokens on checkpoints.

Revision ID: 0009_timestamping
Revises: 0008_checkpoint_cosignatures
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_timestamping"
down_revision: str | None = "0008_checkpoint_cosignatures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ipledger as a TSA: each process reserves a block of serial numbers (block id << 32 |
    # counter), so serials never repeat across restarts or processes without a write per token.
    op.create_table(
        "tsa_serial_blocks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("holder", sa.String(255), nullable=False),
        sa.Column("reserved_at", sa.BigInteger(), nullable=False),
    )
    # ipledger as a requester: the tokens external TSAs gave on each checkpoint.
    op.create_table(
        "checkpoint_timestamps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("tsa_url", sa.String(1024), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=False),
        sa.Column("gen_time", sa.BigInteger(), nullable=False),
        sa.Column("serial", sa.String(64), nullable=False),
        sa.Column("tsa_name", sa.Text(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("tree_size", "tsa_url", name="uq_timestamps_tsa"),
    )
    op.create_table(
        "log_tsas",
        sa.Column("url", sa.String(1024), primary_key=True),
        sa.Column("last_stamped_size", sa.BigInteger(), nullable=True),
        sa.Column("last_stamped_at", sa.BigInteger(), nullable=True),
        sa.Column("last_outcome", sa.String(16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.BigInteger(), nullable=True),
        *(
            sa.Column(name, sa.BigInteger(), nullable=False)
            for name in ("stamped", "refused", "unreachable", "invalid", "latency_ms_sum")
        ),
    )


def downgrade() -> None:
    op.drop_table("log_tsas")
    op.drop_table("checkpoint_timestamps")
    op.drop_table("tsa_serial_blocks")
