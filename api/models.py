"""Request and response models of the HTTP API (the `*Create` / `*Public` families)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ipledger.api.cosigning_models import WitnessHealth
from ipledger.api.timestamping_models import TsaHealth
from ipledger.api.writer_models import WriterHealth
from ipledger.ledger.wipo import DOCUMENT_ROLES
from ipledger.verifier.core.errors import EntryError
from ipledger.verifier.core.leaf import canonical_metadata

MAX_BATCH = 10_000
DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}$"
NONCE_PATTERN = r"^[0-9a-f]{32}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
KEY_PATTERN = r"^[\x21-\x7e]+$"
METADATA_KEY_PATTERN = r"^[A-Za-z0-9_.-]{1,100}$"

_DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
_NONCE = "4f1c2a9be07d3c55a1e0f9b2c3d4e5f6"
_META: dict[str, Any] = {
    "office": "EP",
    "application_number": "EP24123456",
    "kind": "A1",
    "filing_date": "2024-03-15",
    "document_role": "claims",
    "title": "Rotor blade",
}
# Real values for the example entry (received at 1795996865123), checked by a test.
_META_HASH = "146e3d2726cb2b167d975044ec3ebc46cd15ffb191c62c6eedb7db6833da61b9"
_LEAF = "5349a39dc1eb4a2bd7c5f5e3007c7b246bfde383ba9cab0f06e6b521c908a3d3"
_ROOT = "7ae7be52e5e9ed325e33025b809e4529d77834c84601c5cef68f0df5059fbd18"
_HASH = "d3a0f1c5b2e4968a7c1e0b9f8d6c5a4b3e2f1d0c9b8a7f6e5d4c3b2a1f0e9d8c"
_TX = "0x15239cbba002de007ef77bc4fb2814091a16184186cc0f3a2ff39615c040d403"
_BLOCK = "0x8f2a6c1d0e9b7a5c3f1e2d4b6a8c0e9f7d5b3a1c2e4f6a8b0d9c7e5f3a1b2c4d"
_CONTRACT = "0x253aE0F6277E37AD06b2ACbE2cd12A5b8D3E98F4"
_OPERATOR = "0x8B869912705Cb745e45cb70Ca1CE7f4006d62206"
_CHECKPOINT = (
    "ipledger.example-office.int/log\n1000\nfSwKG56PemtcTT4vGguciH5vWks8LR4PmouHxtXk86s=\n\n"
    "\u2014 ipledger.example-office.int/log Z5ybGk0xyzSIGNATUREBASE64==\n"
)
_ANCHOR: dict[str, Any] = {
    "size": 1000,
    "root": _ROOT,
    "state": "final",
    "chain_id": 31337,
    "contract": _CONTRACT,
    "tx_hash": _TX,
    "block_number": 123,
    "block_hash": _BLOCK,
    "block_time": 1795996900,
}
_NOTE = (
    "ipledger-receipt v1\nipledger.example-office.int/log\n41\n1\n"
    "fSwKG56PemtcTT4vGguciH5vWks8LR4PmouHxtXk86s=\n\n"
    "\u2014 ipledger.example-office.int/log Z5ybGk0xyzSIGNATUREBASE64==\n"
)


_ENTRY: dict[str, Any] = {  # the example entry every entry model's example shows
    "index": 41,
    "digest": _DIGEST,
    "nonce": _NONCE,
    "metadata": _META,
    "metadata_hash": _META_HASH,
    "received_at": 1795996865123,
    "leaf_hash": _LEAF,
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _example(example: dict[str, Any]) -> ConfigDict:
    """Return the model configuration of a frozen model documented by `example`."""
    return ConfigDict(frozen=True, extra="forbid", json_schema_extra={"examples": [example]})


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
        description="JSON object committed by the SHA-256 of its RFC 8785 (JCS) form. Rules "
        "beyond this schema, each answered with a 422 naming the field: the canonical form is "
        "at most 4096 bytes; nesting is at most 64 levels; numbers of integer value must lie "
        "within ±(2^53-1) (send larger ones as strings); duplicate keys are rejected. These "
        "keys, all optional, are checked against WIPO standards (docs/api.md): `office` (ST.3 "
        "two-letter code, e.g. EP, WO, US), `application_number` (ST.13, as the office writes "
        "it), `kind` (ST.16, e.g. A1, B2, U), `filing_date` (YYYY-MM-DD), `priority` (a list "
        "of {office, application_number, date}), `document_role` (one of "
        + ", ".join(DOCUMENT_ROLES)
        + "); any other key is free.",
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
    """A signed receipt for one entry: `verifier.receipts.verify_entry_receipt` checks it."""

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

    model_config = _example(
        {
            "first_index": 41,
            "count": 2,
            "note": _NOTE.replace("\n41\n1\n", "\n41\n2\n"),
            "entries": [
                {
                    "index": 41,
                    "digest": _DIGEST,
                    "nonce": _NONCE,
                    "metadata_hash": _META_HASH,
                    "received_at": 1795996865123,
                    "leaf_hash": _LEAF,
                },
                {
                    "index": 42,
                    "digest": _DIGEST,
                    "nonce": "0f" * 16,
                    "metadata_hash": "00" * 32,
                    "received_at": 1795996865123,
                    "leaf_hash": _HASH,
                },
            ],
        }
    )

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

    model_config = _example(_ANCHOR)

    size: int = Field(ge=1, description="Tree size anchored.")
    root: str = Field(pattern=HASH_PATTERN)
    state: Literal["pending", "sent", "included", "final", "superseded", "failed"] = Field(
        description="`pending` chosen, `sent` transaction broadcast, `included` in a block, "
        "`final` deep enough to stay; `superseded` (a newer anchor covers it) and `failed` "
        "(needs the operator) never reach the chain."
    )
    chain_id: int | None = None
    contract: str | None = Field(default=None, description="0x address of EvidenceAnchor.")
    tx_hash: str | None = None
    block_number: int | None = None
    block_hash: str | None = None
    block_time: int | None = Field(default=None, description="Block timestamp, s since epoch.")


class ListedEntry(_Frozen):
    """One of the caller's entries in a list; GET it by index for its checkpoint and anchor."""

    model_config = _example(_ENTRY)

    index: int = Field(ge=0)
    digest: str = Field(pattern=DIGEST_PATTERN)
    nonce: str = Field(pattern=NONCE_PATTERN)
    metadata: dict[str, Any] | None
    metadata_hash: str = Field(pattern=HASH_PATTERN)
    received_at: int = Field(ge=0)
    leaf_hash: str = Field(pattern=HASH_PATTERN)


