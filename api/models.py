"""Request and response models of the HTTP API (the `*Create` / `*Public` families)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from verifier.errors import EntryError
from verifier.leaf import canonical_metadata

MAX_BATCH = 10_000
DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}$"
NONCE_PATTERN = r"^[0-9a-f]{32}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"

_DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
_NONCE = "4f1c2a9be07d3c55a1e0f9b2c3d4e5f6"
_META: dict[str, Any] = {"office": "EP", "application": "EP24123456", "title": "Rotor blade"}
_META_HASH = "2b4f1b9c7a0d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f"
_LEAF = "7d2c0a1b9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b"
_NOTE = (
    "ipledger-receipt v1\nipledger.example-office.int/log\n41\n1\n"
    "fSwKG56PemtcTT4vGguciH5vWks8LR4PmouHxtXk86s=\n\n"
    "\u2014 ipledger.example-office.int/log Z5ybGk0xyzSIGNATUREBASE64==\n"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntryCreate(_Frozen):
    """One document hash to record; the document itself never leaves the client."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"examples": [{"digest": _DIGEST, "metadata": _META}]},
    )

    digest: str = Field(
        pattern=DIGEST_PATTERN,
        description="SHA-256 of the document: `sha256:` and 64 lowercase hex characters.",
    )
    nonce: str | None = Field(
        default=None,
        pattern=NONCE_PATTERN,
        description="16 bytes as 32 lowercase hex characters; drawn by the server when absent.",
    )
    metadata: dict[str, Any] | None = Field(
        default=None,
        description="JSON object (at most 4 KiB in RFC 8785 canonical form), committed by "
        "its SHA-256; integers beyond 2^53-1 and duplicate keys are rejected.",
    )

    @field_validator("metadata")
    @classmethod
    def _canonical_metadata(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            try:
                canonical_metadata(value)
            except EntryError as exc:
                raise ValueError(exc.reason) from None
        return value


class BatchCreate(_Frozen):
    """Up to 10,000 entries appended all or nothing, in one transaction."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "examples": [{"entries": [{"digest": _DIGEST}, {"digest": _DIGEST, "metadata": _META}]}]
        },
    )

    entries: list[EntryCreate] = Field(min_length=1, max_length=MAX_BATCH)


class ReceiptProof(_Frozen):
    """The signed receipt note of the commit and the entry's inclusion proof under its root."""

    note: str = Field(description="C2SP signed note `ipledger-receipt v1` (see README).")
    proof: list[str] = Field(description="RFC 9162 inclusion proof in the receipt's tree, hex.")


class ReceiptPublic(_Frozen):
    """A signed receipt for one entry: `verifier.receipt_note.verify_entry_receipt` checks it."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "index": 41,
                    "digest": _DIGEST,
                    "nonce": _NONCE,
                    "metadata": _META,
                    "metadata_hash": _META_HASH,
                    "received_at": 1795996865123,
                    "leaf_hash": _LEAF,
                    "receipt": {"note": _NOTE, "proof": []},
                }
            ]
        },
    )

    index: int = Field(ge=0, description="Position of the entry in the log.")
    digest: str = Field(pattern=DIGEST_PATTERN)
    nonce: str = Field(pattern=NONCE_PATTERN)
    metadata: dict[str, Any] | None
    metadata_hash: str = Field(pattern=HASH_PATTERN, description="SHA-256(JCS(metadata)).")
    received_at: int = Field(ge=0, description="Server time, ms since the Unix epoch (UTC).")
    leaf_hash: str = Field(pattern=HASH_PATTERN, description="RFC 9162 leaf hash, hex.")
    receipt: ReceiptProof


class BatchEntryPublic(_Frozen):
    """One entry of a batch: the fields the client did not choose, and the leaf hash."""

    index: int = Field(ge=0)
    digest: str = Field(pattern=DIGEST_PATTERN)
    nonce: str = Field(pattern=NONCE_PATTERN)
    metadata_hash: str = Field(pattern=HASH_PATTERN)
    received_at: int = Field(ge=0)
    leaf_hash: str = Field(pattern=HASH_PATTERN)


class BatchReceiptPublic(_Frozen):
    """The batch's entries in order and ONE signed note over the root of their leaf hashes.

    The note's tree is exactly the batch (first index, count), so a client recomputes the
    root from `entries[*].leaf_hash`; `GET /v1/entries/{index}/receipt` gives any one entry
    a receipt of its own.
    """

    first_index: int = Field(ge=0)
    count: int = Field(ge=1, le=MAX_BATCH)
    note: str = Field(description="C2SP signed note `ipledger-receipt v1` over the batch.")
    entries: list[BatchEntryPublic]


class CheckpointRef(_Frozen):
    """The smallest published checkpoint that includes the entry."""

    size: int = Field(ge=1)
    root: str = Field(pattern=HASH_PATTERN)


class AnchorPublic(_Frozen):
    """An on-chain anchor of a checkpoint (state pending, sent, included or final)."""

    size: int = Field(ge=1, description="Tree size anchored.")
    root: str = Field(pattern=HASH_PATTERN)
    state: Literal["pending", "sent", "included", "final"]
    chain_id: int | None = None
    contract: str | None = Field(default=None, description="0x address of EvidenceAnchor.")
    tx_hash: str | None = None
    block_number: int | None = None
    block_hash: str | None = None
    block_time: int | None = Field(default=None, description="Block timestamp, s since epoch.")


class EntryPublic(_Frozen):
    """An entry of the caller's tenant and how far its evidence has come."""

    index: int = Field(ge=0)
    digest: str = Field(pattern=DIGEST_PATTERN)
    nonce: str = Field(pattern=NONCE_PATTERN)
    metadata: dict[str, Any] | None
    metadata_hash: str = Field(pattern=HASH_PATTERN)
    received_at: int = Field(ge=0)
    leaf_hash: str = Field(pattern=HASH_PATTERN)
    status: Literal["pending", "anchored", "final"] = Field(
        description="`pending`: not yet in an anchor that is included on chain; `anchored`: "
        "included in a block; `final`: that block is final/confirmed (evidence available)."
    )
    checkpoint: CheckpointRef | None = Field(description="Smallest checkpoint covering it.")
    anchor: AnchorPublic | None = Field(description="Earliest anchor covering it.")


class EarliestPublic(_Frozen):
    """The earliest entry of a digest in the whole log (any tenant)."""

    digest: str = Field(pattern=DIGEST_PATTERN)
    index: int = Field(ge=0)
    received_at: int = Field(ge=0)
    leaf_hash: str = Field(pattern=HASH_PATTERN)
    yours: bool = Field(description="Whether the entry is your tenant's (then GET it for more).")


class CheckpointPublic(_Frozen):
    """A signed checkpoint (C2SP tlog-checkpoint note)."""

    size: int = Field(ge=0)
    root: str = Field(pattern=HASH_PATTERN)
    note: str = Field(description="The signed note text.")


class InclusionProofPublic(_Frozen):
    """RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves."""

    index: int = Field(ge=0)
    size: int = Field(ge=1)
    leaf_hash: str = Field(pattern=HASH_PATTERN)
    root: str = Field(pattern=HASH_PATTERN)
    proof: list[str]


class ConsistencyProofPublic(_Frozen):
    """RFC 9162 consistency proof from the tree of `first` leaves to that of `second`."""

    first: int = Field(ge=1)
    second: int = Field(ge=1)
    first_root: str = Field(pattern=HASH_PATTERN)
    second_root: str = Field(pattern=HASH_PATTERN)
    proof: list[str]


class LogInfo(_Frozen):
    """Who runs this log and where it is anchored."""

    origin: str
    verifier_key: str = Field(description="C2SP verifier key of the log (checkpoints, receipts).")
    size: int = Field(ge=0, description="Current number of entries.")
    chain: str = Field(description="Chain preset name.")
    chain_id: int | None = None
    contract: str | None = Field(default=None, description="EvidenceAnchor address (0x).")
    log_address: str | None = Field(default=None, description="Operator address keying the log.")


class Health(_Frozen):
    """Liveness of the parts the API needs."""

    status: Literal["ok", "degraded"]
    database: Literal["ok", "unavailable"]
