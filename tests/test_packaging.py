"""The wheel holds what an installed server needs: the contract artifact, migrations, types."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACT = REPO / "contracts" / "EvidenceAnchor.json"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources (no build/ or egg-info in the work tree)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("verifier", "ledger", "api"):
        shutil.copytree(REPO / package, src / package, symlinks=True, ignore=ignore)
    (src / "contracts").mkdir()
    shutil.copy2(ARTIFACT, src / "contracts" / ARTIFACT.name)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--disable-pip-version-check",
                    "-w", str(root / "dist"), str(src)], check=True, timeout=300)
    (built,) = (root / "dist").glob("ipledger-*.whl")
    return built


def test_wheel_ships_the_artifact_migrations_and_types(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("ledger/chain/EvidenceAnchor.json") == ARTIFACT.read_bytes()
    migrations = {p.name for p in (REPO / "ledger" / "migrations" / "versions").glob("0*.py")}
    assert {f"ledger/migrations/versions/{m}" for m in migrations} <= names
    assert {"ledger/migrations/env.py", "ledger/migrations/script.py.mako"} <= names
    assert {"verifier/py.typed", "ledger/py.typed", "api/py.typed"} <= names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_installed_server_finds_the_artifact_outside_the_repository(
    wheel: Path, tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = ("import ledger.chain.client as c, verifier.anchor_code as v\n"
            f"assert c.__file__.startswith({str(site)!r}), c.__file__\n"
            "assert c.load_artifact().runtime_code_hash in v.RUNTIME_CODE_HASHES\n"
            "print(c.DEFAULT_ARTIFACT)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(site / "ledger" / "chain" / "EvidenceAnchor.json")
