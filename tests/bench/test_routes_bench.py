"""`python -m bench routes --quick`: the bench runs and compares the same answers both ways."""

from __future__ import annotations

import pytest

from bench import routes


def test_routes_bench_quick_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert routes.main(["--quick", "--size", "600"]) == 0
    out = capsys.readouterr().out
    assert "| GET /v1/proofs/inclusion | " in out and "| GET /v1/proofs/consistency | " in out
    assert "machine: " in out and "CPU pressure" in out
