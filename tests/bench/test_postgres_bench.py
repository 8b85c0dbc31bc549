"""`python -m bench postgres --quick --no-api` at a tiny size: the bench still runs and reports."""

from __future__ import annotations

import pytest

from bench import pg_paths, postgres

pytestmark = pytest.mark.postgres


def test_postgres_bench_quick_runs(capsys: pytest.CaptureFixture[str]) -> None:
    # The HTTP phases (an anvil chain, several servers, 2 s phases) take about 90 s even with
    # --quick: they are left to `python -m bench postgres --quick`, not the suite.
    assert postgres.main(["--quick", "--no-api", "--size", "2000", "--rows", "2000",
                          "--batch", "500", "--paths", "1000"]) == 0
    out = capsys.readouterr().out
    assert "| LogStore appends, 2,000 in batches of 500, wall |" in out
    for method in postgres.INSERT_METHODS:
        assert f"a commit): {method}, wall |" in out
    for share in ("0%", "10%"):
        for path in list(pg_paths.STORE_PATHS)[1:]:
            assert f"1,000 entries, {share} with metadata, 500 a batch: {path}, wall |" in out
    assert "machine before:" in out and "CPU pressure" in out
