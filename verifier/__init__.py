"""Offline verifier of ipledger evidence: RFC 9162 proofs, checkpoints and bundles."""

from ipledger.verifier.core.beacon import HistoricalSummaries, ProvenBlock
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.proof import (
    root_from_consistency_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from ipledger.verifier.core.rfc9162 import hash_children, hash_leaf
from ipledger.verifier.core.verify import Check, Verdict, verify
from ipledger.verifier.receipts import SubmissionReceipt, verify_entry_receipt, verify_receipt
from ipledger.verifier.trust import verify_block_header_with_proof

__all__ = [
    "Check",
    "EvidenceBundle",
    "HistoricalSummaries",
    "ProvenBlock",
    "SubmissionReceipt",
    "Verdict",
    "VerifierError",
    "hash_children",
    "hash_leaf",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "verify",
    "verify_block_header_with_proof",
    "verify_checkpoint",
    "verify_consistency",
    "verify_entry_receipt",
    "verify_inclusion",
    "verify_receipt",
]
