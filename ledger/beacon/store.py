"""The stored canonicality proofs: one row per anchored mainnet block, written once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, LargeBinary, String
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from ipledger.ledger.anchoring.models import Anchor, AnchorRecord
from ipledger.ledger.anchoring.states import AnchorState
from ipledger.ledger.db import param_marker, read_rows, write_connection
from ipledger.ledger.store import now_ms
from ipledger.verifier.core.beacon import BlockProof


class BlockProofRow(SQLModel, table=True):
    """Portal's BlockProofHistoricalSummaries of an anchored block, by its 0x block hash."""

    __tablename__ = "block_proofs"

    block_hash: str = Field(sa_column=Column(String(66), primary_key=True))
    chain_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    proof_type: str = Field(sa_column=Column(String(64), nullable=False))
    proof: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: int = Field(sa_column=Column(BigInteger, nullable=False))


@dataclass(frozen=True)
class StoredBlockProof:
    """A stored proof: its Portal type name and SSZ bytes."""

    proof_type: str
    proof: bytes


def read_block_proof(engine: Engine, block_hash: str) -> StoredBlockProof | None:
    """Return the stored proof of a block (0x hash, any case), or None."""
    # Driver SQL: every bundle request of a final anchor reads its block's proof here.
    rows = read_rows(
        engine,
        f"SELECT proof_type, proof FROM block_proofs WHERE block_hash = {param_marker(engine)}",
        (block_hash.lower(),),
    )
    return StoredBlockProof(rows[0][0], bytes(rows[0][1])) if rows else None


def read_anchor_block_proof(engine: Engine, anchor: AnchorRecord) -> BlockProof | None:
    """Return a final anchor's block proof once the operator has built it, else None."""
    if anchor.state != AnchorState.FINAL.value or anchor.block_hash is None:
        return None
    stored = read_block_proof(engine, anchor.block_hash)
    return None if stored is None else BlockProof.from_ssz(stored.proof_type, stored.proof)


def store_block_proof(
    engine: Engine, block_hash: str, chain_id: int, proof_type: str, proof: bytes
) -> bool:
    """Store a block's proof unless one is stored already (never replaced); True if stored."""
    key = block_hash.lower()
    with write_connection(engine) as conn, Session(bind=conn) as session:
        if session.get(BlockProofRow, key) is not None:
            return False
        session.add(
            BlockProofRow(
                block_hash=key,
                chain_id=chain_id,
                proof_type=proof_type,
                proof=proof,
                created_at=now_ms(),
            )
        )
        try:
            session.commit()
        except IntegrityError:  # another process stored it first: the same block, kept
            session.rollback()
            return False
    return True


def anchors_without_proof(engine: Engine, chain_id: int | None = None) -> list[AnchorRecord]:
    """Return final anchors (of `chain_id`, or all) whose block has no stored proof yet."""
    with Session(engine) as session:
        query = (
            select(Anchor)
            .where(Anchor.state == AnchorState.FINAL.value, col(Anchor.block_hash).is_not(None))
            .where(col(Anchor.block_hash).not_in(select(BlockProofRow.block_hash)))
            .order_by(col(Anchor.id))
        )
        if chain_id is not None:
            query = query.where(Anchor.chain_id == chain_id)
        return [AnchorRecord.of(row) for row in session.exec(query).all()]