class EntryPublic(ListedEntry):
    """An entry of the caller's tenant and how far its evidence has come."""

    model_config = _example(
        {
            **_ENTRY,
            "status": "final",
            "checkpoint": {"size": 1000, "root": _ROOT},
            "anchor": _ANCHOR,
        }
    )

    status: Literal["pending", "anchored", "final"] = Field(
        description="`pending`: not yet in an anchor that is included on chain; `anchored`: "
        "included in a block; `final`: that block is final/confirmed (evidence available)."
    )
    checkpoint: CheckpointRef | None = Field(description="Smallest checkpoint covering it.")
    anchor: AnchorPublic | None = Field(description="Earliest anchor covering it.")


class EvidencePendingPublic(EntryPublic):
    """An entry whose evidence is not ready yet: its status, and what it waits for."""

    model_config = _example(
        {
            **_ENTRY,
            "status": "pending",
            "checkpoint": None,
            "anchor": None,
            "detail": "entry 41 is not anchored yet: the log cuts a checkpoint every 30 s and "
            "anchors it, then the chain makes it final; retry after 30 s",
        }
    )

    detail: str = Field(description="What the evidence waits for, and when to ask again.")


class EarliestPublic(_Frozen):
    """The earliest entry of a digest in the whole log (any tenant)."""

    model_config = _example(
        {
            "digest": _DIGEST,
            "index": 41,
            "received_at": 1795996865123,
            "leaf_hash": _LEAF,
            "yours": True,
        }
    )

    digest: str = Field(pattern=DIGEST_PATTERN)
    index: int = Field(ge=0)
    received_at: int = Field(ge=0)
    leaf_hash: str = Field(pattern=HASH_PATTERN)
    yours: bool = Field(description="Whether the entry is your tenant's (then GET it for more).")


MAX_DIGESTS_PER_QUERY = 500  # 500 digests fit the 64 KiB body limit of non-batch routes


class DigestsQuery(_Frozen):
    """Digests whose earliest entries are asked for in one request."""

    model_config = _example({"digests": [_DIGEST]})

    digests: list[Annotated[str, Field(pattern=DIGEST_PATTERN)]] = Field(
        min_length=1, max_length=MAX_DIGESTS_PER_QUERY
    )


class EarliestListPublic(_Frozen):
    """The earliest entry of each digest asked for, in the order asked; null if none."""

    model_config = _example(
        {"items": [EarliestPublic.model_config["json_schema_extra"]["examples"][0], None]}  # type: ignore[index]
    )

    items: list[EarliestPublic | None]


class CheckpointPublic(_Frozen):
    """A signed checkpoint (C2SP tlog-checkpoint note)."""

    model_config = _example({"size": 1000, "root": _ROOT, "note": _CHECKPOINT})

    size: int = Field(ge=0)
    root: str = Field(pattern=HASH_PATTERN)
    note: str = Field(description="The signed note text.")


