"""Prove an execution block canonical from a beacon node, or say when it will be provable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ipledger.ledger.beacon.api import SLOTS_PER_EPOCH, BeaconApi
from ipledger.ledger.beacon.proofs import (
    CAPELLA_SLOT,
    SECONDS_PER_SLOT,
    build_proof,
    execution_block_hash,
    period_bounds,
    slot_of_timestamp,
    slot_time,
)
from ipledger.ledger.errors import BeaconBlockMismatch, BeaconDataError

# The period's last epochs must be finalized: two epochs after it closes, in the usual case.
FINALITY_DELAY = 2 * SLOTS_PER_EPOCH * SECONDS_PER_SLOT


@dataclass(frozen=True)
class ProofResult:
    """A built canonicality proof of one execution block (Portal SSZ, by type name)."""

    block_hash: bytes
    slot: int
    proof_type: str
    proof: bytes


@dataclass(frozen=True)
class NotYetProvable:
    """The block's beacon period has not closed (or not been finalized) yet."""

    reason: str
    ready_after_utc: str


def utc(unix_time: int) -> str:
    """Return a unix time as ISO 8601 UTC to the second."""
    return datetime.fromtimestamp(unix_time, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ready_after(slot: int) -> int:
    """Return the unix time after which the period of `slot` is closed and usually finalized."""
    return slot_time(period_bounds(slot)[1]) + FINALITY_DELAY


def prove_block(
    api: BeaconApi, block_hash: bytes, block_timestamp: int
) -> ProofResult | NotYetProvable:
    """Build the proof that mainnet's block `block_hash` (of `block_timestamp`) is canonical.

    The beacon block at the timestamp's slot must carry `block_hash` in its execution payload
    (else BeaconBlockMismatch), and the slot's period must be closed and finalized on the node.
    """
    slot = slot_of_timestamp(block_timestamp)
    if slot < CAPELLA_SLOT:
        raise BeaconDataError(
            f"slot {slot} is before Capella: no historical_summaries proof exists for it"
        )
    start, end = period_bounds(slot)
    finalized = api.finalized_slot()
    if finalized < end:
        return NotYetProvable(
            reason=(
                f"the beacon period of slot {slot} (slots {start}-{end - 1}) closes at "
                f"{utc(slot_time(end))} and must then be finalized; the node has finalized "
                f"up to slot {finalized}"
            ),
            ready_after_utc=utc(ready_after(slot)),
        )
    block = api.block(slot)
    if block is None:
        raise BeaconBlockMismatch(
            f"no beacon block at slot {slot}: block 0x{block_hash.hex()} is not on the "
            "beacon node's canonical chain"
        )
    carried = execution_block_hash(block.block, block.fork)
    if carried != block_hash:
        raise BeaconBlockMismatch(
            f"the beacon block at slot {slot} carries execution block 0x{carried.hex()}, not "
            f"0x{block_hash.hex()}: the anchor's block is not canonical, or the beacon node "
            "follows another chain"
        )
    roots = api.period_block_roots(start)
    proof = build_proof(block.block, block.fork, roots)
    return ProofResult(
        block_hash=block_hash, slot=slot, proof_type=proof.proof_type, proof=proof.encode()
    )
