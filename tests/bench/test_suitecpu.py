"""`-p bench.suitecpu` on a small suite of its own: each test's CPU, its children's, the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SUITE = '''
import subprocess, sys

def test_spends_cpu_in_a_child():
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)

def test_spends_cpu_itself():
    sum(i * i for i in range(3_000_000))

def test_idle():
    pass
'''


def test_each_test_gets_its_own_and_its_childrens_cpu(tmp_path: Path) -> None:
    (tmp_path / "test_small.py").write_text(SUITE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "bench.suitecpu", "-p", "no:cacheprovider",
         "test_small.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row["id"].split("::")[1]: row for row in map(
        json.loads, (tmp_path / "build/suite-cpu/main.jsonl").read_text().splitlines())}
    assert set(rows) == {"test_spends_cpu_in_a_child", "test_spends_cpu_itself", "test_idle"}
    child, own = rows["test_spends_cpu_in_a_child"], rows["test_spends_cpu_itself"]
    idle = rows["test_idle"]
    assert child["children"] > 0.1 > child["own"]
    assert own["own"] > 0.1 > own["children"]
    assert idle["own"] + idle["children"] < 0.1
    assert min(row["wall"] for row in rows.values()) >= 0

    report = subprocess.run(
        [sys.executable, "-m", "bench.suitecpu", "--tests", "--top", "2"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert report.returncode == 0, report.stderr
    lines = report.stdout.splitlines()
    assert lines[0].startswith("3 tests: ") and "in processes they started" in lines[0]
    assert len(lines) == 4  # the total, the header, the two costliest tests
    assert "test_idle" not in report.stdout
