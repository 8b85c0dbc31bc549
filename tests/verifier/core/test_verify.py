"""verify() on made-up blocks: steps 0-7 pass, step 8 refuses them, extreme values never crash."""

from __future__ import annotations

from typing import Any

import pytest

from ipledger.verifier import verify
from ipledger.verifier.core.errors import InvalidCheckpoint, UntrustedBlock
from ipledger.verifier.pdf import render_pdf
from ipledger.verifier.report import render_html
from ipledger.verifier.statement import statement_of
from tests.verifier.fabricate import fabricate
from tests.verifier.golden import load
from tests.verifier.test_report import reader_inputs

MAX64 = 2**64 - 1


def test_a_made_up_block_is_self_consistent_but_never_proven() -> None:
    fake = fabricate(block_number=3, tx_index=150, other_receipts=200)
    verdict = verify(fake.bundle, document=fake.document, log_key=fake.log_key)
    assert not verdict.proven and verdict.log_authenticated
    assert any("canonical history" in r for r in verdict.remaining)
    # Against the real chain's hash at that height (the golden block 3), step 8 refuses it.
    real = load("single").trusted
    assert 3 in real
    with pytest.raises(UntrustedBlock, match="not on that chain"):
        verify(fake.bundle, trusted=real)


@pytest.mark.parametrize(
    "extreme",
    [
        {"block_time": MAX64, "received_at": MAX64},
        {"block_time": 253402300800, "received_at": 253402300799999},  # 10000-01-01
        {"block_time": 0, "received_at": 0, "block_number": 0},
        {"index": MAX64 - 1, "tree_size": MAX64, "block_number": MAX64, "tx_index": MAX64},
        {"index": 2**63, "tree_size": 2**63 + 1, "chain_id": MAX64, "tx_index": 2**63},
    ],
)
def test_extreme_values_give_a_verdict_not_a_crash(extreme: dict[str, Any]) -> None:
    fake = fabricate(**extreme)
    verdict = verify(fake.bundle.to_json(), document=fake.document, log_key=fake.log_key)
    assert verdict.block_time == fake.bundle.anchor.block_time
    claim = verdict.claim()
    if verdict.block_time > 253402300799:
        assert "after the year 9999" in claim
    statement = statement_of(verdict, fake.bundle, reader_inputs())
    assert verdict.block_time_utc in render_html(statement)
    assert render_pdf(statement).startswith(b"%PDF-")


def test_times_that_deserve_a_warning() -> None:
    early = fabricate(block_time=1_700_000_000, received_at=1_700_000_000_000 + 10 * 60 * 1000)
    assert "earlier than" in verify(early.bundle).warnings[0]
    late = fabricate(block_time=1_700_000_000 + 2 * 86400, received_at=1_700_000_000_000)
    assert "more than a day" in verify(late.bundle).warnings[0]
    timely = fabricate(block_time=1_700_000_060, received_at=1_700_000_000_000)
    assert verify(timely.bundle).warnings == ()


def test_a_trusted_list_of_another_chain_is_refused() -> None:
    g = load("single")
    verdict = verify(g.text, trusted=g.trusted, trusted_chain_id=31337)
    assert verdict.proven and not any("chain 31337" in r for r in verdict.remaining)
    with pytest.raises(UntrustedBlock, match="hashes are of chain 1, "):
        verify(g.text, trusted=g.trusted, trusted_chain_id=1)


def test_a_checkpoint_whose_origin_is_not_the_key_name_is_refused() -> None:
    """C2SP: a log's checkpoints carry its name; a key of log B cannot vouch for log A."""
    fake = fabricate(origin="a.example/log", key_name="b.example/log")
    with pytest.raises(InvalidCheckpoint, match=r"expected 'b\.example/log'"):
        verify(fake.bundle, document=fake.document, log_key=fake.log_key)
    same = fabricate(origin="a.example/log")
    assert verify(same.bundle, document=same.document, log_key=same.log_key).log_authenticated
