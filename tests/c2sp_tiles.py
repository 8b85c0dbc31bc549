"""A C2SP tlog-tiles reader written from tlog-tiles.md and RFC 9162 alone (no ipledger imports)."""

# Deliberately independent of ipledger: every formula here is transcribed from the spec text
# (path encoding, tile contents MTH(D[(n*256+i)*256**l : (n*256+i+1)*256**l]), partial widths
# floor(s/256**l) mod 256) and RFC 9162 section 2.1 (MTH, PATH, PROOF/SUBPROOF), so a test
# that agrees with it checks ipledger against the spec, not against itself.

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

WIDTH = 256
HASH = 32


def sha256(data: bytes) -> bytes:
    """SHA-256."""
    return hashlib.sha256(data).digest()


def leaf_hash(leaf: bytes) -> bytes:
    """RFC 9162 2.1.1: MTH({d}) = SHA-256(0x00 || d)."""
    return sha256(b"\x00" + leaf)


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 2.1.1: SHA-256(0x01 || MTH(left) || MTH(right))."""
    return sha256(b"\x01" + left + right)


def split_point(n: int) -> int:
    """RFC 9162: the largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: Sequence[bytes]) -> bytes:
    """RFC 9162 2.1.1 MTH over leaf hashes (recursive, the textbook definition)."""
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def encode_index(n: int) -> str:
    """tlog-tiles: zero-padded 3-digit elements, all but the last prefixed with x."""
    elements = [f"{n % 1000:03d}"]
    n //= 1000
    while n > 0:
        elements.append(f"x{n % 1000:03d}")
        n //= 1000
    return "/".join(reversed(elements))


def path_of(level: int | str, n: int, width: int) -> str:
    """tlog-tiles: tile/<L>/<N>[.p/<W>] (level "entries" for entry bundles)."""
    suffix = "" if width == WIDTH else f".p/{width}"
    return f"tile/{level}/{encode_index(n)}{suffix}"


