"""The browser verifier in headless Chromium: each corpus case as ipledger-verify --json says."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ipledger.verifier.cli import main
from tests.verifier.corpus import corpus_cases
from tests.verifier.golden import NAMES, NAMES_V2, NAMES_V3, load, manifest, tsa_file

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "verifier" / "web"
HARNESS = Path(__file__).with_name("run_corpus.mjs")
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
NODE = shutil.which("node")
SCREENSHOTS = ROOT / "docs" / "img"
# Set to write the two screenshots into docs/img (they are committed; the test itself leaves the
# tree alone): IPLEDGER_UPDATE_SCREENSHOTS=1 pytest tests/verifier/web/test_browser_verifier.py
UPDATE = os.environ.get("IPLEDGER_UPDATE_SCREENSHOTS") == "1"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: `make chromium` installs it"
    ),
    pytest.mark.skipif(
        NODE is None or not (ROOT / "node_modules" / "playwright-core").is_dir(),
        reason="node or node_modules/playwright-core is missing: `make install`",
    ),
]


@dataclass(frozen=True)
class Case:
    """A bundle with what the reader gives, and what `ipledger-verify --json` says of it."""

    name: str
    bundle: str
    document: str | None
    log_key: str | None
    trusted_blocks: dict[str, Any] | None
    expected: dict[str, Any]
    tsa_ca: str | None = None  # base64 of a --tsa-ca file (PEM or DER)


def _cli_expected(case: Case, work: Path) -> dict[str, Any]:
    """Run `ipledger-verify [DOC] BUNDLE ... --json` in-process, as tests/verifier/corpus.py."""
    bundle = work / "bundle.json"
    bundle.write_text(case.bundle, "utf-8")
    if case.document is None:
        args = ["--digest", json.loads(case.bundle)["entry"]["digest"], str(bundle)]
    else:
        (work / "doc").write_bytes(base64.b64decode(case.document))
        args = [str(work / "doc"), str(bundle)]
    if case.log_key is not None:
        args += ["--log-key", case.log_key]
    if case.trusted_blocks is not None:
        (work / "trusted.json").write_text(json.dumps(case.trusted_blocks))
        args += ["--trusted-blocks", str(work / "trusted.json")]
    if case.tsa_ca is not None:
        (work / "tsa.pem").write_bytes(base64.b64decode(case.tsa_ca))
        args += ["--tsa-ca", str(work / "tsa.pem")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*args, "--json"])
    report = json.loads(out.getvalue())
    return {
        "exit": code,
        "result": report["result"],
        "error_type": report.get("error", {}).get("type"),
        "checks": [[c["step"], c["title"]] for c in report.get("checks", [])],
        # Beyond the corpus's keys: the statement's checks not made and what remains.
        "not_made": [[c["step"], c["title"]] for c in report.get("not_made", [])],
        "remaining": report.get("remaining", []),
    }


def _statement_cases() -> list[Case]:
    """Each golden bare, and with everything (trusted blocks with and without their chain)."""
    cases = []
    for version, names in ((1, NAMES), (2, NAMES_V2), (3, NAMES_V3)):
        for name in names:
            g = load(name, version)
            doc = base64.b64encode(g.document).decode()
            blocks = {str(k): "0x" + v.hex() for k, v in g.trusted.items()}
            chain = {"chain_id": manifest(version)["chain_id"], "blocks": blocks}
            cases += [
                Case(f"v{version}-{name}-bare", g.text, None, None, None, {}),
                Case(f"v{version}-{name}-all", g.text, doc, g.log_key, blocks, {}),
                Case(f"v{version}-{name}-chain", g.text, doc, g.log_key, chain, {}),
            ]
    witnessed = ROOT / "tests" / "vectors" / "witnessed"
    info = json.loads((witnessed / "manifest.json").read_text())
    text = (witnessed / "witnessed.json").read_text()
    doc = base64.b64encode((witnessed / "witnessed.doc").read_bytes()).decode()
    cases += [
        Case("witnessed-bare", text, None, None, None, {}),
        Case("witnessed-all", text, doc, info["log_key"], info["trusted_blocks"], {}),
    ]
    return cases


def _tsa_cases() -> list[Case]:
    """The v3 goldens with each test TSA's CA as --tsa-ca, and a file that is no certificate."""
    cases = []
    for name in NAMES_V3:
        g = load(name, 3)
        doc = base64.b64encode(g.document).decode()
        for tsa in ("tsa-a", "tsa-b"):
            pem = base64.b64encode(tsa_file(tsa).read_bytes()).decode()
            cases.append(Case(f"v3-{name}-{tsa}", g.text, doc, None, None, {}, pem))
        cases.append(Case(f"v3-{name}-tsa-junk", g.text, doc, None, None, {}, "AAAA"))
    return cases


