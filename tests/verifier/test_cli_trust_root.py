"""`ipledger-verify --trust-root FILE`: another trust root, accepted only if it agrees with ours."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ipledger.verifier.cli import main
from ipledger.verifier.core.beacon import HistoricalSummaries
from ipledger.verifier.trust import SHIPPED_TRUST_ROOT, shipped_trust_root
from tests.verifier.golden import load

Run = Callable[..., tuple[int, str]]
G = load("thousand-first-anchor")
CAPELLA_SLOT = 6209536


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return code, captured.out

    return invoke


def _write(tmp_path: Path, root: HistoricalSummaries, name: str = "root.json") -> Path:
    path = tmp_path / name
    path.write_text(root.to_json())
    return path


def _older(periods: int) -> HistoricalSummaries:
    full = shipped_trust_root()
    return HistoricalSummaries(
        slot=CAPELLA_SLOT + periods * 8192, summaries=full.summaries[:periods]
    )


def test_the_shipped_trust_root_given_again_is_accepted(run: Run, tmp_path: Path) -> None:
    code, out = run(G.doc_path, G.path, "--log-key", G.log_key, "--trust-root", SHIPPED_TRUST_ROOT)
    assert code == 3, out
    root = "0x" + shipped_trust_root().root.hex()
    assert out.startswith("Trust root: ") and out.count(root) >= 2  # both roots printed


def test_an_older_trust_root_that_is_a_prefix_is_accepted(run: Run, tmp_path: Path) -> None:
    older = _older(600)
    code, out = run(G.doc_path, G.path, "--trust-root", _write(tmp_path, older), "--json")
    assert code == 3, out
    report = json.loads(out)
    assert report["result"] == "self-consistent"


def test_a_trust_root_that_disagrees_is_unusable_with_both_roots(
    run: Run, tmp_path: Path
) -> None:
    full = shipped_trust_root()
    _, state = full.summaries[100]
    forged_pairs = (*full.summaries[:100], (bytes(32), state), *full.summaries[101:])
    forged = HistoricalSummaries(slot=full.slot, summaries=forged_pairs)
    code, out = run(G.doc_path, G.path, "--trust-root", _write(tmp_path, forged))
    assert code == 2, out
    assert out.startswith("\u2718 UNUSABLE INPUT: ") and out.count("\n") == 1
    assert "0x" + forged.root.hex() in out and "0x" + full.root.hex() in out
    assert "neither list is a prefix of the other" in out


@pytest.mark.parametrize(
    "content",
    ["", "{}", "not json", '{"format": "ipledger-trust-root"}', "[1, 2]"],
)
def test_a_malformed_trust_root_is_one_line(run: Run, tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out = run(G.doc_path, G.path, "--trust-root", path)
    assert code == 2 and out.startswith("\u2718 UNUSABLE INPUT: ") and out.count("\n") == 1


def test_a_missing_trust_root_file_is_one_line(run: Run, tmp_path: Path) -> None:
    code, out = run(G.doc_path, G.path, "--trust-root", tmp_path / "absent.json")
    assert code == 2 and "cannot read the trust root" in out and out.count("\n") == 1


def test_a_stated_root_that_is_not_the_lists_is_refused(run: Run, tmp_path: Path) -> None:
    data = json.loads(SHIPPED_TRUST_ROOT.read_text())
    data["historical_summaries_root"] = "0x" + "00" * 32
    path = tmp_path / "lying.json"
    path.write_text(json.dumps(data))
    code, out = run(G.doc_path, G.path, "--trust-root", path)
    assert code == 2 and "historical_summaries hash to" in out
