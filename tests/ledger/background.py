"""A writer thread appending to a ledger while a test does something else with it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def appending(append: Callable[[int], None]) -> Iterator[None]:
    """Call `append(n)` for n = 0, 1, ... in a thread until the block ends (then join it)."""
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            append(n)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
