"""Offline verifier of ipledger evidence: RFC 9162 proofs, checkpoints and bundles."""

from verifier.errors import (
    HashLengthError,
    IndexOutOfRangeError,
    ProofInputError,
    ProofLengthError,
    RootMismatchError,
    TreeSizeError,
    VerifierError,
)
from verifier.proof import (
    consistency_proof_length,
    inclusion_proof_length,
    root_from_consistency_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from verifier.rfc9162 import EMPTY_ROOT, HASH_SIZE, hash_children, hash_leaf

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "HashLengthError",
    "IndexOutOfRangeError",
    "ProofInputError",
    "ProofLengthError",
    "RootMismatchError",
    "TreeSizeError",
    "VerifierError",
    "consistency_proof_length",
    "hash_children",
    "hash_leaf",
    "inclusion_proof_length",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "verify_consistency",
    "verify_inclusion",
]
