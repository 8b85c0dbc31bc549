"""RFC 9162 tree arithmetic: complete subtrees, compact ranges and proof node plans."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ipledger.ledger.errors import OutOfRange
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

# A node is a complete subtree: (level, index) covers leaves [index << level, (index + 1) << level).
NodeID = tuple[int, int]

_sha256 = hashlib.sha256
_NODE = b"\x01"
# SHA-256 with the node prefix already absorbed, only ever copied: copying a context is
# cheaper than creating one (OpenSSL 3 looks the algorithm up on each creation) and
# spares building the 65-byte input (docs/benchmarks.md, "Log").
_NODE_STATE = _sha256(_NODE)
# Called as _copy(state), and out.append(...) rather than pre-bound: CPython 3.11 runs
# these two calls on specialized paths and a bound no-argument `state.copy()` on the
# generic one (measured 0.05-0.1x of the floor in the loops below, docs/benchmarks.md).
_copy = type(_NODE_STATE).copy


def parents(hashes: Sequence[bytes]) -> list[bytes]:
    """Return the level above `hashes`: H(0x01 || left || right) per pair, an odd last one dropped.

    A plain loop, one context alive at a time: running `copy`, `update` and `digest` as
    `map`s over the level (one live context per pair) measured slower at tile and tier
    sizes, the more so the longer the level (docs/benchmarks.md, "Log").
    """
    out: list[bytes] = []
    it = iter(hashes)
    for left, right in zip(it, it, strict=False):
        h = _copy(_NODE_STATE)
        h.update(left)
        h.update(right)
        out.append(h.digest())
    return out


def subtree_root(hashes: Sequence[bytes]) -> bytes:
    """Return the root of a complete subtree from its 2^k bottom hashes (a tight hashing loop).

    Precondition: `len(hashes)` is a power of two (not checked on this hot path; callers
    only pass aligned slices of tiles).
    """
    level = list(hashes)
    while len(level) > 1:
        level = parents(level)
    return level[0]


def fold(hashes: Sequence[bytes]) -> bytes:
    """Return the root over adjacent subtrees given left to right, joined from the right.

    This is how RFC 9162 joins the complete subtrees of a compact range into the root of
    a tree (or of a ragged right edge): MTH = H(c0, H(c1, ... H(c_{k-1}, c_k))).
    """
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for left in reversed(hashes[:-1]):
        acc = _sha256(_NODE + left + acc).digest()
    return acc


def range_roots(hashes: Sequence[bytes]) -> list[bytes]:
    """Return the roots of the complete subtrees covering `hashes`, largest (leftmost) first."""
    roots: list[bytes] = []
    start, n = 0, len(hashes)
    while start < n:
        width = 1 << ((n - start).bit_length() - 1)
        roots.append(subtree_root(hashes[start : start + width]))
        start += width
    return roots


def decompose(begin: int, end: int) -> tuple[int, int]:
    """Return bit masks of the left and right parts of the compact range [begin, end)."""
    if begin == 0:
        return 0, end
    xbegin = begin - 1
    mask = (1 << ((xbegin ^ end).bit_length() - 1)) - 1
    return ~xbegin & mask, end & mask


def range_nodes(begin: int, end: int) -> list[NodeID]:
    """Return the complete subtrees covering leaves [begin, end), left to right."""
    left, right = decompose(begin, end)
    nodes: list[NodeID] = []
    pos = begin
    while left:
        level = (left & -left).bit_length() - 1
        nodes.append((level, pos >> level))
        pos += 1 << level
        left ^= 1 << level
    while right:
        level = right.bit_length() - 1
        nodes.append((level, pos >> level))
        pos += 1 << level
        right ^= 1 << level
    return nodes


@dataclass(frozen=True, slots=True)
class ProofPlan:
    """The complete subtrees a proof is made of; ids[begin:end] fold into one ragged node.

    `ids[begin:end]` are listed right to left, so `rehash` joins them into the hash of the
    ephemeral node on the tree's right edge that is not a complete subtree.
    """

    ids: tuple[NodeID, ...]
    begin: int
    end: int

    def rehash(self, hashes: Sequence[bytes]) -> list[bytes]:
        """Return the proof: the given node hashes with ids[begin:end] folded into one."""
        if len(hashes) != len(self.ids):
            raise ValueError(f"plan has {len(self.ids)} nodes, got {len(hashes)} hashes")
        out = list(hashes[: self.begin])
        if self.begin < self.end:
            acc = hashes[self.begin]
            for left in hashes[self.begin + 1 : self.end]:
                acc = _sha256(_NODE + left + acc).digest()
            out.append(acc)
        out.extend(hashes[self.end :])
        return out


def _plan(index: int, level: int, size: int, skip_first: bool) -> ProofPlan:
    # Port of transparency-dev/merkle proof.nodes: the path from (level, index) up to the
    # fork where it leaves the tree of `size` leaves, then the ragged right edge as the
    # complete subtrees that cover it, then the complete subtrees to the left.
    inner = (index ^ (size >> level)).bit_length() - 1
    fork_level, fork_index = level + inner, index >> inner
    begin = fork_index << fork_level
    end = (fork_index + 1) << fork_level
    ids: list[NodeID] = [(level, index)]
    node_level, node_index = level, index
    while node_level < fork_level:
        ids.append((node_level, node_index ^ 1))
        node_level, node_index = node_level + 1, node_index >> 1
    right = range_nodes(end, size)
    right.reverse()
    left = range_nodes(0, begin)
    left.reverse()
    first = len(ids)
    ids.extend(right)
    ids.extend(left)
    cut = 1 if skip_first else 0
    return ProofPlan(tuple(ids[cut:]), first - cut, first + len(right) - cut)


def inclusion_plan(index: int, size: int) -> ProofPlan:
    """Return the nodes of the RFC 9162 inclusion proof of leaf `index` in a tree of `size`.

    Precondition: 0 <= index < size.
    """
    if not 0 <= index < size:
        raise OutOfRange(f"leaf index {index} is not below the tree size {size}")
    return _plan(index, 0, size, skip_first=True)


def consistency_plan(size1: int, size2: int) -> ProofPlan:
    """Return the nodes of the RFC 9162 consistency proof from `size1` to `size2`.

    Precondition: 0 < size1 <= size2 (RFC 9162 defines no proof from the empty tree).
    """
    if not 0 < size1 <= size2:
        raise OutOfRange(f"consistency needs 0 < size1 <= size2, got {size1} and {size2}")
    if size1 == size2:
        return ProofPlan((), 0, 0)
    # The largest complete subtree ending at size1 seeds the proof; when it is the whole
    # first tree (size1 a power of two) the verifier already holds it as root1.
    level = (size1 & -size1).bit_length() - 1
    index = (size1 - 1) >> level
    return _plan(index, level, size2, skip_first=index == 0)


def root_nodes(size: int) -> list[NodeID]:
    """Return the complete subtrees whose fold is the root of a tree of `size` leaves."""
    return range_nodes(0, size)
