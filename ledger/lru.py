"""A bounded least-recently-used map, shared by the threads of one process."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `size` items: `get` refreshes an item, `put` drops the least recently used.

    Precondition: `size >= 0` (0 keeps nothing). Values are never None (None means absent).
    """

    def __init__(self, size: int) -> None:
        """Keep at most `size` items."""
        if size < 0:
            raise ValueError(f"an LRU cache holds at least 0 items, not {size}")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """Return the item of `key` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        """Keep `value` under `key` as the most recently used; drop the oldest past `size`."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        """Return how many items are kept."""
        return len(self._items)
