"""Offline verifier of ipledger evidence: RFC 9162 proofs, checkpoints and bundles."""

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

__all__ = [
    "Check",
    "EvidenceBundle",
    "SubmissionReceipt",
    "Verdict",
    "VerifierError",
    "hash_children",
    "hash_leaf",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "verify",
    "verify_checkpoint",
    "verify_consistency",
    "verify_entry_receipt",
    "verify_inclusion",
    "verify_receipt",
]
