"""Tables of the Merkle log itself: hash tiles, the one-row log state and the log identity."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, SmallInteger, String, Text
from sqlmodel import Field, SQLModel

LOG_STATE_ID = 1


class Tile(SQLModel, table=True):
    """Up to 256 hashes of complete subtrees of height 8*level (see ledger/tiles.py)."""

    __tablename__ = "tiles"

    level: int = Field(sa_column=Column(SmallInteger, primary_key=True, autoincrement=False))
    idx: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    hashes: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class LogState(SQLModel, table=True):
    """The log's head: one row (id 1), locked by every append to serialize writers."""

    __tablename__ = "log_state"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    # received_at of the newest entry: later entries never get an earlier time, so index
    # order is time order even when two processes append at once.
    last_received_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class LogIdentityRow(SQLModel, table=True):
    """The log's name and public key, recorded at `init`: one row (id 1), never changed."""

    __tablename__ = "log_identity"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    origin: str = Field(sa_column=Column(String(255), nullable=False))
    verifier_key: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: int = Field(sa_column=Column(BigInteger, nullable=False))
