"""Stored cosignatures on both databases: one per checkpoint and key, the cosigned note."""

from __future__ import annotations

import hashlib

import pytest
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint

from ipledger.ledger.checkpoints import SignedCheckpoint, cut_checkpoint
from ipledger.ledger.cosigning.store import (
    cosignature_count,
    cosignature_lines,
    cosignatures_at,
    cosigned_note,
    cosigned_sizes,
    is_cosigned,
    latest_cosigned_size,
    record_request,
    store_cosignature,
    witness_status,
    witness_statuses,
)
from ipledger.ledger.cosigning.witnesses import parse_witnesses
from ipledger.ledger.errors import OutOfRange
from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.cosignature import verify_cosignature
from ipledger.verifier.core.note import parse_note

LOG = LogSigner("office-a.example/log", hashlib.sha256(b"a-log").digest())
# Named so that the name order differs from the order they cosign in.
ZULU = WitnessSigner("zulu.example/witness", hashlib.sha256(b"z").digest())
ALPHA = WitnessSigner("alpha.example/witness", hashlib.sha256(b"a").digest())


def _checkpoint(store: LogStore, n: int) -> SignedCheckpoint:
    store.append(
        [{"digest": "sha256:" + hashlib.sha256(f"{store.size()}-{i}".encode()).hexdigest()}
         for i in range(n)]
    )
    cut = cut_checkpoint(store, LOG)
    assert cut is not None
    return cut


def _text(cp: SignedCheckpoint) -> str:
    return parse_note(cp.note).text


def test_cosigned_note_appends_the_lines_in_witness_name_order(store: LogStore) -> None:
    cp = _checkpoint(store, 3)
    assert cosigned_note(store, cp.tree_size) == cp.note  # none yet: the log's note alone
    assert store_cosignature(store, cp.tree_size, ZULU.cosign(_text(cp), 1_700_000_002))
    assert store_cosignature(store.engine, cp.tree_size, ALPHA.cosign(_text(cp), 1_700_000_001))
    note = cosigned_note(store, cp.tree_size)
    lines = note[len(cp.note) :].splitlines()
    assert [line.split()[1] for line in lines] == [ALPHA.name, ZULU.name]
    assert cosigned_note(store.engine, cp.tree_size) == note
    # The log's key still verifies it (v1/v2 verifiers ignore lines by unknown keys) ...
    assert verify_checkpoint(note, LOG.verifier_key).size == 3
    # ... each witness's line verifies with the core ...
    assert verify_cosignature(note, ZULU.verifier_key)[1].timestamp == 1_700_000_002
    # ... and with tlog-scales, a third party's cosignature/v1.
    scales = ScalesCheckpoint.from_text(note)
    keys = VkeySet(Vkey.from_string(ALPHA.verifier_key), Vkey.from_string(ZULU.verifier_key))
    valid = keys.verify(scales.signatures, scales)
    assert sorted(v.name for v, _ in valid) == [ALPHA.name, ZULU.name]
    assert cosignature_count(store, cp.tree_size) == 2
    assert cosignature_lines(store, [cp.tree_size, 99]) == {cp.tree_size: note[len(cp.note) :]}


def test_one_cosignature_per_checkpoint_and_key_the_first_kept(store: LogStore) -> None:
    cp = _checkpoint(store, 2)
    first = ALPHA.cosign(_text(cp), 1_700_000_000)
    assert store_cosignature(store, cp.tree_size, first)
    assert not store_cosignature(store, cp.tree_size, ALPHA.cosign(_text(cp), 1_700_000_009))
    (kept,) = cosignatures_at(store, cp.tree_size)
    assert kept.cosignature == first and kept.tree_size == cp.tree_size
    later = _checkpoint(store, 1)
    assert store_cosignature(store, later.tree_size, ALPHA.cosign(_text(later), 1_700_000_010))
    (witness,) = parse_witnesses(f"http://127.0.0.1:9/w {ALPHA.verifier_key}")
    assert cosigned_sizes(store, witness) == [3, 2]
    assert latest_cosigned_size(store, witness) == 3
    assert is_cosigned(store, witness, 2) and not is_cosigned(store, witness, 1)
    (other,) = parse_witnesses(f"http://127.0.0.1:9/w {ZULU.verifier_key}")
    assert latest_cosigned_size(store, other) == 0 and not is_cosigned(store, other, 2)


def test_no_note_for_a_size_never_cut(store: LogStore) -> None:
    _checkpoint(store, 2)
    with pytest.raises(OutOfRange, match="no checkpoint was cut at tree size 1"):
        cosigned_note(store, 1)


def test_witness_state_counts_requests_by_outcome(store: LogStore) -> None:
    (witness,) = parse_witnesses(f"http://u:pw@127.0.0.1:9/w {ZULU.verifier_key}")
    empty = witness_status(store, witness)
    assert empty.known_size is None and empty.requests["cosigned"] == 0
    record_request(store, witness, "conflict", known_size=7)
    record_request(store, witness, "unreachable", error="no answer within 5 s")
    record_request(store, witness, "cosigned", known_size=9, cosigned_size=9, latency_ms=40)
    record_request(store, witness, "cosigned", known_size=9, cosigned_size=9, latency_ms=20)
    state = witness_status(store, witness)
    assert (state.known_size, state.last_cosigned_size, state.latency_ms_sum) == (9, 9, 60)
    assert state.requests == {
        "cosigned": 2, "conflict": 1, "refused": 0, "unreachable": 1, "invalid": 0
    }
    assert state.last_error is None  # a cosignature clears the last error
    assert state.url == "http://127.0.0.1:9/w"  # never the password
    assert witness_statuses(store) == [state]
    with pytest.raises(ValueError):
        record_request(store, witness, "fine")
