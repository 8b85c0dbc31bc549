"""The requester's tables: each external TSA's token on a checkpoint, and each TSA's state."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

URL_LENGTH = 1024


class CheckpointTimestampRow(SQLModel, table=True):
    """The RFC 3161 token a TSA gave on the checkpoint of `tree_size` (DER TimeStampToken)."""

    __tablename__ = "checkpoint_timestamps"
    __table_args__ = (UniqueConstraint("tree_size", "tsa_url", name="uq_timestamps_tsa"),)

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    tree_size: int = Field(sa_column=Column(BigInteger, nullable=False))
    tsa_url: str = Field(sa_column=Column(String(URL_LENGTH), nullable=False))
    token: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    gen_time: int = Field(sa_column=Column(BigInteger, nullable=False))  # ms since the epoch
    serial: str = Field(sa_column=Column(String(64), nullable=False))  # lowercase hex
    tsa_name: str = Field(sa_column=Column(Text, nullable=False))  # the signer's subject
    received_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class LogTsaRow(SQLModel, table=True):
    """What the log knows of one TSA it asks for tokens: progress, last outcome, counters."""

    __tablename__ = "log_tsas"

    url: str = Field(sa_column=Column(String(URL_LENGTH), primary_key=True))
    last_stamped_size: int | None = Field(default=None, sa_column=Column(BigInteger))
    last_stamped_at: int | None = Field(default=None, sa_column=Column(BigInteger))
    last_outcome: str | None = Field(default=None, sa_column=Column(String(16)))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_error_at: int | None = Field(default=None, sa_column=Column(BigInteger))
    stamped: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    refused: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    unreachable: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    invalid: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    latency_ms_sum: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
