"""Proof files beside documents (tlog-proof, COSE Receipt): the walk over files, the safe write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import console
from ipledger.api.cli.errors import CommandError
from ipledger.api.cli.evidence import EXIT_NOT_RECORDED, EXIT_PENDING, hash_files, own_entries
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import BundleUnavailable
from ipledger.ledger.hashing import HashedFile
from ipledger.verifier.core.errors import VerifierError

T = TypeVar("T")


def write_proof_file(
    path: Path, data: bytes, origin: str, *, kind: str, origin_of: Callable[[bytes], str]
) -> str:
    """Write `data` (a `kind` file of the log `origin`) to `path`; never over another log's.

    `origin_of` reads the log named by a file already there, raising `VerifierError` (or
    `UnicodeDecodeError`) if it is not a `kind` file. Returns wrote, replaced or unchanged.
    """
    done = "wrote"
    if path.exists() or path.is_symlink():
        try:
            old = path.read_bytes()
            old_origin = origin_of(old)
        except (OSError, UnicodeDecodeError, VerifierError):
            raise CommandError(
                f"{path} exists and is not a {kind}; move it away and run evidence again"
            ) from None
        if old_origin != origin:
            raise CommandError(
                f"{path} holds a {kind} from the log {old_origin}, not {origin}; move it away to "
                "keep both"
            )
        if old == data:
            return "unchanged"
        done = "replaced"
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(
            f"cannot write {path} ({exc.strerror or exc}); make the folder writable and run "
            "evidence again"
        ) from None
    return done


def local_proof_files(
    deployment: Deployment, paths: Sequence[Path], make: Callable[[HashedFile, int], None]
) -> int:
    """Call `make(file, index)` for each file's earliest entry in the local log; the exit code.

    `make` builds, checks and writes the file; `BundleUnavailable` from it means "not yet".
    """
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
            make(h, entry.index)
        except BundleUnavailable as exc:
            pending += 1
            console.print(f"{h.path}: {exc}")
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0


def server_proof_files(
    client: ApiClient,
    paths: Sequence[Path],
    fetch: Callable[[int], tuple[T | None, str | None]],
    keep: Callable[[HashedFile, T, str], None],
) -> int:
    """Fetch each file's proof of its earliest own entry on the server; the exit code.

    `fetch(index)` returns the proof or None with the server's reason; `keep(file, proof,
    verifier_key)` checks and writes it.
    """
    missing: list[Path] = []
    pending = 0
    for h, index, verifier_key in own_entries(client, paths, missing):
        proof, detail = fetch(index)
        if proof is None:
            pending += 1
            console.print(f"{h.path}: {detail}")
            continue
        keep(h, proof, verifier_key)
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0
