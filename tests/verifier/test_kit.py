"""The one-file kit (`make verifier-kit`): on a bare CPython, the installed verifier's answers."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.verifier.corpus import case_argv, corpus_cases, installed_reports, summary
from tests.verifier.golden import load

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("kit_driver.py")
BARE = [sys.executable, "-I", "-S"]  # no site-packages, no PYTHONPATH, no script folder
# Time-stamps of the run, and the report id that hashes one in: the only fields that differ.
_OF_THE_MOMENT = ("verified_at", "report_id")


def _build(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipledger.verifier.kit", str(out)],
        capture_output=True, text=True, timeout=120, check=True, cwd=REPO,
    )  # fmt: skip


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "ipledger-verify.pyz"
    _build(out)
    return out


def _bare(kit: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BARE, str(kit), *args], capture_output=True, text=True, timeout=120, check=False,
        cwd=cwd, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _steady(report: dict[str, Any]) -> dict[str, Any]:
    """The report without the moment of the run, and its input files by name alone."""
    steady = {k: v for k, v in report.items() if k not in _OF_THE_MOMENT}
    for key in ("document", "bundle"):
        if steady.get(key) is not None:
            steady[key] = Path(steady[key]).name
    return steady


def test_every_corpus_case_gets_the_installed_verifiers_answer(kit: Path, tmp_path: Path) -> None:
    cases = corpus_cases()
    runs: list[dict[str, Any]] = []
    for number, case in enumerate(cases):
        folder = tmp_path / f"{number:04d}"
        folder.mkdir()
        argv = case_argv(case.bundle, case.document, case.log_key, case.trusted_blocks, folder)
        runs.append({"name": case.name, "argv": argv})
    (tmp_path / "cases.json").write_text(json.dumps(runs), "utf-8")
    done = subprocess.run(
        [*BARE, str(DRIVER), str(kit), str(tmp_path / "cases.json"), str(tmp_path / "out.json")],
        capture_output=True, text=True, timeout=600, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads((tmp_path / "out.json").read_text("utf-8"))
    info = answer["info"]
    # Inside: the kit's code, no site module, neither pycryptodome nor fpdf2.
    assert info["cli"].startswith(str(kit) + "/"), info
    assert info["absent"] == {"Crypto": True, "fpdf": True} and not info["site"], info
    different = []
    reports = installed_reports()
    for case in cases:
        got = answer["results"][case.name]
        kit_report = json.loads(got["stdout"])
        code, installed = reports[case.name]  # what corpus_cases() got from the installed one
        if summary(kit_report, got["exit"]) != case.expected:
            different.append((case.name, "expected", summary(kit_report, got["exit"])))
        elif (got["exit"], _steady(kit_report)) != (code, _steady(installed)):
            different.append((case.name, "report", kit_report))
    assert not different, different[:5]
    assert len(answer["results"]) == len(cases)


def test_the_kit_is_a_command_on_a_bare_python(kit: Path, tmp_path: Path) -> None:
    g = load("thousand-first-anchor", 3)
    trusted = tmp_path / "trusted.json"
    trusted.write_text(json.dumps(g.info["trusted_blocks"]))
    done = _bare(kit, str(g.doc_path), str(g.path), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (3, ""), done
    assert "\nSELF-CONSISTENT, NOT YET PROVEN: " in done.stdout
    args = [str(g.doc_path), str(g.path), "--log-key", g.log_key, "--trusted-blocks", str(trusted)]
    done = _bare(kit, *args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, ""), done
    assert "\nPROVEN: " in done.stdout and "\u2714 Checkpoint signed by the log" in done.stdout
    forged = tmp_path / "forged.doc"
    forged.write_bytes(g.document + b" ")
    done = _bare(kit, str(forged), *args[1:], cwd=tmp_path)
    assert done.returncode == 1 and done.stdout.startswith("\u2718 NOT PROVEN: "), done


def test_version_and_a_bad_inputs_one_line_error(kit: Path, tmp_path: Path) -> None:
    done = _bare(kit, "--version", cwd=tmp_path)
    installed = subprocess.run(
        [sys.executable, "-m", "ipledger.verifier.cli", "--version"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout == installed.stdout, done
    assert re.fullmatch(r"ipledger-verify \d+\.\d+\.\d+\n", done.stdout), done.stdout
    g = load("single")
    done = _bare(kit, str(g.doc_path), str(tmp_path / "missing.json"), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, ""), done
    assert done.stdout == (
        f"\u2718 UNUSABLE INPUT: cannot read the evidence bundle {tmp_path / 'missing.json'}: "
        "No such file or directory\n"
    )
    done = _bare(kit, "--digest", "sha256:12", str(g.path), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout.count("\n") == 1 and not done.stderr, done


def test_html_report_is_written_and_pdf_says_how_to_install_fpdf2(
    kit: Path, tmp_path: Path
) -> None:
    g = load("single", 2)
    done = _bare(kit, str(g.doc_path), str(g.path), "--report", "r.html", cwd=tmp_path)
    assert done.returncode == 3 and "Report written to r.html" in done.stdout, done
    assert "SELF-CONSISTENT" in (tmp_path / "r.html").read_text("utf-8")
    done = _bare(kit, str(g.doc_path), str(g.path), "--report", "r.pdf", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, ""), done
    assert done.stdout == (
        "\u2718 UNUSABLE INPUT: a PDF report needs the verifier's report extra: pip install "
        "'ipledger-verifier[report]' (or give --report a .html file)\n"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_two_builds_are_the_same_bytes_and_the_printed_sha256_is_theirs(
    kit: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.pyz"
    printed = _build(again).stdout
    digest = hashlib.sha256(again.read_bytes()).hexdigest()
    assert again.read_bytes() == kit.read_bytes()
    assert f"SHA-256 {digest}\n" in printed and f"sha256sum {again}" in printed


def test_the_kit_holds_the_verifier_and_rfc8785_with_its_license_only(kit: Path) -> None:
    with zipfile.ZipFile(kit) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    files = [n for n in names if not n.endswith("/")]
    pin = re.search(r"^rfc8785==(\S+)$", (REPO / "constraints.txt").read_text(), re.M)
    assert pin is not None
    assert f"rfc8785-{pin.group(1)}.dist-info/LICENSE" in files
    assert "ipledger/verifier/trust/mainnet.json" in files
    assert "ipledger/verifier/core/verify.py" in files and "__main__.py" in files
    for name in files:
        assert name.startswith(("ipledger/verifier/", "rfc8785", "ipledger_verifier-")) or (
            name == "__main__.py"
        ), name
        assert "__pycache__" not in name and "/web/" not in name and "test" not in name, name
        assert name.endswith((".py", ".json", "/LICENSE", "/METADATA", "py.typed")), name
    assert "ipledger/verifier/kit.py" not in files
    ours = {n for n in files if n.startswith("ipledger/verifier/") and n.endswith(".py")}
    package = REPO / "verifier"
    shipped = {f"ipledger/verifier/{p.relative_to(package)}" for p in package.glob("*.py")}
    shipped |= {f"ipledger/verifier/{p.relative_to(package)}" for p in package.glob("core/*.py")}
    assert ours == shipped - {"ipledger/verifier/kit.py"}
    assert kit.read_bytes().startswith(b"#!/usr/bin/env python3\n")


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_later_pythons_run_the_kit(kit: Path, tmp_path: Path, version: str) -> None:
    found = sorted(Path("/root/.pyenv/versions").glob(f"{version}.*/bin/python{version}"))
    if not found:
        pytest.skip(f"no CPython {version} on this machine")
    g = load("single", 3)
    done = subprocess.run(
        [str(found[-1]), "-I", "-S", str(kit), str(g.doc_path), str(g.path), "--log-key",
         g.log_key, "--json"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 3, done
    assert json.loads(done.stdout)["result"] == "self-consistent"


def test_survival_md_shows_what_the_build_prints(tmp_path: Path) -> None:
    out = tmp_path / "dist" / "ipledger-verify.pyz"
    printed = _build(out).stdout.replace(str(out), "dist/ipledger-verify.pyz")
    printed = re.sub(r"SHA-256 [0-9a-f]{64}\n", "SHA-256 HEX\n", printed)
    doc = (REPO / "docs" / "survival.md").read_text("utf-8")
    assert f"```text\n{printed}```" in doc


def test_an_older_python_is_told_in_one_line(kit: Path, tmp_path: Path) -> None:
    found = sorted(Path("/root/.pyenv/versions").glob("3.10.*/bin/python3.10"))
    if not found:
        pytest.skip("no CPython 3.10 on this machine")
    done = subprocess.run(
        [str(found[-1]), "-I", "-S", str(kit), "--version"],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, ""), done
    assert re.fullmatch(r"ipledger-verify needs Python 3\.11 or later; this is 3\.10\.\d+\n",
                        done.stderr), done.stderr  # fmt: skip
