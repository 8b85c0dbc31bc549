"""Mainnet canonicality: Portal `BlockHeaderWithProof` against a `historical_summaries` root."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from ipledger.verifier.core.errors import (
    BlockAfterTrustRoot,
    CanonicalityError,
    InvalidBlockProof,
    InvalidTrustRoot,
    RootMismatchError,
    TrustRootNotExtended,
    UnsupportedBlockProof,
)
from ipledger.verifier.core.ethereum import BlockHeader, decode_header
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.ssz import (
    CHUNK,
    decode_two_byte_lists,
    encode_two_byte_lists,
    merkleize,
    mix_in_length,
    sha256,
    verify_merkle_branch,
)

NETWORK = "mainnet"
CHAIN_ID = 1
GENESIS_TIME = 1606824023
SECONDS_PER_SLOT = 12
SLOTS_PER_EPOCH = 32
SLOTS_PER_HISTORICAL_ROOT = 8192
CAPELLA_SLOT = 194048 * SLOTS_PER_EPOCH
DENEB_SLOT = 269568 * SLOTS_PER_EPOCH
HISTORICAL_SUMMARIES_LIMIT = 2**24
MAX_HEADER_LENGTH = 2048
MAX_HEADER_PROOF_LENGTH = 1024
TRUST_ROOT_FORMAT = "ipledger-trust-root"
TRUST_ROOT_VERSION = 1
MAX_SLOT = 2**64 - 1
MAX_ISO_TIME = 253402300800  # 10000-01-01T00:00:00Z

# A proof type names the beacon layouts it walks; a fork that moves the execution block hash
# (Gloas's payload bid will) gets a new name. Electra and Fulu keep Deneb's: the body grew to
# 13 of its 16 leaves and ExecutionPayload kept its 17 fields, so block_hash's index is the same.
CAPELLA = "historical_summaries_capella"
DENEB = "historical_summaries_deneb"
# Proof type -> (depth, index) of block_hash under the beacon block root: BeaconBlock.body is
# leaf 4 of 8, BeaconBlockBody.execution_payload leaf 9 of 16, ExecutionPayload.block_hash leaf
# 12 of 16 (Capella: 15 fields) or of 32 (Deneb: 17 fields).
EXECUTION_PROOF = {CAPELLA: (11, (4 * 16 + 9) * 16 + 12), DENEB: (12, (4 * 16 + 9) * 32 + 12)}
BEACON_PROOF_DEPTH = 13  # block_roots: Vector[Root, SLOTS_PER_HISTORICAL_ROOT]
SLOT_SIZE = 8
TRUST_ROOT_KEYS = frozenset(
    {"format", "version", "network", "chain_id", "slot", "historical_summaries_root",
     "historical_summaries"}
)


def slot_time(slot: int) -> int:
    """Return the Unix time at which a mainnet slot starts."""
    return GENESIS_TIME + SECONDS_PER_SLOT * slot


def utc(unix_time: int) -> str:
    """Return a Unix time as ISO 8601 UTC text, e.g. `2025-03-30T12:00:23Z`."""
    if not 0 <= unix_time < MAX_ISO_TIME:  # a forged slot's time: beyond datetime's years
        return f"Unix time {unix_time}"
    return datetime.fromtimestamp(unix_time, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def period_of(slot: int) -> int:
    """Return the index in `historical_summaries` of the period holding a post-Capella slot."""
    return (slot - CAPELLA_SLOT) // SLOTS_PER_HISTORICAL_ROOT


def period_closes(slot: int) -> str:
    """Return the UTC time from which a trust root covers the period of a post-Capella slot."""
    return utc(slot_time(CAPELLA_SLOT + (period_of(slot) + 1) * SLOTS_PER_HISTORICAL_ROOT))


def proof_type_for(timestamp: int) -> str:
    """Return the proof type the Portal spec prescribes for a header of this timestamp."""
    if timestamp >= slot_time(DENEB_SLOT):
        return DENEB
    if timestamp >= slot_time(CAPELLA_SLOT):
        return CAPELLA
    raise UnsupportedBlockProof(
        f"the block of {utc(timestamp)} is before Capella: its proof (historical_roots or the "
        "pre-merge accumulator) is not implemented; verify it with --rpc"
    )


@dataclass(frozen=True)
class HistoricalSummaries:
    """Mainnet's `historical_summaries` at `slot`: (block_summary_root, state_summary_root)s."""

    slot: int
    summaries: tuple[tuple[bytes, bytes], ...]

    def __post_init__(self) -> None:
        """Check the slot, the 32-byte roots, and that the count is the slot's."""
        if not isinstance(self.slot, int) or not CAPELLA_SLOT <= self.slot <= MAX_SLOT:
            raise InvalidTrustRoot(f"the trust root's slot must be an integer >= {CAPELLA_SLOT}")
        for pair in self.summaries:
            if len(pair) != 2 or any(not isinstance(r, bytes) or len(r) != CHUNK for r in pair):
                raise InvalidTrustRoot("a historical summary is two 32-byte roots")
        if len(self.summaries) != period_of(self.slot):
            raise InvalidTrustRoot(
                f"the state at slot {self.slot} has {period_of(self.slot)} historical "
                f"summaries, not {len(self.summaries)}"
            )

    @cached_property  # a frozen value: hashed once, not at every proof checked against it
    def root(self) -> bytes:
        """Return hash_tree_root(List[HistoricalSummary, 2**24]) of the summaries."""
        leaves = [sha256(block + state) for block, state in self.summaries]
        return mix_in_length(merkleize(leaves, HISTORICAL_SUMMARIES_LIMIT), len(leaves))

    @property
    def closes(self) -> str:
        """Return the UTC time up to which this trust root covers blocks (its slot's start)."""
        return utc(slot_time(self.slot))

    @classmethod
    def from_ssz(cls, data: bytes, slot: int) -> HistoricalSummaries:
        """Parse the SSZ of the list (64 bytes per summary) as the state held it at `slot`."""
        if not isinstance(data, bytes) or len(data) % (2 * CHUNK):
            raise InvalidTrustRoot("historical_summaries SSZ is not a whole number of 64 bytes")
        if len(data) // (2 * CHUNK) > HISTORICAL_SUMMARIES_LIMIT:
            raise InvalidTrustRoot("historical_summaries SSZ holds more than 2**24 summaries")
        pairs = tuple(
            (data[i : i + CHUNK], data[i + CHUNK : i + 2 * CHUNK])
            for i in range(0, len(data), 2 * CHUNK)
        )
        return cls(slot=slot, summaries=pairs)

    def to_ssz(self) -> bytes:
        """Return the SSZ of the list: each summary's two roots, in order."""
        return b"".join(block + state for block, state in self.summaries)

    @classmethod
    def from_json(cls, text: str | bytes) -> HistoricalSummaries:
        """Parse a trust-root file (docs/design.md) and check its stated root is its own."""
        try:
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            doc = None if exceeds_depth(text, 1) else json.loads(text)
        except ValueError as exc:
            raise InvalidTrustRoot(f"the trust root is not JSON text: {exc}") from None
        if not isinstance(doc, dict) or set(doc) != TRUST_ROOT_KEYS:
            raise InvalidTrustRoot(f"a trust root has exactly the keys {sorted(TRUST_ROOT_KEYS)}")
        expected = {"format": TRUST_ROOT_FORMAT, "version": TRUST_ROOT_VERSION,
                    "network": NETWORK, "chain_id": CHAIN_ID}
        for key, value in expected.items():
            if doc[key] != value or type(doc[key]) is not type(value):
                raise InvalidTrustRoot(f"the trust root's {key} must be {value!r}")
        slot = doc["slot"]
        if type(slot) is not int:
            raise InvalidTrustRoot("the trust root's slot must be an integer")
        stated = doc["historical_summaries_root"]
        if not isinstance(stated, str) or not re.fullmatch(r"0x[0-9a-f]{64}", stated):
            raise InvalidTrustRoot("historical_summaries_root must be 0x and 64 lowercase hex")
        try:
            data = base64.b64decode(doc["historical_summaries"], validate=True)
        except (TypeError, ValueError):
            data = b"-"
        if base64.b64encode(data).decode() != doc["historical_summaries"]:
            raise InvalidTrustRoot("historical_summaries must be the list's SSZ in base64")
        summaries = cls.from_ssz(data, slot)
        if "0x" + summaries.root.hex() != stated:
            raise InvalidTrustRoot(f"historical_summaries hash to 0x{summaries.root.hex()}, "
                                   f"not the stated historical_summaries_root {stated}")
        return summaries

    def to_json(self) -> str:
        """Return the trust-root file's text (one JSON object, keys in a fixed order)."""
        doc = {"format": TRUST_ROOT_FORMAT, "version": TRUST_ROOT_VERSION, "network": NETWORK,
               "chain_id": CHAIN_ID, "slot": self.slot,
               "historical_summaries_root": "0x" + self.root.hex(),
               "historical_summaries": base64.b64encode(self.to_ssz()).decode()}
        return json.dumps(doc, indent=2) + "\n"

    def covers_slot(self, slot: int) -> bool:
        """Say whether a block at `slot` is provable: its period closed before this root."""
        return slot >= CAPELLA_SLOT and period_of(slot) < len(self.summaries)

    def check_extends(self, older: HistoricalSummaries) -> None:
        """Raise `TrustRootNotExtended` unless `older`'s summaries are a prefix of these."""
        if self.summaries[: len(older.summaries)] != older.summaries:
            raise TrustRootNotExtended(
                f"the trust root at slot {self.slot} does not extend the one at slot "
                f"{older.slot}: their historical summaries differ"
            )


