"""Importing the chain plumbing must not turn deep input into a crash (py_ecc's recursion limit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DEEP_JSON = """
import json, sys
try:
    json.loads("[" * 200_000 + "]" * 200_000)
except RecursionError:
    print("RecursionError", sys.getrecursionlimit())
"""


@pytest.mark.parametrize(
    "imports",
    [
        "import ipledger.ledger.chain.contract, ipledger.ledger.chain.signer",
        "import web3, eth_account; import ipledger.ledger.chain.anvil",  # web3 imported first
    ],
)
def test_deep_json_raises_instead_of_crashing(imports: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", imports + "\n" + DEEP_JSON],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"interpreter died with {done.returncode}: {done.stderr[-500:]}"
    assert done.stdout.split() == ["RecursionError", "1000"]


def test_this_session_has_a_safe_limit() -> None:
    import ipledger.ledger.chain  # noqa: F401

    assert sys.getrecursionlimit() < 100_000
