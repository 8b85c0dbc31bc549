"""Local document hashing: files and whole folders streamed through SHA-256."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ipledger.ledger.errors import UnreadableFileError

CHUNK_SIZE = 1 << 20


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


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the regular files named by `paths`, folders walked recursively in sorted order.

    Raises `UnreadableFileError` for a path that does not exist or is neither a file
    nor a folder, before anything is hashed.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    candidate = Path(root) / name
                    if candidate.is_file():
                        files.append(candidate)
        elif path.is_file():
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
