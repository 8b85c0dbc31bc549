"""`ipledger evidence --cose-receipt`: each file's COSE Receipt (RFC 9942) written beside it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import console
from ipledger.api.cli.errors import CommandError
from ipledger.api.cli.evidence import EXIT_NOT_RECORDED, EXIT_PENDING, hash_files, own_entries
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import BundleUnavailable
from ipledger.ledger.evidence.cose_receipt import check_receipt_file, cose_receipt
from ipledger.ledger.hashing import COSE_RECEIPT_SUFFIX, HashedFile
from ipledger.verifier.core.cose import CoseReceipt, parse_cose_receipt
from ipledger.verifier.core.errors import VerifierError


def cose_receipt_path(document: Path) -> Path:
    """Return where a document's COSE Receipt goes: FILE.cose-receipt beside it."""
    return document.with_name(document.name + COSE_RECEIPT_SUFFIX)


def write_cose_receipt(document: Path, data: bytes, receipt: CoseReceipt) -> tuple[Path, str]:
    """Write the receipt to FILE.cose-receipt; never over a receipt from another log.

    Returns the path and what was done (wrote, replaced, unchanged).
    """
    path = cose_receipt_path(document)
    done = "wrote"
    if path.exists() or path.is_symlink():
        try:
            old_data = path.read_bytes()
            old = parse_cose_receipt(old_data)
        except (OSError, VerifierError):
            raise CommandError(
                f"{path} exists and is not a COSE Receipt; move it away and run evidence again"
            ) from None
        if (old.issuer, old.key_id) != (receipt.issuer, receipt.key_id):
            raise CommandError(
                f"{path} holds a receipt from the log {old.issuer}, not {receipt.issuer}; move "
                "it away to keep both"
            )
        if old_data == data:
            return path, "unchanged"
        done = "replaced"
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(
            f"cannot write {path} ({exc.strerror or exc}); make the folder writable and run "
            "evidence again"
        ) from None
    return path, done


def _wrote(h: HashedFile, data: bytes, receipt: CoseReceipt) -> None:
    path, done = write_cose_receipt(h.path, data, receipt)
    console.print(
        f"{h.path}: {done} {path.name} (entry {receipt.leaf_index}, tree size "
        f"{receipt.tree_size}, signed by {receipt.issuer})"
    )


def cose_receipts_local(deployment: Deployment, paths: Sequence[Path]) -> int:
    """Write each file's COSE Receipt of its earliest entry in the local log; return the code."""
    missing = pending = 0
    for h in hash_files(paths):
        entry = deployment.store.earliest(h.sha256)
        if entry is None:
            missing += 1
            console.print(
                f"{h.path}: not in this log ({h.digest}); stamp it first: "
                f"`ipledger stamp --local {h.path}`"
            )
            continue
        try:
            data = cose_receipt(deployment.store, deployment.log_signer, entry.index)
        except BundleUnavailable as exc:
            pending += 1
            console.print(f"{h.path}: {exc}")
            continue
        _wrote(h, data, check_receipt_file(data, deployment.verifier_key, h.sha256))
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0


def cose_receipts_server(client: ApiClient, paths: Sequence[Path]) -> int:
    """Fetch each file's COSE Receipt of its earliest own entry on the server; return the code."""
    missing: list[Path] = []
    pending = 0
    for h, index, verifier_key in own_entries(client, paths, missing):
        data, detail = client.cose_receipt(index)
        if data is None:
            pending += 1
            console.print(f"{h.path}: {detail}")
            continue
        _wrote(h, data, check_receipt_file(data, verifier_key, h.sha256))
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0
