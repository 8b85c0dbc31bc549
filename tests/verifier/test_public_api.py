"""ipledger.verifier's public API: exactly its names and signatures, and one class per name."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import ipledger.verifier

VERIFIER_DIR = Path(__file__).resolve().parents[2] / "verifier"
PUBLIC = {
    "VerifierError", "hash_leaf", "hash_children", "root_from_inclusion_proof",
    "verify_inclusion", "root_from_consistency_proof", "verify_consistency", "EvidenceBundle",
    "verify", "Verdict", "Check", "verify_checkpoint", "verify_entry_receipt", "verify_receipt",
    "SubmissionReceipt", "verify_block_header_with_proof", "HistoricalSummaries", "ProvenBlock",
    # Added with witnessing (issue 13).
    "Cosignature", "CosignatureLine", "InvalidPolicy", "Policy", "QuorumNotMet", "TlogProof",
    "TlogVerdict", "parse_policy", "parse_tlog_proof", "verify_cosignature", "verify_tlog_proof",
    # Added with RFC 3161 time-stamp tokens (issue 14).
    "TimestampToken", "parse_timestamp_token", "verify_timestamp_token", "InvalidTimestampToken",
    "UntrustedTimestampAuthority",
    # Added with COSE Receipts (issue 14).
    "CoseReceipt", "InvalidCoseReceipt", "parse_cose_receipt", "verify_cose_receipt",
}
SIGNATURES = {
    "hash_leaf": "(leaf_input: 'bytes') -> 'bytes'",
    "hash_children": "(left: 'bytes', right: 'bytes') -> 'bytes'",
    "root_from_inclusion_proof": (
        "(index: 'int', size: 'int', leaf_hash: 'bytes', proof: 'Sequence[bytes]') -> 'bytes'"
    ),
    "verify_inclusion": (
        "(index: 'int', size: 'int', leaf_hash: 'bytes', proof: 'Sequence[bytes]', "
        "root: 'bytes') -> 'None'"
    ),
    "root_from_consistency_proof": (
        "(size1: 'int', size2: 'int', proof: 'Sequence[bytes]', root1: 'bytes') -> 'bytes'"
    ),
    "verify_consistency": (
        "(size1: 'int', size2: 'int', proof: 'Sequence[bytes]', root1: 'bytes', "
        "root2: 'bytes') -> 'None'"
    ),
    "verify": (
        "(bundle: 'EvidenceBundle | str | bytes', document: 'bytes | None' = None, "
        "log_key: 'str | None' = None, trusted: 'Mapping[int, bytes] | None' = None, *, "
        "trusted_chain_id: 'int | None' = None, log_address: 'str | None' = None, "
        "trust_root: 'HistoricalSummaries | None' = None, "
        "policy: 'Policy | None' = None, "
        # Added with RFC 3161 time-stamp tokens (issue 14): keyword-only, defaulted.
        "tsa_roots: 'Sequence[bytes] | None' = None) -> 'Verdict'"
    ),
    "parse_policy": "(data: 'str | bytes') -> 'Policy'",
    "parse_tlog_proof": "(data: 'str | bytes') -> 'TlogProof'",
    "parse_cose_receipt": "(data: 'bytes') -> 'CoseReceipt'",
    "verify_cose_receipt": (
        "(data: 'bytes | CoseReceipt', *, leaf: 'bytes', key: 'VerifierKey | str') "
        "-> 'CoseReceipt'"
    ),
    "verify_cosignature": (
        "(note: 'str | bytes', key: 'VerifierKey | str') -> 'tuple[Checkpoint, Cosignature]'"
    ),
    "verify_tlog_proof": (
        "(document: 'bytes | None', proof: 'TlogProof | str | bytes', *, "
        "policy: 'Policy | None' = None, log_key: 'str | None' = None) -> 'TlogVerdict'"
    ),
    "parse_timestamp_token": "(der: 'bytes') -> 'TimestampToken'",
    "verify_timestamp_token": (
        "(token: 'bytes', *, message: 'bytes', roots: 'Sequence[bytes] | None' = None, "
        "certificates: 'Sequence[bytes]' = ()) -> 'TimestampToken'"
    ),
    "verify_checkpoint": (
        "(signed_note_text: 'str | bytes', key: 'VerifierKey | str', *, "
        "origin: 'str | None' = None) -> 'Checkpoint'"
    ),
    "verify_receipt": (
        "(note: 'str | bytes', verifier_key: 'VerifierKey | str') -> 'SubmissionReceipt'"
    ),
    "verify_entry_receipt": (
        "(document: 'str | bytes | Mapping[str, Any]', verifier_key: 'VerifierKey | str') "
        "-> 'ReceiptEntry'"
    ),
    "verify_block_header_with_proof": (
        "(content: 'bytes', *, trust_root: 'HistoricalSummaries | None' = None) -> 'ProvenBlock'"
    ),
}


def test_the_package_exports_exactly_its_public_api() -> None:
    assert set(ipledger.verifier.__all__) == PUBLIC
    assert len(ipledger.verifier.__all__) == len(PUBLIC)
    for name in PUBLIC:
        assert getattr(ipledger.verifier, name) is not None


def test_the_public_functions_keep_their_signatures() -> None:
    for name, signature in SIGNATURES.items():
        assert str(inspect.signature(getattr(ipledger.verifier, name))) == signature, name
    parse = ipledger.verifier.EvidenceBundle.from_json
    assert str(inspect.signature(parse)) == "(text: 'str | bytes') -> 'EvidenceBundle'"
    summaries = ipledger.verifier.HistoricalSummaries
    assert str(inspect.signature(summaries.from_json)) == (
        "(text: 'str | bytes') -> 'HistoricalSummaries'")
    assert str(inspect.signature(summaries.from_ssz)) == (
        "(data: 'bytes', slot: 'int') -> 'HistoricalSummaries'")


def test_no_two_classes_of_the_verifier_share_a_name() -> None:
    where: dict[str, list[str]] = {}
    for path in sorted(VERIFIER_DIR.rglob("*.py")):
        if "build" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(str(path.relative_to(VERIFIER_DIR)))
    assert {name: files for name, files in where.items() if len(files) > 1} == {}
