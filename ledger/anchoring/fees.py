"""EIP-1559 fees: the first offer for an anchor and the replacement offer for a stuck one."""

from __future__ import annotations

from dataclasses import dataclass

from ipledger.ledger.errors import FeeCapReached

BUMP_NUMERATOR = 9
BUMP_DENOMINATOR = 8
"""A replacement raises both fees by at least 12.5%: above geth's and anvil's 10% rule."""


@dataclass(frozen=True)
class Fees:
    """The two EIP-1559 fee fields of a type-2 transaction, in wei per gas."""

    max_fee_per_gas: int
    max_priority_fee_per_gas: int

    def __post_init__(self) -> None:
        """Check the fields the way a node would before accepting the transaction."""
        if self.max_priority_fee_per_gas < 0 or self.max_fee_per_gas <= 0:
            raise ValueError("fees must be positive")
        if self.max_priority_fee_per_gas > self.max_fee_per_gas:
            raise ValueError("max_priority_fee_per_gas exceeds max_fee_per_gas")


def bump(value: int) -> int:
    """Return `value` raised by 12.5%, rounded up, and by at least 1 wei."""
    return max(-(-value * BUMP_NUMERATOR // BUMP_DENOMINATOR), value + 1)


def initial_fees(base_fee: int, tip: int, cap: int | None = None) -> Fees:
    """Return the first offer: tip, and max fee = 2 x next base fee + tip.

    Twice the base fee survives six full blocks of base-fee growth. `cap`, when
    given, limits the max fee (the tip is lowered to fit under it). Preconditions:
    `base_fee >= 0`, `tip >= 0`, `cap > 0`.
    """
    if base_fee < 0 or tip < 0:
        raise ValueError("base fee and tip must not be negative")
    if cap is not None and cap <= 0:
        raise ValueError("the fee cap must be positive")
    max_fee = max(2 * base_fee + tip, 1)
    if cap is not None:
        max_fee = min(max_fee, cap)
    return Fees(max_fee_per_gas=max_fee, max_priority_fee_per_gas=min(tip, max_fee))


def bumped_fees(previous: Fees, base_fee: int, tip: int, cap: int | None = None) -> Fees:
    """Return the replacement offer for a transaction sent with `previous` fees.

    Both fields rise by at least 12.5% (nodes refuse a replacement that does not
    raise both), and the max fee reaches at least 2 x the current base fee + tip
    so the replacement can be mined now. Raises `FeeCapReached` when `cap` forbids
    a valid replacement.
    """
    if base_fee < 0 or tip < 0:
        raise ValueError("base fee and tip must not be negative")
    new_tip = max(bump(previous.max_priority_fee_per_gas), tip)
    new_max = max(bump(previous.max_fee_per_gas), 2 * base_fee + new_tip)
    if cap is not None and new_max > cap:
        least = bump(previous.max_fee_per_gas)
        if cap < least or cap < bump(previous.max_priority_fee_per_gas):
            raise FeeCapReached(
                f"replacing the stuck transaction needs max fee >= {least} wei/gas, "
                f"above the cap of {cap} wei/gas; raise the cap or wait for lower base fees"
            )
        new_max = cap
        new_tip = min(new_tip, cap)
    return Fees(max_fee_per_gas=new_max, max_priority_fee_per_gas=new_tip)
