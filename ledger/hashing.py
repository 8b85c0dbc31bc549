"""Local document hashing: files and whole folders streamed through SHA-256."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ipledger.ledger.errors import UnreadableFileError

CHUNK_SIZE = 1 << 20

# ipledger's own files beside a document, never stamped as documents themselves. The one
# list of them: FILE.ipledger-receipt.json (then .2.json, .3.json ... for later entries of
# the same file), FILE.evidence.json (likewise), FILE.tlog-proof, FILE.cose-receipt and the
# verifier's FILE.report.html/.pdf.
RECEIPT_KIND = "ipledger-receipt"
EVIDENCE_KIND = "evidence"
_SIDECAR_KINDS = (RECEIPT_KIND, EVIDENCE_KIND)
_KINDS_RE = "|".join(re.escape(k) for k in _SIDECAR_KINDS)
TLOG_PROOF_SUFFIX = ".tlog-proof"  # FILE.tlog-proof: the entry's C2SP tlog-proof, one per file
COSE_RECEIPT_SUFFIX = ".cose-receipt"  # FILE.cose-receipt: its COSE Receipt (RFC 9942)
_OWN_FILE_RE = re.compile(
    rf".+\.(?:{_KINDS_RE})(?:\.[1-9][0-9]*)?\.json|.+\.report\.(?:html|pdf)"
    r"|.+\.tlog-proof|.+\.cose-receipt",
    re.DOTALL,
)


# What `ipledger init` writes into a data directory (config.py, deployment.py): its log's
# public key beside its private key or its SQLite database.
_DATA_DIRECTORY_FILES = ("log.pub", ("log.key", "ledger.db"))


def is_data_directory(path: Path) -> bool:
    """Return whether `path` is a log's data directory (as `ipledger init` makes one).

    A folder walk leaves it out: its database changes with every append and its files
    are the log's, not documents (`stamp --local .` beside `.ipledger/` stamped them).
    """
    public, either = _DATA_DIRECTORY_FILES
    return (path / public).is_file() and any((path / name).is_file() for name in either)


@dataclass(frozen=True)
class HashedFile:
    """A local file and the SHA-256 of its bytes."""

    path: Path
    size: int
    sha256: bytes

    @property
    def digest(self) -> str:
        """Return the digest in the `sha256:<hex>` form the log takes."""
        return "sha256:" + self.sha256.hex()


def is_own_file(path: Path) -> bool:
    """Return whether `path` is one of ipledger's own files (receipt, evidence, proof, report)."""
    return _OWN_FILE_RE.fullmatch(path.name) is not None


def sidecar_path(document: Path, kind: str, number: int = 1) -> Path:
    """Return the `number`-th file of `kind` beside `document`: FILE.kind.json, FILE.kind.2.json."""
    if kind not in _SIDECAR_KINDS or number < 1:
        raise ValueError(f"no sidecar {kind!r} number {number}")
    infix = "" if number == 1 else f".{number}"
    return document.with_name(f"{document.name}.{kind}{infix}.json")


def sidecars(document: Path, kind: str) -> list[Path]:
    """Return the files of `kind` beside `document`: FILE.kind.json, .2.json ... up to a gap."""
    found: list[Path] = []
    while _taken(candidate := sidecar_path(document, kind, len(found) + 1)):
        found.append(candidate)
    return found


def _taken(path: Path) -> bool:
    # A name the system refuses (too long) holds no file; writing it will say why.
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def free_sidecar(document: Path, kind: str) -> Path:
    """Return the first name of `kind` beside `document` no file has (never overwrite one)."""
    return sidecar_path(document, kind, len(sidecars(document, kind)) + 1)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the documents named by `paths`, folders walked recursively in sorted order.

    ipledger's own files (`is_own_file`) are left out, in folders and when named, and so
    are the logs' data directories met in a folder (`is_data_directory`; a file in one
    named on its own is taken). Raises `UnreadableFileError` for a path that does not
    exist or is neither a file nor a folder, before anything is hashed.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not is_data_directory(Path(root) / d))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if candidate.is_file() and not is_own_file(candidate):
                        files.append(candidate)
        elif path.is_file():
            if not is_own_file(path):
                files.append(path)
        elif path.exists() or path.is_symlink():
            raise UnreadableFileError(path, "not a regular file or folder")
        else:
            raise UnreadableFileError(path, "no such file or folder")
    return files


def hash_file(path: Path, progress: Callable[[int], None] | None = None) -> HashedFile:
    """Stream `path` through SHA-256 in 1 MiB chunks, reporting bytes read to `progress`."""
    h = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK_SIZE):
                h.update(chunk)
                size += len(chunk)
                if progress is not None:
                    progress(len(chunk))
    except OSError as exc:
        raise UnreadableFileError(path, exc.strerror or str(exc)) from None
    return HashedFile(path=path, size=size, sha256=h.digest())


def hash_files(
    files: Iterable[Path], progress: Callable[[int], None] | None = None
) -> Iterator[HashedFile]:
    """Hash each file in turn; see `hash_file`."""
    for path in files:
        yield hash_file(path, progress)
