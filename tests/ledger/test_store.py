"""The database-backed log against pymerkle 7 (a second implementation) and the verifier."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from pymerkle import InmemoryTree
from sqlalchemy import event

from ipledger.ledger.entries import LogEntry
from ipledger.ledger.errors import OutOfRange
from ipledger.ledger.store import LogStore
from ipledger.verifier import verify_consistency, verify_inclusion
from ipledger.verifier.core.leaf import entry_leaf_hash, leaf_input
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT


def submissions(n: int) -> list[dict[str, str]]:
    return [{"digest": "sha256:" + secrets.token_hex(32)} for _ in range(n)]


class Mirror:
    """A pymerkle tree fed the same leaf inputs (pymerkle indexes leaves from 1)."""

    def __init__(self) -> None:
        self.tree = InmemoryTree(algorithm="sha256")

    def add(self, entries: list[LogEntry]) -> None:
        for e in entries:
            data = leaf_input(e.digest, e.nonce, e.metadata_hash, e.received_at)
            assert self.tree.append_entry(data) == e.index + 1

    def root(self, size: int) -> bytes:
        root: bytes = self.tree.get_root(size)
        return root

    def leaf(self, index: int) -> bytes:
        leaf: bytes = self.tree.get_leaf(index + 1)
        return leaf

    def inclusion(self, index: int, size: int) -> list[bytes]:
        # pymerkle's path starts with the leaf itself; RFC 9162's proof is the rest.
        path: list[bytes] = self.tree.prove_inclusion(index + 1, size).path
        return path[1:]


@pytest.fixture
def grown(store: LogStore) -> Iterator[tuple[LogStore, Mirror]]:
    """A log of 1,500 entries appended in uneven batches (crossing tile boundaries)."""
    mirror = Mirror()
    for n in [1, 2, 253, 1, 256, 300, 1, 686]:
        mirror.add(store.append(submissions(n)))
        assert store.root() == mirror.root(store.size())
    yield store, mirror


def test_empty_log(store: LogStore) -> None:
    assert store.size() == 0
    assert store.root() == EMPTY_ROOT == store.root(0)
    assert store.head() == (0, EMPTY_ROOT)
    assert store.append([]) == []
    assert store.leaf_hashes(0, 0) == []
    assert store.earliest("sha256:" + "00" * 32) is None
    with pytest.raises(OutOfRange):
        store.inclusion_proof(0, 1)
    with pytest.raises(OutOfRange):
        store.entry(0)


def test_append_returns_what_is_stored(store: LogStore) -> None:
    items: list[dict[str, Any]] = [
        {"digest": "sha256:" + "11" * 32},
        {"digest": "sha256:" + "22" * 32, "nonce": "ab" * 16, "metadata": {"office": "EP"}},
    ]
    out = store.append(items)
    assert [e.index for e in out] == [0, 1]
    assert out[1].nonce == bytes.fromhex("ab" * 16)
    assert out[1].metadata == {"office": "EP"}
    for e in out:
        assert store.entry(e.index) == e
        assert e.leaf_hash == entry_leaf_hash(e.digest, e.nonce, e.metadata_hash, e.received_at)
    assert store.leaf_hashes(0, 2) == [e.leaf_hash for e in out]


def test_roots_and_proofs_match_pymerkle(grown: tuple[LogStore, Mirror]) -> None:
    store, mirror = grown
    n = store.size()
    rng = random.Random(3)
    sizes = sorted({1, 2, 3, 255, 256, 257, 511, 512, 513, n, *rng.sample(range(1, n + 1), 25)})
    for size in sizes:
        root = store.root(size)
        assert root == mirror.root(size)
        for index in {0, size - 1, *rng.sample(range(size), min(size, 6))}:
            proof = store.inclusion_proof(index, size)
            assert proof == mirror.inclusion(index, size)
            verify_inclusion(index, size, mirror.leaf(index), proof, root)
            # The one-pass read gives the same three values as the three reads.
            assert store.inclusion(index, size) == (mirror.leaf(index), proof, root)
        for size1 in {1, size, *rng.sample(range(1, size + 1), min(size, 6))}:
            proof = store.consistency_proof(size1, size)
            verify_consistency(size1, size, proof, mirror.root(size1), root)
            assert store.consistency(size1, size) == (mirror.root(size1), proof, root)


def test_leaf_hashes_any_range(grown: tuple[LogStore, Mirror]) -> None:
    store, mirror = grown
    for start, end in [(0, 1), (0, 1500), (255, 257), (700, 1499), (1499, 1500), (3, 3)]:
        assert store.leaf_hashes(start, end) == [mirror.leaf(i) for i in range(start, end)]
    for start, end in [(0, 1501), (5, 4), (-1, 2)]:
        with pytest.raises(OutOfRange):
            store.leaf_hashes(start, end)


def test_proof_preconditions(grown: tuple[LogStore, Mirror]) -> None:
    store, _ = grown
    for index, size in [(0, 0), (0, 1501), (1500, 1500), (-1, 5)]:
        with pytest.raises(OutOfRange):
            store.inclusion_proof(index, size)
        with pytest.raises(OutOfRange):
            store.inclusion(index, size)
    for size1, size2 in [(0, 5), (6, 5), (1, 1501)]:
        with pytest.raises(OutOfRange):
            store.consistency_proof(size1, size2)
        with pytest.raises(OutOfRange):
            store.consistency(size1, size2)
    with pytest.raises(OutOfRange):
        store.root(1501)


def test_earliest_entry_for_a_digest(store: LogStore) -> None:
    digest = "sha256:" + "5a" * 32
    first = store.append([*submissions(10), {"digest": digest}])[-1]
    again = store.append([{"digest": digest}, *submissions(3), {"digest": digest}])
    assert store.earliest(digest) == first
    assert store.earliest(bytes.fromhex("5a" * 32)) == first
    assert {e.index for e in again if e.digest == first.digest} == {11, 15}
    # A digest sharing the indexed 8-byte prefix is a different digest.
    assert store.earliest("sha256:" + "5a" * 8 + "00" * 24) is None


def test_received_at_never_goes_back(migrated_url: str) -> None:
    times = iter([5_000, 4_000, 6_000])
    log = LogStore.open(migrated_url, clock=lambda: next(times))
    try:
        stamps = [log.append(submissions(2))[0].received_at for _ in range(3)]
    finally:
        log.close()
    assert stamps == [5_000, 5_000, 6_000]


def test_a_batch_behind_the_log_is_rehashed_with_the_logs_time(migrated_url: str) -> None:
    # Leaves are hashed before the append lock with the clock's time; when the log already
    # holds a later one (here a clock stepping back, as a second writer's could be), the
    # batch takes the log's time and its leaves are hashed again under the lock.
    times = iter([9_000, 3_000])
    log = LogStore.open(migrated_url, clock=lambda: next(times))
    mirror = Mirror()
    try:
        mirror.add(log.append(submissions(3)))
        behind = log.append([*submissions(2), {"digest": "sha256:" + "ab" * 32,
                                                "metadata": {"title": "late"}}])
        mirror.add(behind)
        stored = log.entries(0, 6)
        assert log.leaf_hashes(0, 6) == [e.leaf_hash for e in stored]
        assert log.root() == mirror.root(6)
    finally:
        log.close()
    assert stored[3:] == behind and [e.received_at for e in stored] == [9_000] * 6
    for e in stored:
        assert e.leaf_hash == entry_leaf_hash(e.digest, e.nonce, e.metadata_hash, 9_000)


def test_large_log_crosses_the_second_tile_tier(store: LogStore) -> None:
    # 65,536 leaves fill a whole tier-1 tile: the first tier-2 entry.
    mirror = Mirror()
    for _ in range(7):
        mirror.add(store.append(submissions(10_000)))
    n = store.size()
    assert n == 70_000
    assert store.root() == mirror.root(n)
    rng = random.Random(11)
    for size in [65_535, 65_536, 65_537, n]:
        root = store.root(size)
        assert root == mirror.root(size)
        for index in [0, 65_535 % size, size - 1, rng.randrange(size)]:
            proof = store.inclusion_proof(index, size)
            assert proof == mirror.inclusion(index, size)
        verify_consistency(
            65_535, size, store.consistency_proof(65_535, size), mirror.root(65_535), root
        )


def test_proofs_of_a_known_size_with_cached_tiles_read_nothing(migrated_url: str) -> None:
    # Two stores on one database, as two processes: the reader learns sizes as they grow.
    writer, reader = LogStore.open(migrated_url), LogStore.open(migrated_url)
    connects: list[object] = []
    # Any checkout from the pool: a SQLAlchemy Connection or a raw pooled one.
    event.listen(reader.engine, "checkout", lambda *args: connects.append(args))
    try:
        mirror = Mirror()
        mirror.add(writer.append(submissions(600)))
        assert reader.known_size(600) == 600  # read: the reader knew no size yet
        def proofs() -> list[Any]:
            return [reader.inclusion(5, 600), reader.inclusion(3, 300),
                    reader.consistency(300, 600), reader.known_size(1)]

        first = proofs()  # reads the tiles it lacks
        assert first[1][1] == mirror.inclusion(3, 300)
        assert first[2] == (mirror.root(300), writer.consistency_proof(300, 600),
                            mirror.root(600))
        connects.clear()
        assert proofs() == first
        assert connects == []  # all from the cache, under a size already read
        mirror.add(writer.append(submissions(10)))
        with pytest.raises(OutOfRange, match="610"):  # beyond what it knew: it asks
            reader.inclusion(5, 611)
        leaf, proof, root = reader.inclusion(605, 610)
        assert (leaf, proof, root) == (mirror.leaf(605), mirror.inclusion(605, 610),
                                      mirror.root(610))
        assert reader.known_size(1) == 610 and len(connects) == 2
    finally:
        writer.close()
        reader.close()
