import pytest

from ipledger.api.limits import TokenBuckets
from ipledger.api.problems import ApiProblem


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill_at_rate() -> None:
    clock = ManualClock()
    buckets = TokenBuckets(rate=2.0, burst=3, clock=clock)
    assert [buckets.take("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("k") == pytest.approx(0.5)
    clock.now += 0.5
    assert buckets.take("k") == 0.0
    assert buckets.take("k") == pytest.approx(0.5)


def test_keys_have_separate_buckets() -> None:
    clock = ManualClock()
    buckets = TokenBuckets(rate=1.0, burst=1, clock=clock)
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0
    assert buckets.take("b") == 0.0


def test_bucket_never_exceeds_burst() -> None:
    clock = ManualClock()
    buckets = TokenBuckets(rate=10.0, burst=2, clock=clock)
    buckets.take("k")
    clock.now += 3600
    assert [buckets.take("k") for _ in range(2)] == [0.0, 0.0]
    assert buckets.take("k") > 0


def test_check_raises_429_with_retry_after_in_whole_seconds() -> None:
    clock = ManualClock()
    buckets = TokenBuckets(rate=0.25, burst=1, clock=clock)
    buckets.check("k")
    with pytest.raises(ApiProblem) as caught:
        buckets.check("k")
    assert caught.value.status == 429
    assert caught.value.headers == {"Retry-After": "4"}


def test_rate_zero_turns_limiting_off() -> None:
    buckets = TokenBuckets(rate=0, burst=1)
    assert all(buckets.take("k") == 0.0 for _ in range(1000))