@dataclass(frozen=True)
class BlockProof:
    """Portal's `BlockProofHistoricalSummaries{Capella,Deneb}`, named by its `type`."""

    type: str
    beacon_block_proof: tuple[bytes, ...]
    beacon_block_root: bytes
    execution_block_proof: tuple[bytes, ...]
    slot: int

    def __post_init__(self) -> None:
        """Check the type and every hash count and size."""
        if self.type not in EXECUTION_PROOF:
            raise InvalidBlockProof(f"unknown block proof type {self.type!r}")
        lengths = ((self.beacon_block_proof, BEACON_PROOF_DEPTH, "beacon_block_proof"),
                   (self.execution_block_proof, EXECUTION_PROOF[self.type][0],
                    "execution_block_proof"), ((self.beacon_block_root,), 1, "beacon_block_root"))
        for hashes, count, name in lengths:
            if len(hashes) != count or any(
                not isinstance(h, bytes) or len(h) != CHUNK for h in hashes
            ):
                raise InvalidBlockProof(f"{name} of a {self.type} proof is {count} 32-byte hashes")
        if not isinstance(self.slot, int) or not 0 <= self.slot <= MAX_SLOT:
            raise InvalidBlockProof("the proof's slot must be a uint64")

    @classmethod
    def from_ssz(cls, type: str, data: bytes) -> BlockProof:
        """Parse the proof's SSZ (four fixed-size fields) as the given type."""
        if type not in EXECUTION_PROOF:
            raise InvalidBlockProof(f"unknown block proof type {type!r}")
        depth = EXECUTION_PROOF[type][0]
        size = (BEACON_PROOF_DEPTH + 1 + depth) * CHUNK + SLOT_SIZE
        if not isinstance(data, bytes) or len(data) != size:
            raise InvalidBlockProof(f"a {type} proof is {size} bytes of SSZ")
        hashes = [data[i : i + CHUNK] for i in range(0, size - SLOT_SIZE, CHUNK)]
        return cls(
            type=type,
            beacon_block_proof=tuple(hashes[:BEACON_PROOF_DEPTH]),
            beacon_block_root=hashes[BEACON_PROOF_DEPTH],
            execution_block_proof=tuple(hashes[BEACON_PROOF_DEPTH + 1 :]),
            slot=int.from_bytes(data[-SLOT_SIZE:], "little"),
        )

    def to_ssz(self) -> bytes:
        """Return the proof's SSZ, byte for byte Portal's."""
        return (b"".join(self.beacon_block_proof) + self.beacon_block_root
                + b"".join(self.execution_block_proof) + self.slot.to_bytes(SLOT_SIZE, "little"))


