"""The issuer's table: blocks of 2**32 serial numbers, each reserved once by one process."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String
from sqlmodel import Field, SQLModel


class TsaSerialBlockRow(SQLModel, table=True):
    """One reserved block: serials `id << 32 | 0 .. id << 32 | 2**32 - 1` belong to `holder`.

    The id comes from the database's autoincrement, so two processes (or one restarted)
    never get the same block, and no id is reused after a delete.
    """

    __tablename__ = "tsa_serial_blocks"

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    holder: str = Field(sa_column=Column(String(255), nullable=False))
    reserved_at: int = Field(sa_column=Column(BigInteger, nullable=False))
