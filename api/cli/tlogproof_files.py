"""`ipledger evidence --tlog-proof`: each file's C2SP tlog-proof written beside it, checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import console
from ipledger.api.cli.errors import CommandError
from ipledger.api.cli.evidence import EXIT_NOT_RECORDED, EXIT_PENDING, hash_files, own_entries
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import BundleUnavailable
from ipledger.ledger.evidence.tlogproof import check_tlog_proof, tlog_proof
from ipledger.ledger.hashing import TLOG_PROOF_SUFFIX, HashedFile
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.tlogproof import TlogProof, parse_tlog_proof


def tlog_proof_path(document: Path) -> Path:
    """Return where a document's tlog-proof goes: FILE.tlog-proof beside it."""
    return document.with_name(document.name + TLOG_PROOF_SUFFIX)


def _origin(proof: TlogProof) -> str:
    return proof.parsed_checkpoint.origin


def write_tlog_proof(document: Path, proof: TlogProof) -> tuple[Path, str]:
    """Write the proof to FILE.tlog-proof; never over a proof from another log.

    Returns the path and what was done (wrote, replaced, unchanged).
    """
    path = tlog_proof_path(document)
    text = proof.text()
    done = "wrote"
    if path.exists() or path.is_symlink():
        try:
            old_text = path.read_text(encoding="utf-8")
            old = parse_tlog_proof(old_text)
        except (OSError, UnicodeDecodeError, VerifierError):
            raise CommandError(
                f"{path} exists and is not a tlog-proof; move it away and run evidence again"
            ) from None
        if _origin(old) != _origin(proof):
            raise CommandError(
                f"{path} holds a proof from the log {_origin(old)}, not {_origin(proof)}; move "
                "it away to keep both"
            )
        if old_text == text:
            return path, "unchanged"
        done = "replaced"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            f"cannot write {path} ({exc.strerror or exc}); make the folder writable and run "
            "evidence again"
        ) from None
    return path, done


def _wrote(h: HashedFile, proof: TlogProof) -> None:
    path, done = write_tlog_proof(h.path, proof)
    witnesses = len(parse_note(proof.checkpoint).signatures) - 1
    console.print(
        f"{h.path}: {done} {path.name} (entry {proof.index}, tree size "
        f"{proof.parsed_checkpoint.size}, {witnesses} cosignature"
        f"{'' if witnesses == 1 else 's'})"
    )


def tlog_proofs_local(deployment: Deployment, paths: Sequence[Path]) -> int:
    """Write each file's tlog-proof of its earliest entry in the local log; return the exit code."""
    hashed = hash_files(paths)
    missing = pending = 0
    for h in hashed:
        entry = deployment.store.earliest(h.sha256)
        if entry is None:
            missing += 1
            console.print(
                f"{h.path}: not in this log ({h.digest}); stamp it first: "
                f"`ipledger stamp --local {h.path}`"
            )
            continue
        try:
            proof = tlog_proof(
                deployment.store, entry.index, deployment.settings.witness_endpoints
            )
        except BundleUnavailable as exc:
            pending += 1
            console.print(f"{h.path}: {exc}")
            continue
        check_tlog_proof(proof.text(), deployment.verifier_key, h.sha256)
        _wrote(h, proof)
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0


def tlog_proofs_server(client: ApiClient, paths: Sequence[Path]) -> int:
    """Fetch each file's tlog-proof of its earliest own entry on the server; return the code."""
    missing: list[Path] = []
    pending = 0
    for h, index, verifier_key in own_entries(client, paths, missing):
        text, detail = client.tlog_proof(index)
        if text is None:
            pending += 1
            console.print(f"{h.path}: {detail}")
            continue
        _wrote(h, check_tlog_proof(text, verifier_key, h.sha256))
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0
