"""An anchor's chain part: header, receipt, transaction, and the block's canonicality."""

from __future__ import annotations

from dataclasses import dataclass

from ipledger.verifier.core.beacon import (
    CHAIN_ID,
    HistoricalSummaries,
    ProvenBlock,
    verify_block_proof,
)
from ipledger.verifier.core.bundle import AnchorEvidence
from ipledger.verifier.core.errors import (
    BlockAfterTrustRoot,
    CanonicalityError,
    HeaderMismatch,
    ReceiptProofError,
    RootMismatchError,
    TransactionMismatch,
    TransactionProofError,
)
from ipledger.verifier.core.ethereum import (
    BlockHeader,
    Receipt,
    verify_header,
    verify_receipt_proof,
)
from ipledger.verifier.core.transaction import Transaction, verify_transaction_proof


@dataclass(frozen=True)
class AnchorBlock:
    """What an anchor's chain part proves: block, receipt, transaction (v2), canonicality.

    `canonical` is set when the block proof checked against the trust root;
    `later_than_trust_root` is set instead of `canonical` when the bundle's block proof is
    for a block the trust root does not reach yet: not a failure, a step left to the reader.
    """

    header: BlockHeader
    receipt: Receipt
    transaction: Transaction | None
    canonical: ProvenBlock | None
    later_than_trust_root: BlockAfterTrustRoot | None


def verify_anchor_block(
    anchor: AnchorEvidence, trust_root: HistoricalSummaries | None = None
) -> AnchorBlock:
    """Check an anchor's block header, receipt, transaction and block proof.

    Preconditions: `anchor` was parsed (so every field has its size). Steps 5, 6 and the
    block-proof part of 8 of docs/design.md section 8, each raising its own error: the
    header hashes to `block_hash` with the anchor's number and time; the receipt and (v2)
    the transaction are proven at `tx_index` under the header's roots; the transaction's hash
    is `tx_hash` and its signed chain id is `chain_id`; with a `trust_root`, the block proof
    (v2) leads from the block hash to it, which requires chain id 1 (Ethereum mainnet).
    """
    header = verify_header(anchor.block_header, anchor.block_hash)
    if header.number != anchor.block_number or header.timestamp != anchor.block_time:
        raise HeaderMismatch(
            f"the block header says block {header.number} at {header.timestamp}, the bundle "
            f"says block {anchor.block_number} at {anchor.block_time}"
        )
    try:
        receipt = verify_receipt_proof(
            header.receipts_root, anchor.tx_index, anchor.receipt, anchor.receipt_proof
        )
    except RootMismatchError as exc:
        raise ReceiptProofError(
            "the receipt proof does not start at the block's receiptsRoot: the proof or the "
            "header was altered"
        ) from exc
    transaction = None
    if anchor.transaction is not None:
        transaction = _checked_transaction(anchor, header, anchor.transaction)
    canonical = later = None
    if anchor.block_proof is not None and trust_root is not None:
        if anchor.chain_id != CHAIN_ID:
            raise CanonicalityError(
                f"the bundle carries a proof against Ethereum mainnet's beacon chain, but "
                f"names chain id {anchor.chain_id}, not {CHAIN_ID}"
            )
        try:
            canonical = verify_block_proof(
                anchor.block_hash,
                header.timestamp,
                header.number,
                anchor.block_proof,
                trust_root,
            )
        except BlockAfterTrustRoot as exc:
            later = exc
    return AnchorBlock(header, receipt, transaction, canonical, later)


def _checked_transaction(anchor: AnchorEvidence, header: BlockHeader, raw: bytes) -> Transaction:
    try:
        tx = verify_transaction_proof(
            header.transactions_root, anchor.tx_index, raw, anchor.transaction_proof
        )
    except RootMismatchError as exc:
        raise TransactionProofError(
            "the transaction proof does not start at the block's transactionsRoot: the proof "
            "or the header was altered"
        ) from exc
    if tx.hash != anchor.tx_hash:
        raise TransactionMismatch(
            f"the transaction proven at index {anchor.tx_index} has hash 0x{tx.hash.hex()}, "
            f"the bundle says 0x{anchor.tx_hash.hex()}"
        )
    if tx.chain_id is None:
        raise TransactionMismatch(
            "the anchoring transaction was signed without a chain id (pre-EIP-155), so it "
            "does not say which chain it is for"
        )
    if tx.chain_id != anchor.chain_id:
        raise TransactionMismatch(
            f"the anchoring transaction was signed for chain id {tx.chain_id}, the bundle "
            f"says chain id {anchor.chain_id}"
        )
    return tx
