"""The TSA's table: blocks of serial numbers, one reserved per issuing process."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String
from sqlmodel import Field, SQLModel


class TsaSerialBlockRow(SQLModel, table=True):
    """A block of 2**32 serial numbers (`id << 32 | counter`) reserved by one process."""

    __tablename__ = "tsa_serial_blocks"

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    holder: str = Field(sa_column=Column(String(255), nullable=False))
    reserved_at: int = Field(sa_column=Column(BigInteger, nullable=False))
