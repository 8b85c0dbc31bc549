import itertools

import pytest

from ipledger.ledger.anchoring import AnchorState, InvalidTransition, check_transition
from ipledger.ledger.anchoring.states import allowed_targets

HAPPY_PATH = ["pending", "sent", "included", "final"]


def test_happy_path_is_allowed_in_order() -> None:
    for current, target in itertools.pairwise(HAPPY_PATH):
        assert check_transition(current, target) is AnchorState(target)


def test_reorg_goes_back_from_included_to_sent() -> None:
    assert check_transition("included", "sent") is AnchorState.SENT


def test_superseded_is_terminal() -> None:
    assert allowed_targets(AnchorState.SUPERSEDED) == frozenset()
    for target in AnchorState:
        with pytest.raises(InvalidTransition):
            check_transition("superseded", target)


def test_final_moves_only_when_finality_is_violated_by_a_deep_reorg() -> None:
    # its block left the chain: re-included elsewhere, or back to sent for a rebroadcast
    assert allowed_targets(AnchorState.FINAL) == frozenset(
        {AnchorState.INCLUDED, AnchorState.SENT})
    for target in ("pending", "final", "superseded", "failed"):
        with pytest.raises(InvalidTransition):
            check_transition("final", target)


@pytest.mark.parametrize(("current", "target"), [
    ("pending", "included"),  # nothing is mined without a persisted signed transaction
    ("pending", "final"),
    ("sent", "final"),        # final only from included
    ("sent", "pending"),      # a signed transaction is never forgotten
    ("included", "pending"),
    ("failed", "sent"),       # an operator re-arms a failure through pending
    ("included", "failed"),
])
def test_forbidden_transitions_raise(current: str, target: str) -> None:
    with pytest.raises(InvalidTransition, match=f"from '{current}' to '{target}'"):
        check_transition(current, target)


def test_unknown_state_name_raises() -> None:
    with pytest.raises(InvalidTransition):
        check_transition("mined", "final")


def test_failed_is_re_armed_only_to_pending() -> None:
    assert allowed_targets(AnchorState.FAILED) == frozenset({AnchorState.PENDING})
