"""Token serial numbers that never repeat: `block << 32 | counter`, blocks reserved in the DB."""

from __future__ import annotations

import os
import socket
import threading

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import StorageError
from ipledger.ledger.store import now_ms
from ipledger.ledger.tsa.tables import TsaSerialBlockRow

BLOCK_BITS = 32
_blocks = TsaSerialBlockRow.__table__  # type: ignore[attr-defined]


class SerialAllocator:
    """Hands out serials of blocks this process reserved; thread-safe.

    A block is reserved by inserting a row: the database's autoincrement id is the block
    number, so no two processes, and no process after a restart, share one. Serials of a
    block not used up when a process stops are never issued (there are 2**31 blocks of
    2**32 each: gaps cost nothing).
    """

    def __init__(self, engine: Engine, block_size: int = 1 << BLOCK_BITS) -> None:
        """Reserve from `engine`'s table; `block_size` below 2**32 only to test block changes."""
        if not 0 < block_size <= 1 << BLOCK_BITS:
            raise ValueError(f"a serial block holds 1 to 2**{BLOCK_BITS} serials")
        self._engine = engine
        self._size = block_size
        self._lock = threading.Lock()
        self._block: int | None = None
        self._next = block_size
        self._pid = os.getpid()

    def next(self) -> int:
        """Return a serial number no token of this TSA ever had, or will have."""
        with self._lock:
            if self._block is None or self._next >= self._size or self._pid != os.getpid():
                # A forked child must not go on with its parent's block.
                self._pid = os.getpid()
                self._block, self._next = self._reserve(), 0
            serial = self._block << BLOCK_BITS | self._next
            self._next += 1
            return serial

    def next_if_ready(self) -> int | None:
        """Return `next()` if it needs no database write (a block is held), else None.

        For an event loop: the write (once per 2**32 serials) goes to a worker thread.
        """
        with self._lock:
            if self._block is None or self._next >= self._size or self._pid != os.getpid():
                return None
            serial = self._block << BLOCK_BITS | self._next
            self._next += 1
            return serial

    def _reserve(self) -> int:
        with write_connection(self._engine) as conn, conn.begin():
            result = conn.execute(
                insert(_blocks).values(
                    holder=f"{socket.gethostname()[:200]}:{self._pid}", reserved_at=now_ms()
                )
            )
            block = result.inserted_primary_key[0] if result.inserted_primary_key else None
        if not isinstance(block, int) or block <= 0:
            raise StorageError(f"the database returned no usable serial block id ({block!r})")
        return block
