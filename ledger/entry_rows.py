"""Writing a batch's entry rows: one statement from packed columns, metadata rows apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from ipledger.ledger.db import driver_write
from ipledger.ledger.entries import LogEntry
from ipledger.ledger.errors import StorageError

ENTRY_COLUMNS = "idx, digest, nonce, metadata_jcs, metadata_hash, received_at, leaf_hash"
ENTRY_COPY_TYPES = ["int8", "bytea", "bytea", "text", "bytea", "int8", "bytea"]  # as ENTRY_COLUMNS


def bulk_insert_sql(sqlite: bool, *, only_marked: bool) -> str:
    """Return the INSERT of a batch's rows from packed columns (see `EntryRows.insert`).

    Parameters in order: count, first index, digests (32 bytes each), nonces (16),
    metadata hashes (32), received_at, leaf hashes (32), and with `only_marked` one byte
    per row, 0 for the rows to insert (those without metadata).
    """
    if sqlite:
        series = "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < ?)"
        cut, first, stamp = "substr(?, n * {w} + 1, {w})", "? + n", "?"
        mark = "substr(?, n + 1, 1) = x'00'"
    else:
        series = "WITH i(n) AS (SELECT generate_series(0, %s::integer - 1))"
        cut, first = "substring(%s::bytea from n * {w} + 1 for {w})", "%s::bigint + n"
        stamp, mark = "%s::bigint", "get_byte(%s::bytea, n) = 0"
    c32, c16 = cut.format(w=32), cut.format(w=16)
    where = f" WHERE {mark}" if only_marked else ""
    return (
        f"{series} INSERT INTO entries ({ENTRY_COLUMNS})"
        f" SELECT {first}, {c32}, {c16}, NULL, {c32}, {stamp}, {c32} FROM i{where}"
    )


class EntryRows:
    """The statements that write entry rows to one kind of database (SQLite or PostgreSQL)."""

    def __init__(self, sqlite: bool, dbapi_error: type[Exception]) -> None:
        """Prepare the statements; `dbapi_error` is the driver's error base (COPY's errors)."""
        self._sqlite = sqlite
        self._dbapi_error = dbapi_error
        param = "?" if sqlite else "%s"
        marks = ", ".join([param] * len(ENTRY_COPY_TYPES))
        self._insert_one = f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES ({marks})"
        self._copy = f"COPY entries ({ENTRY_COLUMNS}) FROM STDIN (FORMAT BINARY)"
        self._bulk = bulk_insert_sql(sqlite, only_marked=False)
        self._bulk_marked = bulk_insert_sql(sqlite, only_marked=True)

    def insert(
        self,
        conn: Connection,
        entries: list[LogEntry],
        columns: list[tuple[Any, ...]],
        hashes: list[bytes],
    ) -> None:
        """Insert a batch's rows, in the caller's transaction.

        `entries` in index order, `columns` the batch by column (digests, nonces,
        metadata texts, metadata hashes), `hashes` their leaf hashes.
        """
        # One statement for the batch: each fixed-size column travels as one packed byte
        # string that the database cuts into rows (a statement per row cost more than
        # SQLite's own insert work). Rows with metadata (variable text) are left out of it
        # by a marker byte and inserted apart.
        n, texts = len(entries), columns[2]
        packed = [b"".join(column) for column in (columns[0], columns[1], columns[3], hashes)]
        if list(map(len, packed)) != [32 * n, 16 * n, 32 * n, 32 * n]:
            raise StorageError("a batch's digests, nonces or hashes are not all of their size")
        digests, nonces, meta_hashes, leaves = packed
        params = (n, entries[0][0], digests, nonces, meta_hashes, entries[0][5], leaves)
        if texts.count(None) == n:
            driver_write(conn, self._bulk, params)
            return
        with_metadata = [e for e in entries if e[3] is not None]
        marks = bytes([text is not None for text in texts])
        driver_write(conn, self._bulk_marked, (*params, marks))
        if self._sqlite:
            driver_write(conn, self._insert_one, with_metadata, many=True)
        else:
            self._copy_rows(conn, with_metadata)

    def _copy_rows(self, conn: Connection, rows: list[LogEntry]) -> None:
        # PostgreSQL: one binary COPY instead of a statement per row, on the driver's
        # connection, inside the transaction SQLAlchemy began. (COPY of a whole batch was
        # no faster than the INSERT ... SELECT without metadata: docs/benchmarks.md.)
        raw: Any = conn.connection.driver_connection
        try:
            with raw.cursor() as cur, cur.copy(self._copy) as copy:
                copy.set_types(ENTRY_COPY_TYPES)
                for row in rows:
                    copy.write_row(row)
        except self._dbapi_error as exc:
            raise StorageError(f"COPY of {len(rows)} entry rows failed: {exc}") from exc
