"""Anchor rows for real mainnet blocks, as the worker records them once final.

ipledger cannot anchor on mainnet in a test: these rows stand for anchors whose transaction
was in mainnet blocks of the recorded beacon data (the block hash and time are the real
block's; the contract, account and root are placeholders no proof depends on).
"""

from __future__ import annotations

import rlp
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ipledger.ledger.anchoring.models import Anchor
from ipledger.ledger.store import now_ms
from tests.ledger.beacon import vectors


def block_hash_of(number: int) -> str:
    """Return the 0x hash of a recorded mainnet block."""
    value = vectors.published_proof(number)["execution_block_header"]
    assert isinstance(value, str)
    return value


def block_time_of(number: int) -> int:
    """Return the timestamp of a recorded mainnet block, from its header."""
    return int.from_bytes(rlp.decode(vectors.header_rlp(number))[11], "big")


def add_final_anchor(
    engine: Engine,
    number: int,
    tree_size: int = 1,
    chain_id: int = 1,
    block_hash: str | None = None,
) -> int:
    """Record a final anchor in mainnet block `number` (or a given hash at its time); its id."""
    now = now_ms()
    row = Anchor(
        chain_id=chain_id,
        contract="0x" + "11" * 20,
        log_address="0x" + "22" * 20,
        tree_size=tree_size,
        root=b"\x33" * 32,
        state="final",
        nonce=0,
        tx_hash="0x" + f"{tree_size:064x}",
        block_number=number,
        block_hash=block_hash or block_hash_of(number),
        tx_index=0,
        block_time=block_time_of(number),
        created_at=now,
        updated_at=now,
        final_at=now,
    )
    with Session(engine) as session:
        session.add(row)
        session.commit()
        session.refresh(row)
        assert row.id is not None
        return row.id
