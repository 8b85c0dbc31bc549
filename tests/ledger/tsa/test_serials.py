"""Serial numbers never repeat: two processes at once, restarts, exhausted blocks (both DBs)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ipledger.ledger.db import open_database
from ipledger.ledger.tsa.serials import BLOCK_BITS, SerialAllocator

_ISSUE = textwrap.dedent(
    """
    import sys, threading
    from ipledger.ledger.db import open_database
    from ipledger.ledger.tsa.serials import SerialAllocator

    allocator = SerialAllocator(open_database(sys.argv[1]), block_size=int(sys.argv[2]))
    out: list[int] = []
    def work() -> None:
        for _ in range(int(sys.argv[3])):
            out.append(allocator.next())
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("\\n".join(map(str, out)))
    """
)


def _issue_in_processes(url: str, processes: int, block_size: int, each: int) -> list[int]:
    running = [
        subprocess.Popen(
            [sys.executable, "-c", _ISSUE, url, str(block_size), str(each)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(processes)
    ]
    serials: list[int] = []
    for process in running:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        serials.extend(int(line) for line in out.split())
    return serials


def test_two_processes_and_a_restart_never_share_a_serial(migrated_url: str) -> None:
    # Blocks of 7 so that the processes keep reserving new ones while they race.
    first = _issue_in_processes(migrated_url, processes=2, block_size=7, each=50)
    assert len(first) == 2 * 4 * 50 == len(set(first))
    again = _issue_in_processes(migrated_url, processes=2, block_size=7, each=10)
    assert not set(again) & set(first) and len(set(again)) == len(again)
    assert all(serial & ((1 << BLOCK_BITS) - 1) < 7 for serial in first + again)


def test_a_fresh_allocator_starts_in_a_new_block(migrated_url: str) -> None:
    engine = open_database(migrated_url)
    try:
        one = SerialAllocator(engine, block_size=3)
        assert one.next_if_ready() is None  # no block yet: that needs a database write
        a, b, c = one.next(), one.next_if_ready(), one.next()
        assert (b, c) == (a + 1, a + 2) and a & ((1 << BLOCK_BITS) - 1) == 0
        assert one.next_if_ready() is None  # block used up
        assert one.next() >> BLOCK_BITS > a >> BLOCK_BITS
        restarted = SerialAllocator(engine).next()
        assert restarted >> BLOCK_BITS > a >> BLOCK_BITS
    finally:
        engine.dispose()
