"""The materialized corpus (tests/verifier/corpus.py) covers what it claims, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

from ipledger.verifier.core import errors
from ipledger.verifier.failure import failed_step
from tests.verifier.corpus import (
    ERROR_TYPES,
    EXIT_CODES,
    CorpusCase,
    corpus_cases,
    write_corpus,
)


def _cases() -> list[CorpusCase]:
    return corpus_cases()


def test_every_claimed_error_type_and_exit_code_occurs() -> None:
    cases = _cases()
    assert 300 <= len(cases) <= 1000
    seen = {c.expected["error_type"] for c in cases} - {None}
    assert seen == ERROR_TYPES
    assert {c.expected["exit"] for c in cases} == EXIT_CODES
    assert {c.expected["result"] for c in cases} == {
        "proven",
        "self-consistent",
        "failed",
        "unusable",
    }


def test_failures_reach_every_step_0_to_9() -> None:
    # Step 0 refuses input as unusable (InvalidBundle, exit 2); step 2 only rebuilds what step
    # 0 accepted, so a bundle cannot fail there; every other step has a failing case.
    steps = {failed_step(getattr(errors, name)("x")) for name in ERROR_TYPES}
    assert {1, 3, 4, 5, 6, 7, 8, 9} <= steps
    unusable = {c.expected["error_type"] for c in _cases() if c.expected["exit"] == 2}
    assert unusable == {"InvalidBundle", "InvalidVerifierKey"}


def test_the_goldens_are_proven_with_their_trusted_blocks_and_self_consistent_without() -> None:
    plain = [c for c in _cases() if "/golden/" in c.name]
    assert len(plain) == 19 * 8  # v1, v2, v3 x 6 and the witnessed golden, 8 option sets each
    for case in plain:
        trusted = case.name.endswith("-trusted")
        assert (case.trusted_blocks is not None) == trusted
        expected = case.expected
        assert (expected["exit"], expected["result"]) == (
            (0, "proven") if trusted else (3, "self-consistent")
        ), case.name
        steps = [step for step, _ in expected["checks"]]
        assert (1 in steps) == (case.document is not None), case.name
        assert (4 in steps) == (case.log_key is not None), case.name


def test_names_are_unique_and_the_written_corpus_reads_back(tmp_path: Path) -> None:
    cases = _cases()
    names = [c.name for c in cases]
    assert len(set(names)) == len(names)
    path = tmp_path / "corpus.json"
    write_corpus(path)
    data = json.loads(path.read_text("utf-8"))
    assert [d["name"] for d in data] == names
    assert data[0] == cases[0].to_dict()
    assert set(data[0]) == {"name", "bundle", "document", "log_key", "trusted_blocks", "expected"}
    assert set(data[0]["expected"]) == {"exit", "result", "error_type", "checks"}
