"""Digest lookup index on expressions; drop the bucket and digest_prefix columns.

The index key, (idx >> 16, first 8 bytes of the digest), is now computed by the
database from each row instead of being bound as two extra columns per insert.

Revision ID: 0004_digest_index
Revises: 0003_anchors
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_digest_index"
down_revision: str | None = "0003_anchors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_entries_digest_lookup", table_name="entries")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("bucket")
        batch.drop_column("digest_prefix")
    op.create_index(
        "ix_entries_digest_lookup",
        "entries",
        [sa.text("(idx >> 16)"), sa.text("substr(digest, 1, 8)")],
    )


def downgrade() -> None:
    op.drop_index("ix_entries_digest_lookup", table_name="entries")
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("bucket", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("digest_prefix", sa.BigInteger(), nullable=False, server_default="0")
        )
    op.execute("UPDATE entries SET bucket = idx >> 16")
    op.create_index("ix_entries_digest_lookup", "entries", ["bucket", "digest_prefix"])