def expected_paths(size: int) -> list[str]:
    """Every hash tile a tree of `size` has: full ones, then floor(s/256**l) mod 256 partial."""
    out: list[str] = []
    level = 0
    while size // WIDTH**level > 0:
        count = size // WIDTH**level
        out += [path_of(level, n, WIDTH) for n in range(count // WIDTH)]
        if count % WIDTH:
            out.append(path_of(level, count // WIDTH, count % WIDTH))
        level += 1
    return out


def tiles_from_leaves(leaf_hashes: Sequence[bytes]) -> dict[str, bytes]:
    """Build every tile of the tree straight from the spec's formula (slow; small trees)."""
    size = len(leaf_hashes)
    out: dict[str, bytes] = {}
    level = 0
    while size // WIDTH**level > 0:
        span = WIDTH**level
        count = size // span
        for n in range((count + WIDTH - 1) // WIDTH):
            width = min(WIDTH, count - n * WIDTH)
            hashes = [
                mth(leaf_hashes[(n * WIDTH + i) * span : (n * WIDTH + i + 1) * span])
                for i in range(width)
            ]
            out[path_of(level, n, width)] = b"".join(hashes)
        level += 1
    return out


class TileCheckpoint:
    """The body of a C2SP checkpoint: origin, tree size, root hash (signatures not checked)."""

    def __init__(self, text: str) -> None:
        """Parse the note body (before the blank line)."""
        body = text.split("\n\n", 1)[0].split("\n")
        self.origin = body[0]
        self.size = int(body[1])
        self.root = base64.b64decode(body[2], validate=True)


class TileTree:
    """Reads a tiled log of a given size through `fetch(path) -> bytes` and computes from it."""

    def __init__(self, fetch: Callable[[str], bytes], size: int) -> None:
        """`fetch` returns the bytes at a path relative to the log prefix (raises if absent)."""
        self.fetch = fetch
        self.size = size
        self.fetched: dict[str, bytes] = {}

    @classmethod
    def from_directory(cls, directory: Path) -> tuple[TileTree, TileCheckpoint]:
        """Open a static copy: read `checkpoint` and build a reader of its size."""
        checkpoint = TileCheckpoint((directory / "checkpoint").read_text("utf-8"))
        return cls(lambda p: (directory / p).read_bytes(), checkpoint.size), checkpoint

    def tile(self, level: int, n: int) -> bytes:
        """Fetch tile n of `level` as the tree of `self.size` has it (full, else partial)."""
        count = self.size // WIDTH**level
        width = WIDTH if (n + 1) * WIDTH <= count else count - n * WIDTH
        if not 0 < width <= WIDTH:
            raise LookupError(f"tree {self.size} has no tile {level}/{n}")
        path = path_of(level, n, width)
        if path not in self.fetched:
            data = self.fetch(path)
            if len(data) != HASH * width:
                raise ValueError(f"{path}: {len(data)} bytes, expected {HASH * width}")
            self.fetched[path] = data
        return self.fetched[path]

    def hash_at(self, level: int, i: int) -> bytes:
        """The i-th hash of `level`: MTH(D[i*256**level : (i+1)*256**level])."""
        tile = self.tile(level, i // WIDTH)
        offset = (i % WIDTH) * HASH
        return tile[offset : offset + HASH]

    def range_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for the ranges RFC 9162's recursion visits, read from tiles."""
        n = end - start
        if n == 0:
            return sha256(b"")
        if n & (n - 1) == 0 and start % n == 0:
            k = n.bit_length() - 1
            level, r = divmod(k, 8)
            # A complete subtree of 2**k leaves is the root of 2**r adjacent level hashes.
            hashes = [self.hash_at(level, start // WIDTH**level + j) for j in range(1 << r)]
            while len(hashes) > 1:
                hashes = [node_hash(a, b) for a, b in zip(hashes[::2], hashes[1::2], strict=True)]
            return hashes[0]
        k = split_point(n)
        return node_hash(self.range_hash(start, start + k), self.range_hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        """MTH(D[0:size]) (default: the whole tree)."""
        return self.range_hash(0, self.size if size is None else size)

    def inclusion(self, m: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 2.1.3.1 PATH(m, D[0:size])."""
        return self._path(m, 0, self.size if size is None else size)

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = split_point(n)
        if m < k:
            return [*self._path(m, start, start + k), self.range_hash(start + k, end)]
        return [*self._path(m - k, start + k, end), self.range_hash(start, start + k)]

    def consistency(self, m: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 2.1.4.1 PROOF(m, D[0:size])."""
        n = self.size if size is None else size
        return [] if m in (0, n) else self._subproof(m, 0, n, True)

    def _subproof(self, m: int, start: int, end: int, b: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if b else [self.range_hash(start, end)]
        k = split_point(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, b), self.range_hash(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self.range_hash(start, start + k)]


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """RFC 9162 2.1.3.2: raise ValueError unless `proof` proves `leaf` at `index` under `root`."""
    if index >= size:
        raise ValueError("index beyond size")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or r != root:
        raise ValueError("inclusion proof does not verify")


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 2.1.4.2: raise ValueError unless `proof` shows tree 1 is a prefix of tree 2."""
    if size1 == size2:
        if proof or root1 != root2:
            raise ValueError("equal sizes need an empty proof and equal roots")
        return
    if size1 == 0 or size1 > size2 or not proof:
        raise ValueError("bad sizes or empty proof")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ValueError("proof too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or fr != root1 or sr != root2:
        raise ValueError("consistency proof does not verify")


def read_bundle(data: bytes) -> list[bytes]:
    """tlog-tiles entry bundle: big-endian uint16 length-prefixed entries."""
    out: list[bytes] = []
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            raise ValueError("truncated length prefix")
        n = int.from_bytes(data[i : i + 2], "big")
        if i + 2 + n > len(data):
            raise ValueError("truncated entry")
        out.append(data[i + 2 : i + 2 + n])
        i += 2 + n
    return out
