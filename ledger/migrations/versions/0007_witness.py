"""The witness role: logs witnessed, latest cosigned state, accepted checkpoints, equivocations.

Revision ID: 0007_witness
Revises: 0006_block_proofs
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_witness"
down_revision: str | None = "0006_block_proofs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "witnessed_logs",
        sa.Column("origin", sa.String(255), primary_key=True),
        sa.Column("verifier_key", sa.Text(), nullable=False),
        sa.Column("added_at", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "witness_state",
        sa.Column("origin", sa.String(255), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "witness_checkpoints",
        sa.Column("origin", sa.String(255), primary_key=True),
        sa.Column("size", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "witness_equivocations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("origin", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("accepted_note", sa.Text(), nullable=False),
        sa.Column("conflicting_note", sa.Text(), nullable=False),
        sa.Column("proof", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_witness_equivocations_origin", "witness_equivocations", ["origin"])


def downgrade() -> None:
    op.drop_index("ix_witness_equivocations_origin", "witness_equivocations")
    op.drop_table("witness_equivocations")
    op.drop_table("witness_checkpoints")
    op.drop_table("witness_state")
    op.drop_table("witnessed_logs")
