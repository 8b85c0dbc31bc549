"""The Beacon API client and prove_block against a real HTTP server of recorded mainnet data."""

from __future__ import annotations

import socket
import time

import pytest

from ipledger.ledger.beacon import proofs
from ipledger.ledger.beacon.api import BeaconApi
from ipledger.ledger.beacon.prove import NotYetProvable, ProofResult, prove_block
from ipledger.ledger.errors import BeaconBlockMismatch, BeaconDataError, BeaconUnavailable
from tests.ledger.beacon import vectors
from tests.ledger.beacon.beacon_node import RecordedNode, serve


def _block_hash(number: int) -> bytes:
    published = vectors.published_proof(number)["execution_block_header"]
    assert isinstance(published, str)
    return bytes.fromhex(published.removeprefix("0x"))


@pytest.mark.parametrize("number", sorted(vectors.BLOCKS))
def test_prove_block_from_the_node_matches_the_published_proof(number: int) -> None:
    node = RecordedNode()
    slot = node.add_block(number)
    with serve(node) as url, BeaconApi(url) as api:
        result = prove_block(api, _block_hash(number), proofs.slot_time(slot))
    assert isinstance(result, ProofResult)
    assert result.slot == slot
    assert result.proof_type == f"historical_summaries_{vectors.BLOCKS[number]}"
    # Byte for byte Portal's published BlockHeaderWithProof, once the header is put in front.
    value = proofs.block_header_with_proof(vectors.header_rlp(number), result.proof)
    assert value == vectors.content_value(number)


def test_empty_slots_repeat_the_previous_root() -> None:
    node = RecordedNode()
    slot = node.add_block(17034870)
    start, end = proofs.period_bounds(slot)
    # The recorded period has empty slots (the node answers 404 for them)...
    assert sum(1 for s in range(start, end) if s not in node.headers) > 0
    with serve(node) as url, BeaconApi(url) as api:
        assert api.block_root(slot + 1) is None  # 6209539: no block, the proof's first hash
        roots = api.period_block_roots(start)
    # ...and the client rebuilds the state's block_roots exactly.
    assert b"".join(roots) == vectors.block_roots_ssz(17034870)


def test_a_period_opening_with_empty_slots_takes_the_root_before_it() -> None:
    node = RecordedNode()
    slot = node.add_block(19426587)
    start, _end = proofs.period_bounds(slot)
    node.first_slot_empty = start
    with serve(node) as url, BeaconApi(url) as api:
        roots = api.period_block_roots(start)
    assert b"".join(roots) == vectors.block_roots_ssz(19426587)


def test_a_node_missing_a_block_is_caught() -> None:
    node = RecordedNode()
    slot = node.add_block(22162263)
    start, _end = proofs.period_bounds(slot)
    node.headers.pop(max(s for s in node.headers if start < s < slot))
    with (
        serve(node) as url,
        BeaconApi(url) as api,
        pytest.raises(BeaconDataError, match="the node misses blocks or reorganized"),
    ):
        api.period_block_roots(start)


def test_the_block_comes_unsigned_with_its_fork() -> None:
    node = RecordedNode()
    slot = node.add_block(22162263)
    with serve(node) as url, BeaconApi(url) as api:
        got = api.block(slot)
        assert api.block(slot - 1) is None  # no recorded block there: 404
    assert got is not None
    assert (got.fork, got.block) == ("deneb", vectors.block_ssz(22162263))


def test_a_block_with_another_execution_hash_is_refused() -> None:
    node = RecordedNode()
    slot = node.add_block(22162263)
    other = _block_hash(19426587)
    with serve(node) as url, BeaconApi(url) as api:
        with pytest.raises(BeaconBlockMismatch, match="carries execution block 0xfbf884a8"):
            prove_block(api, other, proofs.slot_time(slot))
        with pytest.raises(BeaconBlockMismatch, match="no beacon block at slot"):
            prove_block(api, other, proofs.slot_time(slot - 1))


def test_a_period_not_yet_finalized_says_when() -> None:
    node = RecordedNode()
    slot = node.add_block(22162263)
    _start, end = proofs.period_bounds(slot)
    node.finalized_epoch = end // 32 - 1
    with serve(node) as url, BeaconApi(url) as api:
        result = prove_block(api, _block_hash(22162263), proofs.slot_time(slot))
    assert isinstance(result, NotYetProvable)
    assert "must then be finalized" in result.reason
    # The next period starts at slot 11378688 (2025-03-30T20:57:59Z); two epochs later, final.
    assert "closes at 2025-03-30T20:57:59Z" in result.reason
    assert result.ready_after_utc == "2025-03-30T21:10:47Z"
    assert node.requests == 1  # nothing more is fetched before the period is final


def test_a_slow_node_times_out_with_a_clear_error() -> None:
    node = RecordedNode(delay=2.0)
    slot = node.add_block(22162263)
    with serve(node) as url, BeaconApi(url, timeout=0.3) as api:
        started = time.monotonic()
        with pytest.raises(BeaconUnavailable, match=r"did not answer .* in time"):
            prove_block(api, _block_hash(22162263), proofs.slot_time(slot))
        assert time.monotonic() - started < 1.5


def test_an_unreachable_node_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        with (
            BeaconApi(f"http://127.0.0.1:{port}/secret-key") as api,
            pytest.raises(BeaconUnavailable, match="is unreachable") as caught,
        ):
            api.finalized_slot()
    assert "secret-key" not in str(caught.value)


def test_bad_urls_and_routes_are_clear_errors() -> None:
    with pytest.raises(BeaconDataError, match="not an http"):
        BeaconApi("ftp://node")
    node = RecordedNode()
    with serve(node) as url, BeaconApi(url) as api:
        with pytest.raises(BeaconDataError, match="serves no historical_summaries route"):
            api.historical_summaries(123)
        assert len(api.historical_summaries(11476992)) == 643
