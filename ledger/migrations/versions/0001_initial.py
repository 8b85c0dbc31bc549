"""Entries, hash tiles, log state and checkpoints.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

EMPTY_ROOT = hashlib.sha256(b"").digest()


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column(
            "idx",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("digest", sa.LargeBinary(32), nullable=False),
        sa.Column("nonce", sa.LargeBinary(16), nullable=False),
        sa.Column("metadata_jcs", sa.Text(), nullable=True),
        sa.Column("metadata_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("digest_prefix", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_entries_digest_lookup", "entries", ["bucket", "digest_prefix"])
    op.create_table(
        "tiles",
        sa.Column("level", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("hashes", sa.LargeBinary(), nullable=False),
    )
    log_state = op.create_table(
        "log_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("last_received_at", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(log_state, [{"id": 1, "size": 0, "root": EMPTY_ROOT, "last_received_at": 0}])
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tree_size", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("checkpoints")
    op.drop_table("log_state")
    op.drop_table("tiles")
    op.drop_index("ix_entries_digest_lookup", table_name="entries")
    op.drop_table("entries")
