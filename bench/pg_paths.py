"""LogStore's ways to insert a batch's entry rows on PostgreSQL (`bench postgres`, part 3)."""

from __future__ import annotations

import os
import random
import secrets
import struct
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.log import Clock
from ipledger.ledger.db import open_database
from ipledger.ledger.entries import NewEntry, prepare_entries
from ipledger.ledger.entry_rows import EntryRows
from ipledger.ledger.store import LogStore

if TYPE_CHECKING:
    from bench.postgres import Postgres


# -- 3. LogStore's insert paths on PostgreSQL: COPY vs INSERT ... SELECT ----------------------


class _PathRows(EntryRows):
    """LogStore's entry-row writer replaced by one of STORE_PATHS, its time kept in `clock`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock = Clock()

    def insert(
        self, conn: Any, entries: list[Any], columns: list[tuple[Any, ...]], hashes: list[bytes]
    ) -> None:
        self.clock.run(self._path, conn, entries, columns, hashes)

    def _path(
        self, conn: Any, entries: list[Any], columns: list[tuple[Any, ...]], hashes: list[bytes]
    ) -> None:
        raise NotImplementedError


class _RowByRow(_PathRows):
    """INSERT ... SELECT over packed columns, metadata rows one statement each (SQLite's way)."""

    def _path(
        self, conn: Any, entries: list[Any], columns: list[tuple[Any, ...]], hashes: list[bytes]
    ) -> None:
        EntryRows.insert(self, conn, entries, columns, hashes)

    def _copy_rows(self, conn: Any, rows: list[Any]) -> None:
        conn.exec_driver_sql(self._insert_one, rows)


class _MetadataCopy(_PathRows):
    """INSERT ... SELECT over packed columns, metadata rows in one COPY (LogStore's path)."""

    def _path(
        self, conn: Any, entries: list[Any], columns: list[tuple[Any, ...]], hashes: list[bytes]
    ) -> None:
        EntryRows.insert(self, conn, entries, columns, hashes)


class _CopyRows(_PathRows):
    """All of a batch's rows in one binary COPY, psycopg encoding them (`write_row`)."""

    def _path(
        self, conn: Any, entries: list[Any], columns: list[tuple[Any, ...]], hashes: list[bytes]
    ) -> None:
        self._copy_rows(conn, entries)


# PostgreSQL's binary COPY format: a signature, flags and header extension length (0, 0);
# per row its number of fields, then each field as an int32 length (-1: NULL) and its
# bytes; a 16-bit -1 at the end. A row here is its fixed head, its metadata, its fixed tail.
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_HEAD = struct.Struct(">hiqi32si16s")  # 7 fields; idx, digest, nonce
_TAIL = struct.Struct(">i32siqi32s")  # metadata hash, received_at, leaf hash
_NULL = b"\xff\xff\xff\xff"


def _text(text: str) -> bytes:
    data = text.encode()
    return len(data).to_bytes(4, "big") + data


def _copy_data(entries: list[Any]) -> bytes:
    """Return entry rows as a binary COPY stream, encoded in C by struct (sizes not checked)."""
    idx, digests, nonces, texts, meta_hashes, stamps, leaves = zip(*entries, strict=True)
    r = repeat
    heads = map(_HEAD.pack, r(7), r(8), idx, r(32), digests, r(16), nonces)
    metas = [_NULL if text is None else _text(text) for text in texts]
    tails = map(_TAIL.pack, r(32), meta_hashes, r(8), stamps, r(32), leaves)
    rows = chain.from_iterable(zip(heads, metas, tails, strict=True))
    return b"".join((_SIGNATURE, *rows, b"\xff\xff"))


class _CopyEncoded(_PathRows):
    """All of a batch's rows in one binary COPY whose bytes are encoded with `struct`."""

    def _path(
        self, conn: Any, entries: list[Any], columns: list[tuple[Any, ...]], hashes: list[bytes]
    ) -> None:
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(self._copy) as copy:
            copy.write(_copy_data(entries))


BASELINE = "INSERT ... SELECT, metadata rows one by one"  # LogStore's way before COPY
STORE_PATHS: dict[str, type[_PathRows]] = {
    BASELINE: _RowByRow,
    "INSERT ... SELECT, metadata rows by COPY": _MetadataCopy,
    "COPY (binary, write_row) of all rows": _CopyRows,
    "COPY (binary, struct-encoded) of all rows": _CopyEncoded,
}
METADATA_SHARES = (0.0, 0.1)


@dataclass
class PathTimes:
    """One insert path's times: whole appends, their insert step alone, the server's CPU."""

    append: Clock = field(default_factory=Clock)
    insert: Clock = field(default_factory=Clock)
    server_cpu: float = 0.0


def per(amount: float, seconds: float, form: str = ",.0f") -> str:
    """Return amount / seconds formatted, or "n/a" for no time at all.

    The server's CPU is counted in clock ticks (10 ms): a quick run may see none.
    """
    return format(amount / seconds, form) if seconds else "n/a"


def _server_cpu(pg: Postgres) -> float:
    """Return the CPU seconds (user + system) the PostgreSQL server's processes used so far."""
    main = int((pg.parent / "data" / "postmaster.pid").read_text().split()[0])
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that just ended
        if int(stat.parent.name) == main:
            ticks += sum(map(int, fields[11:15]))  # with the ended children (cutime, cstime)
        elif int(fields[1]) == main:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _batch(count: int, share: float, rng: random.Random) -> list[NewEntry]:
    items: list[dict[str, Any]] = []
    for i in range(count):
        item: dict[str, Any] = {"digest": "sha256:" + secrets.token_hex(32)}
        if rng.random() < share:
            item["metadata"] = {"title": f"document {i}", "pages": i % 40, "lang": "en"}
        items.append(item)
    return prepare_entries(items)


def store_paths(pg: Postgres, n: int, batch: int) -> dict[tuple[float, str], PathTimes]:
    """Append n entries per (metadata share, insert path), each in a log of its own.

    Each batch is validated once and appended to every path's log, in a shuffled order, at
    one shared clock time: the logs must end with the same root and the same rows.
    """
    times: dict[tuple[float, str], PathTimes] = {}
    rng = random.Random(16)
    now = [1_795_996_865_123]
    for k, share in enumerate(METADATA_SHARES):
        stores: dict[str, LogStore] = {}
        for j, (name, cls) in enumerate(STORE_PATHS.items()):
            pg.create(f"bench_path_{k}_{j}")
            engine = open_database(pg.url(f"bench_path_{k}_{j}"))
            stores[name] = LogStore(engine, lambda: now[0])
            rows = cls(False, engine.dialect.loaded_dbapi.Error)
            stores[name]._rows = rows  # the path under test writes this log's entry rows
            times[share, name] = PathTimes(insert=rows.clock)
        try:
            for start in range(0, n, batch):
                prepared = _batch(min(batch, n - start), share, rng)
                now[0] += 1000
                order = list(stores)
                rng.shuffle(order)  # each path in every position: the same machine load
                for name in order:
                    before = _server_cpu(pg)
                    times[share, name].append.run(stores[name].append, prepared)
                    times[share, name].server_cpu += _server_cpu(pg) - before
            roots = {store.root() for store in stores.values()}
            assert len(roots) == 1 and {s.size() for s in stores.values()} == {n}, roots
            for first in (0, n - batch):  # the rows as stored, not only the hashes
                stored = [store.entries(first, first + batch) for store in stores.values()]
                assert all(rows == stored[0] for rows in stored), first
        finally:
            for store in stores.values():
                store.close()
    return times
