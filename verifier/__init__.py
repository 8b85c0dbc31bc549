"""Offline verifier of ipledger evidence: RFC 9162 proofs, checkpoints and bundles."""

from ipledger.verifier.core.beacon import HistoricalSummaries, ProvenBlock
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.cose import CoseReceipt, parse_cose_receipt, verify_cose_receipt
from ipledger.verifier.core.cosignature import Cosignature, verify_cosignature
from ipledger.verifier.core.errors import (
    InvalidCoseReceipt,
    InvalidPolicy,
    InvalidTimestampToken,
    QuorumNotMet,
    UntrustedTimestampAuthority,
    VerifierError,
)
from ipledger.verifier.core.policy import CosignatureLine, Policy, parse_policy
from ipledger.verifier.core.proof import (
    root_from_consistency_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from ipledger.verifier.core.rfc9162 import hash_children, hash_leaf
from ipledger.verifier.core.timestamp import (
    TimestampToken,
    parse_timestamp_token,
    verify_timestamp_token,
)
from ipledger.verifier.core.tlogproof import (
    TlogProof,
    TlogVerdict,
    parse_tlog_proof,
    verify_tlog_proof,
)
from ipledger.verifier.core.verify import Check, Verdict, verify
from ipledger.verifier.receipts import SubmissionReceipt, verify_entry_receipt, verify_receipt
from ipledger.verifier.trust import verify_block_header_with_proof

__all__ = [
    "Check",
    "CoseReceipt",
    "Cosignature",
    "CosignatureLine",
    "EvidenceBundle",
    "HistoricalSummaries",
    "InvalidCoseReceipt",
    "InvalidPolicy",
    "InvalidTimestampToken",
    "Policy",
    "ProvenBlock",
    "QuorumNotMet",
    "SubmissionReceipt",
    "TimestampToken",
    "TlogProof",
    "TlogVerdict",
    "UntrustedTimestampAuthority",
    "Verdict",
    "VerifierError",
    "hash_children",
    "hash_leaf",
    "parse_cose_receipt",
    "parse_policy",
    "parse_timestamp_token",
    "parse_tlog_proof",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "verify",
    "verify_block_header_with_proof",
    "verify_checkpoint",
    "verify_consistency",
    "verify_cose_receipt",
    "verify_cosignature",
    "verify_entry_receipt",
    "verify_inclusion",
    "verify_receipt",
    "verify_timestamp_token",
    "verify_tlog_proof",
]
