"""The witness's tables: logs witnessed, latest cosigned state, accepted checkpoints, forks."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

ORIGIN_LENGTH = 255


class WitnessedLog(SQLModel, table=True):
    """A log this office witnesses: its origin and the note key that signs its checkpoints."""

    __tablename__ = "witnessed_logs"

    origin: str = Field(sa_column=Column(String(ORIGIN_LENGTH), primary_key=True))
    verifier_key: str = Field(sa_column=Column(Text, nullable=False))
    added_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class WitnessState(SQLModel, table=True):
    """The latest checkpoint cosigned for an origin (size 0 and no note until the first).

    Created when the log is first added and kept when it is removed: re-adding a log
    resumes from what was cosigned, never from zero (that would allow a rollback). Every
    add-checkpoint locks this row, so check and update are one compare-and-swap.
    """

    __tablename__ = "witness_state"

    origin: str = Field(sa_column=Column(String(ORIGIN_LENGTH), primary_key=True))
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class WitnessCheckpoint(SQLModel, table=True):
    """Every checkpoint this witness cosigned, as cosigned (log signature + our line); kept."""

    __tablename__ = "witness_checkpoints"

    origin: str = Field(sa_column=Column(String(ORIGIN_LENGTH), primary_key=True))
    size: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    note: str = Field(sa_column=Column(Text, nullable=False))
    received_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class WitnessEquivocation(SQLModel, table=True):
    """A validly signed checkpoint that contradicts one accepted: both notes, kept for ever.

    `kind` is `same-size` (two roots for one tree size) or `inconsistent` (the proof from
    the accepted tree does not lead to the new one; `proof` holds the lines given).
    """

    __tablename__ = "witness_equivocations"

    id: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    origin: str = Field(sa_column=Column(String(ORIGIN_LENGTH), nullable=False, index=True))
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    accepted_note: str = Field(sa_column=Column(Text, nullable=False))
    conflicting_note: str = Field(sa_column=Column(Text, nullable=False))
    proof: str = Field(sa_column=Column(Text, nullable=False))
    detected_at: int = Field(sa_column=Column(BigInteger, nullable=False))
