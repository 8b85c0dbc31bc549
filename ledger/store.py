"""The append-only Merkle log on a database: batched appends, roots and proofs for any size."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import count, repeat
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import PoolProxiedConnection

from ipledger.ledger import merkle, tiles
from ipledger.ledger.db import (
    driver_rows,
    driver_write,
    is_sqlite,
    open_database,
    param_marker,
    pooled_rows,
    write_connection,
)
from ipledger.ledger.entries import (
    BUCKET_SQL,
    DIGEST_BUCKET_BITS,
    DIGEST_KEY_BYTES,
    DIGEST_KEY_SQL,
    EntryInput,
    LogEntry,
    NewEntry,
    leaf_hashes,
    prepare_entries,
)
from ipledger.ledger.entry_rows import ENTRY_COLUMNS, EntryRows
from ipledger.ledger.errors import InvalidEntry, OutOfRange, StorageError
from ipledger.ledger.tables import LOG_STATE_ID, LogState, Tile
from ipledger.verifier.core.leaf import parse_digest
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

_tiles = Tile.__table__  # type: ignore[attr-defined]
_state = LogState.__table__  # type: ignore[attr-defined]
_MAX_BUCKETS_PER_QUERY = 1000


class _WithinFailed(Exception):
    """Carries an error of an `append(within=...)` hook past the storage error mapping."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


RowReader = Callable[[str, Sequence[Any]], list[Any]]  # (driver SQL, parameters) -> rows


class _Reads:
    """One read's pooled connection, checked out on first use, read on the driver's cursor.

    A proof whose tiles are all cached, of a size known to exist, needs none: the
    connection and the size query were about half of a warm proof's CPU. A raw pooled
    connection, not a SQLAlchemy `Connection`: 9 µs checked out and back against 20
    (docs/benchmarks.md, "Read path"); reads need no transaction (see `LogStore._reads`).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._pooled: PoolProxiedConnection | None = None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Return the rows of one read (`db.pooled_rows`), checking the connection out first."""
        if self._pooled is None:
            self._pooled = self._engine.raw_connection()
        return pooled_rows(self._engine, self._pooled, sql, params)

    def __enter__(self) -> _Reads:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pooled is not None:
            self._pooled.close()


def now_ms() -> int:
    """Return the server time in milliseconds since the Unix epoch (UTC)."""
    return time.time_ns() // 1_000_000