class InclusionProofPublic(_Frozen):
    """RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves."""

    model_config = _example(
        {"index": 41, "size": 1000, "leaf_hash": _LEAF, "root": _ROOT, "proof": [_HASH, _META_HASH]}
    )

    index: int = Field(ge=0)
    size: int = Field(ge=1)
    leaf_hash: str = Field(pattern=HASH_PATTERN)
    root: str = Field(pattern=HASH_PATTERN)
    proof: list[str]


class ConsistencyProofPublic(_Frozen):
    """RFC 9162 consistency proof from the tree of `first` leaves to that of `second`."""

    model_config = _example(
        {
            "first": 1000,
            "second": 1500,
            "first_root": _ROOT,
            "second_root": _HASH,
            "proof": [_LEAF, _META_HASH],
        }
    )

    first: int = Field(ge=1)
    second: int = Field(ge=1)
    first_root: str = Field(pattern=HASH_PATTERN)
    second_root: str = Field(pattern=HASH_PATTERN)
    proof: list[str]


class LogInfo(_Frozen):
    """Who runs this log and where it is anchored."""

    model_config = _example(
        {
            "origin": "ipledger.example-office.int/log",
            "verifier_key": "ipledger.example-office.int/log+0fec8ce5+"
            "AWYnVX2zZY/ZaDTxKqt7bRSolwyMIEyI2Hx+wq4il1I1",
            "size": 1500,
            "chain": "local",
            "chain_id": 31337,
            "contract": _CONTRACT,
            "log_address": _OPERATOR,
        }
    )

    origin: str
    verifier_key: str = Field(description="C2SP verifier key of the log (checkpoints, receipts).")
    size: int = Field(ge=0, description="Current number of entries.")
    chain: str = Field(description="Chain preset name.")
    chain_id: int | None = None
    contract: str | None = Field(default=None, description="EvidenceAnchor address (0x).")
    log_address: str | None = Field(default=None, description="Operator address keying the log.")


class ChainHealth(_Frozen):
    """The chain as this API process sees it."""

    model_config = _example(
        {
            "state": "ok",
            "chain_id": 31337,
            "head_block": 130,
            "operator": _OPERATOR,
            "operator_balance_wei": "999998391529000000000",
            "anchoring": "here",
            "detail": None,
        }
    )

    state: Literal["ok", "unavailable", "connecting", "off"] = Field(
        description="`connecting`: not yet connected (retrying); `off`: no chain attached."
    )
    chain_id: int | None = None
    head_block: int | None = Field(default=None, description="The node's newest block.")
    operator: str | None = Field(default=None, description="Address that anchors the log.")
    operator_balance_wei: str | None = Field(
        default=None, pattern=r"^[0-9]+$", description="Its balance in wei (decimal string)."
    )
    anchoring: Literal["here", "elsewhere", "idle", "off"] = Field(
        description="Whose anchoring worker holds the log's lease: this process's, another "
        "process's, nobody's right now, or no worker runs here."
    )
    detail: str | None = Field(
        default=None,
        description="Why the chain is not `ok`, or why this process's anchoring is stalled "
        "(e.g. the operator account cannot pay for gas).",
    )


class Health(_Frozen):
    """Liveness of the parts the API needs, and how far anchoring lags."""

    model_config = _example(
        {
            "status": "ok",
            "database": "ok",
            "chain": ChainHealth.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
            "backlog_entries": 12,
            "oldest_unanchored_age_seconds": 1.8,
            "writer": {"mode": "thread", "state": "ok", "pid": None, "starts": 0,
                       "last_error": None, "last_error_at": None},
        }
    )

    status: Literal["ok", "degraded"] = Field(
        description="`degraded`: entries are accepted but cannot be anchored now (chain "
        "unreachable or not yet connected, or the operator has no funds), this office "
        "caught a witnessed log equivocating, or the writer process is `stopped`."
    )
    database: Literal["ok", "unavailable"]
    chain: ChainHealth
    backlog_entries: int = Field(ge=0, description="Entries no anchor in a block covers yet.")
    oldest_unanchored_age_seconds: float | None = Field(
        default=None, ge=0, description="Age of the oldest of them (null when none)."
    )
    equivocations_caught: int = Field(
        default=0,
        ge=0,
        description="Forks this office caught as a witness (GET /v1/witness/equivocations); "
        "any makes the status `degraded` until an operator has dealt with it.",
    )
    detail: str | None = Field(default=None, description="Why the status is degraded, if not "
                               "the chain's state.")
    witnesses: list[WitnessHealth] = Field(
        default_factory=list,
        description="The witnesses this log asks to cosign its checkpoints (IPLEDGER_WITNESSES); "
        "one `failing` makes the status `degraded`.",
    )
    writer: WriterHealth = Field(description="Who commits this process's submissions.")
    tsas: list[TsaHealth] = Field(
        default_factory=list,
        description="The TSAs asked for a token of every checkpoint (IPLEDGER_TSA_URLS); one "
        "`failing` makes the status `degraded`.",
    )
