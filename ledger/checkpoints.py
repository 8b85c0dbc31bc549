"""Signed checkpoints: when to cut one, and the table that keeps every one cut."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, Text
from sqlmodel import Field, SQLModel


class Checkpoint(SQLModel, table=True):
    """A signed C2SP checkpoint of the log at `tree_size` (one per size, never re-cut)."""

    __tablename__ = "checkpoints"

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    tree_size: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    note: str = Field(sa_column=Column(Text, nullable=False))
    created_at: int = Field(sa_column=Column(BigInteger, nullable=False))