class LogStore:
    """One append-only log in one database (SQLite file or PostgreSQL).

    Appends are serialized by the database (SQLite BEGIN IMMEDIATE, PostgreSQL a row
    lock on `log_state`), so several processes may share one log. Every read works for
    any past tree size from stored complete subtrees: O(log n) tile reads, no rebuild.
    """

    def __init__(
        self, engine: Engine, clock: Callable[[], int] = now_ms, *, tile_cache: int = 1024
    ) -> None:
        """Use an engine whose schema is migrated (see `open`); `clock` returns ms UTC.

        `tile_cache` is how many tiles' pyramids to keep in memory for reads (LRU).
        """
        self.engine = engine
        self.clock = clock
        self._cache = tiles.PyramidCache(tile_cache)
        # The largest size this process has read from log_state: the log only grows, so a
        # tree of at most this size exists without asking the database again.
        self._known_size = 0
        self._sqlite = is_sqlite(engine)
        param = param_marker(engine)
        self._rows = EntryRows(self._sqlite, engine.dialect.loaded_dbapi.Error)
        self._upsert_tile = (
            f"INSERT INTO tiles (level, idx, hashes) VALUES ({param}, {param}, {param}) "
            "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes"
        )
        self._param = param
        self._select_size = f"SELECT size FROM log_state WHERE id = {LOG_STATE_ID}"
        self._select_root = f"SELECT root FROM log_state WHERE id = {LOG_STATE_ID}"
        # Driver SQL for the two statements every append runs: SQLAlchemy's compiled-cache
        # lookup cost more than the statements themselves (profiled: ~0.3 ms per commit).
        # SQLite needs no FOR UPDATE: BEGIN IMMEDIATE already holds the write lock.
        self._lock_state = (
            f"SELECT size, last_received_at FROM log_state WHERE id = {LOG_STATE_ID}"
            + ("" if self._sqlite else " FOR UPDATE")
        )
        self._update_state = (
            f"UPDATE log_state SET size = {param}, root = {param}, last_received_at = {param}"
            f" WHERE id = {LOG_STATE_ID}"
        )

    @classmethod
    def open(
        cls, url: str, clock: Callable[[], int] = now_ms, *, tile_cache: int = 1024
    ) -> LogStore:
        """Open (and migrate) the database at `url` and return its log."""
        return cls(open_database(url), clock, tile_cache=tile_cache)

    def close(self) -> None:
        """Release the engine's pooled connections."""
        self.engine.dispose()

    # -- appending ---------------------------------------------------------------

    def append(
        self,
        items: Iterable[EntryInput],
        *,
        within: Callable[[Connection, list[LogEntry]], None] | None = None,
    ) -> list[LogEntry]:
        """Validate and append a batch in ONE transaction; return the stored entries.

        Every entry is validated before the database is touched (InvalidEntry names the
        field and the entry's position); a failure at any point rolls the whole batch
        back, leaving size and root as they were. Entries of one batch share one
        `received_at`, never earlier than the newest entry already in the log.

        `within(conn, stored)` runs inside the transaction after the inserts, before the
        commit (the API records owners, receipts' idempotency keys there); whatever it
        raises rolls the append back and reaches the caller unchanged.
        """
        # A batch allocates a few objects per entry, all alive until it ends: the cyclic
        # garbage collector would run full collections over them (and over everything
        # else the process holds) and find nothing. Paused while the batch is built and
        # stored; left off if someone else turned it off.
        paused = gc.isenabled()
        gc.disable()
        try:
            appended, pyramids = self._append_batch(items, within)
        finally:
            if paused:
                gc.enable()
        # Only after the commit: the tiles this append wrote are durable, and a tile's
        # prefix never changes (a partial pyramid stays right as its tile grows).
        for tile, levels in pyramids:
            self._cache.put(tile, levels)
        return appended

    def _append_batch(
        self,
        items: Iterable[EntryInput],
        within: Callable[[Connection, list[LogEntry]], None] | None,
    ) -> tuple[list[LogEntry], list[tuple[tiles.TileID, list[bytes]]]]:
        prepared = prepare_entries(items)
        if not prepared:
            return [], []
        # Hashed before the lock, with the clock's time: the lock holder rehashes only if
        # the log already holds a later time (see `_append_locked`).
        received_at = self.clock()
        hashes = leaf_hashes(prepared, received_at)
        try:
            with write_connection(self.engine) as conn, conn.begin():
                appended, pyramids = self._append_locked(conn, prepared, received_at, hashes)
                if within is not None:
                    try:
                        within(conn, appended)
                    except Exception as exc:
                        raise _WithinFailed(exc) from exc
        except _WithinFailed as failed:
            raise failed.error from None
        except (InvalidEntry, StorageError):
            raise
        except SQLAlchemyError as exc:
            raise StorageError(f"append of {len(prepared)} entries rolled back: {exc}") from exc
        return appended, pyramids

    def _append_locked(
        self, conn: Connection, prepared: Sequence[NewEntry], received_at: int,
        hashes: list[bytes],
    ) -> tuple[list[LogEntry], list[tuple[tiles.TileID, list[bytes]]]]:
        # The append's statements run on the driver's cursor (`db.driver_write`): through
        # exec_driver_sql they were a fifth of a one-entry commit's CPU.
        locked = driver_rows(conn, self._lock_state)
        if len(locked) != 1:
            raise StorageError("the log's state row is missing: is this an ipledger database?")
        size, last_received_at = locked[0]
        if last_received_at > received_at:
            # Rare: another writer committed a later time while this one waited, or the
            # clock stepped back. The batch must not predate the log's newest entry.
            received_at = last_received_at
            hashes = leaf_hashes(prepared, received_at)
        # The batch by column (digests, nonces, metadata texts, metadata hashes), and the
        # entries built from them in C: zip and tuple.__new__, 3x faster than LogEntry(...).
        columns: list[tuple[Any, ...]] = list(zip(*prepared, strict=True))
        rows = zip(count(size), *columns, repeat(received_at), hashes, strict=False)
        entries: list[LogEntry] = list(map(tuple.__new__, repeat(LogEntry), rows))
        self._rows.insert(conn, entries, columns, hashes)
        spots = tiles.partial_tiles(size)
        partials = self._read_tiles(partial(driver_rows, conn), [tile for tile, _ in spots])
        # The partial tiles' pyramids this process cached after its last append (or a proof
        # read): extend checks each against the tile just read and hashes only new nodes.
        known = {tile: levels for tile, width in spots if (levels := self._cache.get(tile, width))}
        ext = tiles.extend(size, partials, hashes, known)
        for tile_id, blob in ext.writes:
            old = partials.get(tile_id)
            if old is not None and not blob.startswith(old):
                raise StorageError(f"append would rewrite the hashes of tile {tile_id}")
        driver_write(
            conn, self._upsert_tile, [(tier, idx, blob) for (tier, idx), blob in ext.writes],
            many=True,
        )
        driver_write(conn, self._update_state, (ext.size, ext.root, received_at))
        return entries, ext.full + ext.partial

    # -- reading -----------------------------------------------------------------

    def size(self) -> int:
        """Return the number of entries in the log."""
        with self._reads() as reads:
            return self._size(reads.rows)

    def known_size(self, at_least: int) -> int:
        """Return a size the log has reached, read from the database only when needed.

        The largest size this process has read, if it is at least `at_least` (the log
        only grows, so that tree exists); otherwise the current size, read now.
        """
        if 0 <= at_least <= self._known_size:
            return self._known_size
        return self.size()

    def root(self, size: int | None = None) -> bytes:
        """Return the root of the current tree, or of the tree of the first `size` entries."""
        with self._reads() as reads:
            if size is None:
                return bytes(reads.rows(self._select_root)[0][0])
            self._check_size(reads, size, minimum=0)
            if size == 0:
                return EMPTY_ROOT
            return merkle.fold(self._node_hashes(reads, merkle.root_nodes(size)))

    def head(self) -> tuple[int, bytes]:
        """Return the current (size, root), read together."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(_state.c.size, _state.c.root).where(_state.c.id == LOG_STATE_ID)
            ).one()
            return row.size, bytes(row.root)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """Return the RFC 9162 inclusion proof of leaf `index` in the tree of `size` entries.

        Preconditions: 0 <= index < size <= self.size(); else OutOfRange.
        """
        with self._reads() as reads:
            self._check_size(reads, size, minimum=1)
            plan = merkle.inclusion_plan(index, size)
            return plan.rehash(self._node_hashes(reads, plan.ids))

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """Return the RFC 9162 consistency proof from the tree of `size1` to that of `size2`.

        Preconditions: 0 < size1 <= size2 <= self.size(); else OutOfRange.
        """
        with self._reads() as reads:
            self._check_size(reads, size2, minimum=1)
            plan = merkle.consistency_plan(size1, size2)
            return plan.rehash(self._node_hashes(reads, plan.ids))

    def inclusion(self, index: int, size: int) -> tuple[bytes, list[bytes], bytes]:
        """Return (leaf hash, inclusion proof, root) of leaf `index` in the tree of `size`.

        What `leaf_hashes`, `inclusion_proof` and `root` return, read in one pass: one
        size check and one tile read for all three (the proof route's hot path).
        Preconditions: 0 <= index < size <= self.size(); else OutOfRange.
        """
        with self._reads() as reads:
            self._check_size(reads, size, minimum=1)
            plan = merkle.inclusion_plan(index, size)
            tops = merkle.root_nodes(size)
            hashes = self._node_hashes(reads, [*tops, (0, index), *plan.ids])
            k = len(tops)
            return hashes[k], plan.rehash(hashes[k + 1 :]), merkle.fold(hashes[:k])

    def consistency(self, size1: int, size2: int) -> tuple[bytes, list[bytes], bytes]:
        """Return (root of `size1`, consistency proof, root of `size2`), read in one pass.

        Preconditions: 0 < size1 <= size2 <= self.size(); else OutOfRange.
        """
        with self._reads() as reads:
            self._check_size(reads, size2, minimum=1)
            plan = merkle.consistency_plan(size1, size2)
            tops1, tops2 = merkle.root_nodes(size1), merkle.root_nodes(size2)
            hashes = self._node_hashes(reads, [*tops1, *tops2, *plan.ids])
            k1, k2 = len(tops1), len(tops1) + len(tops2)
            root1, root2 = merkle.fold(hashes[:k1]), merkle.fold(hashes[k1:k2])
            return root1, plan.rehash(hashes[k2:]), root2

    def entry(self, index: int) -> LogEntry:
        """Return entry `index`; OutOfRange when the log has no such entry."""
        # On the driver's cursor: through the ORM's select this read took 460 µs, through
        # exec_driver_sql 230 (docs/benchmarks.md, "Read path").
        with self._reads() as reads:
            rows = reads.rows(
                f"SELECT {ENTRY_COLUMNS} FROM entries WHERE idx = {self._param}", (index,)
            )
        if not rows:
            raise OutOfRange(f"the log has no entry {index}")
        return LogEntry._make(rows[0])

    def earliest(self, digest: str | bytes) -> LogEntry | None:
        """Return the first entry (lowest index) recording `digest`, or None if none does."""
        raw = parse_digest(digest) if isinstance(digest, str) else bytes(digest)
        p = self._param
        with self._reads() as reads:
            buckets = (self._size(reads.rows) - 1 >> DIGEST_BUCKET_BITS) + 1
            for first in range(0, buckets, _MAX_BUCKETS_PER_QUERY):
                chunk = range(first, min(first + _MAX_BUCKETS_PER_QUERY, buckets))
                # The WHERE repeats the index's expressions verbatim so both databases
                # seek ix_entries_digest_lookup, one bucket after the other.
                rows = reads.rows(
                    f"SELECT {ENTRY_COLUMNS} FROM entries"
                    f" WHERE {BUCKET_SQL} IN ({', '.join([p] * len(chunk))})"
                    f" AND {DIGEST_KEY_SQL} = {p} AND digest = {p} ORDER BY idx LIMIT 1",
                    (*chunk, raw[:DIGEST_KEY_BYTES], raw),
                )
                if rows:
                    return LogEntry._make(rows[0])
        return None

    def leaf_hashes(self, start: int, end: int) -> list[bytes]:
        """Return the leaf hashes of entries [start, end); 0 <= start <= end <= size."""
        with self._reads() as reads:
            self._check_size(reads, end, minimum=0)
            if not 0 <= start <= end:
                raise OutOfRange(f"leaf range [{start}, {end}) is not a range")
            if start == end:
                return []
            w = tiles.TILE_WIDTH
            ids = [(0, k) for k in range(start // w, (end - 1) // w + 1)]
            blobs = self._read_tiles(reads.rows, ids)
            out: list[bytes] = []
            for _, k in ids:
                lo, hi = max(start - k * w, 0), min(end - k * w, w)
                out.extend(tiles.split_hashes(blobs[(0, k)][lo * 32 : hi * 32]))
            if len(out) != end - start:
                raise StorageError(f"tiles hold {len(out)} of the leaf hashes [{start}, {end})")
            return out

    def entries(self, start: int, end: int) -> list[LogEntry]:
        """Return the entries [start, end) in index order; 0 <= start <= end <= size."""
        with self._reads() as reads:
            self._check_size(reads, end, minimum=0)
            if not 0 <= start <= end:
                raise OutOfRange(f"entry range [{start}, {end}) is not a range")
            p = self._param
            rows = reads.rows(
                f"SELECT {ENTRY_COLUMNS} FROM entries WHERE idx >= {p} AND idx < {p} ORDER BY idx",
                (start, end),
            )
            return list(map(LogEntry._make, rows))

    def stored_tiles(self, ids: Iterable[tiles.TileID]) -> dict[tiles.TileID, bytes]:
        """Return the stored content of the tiles `ids` (tiles not stored are left out)."""
        with self._reads() as reads:
            return self._read_tiles(reads.rows, ids)

    def row_counts(self) -> tuple[int, int]:
        """Return how many entry rows and tile rows the database holds."""
        with self._reads() as reads:
            entries = reads.rows("SELECT count(*) FROM entries")[0][0]
            tile_rows = reads.rows("SELECT count(*) FROM tiles")[0][0]
            return int(entries), int(tile_rows)

    # -- internals ---------------------------------------------------------------

    def _reads(self) -> _Reads:
        # Reads need no transaction: every read checks the size first, and all it reads
        # below that size (entry rows, tile prefixes) never changes. On SQLite this saves
        # a BEGIN per call (proofs are the hot read path). The connection is checked out
        # only if the read needs the database.
        return _Reads(self.engine)

    def _size(self, rows: RowReader) -> int:
        size: int = rows(self._select_size, ())[0][0]
        # A racing thread may lower the mark to a size it read earlier: still a size the
        # log has had, so the mark never claims more than exists.
        self._known_size = max(self._known_size, size)
        return size

    def _check_size(self, reads: _Reads, size: int, minimum: int) -> None:
        if not isinstance(size, int) or isinstance(size, bool):
            raise OutOfRange(f"tree size must be an integer, got {type(size).__name__}")
        if minimum <= size <= self._known_size:
            return
        current = self._size(reads.rows)
        if not minimum <= size <= current:
            raise OutOfRange(f"tree size {size} is not between {minimum} and the log's {current}")

    def _read_tiles(
        self, rows: RowReader, ids: Iterable[tiles.TileID]
    ) -> dict[tiles.TileID, bytes]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        p = self._param
        where = " OR ".join([f"(level = {p} AND idx = {p})"] * len(wanted))
        params = tuple(x for tile in wanted for x in tile)
        found = rows(f"SELECT level, idx, hashes FROM tiles WHERE {where}", params)
        return {(level, idx): bytes(blob) for level, idx, blob in found}

    def _node_hashes(self, reads: _Reads, ids: Sequence[merkle.NodeID]) -> list[bytes]:
        sources = [tiles.node_source(node) for node in ids]
        pyramids: dict[tiles.TileID, list[bytes]] = {}
        missing: list[tiles.TileID] = []
        for tile, width in tiles.widths(sources).items():
            levels = self._cache.get(tile, width)
            if levels is None:
                missing.append(tile)
            else:
                pyramids[tile] = levels
        for tile, blob in (self._read_tiles(reads.rows, missing) if missing else {}).items():
            try:
                pyramids[tile] = levels = tiles.levels_of(blob)
            except ValueError as exc:
                raise StorageError(f"tile {tile}: {exc}") from None
            self._cache.put(tile, levels)
        try:
            return [tiles.source_hash(source, pyramids) for source in sources]
        except (KeyError, ValueError) as exc:
            raise StorageError(f"the tiles do not hold a needed subtree: {exc}") from None
