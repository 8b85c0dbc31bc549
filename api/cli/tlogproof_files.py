"""`ipledger evidence --tlog-proof`: each file's C2SP tlog-proof written beside it, checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import console
from ipledger.api.cli.proof_files import local_proof_files, server_proof_files, write_proof_file
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.evidence.tlogproof import check_tlog_proof, tlog_proof
from ipledger.ledger.hashing import TLOG_PROOF_SUFFIX, HashedFile
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
    done = write_proof_file(
        path, proof.text().encode("utf-8"), _origin(proof), kind="tlog-proof",
        origin_of=lambda old: _origin(parse_tlog_proof(old.decode("utf-8"))),
    )
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

    def make(h: HashedFile, index: int) -> None:
        proof = tlog_proof(deployment.store, index, deployment.settings.witness_endpoints)
        check_tlog_proof(proof.text(), deployment.verifier_key, h.sha256)
        _wrote(h, proof)

    return local_proof_files(deployment, paths, make)


def tlog_proofs_server(client: ApiClient, paths: Sequence[Path]) -> int:
    """Fetch each file's tlog-proof of its earliest own entry on the server; return the code."""

    def keep(h: HashedFile, text: str, verifier_key: str) -> None:
        _wrote(h, check_tlog_proof(text, verifier_key, h.sha256))

    return server_proof_files(client, paths, client.tlog_proof, keep)
