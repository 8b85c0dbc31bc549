"""Coverage and listings are queries over the anchors table, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from ipledger.ledger.anchoring import (
    Anchor,
    AnchorState,
    AnchorTarget,
    anchor_covering,
    get_anchor,
    list_anchors,
)
from ipledger.ledger.db import create_engine

OURS = AnchorTarget(1, "0x" + "c" * 40, "0x" + "1" * 40)
OTHER = AnchorTarget(1, "0x" + "c" * 40, "0x" + "2" * 40)


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    eng = create_engine(migrated_url)
    rows = [
        (OURS, 4, "final"), (OURS, 9, "superseded"), (OURS, 10, "included"),
        (OURS, 12, "failed"), (OURS, 16, "sent"), (OURS, 20, "final"), (OTHER, 6, "final"),
    ]
    with Session(eng) as session:
        for target, size, state in rows:
            session.add(Anchor(chain_id=target.chain_id, contract=target.contract,
                               log_address=target.log_address, tree_size=size,
                               root=bytes([size]) * 32, state=state, created_at=size,
                               updated_at=size))
        session.commit()
    yield eng
    eng.dispose()


@pytest.mark.parametrize(("index", "final_only", "size"), [
    (0, False, 4), (3, False, 4),      # entries 0..3: the first anchor
    (4, False, 10), (9, False, 10),    # 9 was superseded: the included 10 covers 4..9
    (4, True, 20),                     # final only: 20
    (10, False, 20), (15, False, 20),  # failed 12 and sent 16 cover nothing
    (19, False, 20), (20, False, None),
])
def test_an_entry_is_covered_by_the_smallest_anchor_on_chain_above_it(
    engine: Engine, index: int, final_only: bool, size: int | None,
) -> None:
    with Session(engine) as session:
        found = anchor_covering(session, index, OURS, final_only=final_only)
    assert (found.tree_size if found else None) == size


def test_coverage_and_listings_are_per_log(engine: Engine) -> None:
    with Session(engine) as session:
        assert anchor_covering(session, 4, OTHER) is not None
        assert anchor_covering(session, 4, OTHER).tree_size == 6  # type: ignore[union-attr]
        assert [a.tree_size for a in list_anchors(session, OURS)] == [20, 16, 12, 10, 9, 4]
        assert [a.tree_size for a in list_anchors(session, OURS, limit=2, before=16)] == [12, 10]
        on_chain = list_anchors(session, OURS, states=[AnchorState.FINAL, AnchorState.INCLUDED])
        assert [a.tree_size for a in on_chain] == [20, 10, 4]
        first = list_anchors(session, OURS)[-1]
        assert get_anchor(session, first.id) == first
        assert get_anchor(session, 10_000) is None


def test_negative_index_is_refused(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="index"):
        anchor_covering(session, -1, OURS)
