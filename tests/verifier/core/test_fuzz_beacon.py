"""Fuzzing canonicality proofs and trust roots: only their own VerifierErrors ever escape.

As in test_fuzz.py: a few hundred examples each in `make test`, thirty times as many with
`pytest --run-slow`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from ipledger.verifier.core.beacon import HistoricalSummaries, ProvenBlock, verify_header_proof
from ipledger.verifier.core.errors import (
    BlockAfterTrustRoot,
    CanonicalityError,
    InvalidBlockProof,
    InvalidHeader,
    InvalidRLP,
    InvalidTrustRoot,
)
from tests.verifier.core.test_fuzz import JSON_SCALARS, only, run, scaled

PORTAL = Path(__file__).resolve().parents[2] / "vectors" / "portal" / "headers_with_proof"
PROOF_ERRORS = (InvalidBlockProof, InvalidHeader, InvalidRLP, CanonicalityError,
                BlockAfterTrustRoot)
CONTENT = bytes.fromhex(next(
    line.split('"')[1][2:] for line in (PORTAL / "22162263.yaml").read_text("utf-8").splitlines()
    if line.startswith("content_value:")))


@pytest.fixture(scope="module")
def trust_root() -> HistoricalSummaries:
    data = (PORTAL / "beacon_data" / "historical_summaries_at_slot_11476992.ssz").read_bytes()
    return HistoricalSummaries.from_ssz(data, 11476992)


def _edit(original: bytes, edit: tuple[int, int, int, bytes]) -> bytes:
    kind, position, length, data = edit
    at = position % (len(original) + 1)
    if kind == 0:  # overwrite
        return original[:at] + data + original[at + len(data) :]
    if kind == 1:  # insert
        return original[:at] + data + original[at:]
    return original[:at] + original[at + length :]  # delete


EDITS = st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(1, 64),
                  st.binary(min_size=1, max_size=64))


@scaled
def test_arbitrary_bytes_as_header_with_proof(scale: int, trust_root: HistoricalSummaries
                                              ) -> None:
    run(300 * scale, st.binary(max_size=3000),
        lambda data: only(PROOF_ERRORS, verify_header_proof, data, trust_root))


@scaled
def test_edits_of_a_real_header_with_proof_fail_or_change_nothing(
    scale: int, trust_root: HistoricalSummaries
) -> None:
    expected = verify_header_proof(CONTENT, trust_root)

    def check(edit: tuple[int, int, int, bytes]) -> None:
        changed = _edit(CONTENT, edit)
        result: ProvenBlock | None = only(PROOF_ERRORS, verify_header_proof, changed, trust_root)
        assert result is None or (result == expected and changed == CONTENT)

    run(300 * scale, EDITS, check)


@scaled
def test_arbitrary_json_as_a_trust_root(scale: int, trust_root: HistoricalSummaries) -> None:
    doc = json.loads(trust_root.to_json())
    values = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)

    def check(change: tuple[str, Any]) -> None:
        key, value = change
        text = json.dumps(doc | {key: value})
        result = only((InvalidTrustRoot,), HistoricalSummaries.from_json, text)
        assert result is None or result == trust_root

    run(200 * scale, st.tuples(st.sampled_from([*sorted(doc), "other"]), values), check)
    run(200 * scale, st.text(max_size=200),
        lambda text: only((InvalidTrustRoot,), HistoricalSummaries.from_json, text))


@scaled
def test_edits_of_the_trust_root_text_fail_or_change_nothing(
    scale: int, trust_root: HistoricalSummaries
) -> None:
    original = trust_root.to_json().encode()

    def check(edit: tuple[int, int, int, bytes]) -> None:
        result = only((InvalidTrustRoot,), HistoricalSummaries.from_json, _edit(original, edit))
        assert result is None or result == trust_root

    run(100 * scale, EDITS, check)
