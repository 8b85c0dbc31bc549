"""The bounded LRU map the process-wide caches share."""

from __future__ import annotations

import threading

import pytest

from ipledger.ledger.lru import LruCache


def test_the_least_recently_used_goes_first() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1      # "a" is now the newest, "b" the oldest
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    cache.put("a", 4)               # a put replaces and refreshes
    cache.put("d", 5)
    assert (cache.get("a"), cache.get("c"), cache.get("d")) == (4, None, 5)
    assert len(cache) == 2


def test_size_zero_keeps_nothing_and_a_negative_size_is_refused() -> None:
    cache: LruCache[str, int] = LruCache(0)
    cache.put("a", 1)
    assert cache.get("a") is None and len(cache) == 0
    with pytest.raises(ValueError, match="at least 0"):
        LruCache(-1)


def test_threads_never_leave_it_over_its_size() -> None:
    cache: LruCache[int, int] = LruCache(16)

    def work(base: int) -> None:
        for i in range(2_000):
            cache.put(base + i % 40, i)
            cache.get(base + (i * 7) % 40)

    threads = [threading.Thread(target=work, args=(k * 100,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 16
