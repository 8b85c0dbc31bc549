"""The evidence bundle as the API serves it (bundle format v1): its OpenAPI description."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ipledger.api.models import (
    _BLOCK,
    _CHECKPOINT,
    _CONTRACT,
    _DIGEST,
    _HASH,
    _META,
    _META_HASH,
    _NONCE,
    _OPERATOR,
    _TX,
    DIGEST_PATTERN,
    NONCE_PATTERN,
    _example,
    _Frozen,
)

ADDRESS_PATTERN = r"^0x[0-9a-fA-F]{40}$"
HASH32_0X_PATTERN = r"^0x[0-9a-f]{64}$"
HEX_0X_PATTERN = r"^0x(?:[0-9a-f]{2})+$"


class BundleEntryPublic(_Frozen):
    """The entry as committed in its leaf (docs/design.md section 2)."""

    index: int = Field(ge=0)
    digest: str = Field(pattern=DIGEST_PATTERN)
    nonce: str = Field(pattern=NONCE_PATTERN)
    metadata: dict[str, Any] | None
    received_at: int = Field(ge=0)


class BundleInclusionPublic(_Frozen):
    """RFC 9162 inclusion proof of the entry in the anchored tree."""

    tree_size: int = Field(ge=1)
    proof: list[str] = Field(description="Sibling hashes, lowercase hex, leaf to root.")


class BundleAnchorPublic(_Frozen):
    """The transaction that anchored the tree, with what proves it from the block header."""

    chain_id: int = Field(ge=1)
    contract: str = Field(pattern=ADDRESS_PATTERN, description="EvidenceAnchor (EIP-55).")
    log: str = Field(pattern=ADDRESS_PATTERN, description="Operator address keying the log.")
    tx_hash: str = Field(pattern=HASH32_0X_PATTERN)
    tx_index: int = Field(ge=0)
    log_index: int = Field(ge=0, description="Position of `Anchored` in the receipt's logs.")
    block_number: int = Field(ge=0)
    block_hash: str = Field(pattern=HASH32_0X_PATTERN)
    block_time: int = Field(ge=0, description="Block timestamp, seconds since the epoch.")
    block_header: str = Field(pattern=HEX_0X_PATTERN, description="RLP of the block header.")
    receipt: str = Field(pattern=HEX_0X_PATTERN, description="EIP-2718 receipt encoding.")
    receipt_proof: list[str] = Field(description="Receipts-trie nodes, root first (RLP).")


class EvidenceBundlePublic(_Frozen):
    """Evidence bundle v1 (docs/design.md section 8): what `ipledger-verify` checks offline."""

    model_config = _example(
        {
            "format": "ipledger-evidence",
            "version": 1,
            "entry": {
                "index": 41,
                "digest": _DIGEST,
                "nonce": _NONCE,
                "metadata": _META,
                "received_at": 1795996865123,
            },
            "inclusion": {"tree_size": 1000, "proof": [_HASH, _META_HASH]},
            "checkpoint": _CHECKPOINT,
            "anchor": {
                "chain_id": 31337,
                "contract": _CONTRACT,
                "log": _OPERATOR,
                "tx_hash": _TX,
                "tx_index": 0,
                "log_index": 0,
                "block_number": 123,
                "block_hash": _BLOCK,
                "block_time": 1795996900,
                "block_header": "0xf90244a0" + "ab" * 32,
                "receipt": "0x02f901a60182c1e0b90100" + "00" * 16,
                "receipt_proof": ["0xf851a0" + "cd" * 8],
            },
        }
    )

    format: Literal["ipledger-evidence"]
    version: Literal[1]
    entry: BundleEntryPublic
    inclusion: BundleInclusionPublic
    checkpoint: str = Field(description="The signed checkpoint (C2SP note) of `tree_size`.")
    anchor: BundleAnchorPublic
