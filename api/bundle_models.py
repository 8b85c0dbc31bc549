"""The evidence bundle as the API serves it (bundle format v2): its OpenAPI description."""

from __future__ import annotations

from base64 import b64encode
from typing import Any, Literal

from pydantic import Field

from ipledger.api.models import (
    _BLOCK,
    _CHECKPOINT,
    _CONTRACT,
    _DIGEST,
    _META,
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
BASE64_PATTERN = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
_B64 = "Standard base64 with padding (RFC 4648 section 4)"


def _b64(hex_digits: str) -> str:
    return b64encode(bytes.fromhex(hex_digits)).decode("ascii")


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
    proof: list[str] = Field(description=f"Sibling hashes, leaf to root; {_B64}.")


class BundleBlockProofPublic(_Frozen):
    """The block's canonicality proof: Portal's BlockProofHistoricalSummaries (SSZ)."""

    type: str = Field(
        description="The proof's layout and fork: historical_summaries_capella or "
        "historical_summaries_deneb (Deneb and later forks with its layout)."
    )
    proof: str = Field(pattern=BASE64_PATTERN, description=f"The SSZ proof; {_B64}.")


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
    block_header: str = Field(pattern=BASE64_PATTERN, description="RLP of the block header.")
    receipt: str = Field(pattern=BASE64_PATTERN, description="EIP-2718 receipt encoding.")
    receipt_proof: list[str] = Field(description="Receipts-trie nodes, root first (RLP).")
    transaction: str = Field(
        pattern=BASE64_PATTERN, description="The anchoring transaction, EIP-2718 encoding."
    )
    transaction_proof: list[str] = Field(description="Transactions-trie nodes, root first (RLP).")
    block_proof: BundleBlockProofPublic | None = Field(
        description="Proof that the block is on Ethereum mainnet's canonical chain, from the "
        "beacon chain's historical_summaries; null until the block's period has closed and the "
        "operator has built it, and always on chains without a beacon chain."
    )


class EvidenceBundlePublic(_Frozen):
    """Evidence bundle v3 (docs/design.md section 8): what `ipledger-verify` checks offline."""

    model_config = _example(
        {
            "format": "ipledger-evidence",
            "version": 3,
            "entry": {
                "index": 41,
                "digest": _DIGEST,
                "nonce": _NONCE,
                "metadata": _META,
                "received_at": 1795996865123,
            },
            "inclusion": {
                "tree_size": 1000,
                "proof": [_b64("ab" * 32)],
            },
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
                "block_header": _b64("f90244a0" + "ab" * 32),
                "receipt": _b64("02f901a60182c1e0b90100" + "00" * 16),
                "receipt_proof": [_b64("f851a0" + "cd" * 8)],
                "transaction": _b64("02f8718279690184" + "00" * 16),
                "transaction_proof": [_b64("f851a0" + "ef" * 8)],
                "block_proof": None,
            },
            "timestamps": [],
        }
    )

    format: Literal["ipledger-evidence"]
    version: Literal[3]
    entry: BundleEntryPublic
    inclusion: BundleInclusionPublic
    checkpoint: str = Field(description="The signed checkpoint (C2SP note) of `tree_size`.")
    anchor: BundleAnchorPublic
    timestamps: list[str] = Field(
        description="RFC 3161 TimeStampTokens (DER, base64) that external TSAs gave on the "
        "checkpoint: their messageImprint is the hash of its signed note text; maybe none.",
        max_length=16,
    )
