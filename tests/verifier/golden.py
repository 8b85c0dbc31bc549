"""The golden evidence bundles (v1: tests/vectors/bundles, v2: _v2, v3: _v3) and their manifests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

BUNDLES_DIR = Path(__file__).resolve().parents[1] / "vectors" / "bundles"
BUNDLES_DIRS = {
    1: BUNDLES_DIR,
    2: BUNDLES_DIR.with_name("bundles_v2"),
    3: BUNDLES_DIR.with_name("bundles_v3"),
}


@dataclass(frozen=True)
class Golden:
    """One bundle made on a real anvil by tests/vectors/make_bundles.py, and what to expect."""

    name: str
    text: str
    document: bytes
    log_key: str
    trusted: dict[int, bytes]
    info: dict[str, Any]
    version: int = 1

    @property
    def path(self) -> Path:
        return BUNDLES_DIRS[self.version] / f"{self.name}.json"

    @property
    def doc_path(self) -> Path:
        return BUNDLES_DIRS[self.version] / f"{self.name}.doc"

    def data(self) -> dict[str, Any]:
        """Return a fresh decoded copy of the bundle's JSON, to mutate."""
        value: dict[str, Any] = json.loads(self.text)
        return value


@cache
def manifest(version: int = 1) -> dict[str, Any]:
    text = (BUNDLES_DIRS[version] / "manifest.json").read_text("utf-8")
    value: dict[str, Any] = json.loads(text)
    return value


@cache
def load(name: str, version: int = 1) -> Golden:
    info = manifest(version)["bundles"][name]
    directory = BUNDLES_DIRS[version]
    return Golden(
        name=name,
        text=(directory / f"{name}.json").read_text("utf-8"),
        document=(directory / f"{name}.doc").read_bytes(),
        log_key=info["log_key"],
        trusted={int(k): bytes.fromhex(v[2:]) for k, v in info["trusted_blocks"].items()},
        info=info,
        version=version,
    )


NAMES: list[str] = sorted(manifest()["bundles"])
NAMES_V2: list[str] = sorted(manifest(2)["bundles"])
NAMES_V3: list[str] = sorted(manifest(3)["bundles"])


def tsa_file(tsa: str, name: str = "ca.pem") -> Path:
    """Return a file of a golden v3 test TSA (`tsa-a` ECDSA, `tsa-b` RSA): ca.pem, tsa.pem..."""
    return BUNDLES_DIRS[3] / tsa / name


def rfc9162_root(index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes | None:
    """RFC 9162 section 2.1.3.2 transcribed step by step (a second implementation); None: fail."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None
