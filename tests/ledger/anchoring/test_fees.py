import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipledger.ledger.anchoring import FeeCapReached, Fees, bumped_fees, initial_fees
from ipledger.ledger.anchoring.fees import bump

GWEI = 10**9


def test_initial_offer_is_twice_base_plus_tip() -> None:
    assert initial_fees(10 * GWEI, 2 * GWEI) == Fees(22 * GWEI, 2 * GWEI)


def test_initial_offer_respects_the_cap() -> None:
    fees = initial_fees(10 * GWEI, 2 * GWEI, cap=5 * GWEI)
    assert fees == Fees(5 * GWEI, 2 * GWEI)
    assert initial_fees(10 * GWEI, 9 * GWEI, cap=5 * GWEI) == Fees(5 * GWEI, 5 * GWEI)


def test_bump_is_at_least_12_5_percent_rounded_up() -> None:
    assert bump(8) == 9
    assert bump(1000) == 1125
    assert bump(1001) == 1127  # 1126.125 rounds up
    assert bump(1) == 2  # never stays equal
    assert bump(0) == 1


def test_replacement_reaches_current_base_fee() -> None:
    old = Fees(3 * GWEI, 1 * GWEI)
    new = bumped_fees(old, base_fee=50 * GWEI, tip=1 * GWEI)
    assert new.max_priority_fee_per_gas == bump(1 * GWEI)
    assert new.max_fee_per_gas == 100 * GWEI + bump(1 * GWEI)


def test_replacement_when_base_fee_is_low_still_raises_both() -> None:
    old = Fees(100 * GWEI, 2 * GWEI)
    new = bumped_fees(old, base_fee=1, tip=1)
    assert new == Fees(bump(100 * GWEI), bump(2 * GWEI))


def test_cap_that_allows_a_valid_bump_is_used() -> None:
    old = Fees(10 * GWEI, 1 * GWEI)
    new = bumped_fees(old, base_fee=100 * GWEI, tip=1 * GWEI, cap=20 * GWEI)
    assert new == Fees(20 * GWEI, bump(1 * GWEI))


def test_cap_below_the_minimum_bump_raises() -> None:
    with pytest.raises(FeeCapReached, match="above the cap"):
        bumped_fees(Fees(10 * GWEI, 1 * GWEI), base_fee=1, tip=1, cap=11 * GWEI)


def test_fees_reject_tip_above_max() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        Fees(1, 2)


@given(
    max_fee=st.integers(1, 10**13), tip_ratio=st.floats(0, 1),
    base=st.integers(0, 10**13), tip=st.integers(0, 10**11),
)
def test_every_replacement_is_accepted_by_a_10_percent_rule(
    max_fee: int, tip_ratio: float, base: int, tip: int
) -> None:
    old = Fees(max_fee, int(max_fee * tip_ratio))
    new = bumped_fees(old, base, tip)
    # geth's txpool rule: both fields at least +10% (integer math as in geth)
    assert new.max_fee_per_gas * 100 >= old.max_fee_per_gas * 110
    assert new.max_priority_fee_per_gas * 100 >= old.max_priority_fee_per_gas * 110
    assert new.max_fee_per_gas >= 2 * base + new.max_priority_fee_per_gas
