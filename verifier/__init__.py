"""Offline verifier of ipledger evidence: RFC 9162 proofs, checkpoints and bundles."""

from verifier.checkpoint import Checkpoint, format_checkpoint, parse_checkpoint, verify_checkpoint
from verifier.errors import (
    HashLengthError,
    IndexOutOfRangeError,
    InvalidCheckpoint,
    InvalidNote,
    InvalidVerifierKey,
    ProofInputError,
    ProofLengthError,
    RootMismatchError,
    SignatureError,
    TreeSizeError,
    UnknownKeyError,
    VerifierError,
)
from verifier.note import (
    NoteSignature,
    SignedNote,
    VerifierKey,
    parse_note,
    parse_verifier_key,
    verify_note,
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
    "Checkpoint",
    "HashLengthError",
    "IndexOutOfRangeError",
    "InvalidCheckpoint",
    "InvalidNote",
    "InvalidVerifierKey",
    "NoteSignature",
    "ProofInputError",
    "ProofLengthError",
    "RootMismatchError",
    "SignatureError",
    "SignedNote",
    "TreeSizeError",
    "UnknownKeyError",
    "VerifierError",
    "VerifierKey",
    "consistency_proof_length",
    "format_checkpoint",
    "hash_children",
    "hash_leaf",
    "inclusion_proof_length",
    "parse_checkpoint",
    "parse_note",
    "parse_verifier_key",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
    "verify_note",
]
