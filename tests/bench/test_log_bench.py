"""`bench log`: a small run reports every row with its target, pymerkle's root equal to ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.log import main


def test_a_small_run_reports_each_target_against_pymerkle_and_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The run itself asserts pymerkle's root at its size equals ours, and checks every proof
    # with the verifier; a failure there raises.
    args = ["--size", "2000", "--batch", "500", "--pymerkle-size", "1000", "--proofs", "20"]
    assert main([*args, "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split(" | ")[0].lstrip("| "): line for line in out.splitlines()
            if line.startswith("| ")}
    assert ">= 1x pymerkle" in rows["appends, first 1,000, wall"]  # target 1 as restated
    assert "<= 1.3x floor" in rows["tree hashing, CPU time (leaf + tile hashes)"]
    assert ">= 150,000 /s" in rows["appends, all 2,000, CPU time"]
    assert rows["appends, first 1,000, wall"].rstrip(" |").endswith(("yes", "NO"))
    assert "docs/benchmarks.md, Log" in out
