"""The two wheels: the verifier alone (what a court installs) and the service beside it."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.verifier.golden import NAMES, load

REPO = Path(__file__).resolve().parents[1]
ARTIFACT = REPO / "contracts" / "EvidenceAnchor.json"
PYTHON_PACKAGES = ("verifier", "ledger", "api")


def _build(source: Path, dist: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--disable-pip-version-check",
                    "-w", str(dist), str(source)], check=True, timeout=300)
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources (no build/ or egg-info in the work tree)."""
    src = tmp_path_factory.mktemp("wheel") / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info")
    for package in PYTHON_PACKAGES:
        shutil.copytree(REPO / package, src / package, symlinks=True, ignore=ignore)
    (src / "contracts").mkdir()
    shutil.copy2(ARTIFACT, src / "contracts" / ARTIFACT.name)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    return src


@pytest.fixture(scope="module")
def verifier_wheel(sources: Path) -> Path:
    return _build(sources / "verifier", sources.parent / "dist-verifier")


@pytest.fixture(scope="module")
def service_wheel(sources: Path) -> Path:
    return _build(sources, sources.parent / "dist-service")


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name).decode()


def test_verifier_wheel_holds_the_verifier_alone(verifier_wheel: Path) -> None:
    names = _names(verifier_wheel)
    code = {n for n in names if not n.startswith("ipledger_verifier-")}
    assert code and all(n.startswith("ipledger/verifier/") for n in code), sorted(code)
    assert "ipledger/verifier/py.typed" in names
    assert "ipledger/verifier/trust/mainnet.json" in names  # the shipped trust root
    assert not any(n.endswith(("pyproject.toml", "AUDIT.md", "README.md")) for n in code)
    assert "\n# ipledger-verifier\n" in _metadata(verifier_wheel)  # its readme: verifier/README.md
    requires = [line for line in _metadata(verifier_wheel).splitlines()
                if line.startswith("Requires-Dist:")]
    hard = [r for r in requires if "extra ==" not in r]
    assert sorted(r.split()[1].split(">")[0].split("<")[0] for r in hard) == ["rfc8785"]
    # fpdf2 (PDF reports) only with the `report` extra, pycryptodome (a faster Keccak-256)
    # only with `fast`: neither is needed to verify (the core is pure Python, AUDIT.md).
    assert sorted(r for r in requires if "extra ==" in r) == [
        'Requires-Dist: fpdf2<3,>=2.8; extra == "report"',
        'Requires-Dist: pycryptodome<4,>=3.20; extra == "fast"']
    assert "Provides-Extra: report" in _metadata(verifier_wheel)
    assert "Provides-Extra: fast" in _metadata(verifier_wheel)
    with zipfile.ZipFile(verifier_wheel) as archive:
        (entry_points,) = [n for n in names if n.endswith("entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert "ipledger-verify = ipledger.verifier.cli:main" in scripts
    assert "ipledger =" not in scripts


def test_service_wheel_ships_the_artifact_migrations_and_types(service_wheel: Path) -> None:
    names = _names(service_wheel)
    with zipfile.ZipFile(service_wheel) as archive:
        assert archive.read("ipledger/ledger/chain/EvidenceAnchor.json") == ARTIFACT.read_bytes()
    migrations = {p.name for p in (REPO / "ledger" / "migrations" / "versions").glob("0*.py")}
    assert {f"ipledger/ledger/migrations/versions/{m}" for m in migrations} <= names
    assert {"ipledger/ledger/migrations/env.py",
            "ipledger/ledger/migrations/script.py.mako"} <= names
    assert {"ipledger/ledger/py.typed", "ipledger/api/py.typed"} <= names
    # /docs and /redoc work offline from an installed wheel: their files are in it, unchanged.
    sources = json.loads((REPO / "api" / "static" / "SOURCES.json").read_text())
    with zipfile.ZipFile(service_wheel) as archive:
        for name in sources["files"]:
            assert archive.read(f"ipledger/api/static/{name}") == (
                REPO / "api" / "static" / name).read_bytes(), name
    code = {n for n in names if not n.startswith("ipledger-")}
    assert all(n.startswith(("ipledger/ledger/", "ipledger/api/")) for n in code), sorted(code)
    assert "ipledger-verifier==0.1.0" in _metadata(service_wheel)


def test_every_package_folder_is_in_a_wheel() -> None:
    """The package lists of both pyproject files name every folder with an __init__.py."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    listed |= set(tomllib.loads((REPO / "verifier" / "pyproject.toml").read_text())["tool"][
        "setuptools"]["packages"])
    found = {
        "ipledger." + ".".join(init.parent.relative_to(REPO).parts)
        for package in PYTHON_PACKAGES
        for init in (REPO / package).rglob("__init__.py")
        if "build" not in init.parts
    }
    assert found == listed


def test_installed_server_finds_the_artifact_outside_the_repository(
    verifier_wheel: Path, service_wheel: Path, tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    for wheel in (verifier_wheel, service_wheel):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(site)
    code = ("import ipledger.ledger.chain.contract as c, ipledger.verifier.online as v\n"
            f"assert c.__file__.startswith({str(site)!r}), c.__file__\n"
            "assert c.load_artifact().runtime_code_hash in v.RUNTIME_CODE_HASHES\n"
            "print(c.DEFAULT_ARTIFACT)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(site / "ipledger/ledger/chain/EvidenceAnchor.json")


def _dependency_dirs() -> list[Path]:
    """The installed code of the verifier's one dependency, rfc8785 (no pycryptodome)."""
    import rfc8785

    return [Path(rfc8785.__file__).parent]


def test_verifier_wheel_installs_alone_and_verifies_a_golden_bundle(
    verifier_wheel: Path, tmp_path: Path,
) -> None:
    """A fresh venv with the verifier wheel and its one dependency, nothing else.

    The dependencies are copied from this environment (the test runs offline); the wheel is
    installed by pip with --no-deps, so its command is made as on any machine.
    """
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--disable-pip-version-check", str(verifier_wheel)],
                   check=True, timeout=300)
    (site,) = (env_dir / "lib").glob("python3*/site-packages")
    for dependency in _dependency_dirs():
        shutil.copytree(dependency, site / dependency.name)
    assert (bin_dir / "ipledger-verify").exists()
    assert not (bin_dir / "ipledger").exists()
    clean = {"PATH": f"{bin_dir}:/usr/bin:/bin"}

    def verify(document: Path, golden_name: str) -> subprocess.CompletedProcess[str]:
        golden = load(golden_name)
        trusted = tmp_path / f"{golden_name}.trusted.json"
        trusted.write_text(json.dumps(golden.info["trusted_blocks"]))
        return subprocess.run(
            [str(bin_dir / "ipledger-verify"), str(document), str(golden.path),
             "--log-key", golden.log_key, "--trusted-blocks", str(trusted), "--json"],
            capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=120, check=False,
        )

    for name in NAMES:
        done = verify(load(name).doc_path, name)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
        assert json.loads(done.stdout)["result"] == "proven"
    forged = tmp_path / "forged.doc"
    forged.write_bytes(load(NAMES[0]).document + b" ")
    assert verify(forged, NAMES[0]).returncode == 1
    # Without the report extra: an HTML report is written, a PDF one is refused in one line.
    golden = load(NAMES[0])
    for name, code in (("report.html", 3), ("report.pdf", 2)):
        done = subprocess.run(
            [str(bin_dir / "ipledger-verify"), str(golden.doc_path), str(golden.path),
             "--report", str(tmp_path / name)],
            capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=120, check=False,
        )
        assert done.returncode == code and done.stderr == "", done
    assert done.stdout == (
        "\u2718 UNUSABLE INPUT: a PDF report needs the verifier's report extra: pip install "
        "'ipledger-verifier[report]' (or give --report a .html file)\n")
    assert (tmp_path / "report.html").exists() and not (tmp_path / "report.pdf").exists()
    probe = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "import importlib.util, json, sys, ipledger.verifier.cli\n"
         "print(json.dumps([sorted({m.split('.')[0] for m in sys.modules}"
         " - set(sys.stdlib_module_names)), importlib.util.find_spec('ipledger.ledger')]))"],
        capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=60, check=True,
    )
    loaded, service = json.loads(probe.stdout)
    assert set(loaded) - {"__main__", "_distutils_hack"} == {"ipledger", "rfc8785"}
    assert service is None
    # The shipped trust root is package data: found and checked in an installed wheel.
    vector = REPO / "tests" / "vectors" / "portal" / "headers_with_proof" / "22162263.yaml"
    (content,) = re.findall(r'content_value: "0x([0-9a-f]+)"', vector.read_text("utf-8"))
    (tmp_path / "header.hex").write_text(content)
    proven = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "import pathlib, ipledger.verifier as v\n"
         "print(v.verify_block_header_with_proof(bytes.fromhex("
         "pathlib.Path('header.hex').read_text())).statement)"],
        capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=60, check=True,
    )
    assert proven.stdout.startswith("block 22162263 (0xfbf884a8"), proven
    assert "per historical_summaries at slot 11476992" in proven.stdout


def test_no_code_imports_the_folders_by_their_bare_names() -> None:
    """`verifier`, `ledger` and `api` are imported only as `ipledger.*` (also in code strings).

    From the repository root the folders are importable under their bare names too, and a
    module imported twice under two names has two copies of every class (its errors too).
    """
    bare = re.compile(r"(?:^|[\s;\"']|\\n)(?:from|import) (?:api|ledger|verifier)\b")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in (*PYTHON_PACKAGES, "tests", "bench")
        for path in (REPO / folder).rglob("*.py")
        if "build" not in path.parts
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []


def test_no_two_classes_share_a_name() -> None:
    """A name says what a thing is: one class per name across the packages, tests and bench."""
    seen: dict[str, list[str]] = {}
    for folder in (*PYTHON_PACKAGES, "tests", "bench"):
        for path in (REPO / folder).rglob("*.py"):
            if "build" in path.parts:
                continue
            for node in ast.parse(path.read_text("utf-8")).body:
                if isinstance(node, ast.ClassDef):
                    seen.setdefault(node.name, []).append(str(path.relative_to(REPO)))
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}
