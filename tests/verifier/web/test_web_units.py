"""The browser verifier's JS modules against RFC 8785, RFC 9162 and signed-note vectors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed (make install)")
def test_node_unit_tests_pass() -> None:
    tests = sorted(str(p) for p in (ROOT / "tests/verifier/web").glob("*.test.mjs"))
    assert tests, "no *.test.mjs files"
    done = subprocess.run(
        [str(NODE), "--test", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout
