"""Portal's BlockProofHistoricalSummaries, built from a beacon block and its period."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ipledger.ledger.beacon.types import BLOCK_TYPES, SLOTS_PER_HISTORICAL_ROOT, BlockRoots
from ipledger.ledger.errors import BeaconDataError

# Mainnet beacon chain timing; the first Capella slot (epoch 194048).
MAINNET_GENESIS_TIME = 1606824023
SECONDS_PER_SLOT = 12
CAPELLA_SLOT = 194048 * 32

PROOF_CAPELLA = "historical_summaries_capella"
PROOF_DENEB = "historical_summaries_deneb"
# Portal's ExecutionBlockProof: 11 hashes before Deneb (ExecutionPayload of 15 fields), 12 after.
PROOF_TYPES = {
    "capella": PROOF_CAPELLA,
    "deneb": PROOF_DENEB,
    "electra": PROOF_DENEB,
    "fulu": PROOF_DENEB,
}
# Generalized index of execution_payload.block_hash inside a BeaconBlock:
# body is field 4 of 8 leaves, execution_payload field 9 of 16, block_hash field 12 of 16 or 32.
_BODY_PAYLOAD = (8 + 4) * 16 + 9
EXECUTION_GINDEX = {PROOF_CAPELLA: _BODY_PAYLOAD * 16 + 12, PROOF_DENEB: _BODY_PAYLOAD * 32 + 12}
# Portal's BlockHeaderWithProof limits.
MAX_HEADER_LENGTH = 2048
MAX_HEADER_PROOF_LENGTH = 1024


@dataclass(frozen=True)
class BuiltBlockProof:
    """A decoded BlockProofHistoricalSummaries: every hash leaf-first, as Portal orders them."""

    proof_type: str
    beacon_block_proof: tuple[bytes, ...]
    beacon_block_root: bytes
    execution_block_proof: tuple[bytes, ...]
    slot: int

    def encode(self) -> bytes:
        """Return the SSZ encoding (a fixed-size container: the fields concatenated)."""
        return (
            b"".join(self.beacon_block_proof)
            + self.beacon_block_root
            + b"".join(self.execution_block_proof)
            + struct.pack("<Q", self.slot)
        )


def fork_types(fork: str) -> tuple[Any, Any]:
    """Return (BeaconBlock, SignedBeaconBlock) SSZ types of a fork named as the Beacon API does."""
    try:
        return BLOCK_TYPES[fork.lower()]
    except KeyError:
        raise BeaconDataError(
            f"fork {fork!r} is not supported (known: {', '.join(BLOCK_TYPES)}): "
            "canonicality proofs exist from Capella on"
        ) from None


def proof_type_of(fork: str) -> str:
    """Return the Portal proof type name of blocks of `fork`."""
    fork_types(fork)
    return PROOF_TYPES[fork.lower()]


def _branch(root_node: Any, gindex: int) -> tuple[bytes, ...]:
    """Return the Merkle branch of `gindex` in a remerkleable tree, the leaf's sibling first."""
    branch = []
    while gindex > 1:
        branch.append(bytes(root_node.getter(gindex ^ 1).merkle_root()))
        gindex >>= 1
    return tuple(branch)


def decode_block(beacon_block: bytes, fork: str) -> Any:
    """Deserialize an (unsigned) SSZ BeaconBlock of `fork`; BeaconDataError when it is not one."""
    block_type, _signed = fork_types(fork)
    try:
        return block_type.decode_bytes(beacon_block)
    except Exception as exc:  # remerkleable raises plain Exceptions of several kinds
        raise BeaconDataError(f"not an SSZ {fork} BeaconBlock: {exc}") from None


def unsigned_block(signed_block: bytes, fork: str) -> bytes:
    """Return the BeaconBlock inside an SSZ SignedBeaconBlock (the signature is in no proof)."""
    _block, signed_type = fork_types(fork)
    try:
        return bytes(signed_type.decode_bytes(signed_block).message.encode_bytes())
    except Exception as exc:
        raise BeaconDataError(f"not an SSZ {fork} SignedBeaconBlock: {exc}") from None


def block_roots_root(block_roots: Sequence[bytes]) -> bytes:
    """Return hash_tree_root of a period's block_roots: its HistoricalSummary.block_summary_root."""
    return bytes(_roots_view(block_roots).hash_tree_root())


