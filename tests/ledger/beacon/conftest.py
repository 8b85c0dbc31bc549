"""Fixtures of the beacon tests: a fresh deployment (no chain opened until a test asks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    deployment, _created = Deployment.init(Settings(data_dir=tmp_path / "log"))
    try:
        yield deployment
    finally:
        deployment.close()
