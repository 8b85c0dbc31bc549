"""`ipledger evidence --cose-receipt`: each file's COSE Receipt (RFC 9942) written beside it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import console
from ipledger.api.cli.proof_files import local_proof_files, server_proof_files, write_proof_file
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.evidence.cose_receipt import check_receipt_file, cose_receipt
from ipledger.ledger.hashing import COSE_RECEIPT_SUFFIX, HashedFile
from ipledger.verifier.core.cose import CoseReceipt, parse_cose_receipt


def cose_receipt_path(document: Path) -> Path:
    """Return where a document's COSE Receipt goes: FILE.cose-receipt beside it."""
    return document.with_name(document.name + COSE_RECEIPT_SUFFIX)


def write_cose_receipt(document: Path, data: bytes, receipt: CoseReceipt) -> tuple[Path, str]:
    """Write the receipt to FILE.cose-receipt; never over a receipt from another log.

    Returns the path and what was done (wrote, replaced, unchanged).
    """
    path = cose_receipt_path(document)
    done = write_proof_file(
        path, data, _log_of(receipt), kind="COSE Receipt",
        origin_of=lambda old: _log_of(parse_cose_receipt(old)),
    )
    return path, done


def _log_of(receipt: CoseReceipt) -> str:
    key = "no key id" if receipt.key_id is None else f"key id {receipt.key_id.hex()}"
    return f"{receipt.issuer or '(unnamed)'} ({key})"


def _wrote(h: HashedFile, data: bytes, receipt: CoseReceipt) -> None:
    path, done = write_cose_receipt(h.path, data, receipt)
    console.print(
        f"{h.path}: {done} {path.name} (entry {receipt.leaf_index}, tree size "
        f"{receipt.tree_size}, signed by {receipt.issuer})"
    )


def cose_receipts_local(deployment: Deployment, paths: Sequence[Path]) -> int:
    """Write each file's COSE Receipt of its earliest entry in the local log; return the code."""

    def make(h: HashedFile, index: int) -> None:
        data = cose_receipt(deployment.store, deployment.log_signer, index)
        _wrote(h, data, check_receipt_file(data, deployment.verifier_key, h.sha256))

    return local_proof_files(deployment, paths, make)


def cose_receipts_server(client: ApiClient, paths: Sequence[Path]) -> int:
    """Fetch each file's COSE Receipt of its earliest own entry on the server; return the code."""

    def keep(h: HashedFile, data: bytes, verifier_key: str) -> None:
        _wrote(h, data, check_receipt_file(data, verifier_key, h.sha256))

    return server_proof_files(client, paths, client.cose_receipt, keep)
