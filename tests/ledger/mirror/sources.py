"""Mirror sources for tests: a tlog-tiles tree written from the spec, served by http.server."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from ipledger.ledger.keys import LogSigner
from ipledger.verifier.core.checkpoint import format_checkpoint
from tests.ports import free_port

# Written from tlog-tiles.md alone (no ipledger tile code): level-0 tiles hold leaf hashes,
# a level-L+1 entry is the root of the 256 hashes of a full level-L tile, the index is split
# in 3-digit elements with an `x` before all but the last, a partial tile is `.p/<width>`.


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash."""
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(hashes: Sequence[bytes]) -> bytes:
    """RFC 9162 Merkle tree hash of a list of leaf hashes (recursive, as the RFC says)."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return _node(mth(hashes[:k]), mth(hashes[k:]))


def spec_tile_path(level: int, index: int, width: int) -> str:
    """The spec's tile path."""
    digits = f"{index:03d}"
    digits = "0" * (-len(digits) % 3) + digits
    parts = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    name = "/".join([*(f"x{p}" for p in parts[:-1]), parts[-1]])
    return f"tile/{level}/{name}" + ("" if width == 256 else f".p/{width}")


def spec_tiles(hashes: Sequence[bytes]) -> dict[str, bytes]:
    """Every tile of the tree of these leaf hashes, by path."""
    out: dict[str, bytes] = {}
    level, row = 0, list(hashes)
    while row:
        for start in range(0, len(row), 256):
            chunk = row[start : start + 256]
            out[spec_tile_path(level, start // 256, len(chunk))] = b"".join(chunk)
        row = [mth(row[i : i + 256]) for i in range(0, len(row) - 255, 256)]
        level += 1
    return out


class StaticLog:
    """A log written as a static tlog-tiles tree: leaves, a signer, a folder."""

    def __init__(self, signer: LogSigner, directory: Path, seed: bytes = b"") -> None:
        self.signer = signer
        self.directory = directory
        self.seed = seed
        self.leaves: list[bytes] = []

    def grow(self, size: int) -> None:
        while len(self.leaves) < size:
            self.leaves.append(leaf_hash(self.seed + b"entry %d" % len(self.leaves)))

    def checkpoint_text(self, size: int) -> str:
        return format_checkpoint(self.signer.name, size, mth(self.leaves[:size]))

    def publish(self, size: int, *, extra: str = "") -> str:
        """Write the tree of `size` (tiles, then checkpoint); return the signed checkpoint."""
        self.grow(size)
        for path, data in spec_tiles(self.leaves[:size]).items():
            target = self.directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        note = self.signer.sign_note(self.checkpoint_text(size)) + extra
        (self.directory / "checkpoint").write_text(note)
        return note

    def wipe(self) -> None:
        shutil.rmtree(self.directory / "tile", ignore_errors=True)


class StaticServer:
    """`python -m http.server` on a folder; its request log tells which paths were fetched."""

    def __init__(self, directory: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.url = f"http://127.0.0.1:{self.port}"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
                 "--directory", str(directory)],
                stdout=out, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{self.url}/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)

    def requests(self) -> list[str]:
        """The paths GET so far, in order."""
        text = self.log.read_text(errors="replace")
        return re.findall(r'"GET (\S+) HTTP', text)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@contextmanager
def static_server(directory: Path, log: Path) -> Iterator[StaticServer]:
    """Serve `directory` with `python -m http.server` while the block runs."""
    directory.mkdir(parents=True, exist_ok=True)
    server = StaticServer(directory, log)
    try:
        yield server
    finally:
        server.stop()