def _roots_view(block_roots: Sequence[bytes]) -> Any:
    if len(block_roots) != SLOTS_PER_HISTORICAL_ROOT or any(len(r) != 32 for r in block_roots):
        raise BeaconDataError(
            f"block_roots must be {SLOTS_PER_HISTORICAL_ROOT} roots of 32 bytes, "
            f"got {len(block_roots)}"
        )
    return BlockRoots.decode_bytes(b"".join(block_roots))


def split_roots(block_roots_ssz: bytes) -> list[bytes]:
    """Split an SSZ Vector[Root, 8192] (the state's block_roots) into its roots."""
    if len(block_roots_ssz) != 32 * SLOTS_PER_HISTORICAL_ROOT:
        size = 32 * SLOTS_PER_HISTORICAL_ROOT
        raise BeaconDataError(f"block_roots must be {size} bytes, got {len(block_roots_ssz)}")
    return [block_roots_ssz[i : i + 32] for i in range(0, len(block_roots_ssz), 32)]


def build_proof(beacon_block: bytes, fork: str, block_roots: Sequence[bytes]) -> BuiltBlockProof:
    """Build the proof that the block's execution block_hash is canonical, as a value."""
    proof_type = proof_type_of(fork)
    block = decode_block(beacon_block, fork)
    slot = int(block.slot)
    if slot < CAPELLA_SLOT:
        raise BeaconDataError(f"slot {slot} is before Capella: no historical_summaries proof")
    root = bytes(block.hash_tree_root())
    index = slot % SLOTS_PER_HISTORICAL_ROOT
    roots = _roots_view(block_roots)
    if bytes(block_roots[index]) != root:
        raise BeaconDataError(
            f"block_roots[{index}] is not the root of the block at slot {slot}: "
            "the block_roots are of another period or another chain"
        )
    return BuiltBlockProof(
        proof_type=proof_type,
        beacon_block_proof=_branch(roots.get_backing(), SLOTS_PER_HISTORICAL_ROOT + index),
        beacon_block_root=root,
        execution_block_proof=_branch(block.get_backing(), EXECUTION_GINDEX[proof_type]),
        slot=slot,
    )


def build_block_proof(beacon_block: bytes, fork: str, block_roots: Sequence[bytes]) -> bytes:
    """Return Portal's SSZ BlockProofHistoricalSummariesCapella/Deneb of an SSZ BeaconBlock.

    `fork` is the Beacon API's name of the block's fork ("capella", "deneb", "electra");
    `block_roots` the 8192 roots of the period holding the block's slot.
    """
    return build_proof(beacon_block, fork, block_roots).encode()


def execution_block_hash(beacon_block: bytes, fork: str) -> bytes:
    """Return the execution payload's block_hash of an SSZ BeaconBlock."""
    return bytes(decode_block(beacon_block, fork).body.execution_payload.block_hash)


def block_header_with_proof(header_rlp: bytes, proof: bytes) -> bytes:
    """Return Portal's SSZ BlockHeaderWithProof(header: ByteList, proof: ByteList)."""
    if len(header_rlp) > MAX_HEADER_LENGTH or len(proof) > MAX_HEADER_PROOF_LENGTH:
        raise BeaconDataError("header or proof exceeds the limits of BlockHeaderWithProof")
    return struct.pack("<II", 8, 8 + len(header_rlp)) + header_rlp + proof


def slot_of_timestamp(timestamp: int) -> int:
    """Return the mainnet slot of an execution block's timestamp (one block per slot)."""
    if timestamp < MAINNET_GENESIS_TIME or (timestamp - MAINNET_GENESIS_TIME) % SECONDS_PER_SLOT:
        raise BeaconDataError(f"timestamp {timestamp} is not the start of a mainnet slot")
    return (timestamp - MAINNET_GENESIS_TIME) // SECONDS_PER_SLOT


def period_bounds(slot: int) -> tuple[int, int]:
    """Return the first slot of the period holding `slot` and the first slot of the next one."""
    start = slot - slot % SLOTS_PER_HISTORICAL_ROOT
    return start, start + SLOTS_PER_HISTORICAL_ROOT


def slot_time(slot: int) -> int:
    """Return the unix time at which a mainnet slot starts."""
    return MAINNET_GENESIS_TIME + slot * SECONDS_PER_SLOT