@dataclass(frozen=True)
class ProvenBlock:
    """A block proven canonical on Ethereum mainnet by a trust root's historical summaries."""

    number: int
    hash: bytes
    timestamp: int
    slot: int
    beacon_block_root: bytes
    proof_type: str
    trust_root_slot: int
    trust_root: str  # 0x-hex hash_tree_root of the historical_summaries
    chain_id: int = CHAIN_ID  # the trust root's chain: only mainnet's exists so far

    @property
    def statement(self) -> str:
        """Say what was proven, and against what."""
        return (
            f"block {self.number} (0x{self.hash.hex()}) of {utc(self.timestamp)} is canonical "
            f"on Ethereum {NETWORK} per historical_summaries at slot {self.trust_root_slot} "
            f"(root {self.trust_root})"
        )


def _branch(
    leaf: bytes, branch: tuple[bytes, ...], where: tuple[int, int], root: bytes, what: str
) -> None:
    try:
        verify_merkle_branch(leaf, branch, where[0], where[1], root, what=what)
    except RootMismatchError as exc:
        raise CanonicalityError(str(exc)) from exc


def verify_block_proof(
    block_hash: bytes, timestamp: int, number: int, proof: BlockProof,
    trust_root: HistoricalSummaries,
) -> ProvenBlock:
    """Check that `proof` puts the block in the history `trust_root` commits to.

    Raises `InvalidBlockProof` for a proof of the wrong type for the time, `CanonicalityError`
    when the slot's time is not the header's or a branch fails, and `BlockAfterTrustRoot`
    (execution branch checked) when the block's period closed after the trust root.
    """
    expected = proof_type_for(timestamp)
    if proof.type != expected:
        raise InvalidBlockProof(f"a block of {utc(timestamp)} needs a {expected} proof, "
                                f"not {proof.type}")
    if slot_time(proof.slot) != timestamp:
        raise CanonicalityError(f"slot {proof.slot} starts at {utc(slot_time(proof.slot))}, "
                                f"not at the header's time {utc(timestamp)}")
    _branch(block_hash, proof.execution_block_proof, EXECUTION_PROOF[proof.type],
            proof.beacon_block_root, "execution block proof (block hash in beacon block)")
    if not trust_root.covers_slot(proof.slot):
        raise BlockAfterTrustRoot(proof.slot, trust_root.slot, period_closes(proof.slot))
    block_summary_root = trust_root.summaries[period_of(proof.slot)][0]
    _branch(proof.beacon_block_root, proof.beacon_block_proof,
            (BEACON_PROOF_DEPTH, proof.slot % SLOTS_PER_HISTORICAL_ROOT), block_summary_root,
            "beacon block proof (beacon block in historical summary)")
    return ProvenBlock(number=number, hash=block_hash, timestamp=timestamp, slot=proof.slot,
                       beacon_block_root=proof.beacon_block_root, proof_type=proof.type,
                       trust_root_slot=trust_root.slot, trust_root="0x" + trust_root.root.hex())


def decode_header_with_proof(content: bytes) -> tuple[BlockHeader, BlockProof]:
    """Parse Portal `BlockHeaderWithProof` bytes: the decoded header and its proof."""
    header_rlp, proof = decode_two_byte_lists(
        content, (MAX_HEADER_LENGTH, MAX_HEADER_PROOF_LENGTH), "BlockHeaderWithProof"
    )
    header = decode_header(header_rlp)
    return header, BlockProof.from_ssz(proof_type_for(header.timestamp), proof)


def encode_header_with_proof(header_rlp: bytes, proof: BlockProof) -> bytes:
    """Return Portal `BlockHeaderWithProof` bytes for a header's RLP and its proof."""
    return encode_two_byte_lists(header_rlp, proof.to_ssz())


def verify_header_proof(content: bytes, trust_root: HistoricalSummaries) -> ProvenBlock:
    """Verify Portal `BlockHeaderWithProof` bytes against `trust_root` (see verify_block_proof)."""
    header, proof = decode_header_with_proof(content)
    return verify_block_proof(header.hash, header.timestamp, header.number, proof, trust_root)