# JSON and field edges where JavaScript and Python readers commonly part ways: (name, path
# in the bundle, value or a text substitution). The verdict must be the CLI's for each.
_G = load("thousand-first-anchor", 2)


def _nest(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


_META_EDGES: list[tuple[str, object]] = [
    ("meta-float-int", {"a": 1.0, "b": -0.0, "c": 1e-7, "d": 1e21, "e": 123456789.125}),
    ("meta-big-int", {"a": 2**53}),
    ("meta-safe-int", {"a": 2**53 - 1, "b": -(2**53 - 1)}),
    ("meta-unsafe-float", {"a": 1e16}),
    ("meta-unicode", {"\u20ac": 1, "\U0001f602": [True, None], "1": "\x7f", "a\nb": "\u2028"}),
    ("meta-deep-63", {"a": _nest(63)}),
    ("meta-deep-64", {"a": _nest(64)}),
    ("meta-deep-66", {"a": _nest(66)}),
    ("meta-large", {"a": "x" * 4089}),
    ("meta-too-large", {"a": "x" * 4090}),
    ("meta-list", [1, 2]),
]
_H = '"/3MaD8yp38kUdC+LnlwPSJJHHHKOYM+cpPU5Cd3p0lY="'  # the first inclusion proof hash
_TEXT_EDGES: list[tuple[str, str, str]] = [
    ("version-float", '"version": 2', '"version": 2.0'),
    ("version-string", '"version": 2', '"version": "2"'),
    ("version-bool", '"version": 2', '"version": true'),
    ("version-4", '"version": 2', '"version": 4'),
    ("duplicate-key", '"version": 2', '"version": 2, "version": 2'),
    ("nan", '"received_at": ', '"received_at": NaN, "x": '),
    ("received-float", '"received_at": ', '"received_at": 1.5e12, "x": '),
    ("exponent-int", '"index": 123', '"index": 1.23e2'),
    ("index-huge", '"index": 123', '"index": 18446744073709551616'),
    ("index-max", '"index": 123', '"index": 18446744073709551615'),
    ("index-negative-zero", '"index": 123', '"index": -0'),
    ("lone-surrogate", '"metadata": {', '"metadata": {"\\ud800": 1, '),
    ("escaped-slash", '"format": "ipledger-evidence"', '"format": "ipledger\\/evidence"'),
    ("escaped-format", '"format": "ipledger-evidence"', '"format": "ipledger\\u002devidence"'),
    ("trailing-comma", '"version": 2', '"version": 2,,'),
    ("bom", "{", "\ufeff{"),
    ("nbsp", "{", "\u00a0{"),
    ("upper-digest", '"digest": "sha256:', '"digest": "SHA256:'),
    ("noncanonical-b64", _H, _H.replace("lY=", "lZ=")),
    ("b64-newline", _H, _H.replace("Lnlw", "Lnlw\\n")),
    ("unknown-key", '"version": 2', '"version": 2, "extra": null'),
]


def _edge_cases() -> list[Case]:
    doc = base64.b64encode(_G.document).decode()
    cases = []
    for name, meta in _META_EDGES:
        data = _G.data()
        data["entry"]["metadata"] = meta
        cases.append(Case(name, json.dumps(data, ensure_ascii=False), doc, _G.log_key, None, {}))
    for name, old, new in _TEXT_EDGES:
        assert old in _G.text, old
        cases.append(Case(name, _G.text.replace(old, new, 1), doc, _G.log_key, None, {}))
    return cases


def _cases(work: Path) -> list[Case]:
    """Helper kit's corpus, then the cases it does not hold (JSON edges, --tsa-ca)."""
    corpus = [
        Case(c.name, c.bundle, c.document, c.log_key, c.trusted_blocks, c.expected)
        for c in corpus_cases()
    ]
    mine = _edge_cases() + _tsa_cases() + _statement_cases()
    return corpus + [_with_expected(c, work) for c in mine]


def _with_expected(case: Case, work: Path) -> Case:
    return Case(**{**case.__dict__, "expected": _cli_expected(case, work)})


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Case], dict[str, Any], Path]:
    work = tmp_path_factory.mktemp("web")
    cases = _cases(work)
    (work / "cases.json").write_text(json.dumps([c.__dict__ for c in cases]))
    g = load("thousand-first-anchor", 2)
    trusted = work / "trusted.json"
    trusted.write_text(json.dumps({str(k): "0x" + v.hex() for k, v in g.trusted.items()}))
    tampered = g.data()
    tampered["inclusion"]["proof"][0] = base64.b64encode(bytes(32)).decode()
    bad = work / "thousand-first-anchor.json"
    bad.write_text(json.dumps(tampered, indent=2))
    shots: list[dict[str, Any]] = [
        {"name": "proven", "document": str(g.doc_path), "bundle": str(g.path),
         "trusted_blocks_file": str(trusted), "log_key": g.log_key,
         "png": "browser-proven.png"},
        {"name": "not-proven", "document": str(g.doc_path), "bundle": str(bad),
         "trusted_blocks_file": str(trusted), "log_key": g.log_key,
         "png": "browser-not-proven.png"},
        {"name": "dropped", "document": str(g.doc_path), "bundle": str(g.path),
         "trusted_blocks_file": None, "log_key": None, "png": None, "drop": True},
    ]  # fmt: skip
    (work / "ui.json").write_text(json.dumps(shots))
    done = subprocess.run(
        [str(NODE), str(HARNESS), str(WEB / "index.html"), str(work / "cases.json"),
         str(work / "out.json"), "--screenshots", str(work), str(work / "ui.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out: dict[str, Any] = json.loads((work / "out.json").read_text())
    if UPDATE:
        SCREENSHOTS.mkdir(exist_ok=True)
        for shot in shots[:2]:
            shutil.copyfile(work / shot["png"], SCREENSHOTS / shot["png"])
    return cases, out, work


def test_every_case_gets_the_cli_verdict(run: tuple[list[Case], dict[str, Any], Path]) -> None:
    cases, out, _ = run
    results = out["results"]
    assert len(results) == len(cases) > 0
    wrong = []
    for case, got in zip(cases, results, strict=True):
        mine = {
            "exit": got["exit"],
            "result": got["result"],
            "error_type": got["error_type"],
            "checks": [[c["step"], c["title"]] for c in got["checks"]],
            "not_made": [[c["step"], c["title"]] for c in got["not_made"]],
            "remaining": got.get("remaining", []),
        }
        expected = case.expected
        mine = {k: v for k, v in mine.items() if k in expected}
        if mine != expected:
            wrong.append(f"{case.name}: page {mine} | cli {expected} | {got.get('message')}")
    assert not wrong, f"{len(wrong)} of {len(cases)} differ:\n" + "\n".join(wrong[:20])


def test_the_page_makes_no_request_beyond_its_files(
    run: tuple[list[Case], dict[str, Any], Path],
) -> None:
    _, out, _ = run
    assert out["foreign"] == []
    assert out["requests"] and all(u.startswith("file://") for u in out["requests"])
    # The probe's fetch was refused by the page's policy (connect-src 'none'), never sent.
    assert out["csp"] == {"outcome": "refused", "violations": ["connect-src"]}
    assert not [line for line in out["console"] if "Content Security Policy" not in line]


def test_ui_file_inputs_and_drop_zones(run: tuple[list[Case], dict[str, Any], Path]) -> None:
    _, out, work = run
    by_name = {u["name"]: u for u in out["ui"]}
    assert by_name["proven"]["status"] == "PROVEN"
    assert by_name["not-proven"]["status"] == "NOT PROVEN"
    # Dropped on the drop zones (no key, no trusted blocks): the CLI's verdict, self-consistent.
    assert by_name["dropped"]["status"] == "SELF-CONSISTENT (unconfirmed)"
    for png in ("browser-proven.png", "browser-not-proven.png"):
        data = (work / png).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000


def test_committed_script_equals_a_rebuild(tmp_path: Path) -> None:
    rebuilt = tmp_path / "ipledger-verify.js"
    done = subprocess.run(
        [str(NODE), str(WEB / "build.mjs"), str(rebuilt)], cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert rebuilt.read_bytes() == (WEB / "ipledger-verify.js").read_bytes(), (
        "verifier/web/ipledger-verify.js is stale: run `make web-verifier` and commit it"
    )
