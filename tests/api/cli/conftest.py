"""A log initialized by `ipledger init` in a fresh data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "log"
    assert main(["init", "--dir", str(data_dir), "--origin", "example.org/log"]) == 0
    return data_dir
