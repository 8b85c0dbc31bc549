import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from ipledger.ledger.errors import UnreadableFileError
from ipledger.ledger.hashing import expand_paths, hash_file, hash_files


def test_hash_matches_sha256sum(tmp_path: Path) -> None:
    doc = tmp_path / "claim.pdf"
    doc.write_bytes(os.urandom(3 * (1 << 20) + 17))
    expected = subprocess.run(
        ["sha256sum", str(doc)], check=True, capture_output=True, text=True
    ).stdout.split()[0]
    seen: list[int] = []
    hashed = hash_file(doc, seen.append)
    assert hashed.sha256.hex() == expected
    assert hashed.digest == "sha256:" + expected
    assert hashed.size == sum(seen) == doc.stat().st_size


def test_empty_file(tmp_path: Path) -> None:
    doc = tmp_path / "empty"
    doc.write_bytes(b"")
    assert hash_file(doc).sha256 == hashlib.sha256(b"").digest()


def test_folders_are_walked_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ["b/2.txt", "b/1.txt", "a/z.txt", "top.txt"]:
        (tmp_path / name).write_text(name)
    files = expand_paths([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "top.txt",
        "a/z.txt",
        "b/1.txt",
        "b/2.txt",
    ]
    assert [h.sha256 for h in hash_files(files)] == [
        hashlib.sha256(f.read_bytes()).digest() for f in files
    ]


def test_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        expand_paths([tmp_path / "nope.pdf"])


def test_read_error_is_named() -> None:
    # Reading address 0 of our own memory fails with EIO even for root: a real read error.
    with pytest.raises(UnreadableFileError, match="/proc/self/mem"):
        hash_file(Path("/proc/self/mem"))


def test_folder_as_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match=str(tmp_path)):
        hash_file(tmp_path)
