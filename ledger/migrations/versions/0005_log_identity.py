"""The log's identity (origin and verifier key), recorded at init and checked on every open.

Revision ID: 0005_log_identity
Revises: 0004_digest_index
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_log_identity"
down_revision: str | None = "0004_digest_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "log_identity",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("origin", sa.String(255), nullable=False),
        sa.Column("verifier_key", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("log_identity")
