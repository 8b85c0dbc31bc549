"""The golden evidence bundles of tests/vectors/bundles, with their documents and manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

BUNDLES_DIR = Path(__file__).resolve().parents[1] / "vectors" / "bundles"


@dataclass(frozen=True)
class Golden:
    """One bundle made on a real anvil by tests/vectors/make_bundles.py, and what to expect."""

    name: str
    text: str
    document: bytes
    log_key: str
    trusted: dict[int, bytes]
    info: dict[str, Any]

    @property
    def path(self) -> Path:
        return BUNDLES_DIR / f"{self.name}.json"

    @property
    def doc_path(self) -> Path:
        return BUNDLES_DIR / f"{self.name}.doc"

    def data(self) -> dict[str, Any]:
        """Return a fresh decoded copy of the bundle's JSON, to mutate."""
        value: dict[str, Any] = json.loads(self.text)
        return value


@cache
def manifest() -> dict[str, Any]:
    value: dict[str, Any] = json.loads((BUNDLES_DIR / "manifest.json").read_text("utf-8"))
    return value


@cache
def load(name: str) -> Golden:
    info = manifest()["bundles"][name]
    return Golden(
        name=name,
        text=(BUNDLES_DIR / f"{name}.json").read_text("utf-8"),
        document=(BUNDLES_DIR / f"{name}.doc").read_bytes(),
        log_key=info["log_key"],
        trusted={int(k): bytes.fromhex(v[2:]) for k, v in info["trusted_blocks"].items()},
        info=info,
    )


NAMES: list[str] = sorted(manifest()["bundles"])
