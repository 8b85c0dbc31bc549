"""`ipledger-verify --policy` and tlog-proof files: the real command on the witnessed golden."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ipledger.verifier.cli import main

Run = Callable[..., tuple[int, str]]
DIR = Path(__file__).resolve().parents[1] / "vectors" / "witnessed"
DOC, BUNDLE, POLICY, PROOF = (
    DIR / "witnessed.doc",
    DIR / "witnessed.json",
    DIR / "witnessed.policy",
    DIR / "witnessed.tlog-proof",
)
MANIFEST = json.loads((DIR / "manifest.json").read_text("utf-8"))
WITNESSED_DE = "Witnessed: office DE (de.example/witness) saw this tree no later than 20"
WITNESSED_EP = "Witnessed: office EP (ep.example/witness) saw this tree no later than 20"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        return code, capsys.readouterr().out

    return invoke


@pytest.fixture
def trusted(tmp_path: Path) -> Path:
    path = tmp_path / "trusted.json"
    path.write_text(json.dumps({"chain_id": 31337, "blocks": MANIFEST["trusted_blocks"]}))
    return path


def one_cosigner(tmp_path: Path) -> Path:
    data = json.loads(BUNDLE.read_text("utf-8"))
    lines = data["checkpoint"].splitlines(keepends=True)
    data["checkpoint"] = "".join(line for line in lines if "ep.example/witness" not in line)
    path = tmp_path / "one-cosigner.json"
    path.write_text(json.dumps(data))
    return path


def test_a_bundle_under_its_policy(run: Run, trusted: Path) -> None:
    code, out = run(DOC, BUNDLE, "--policy", POLICY, "--trusted-blocks", trusted)
    assert code == 0, out
    assert WITNESSED_DE in out and WITNESSED_EP in out
    assert "Checkpoint witnessed per the policy: quorum offices: 2 of (EP, DE, FR) met" in out
    assert "Checkpoint signed by the log: golden.ipledger.test/thousand" in out  # from the policy
    assert "not checked" not in out.split("Witnessed:")[1]


def test_a_bundle_without_a_policy_shows_cosignatures_as_unchecked(run: Run, trusted: Path) -> None:
    code, out = run(DOC, BUNDLE, "--log-key", MANIFEST["log_key"], "--trusted-blocks", trusted)
    assert code == 0, out
    assert "Witnessed:" not in out
    unchecked = "Cosignatures present but not checked (no --policy): de.example/witness+01b29aff"
    assert unchecked in out
    assert "they prove nothing" in out


def test_json_lists_the_cosignatures(run: Run, trusted: Path) -> None:
    code, out = run(DOC, BUNDLE, "--policy", POLICY, "--trusted-blocks", trusted, "--json")
    assert code == 0
    report = json.loads(out)
    assert [(c["witness"], c["verified"]) for c in report["cosignatures"]] == [
        ("DE", True),
        ("EP", True),
    ]
    assert report["cosignatures"][0]["timestamp"] == MANIFEST["witnesses"]["DE"]["cosigned_at"]
    assert report["witnesses"][0].startswith(WITNESSED_DE)


def test_quorum_not_met_fails_at_step_4_with_a_report(
    run: Run, trusted: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    code, out = run(DOC, one_cosigner(tmp_path), "--policy", POLICY, "--trusted-blocks", trusted,
                    "--report", report)  # fmt: skip
    assert code == 1
    assert out.startswith("\u2718 NOT PROVEN: the checkpoint is cosigned by DE; the quorum needs ")
    assert out.count("\n") == 1
    page = report.read_text("utf-8")
    assert "check 4 (Checkpoint witnessed per the policy)" in page
    assert "<b>Checkpoint witnessed per the policy</b>" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("witness X1 nonsense\nquorum X1\n", "policy line 1: a verifier key reads"),
        ("quorum X1\n", "policy line 1: quorum 'X1' is not none or a name defined above"),
        ("# no quorum\n", "no quorum line"),
        (f"log {MANIFEST['log_key']}\r\nquorum none\r\n", "policy line 1: byte 0x0d"),
    ],
)
def test_a_bad_policy_file_is_one_line(run: Run, tmp_path: Path, text: str, expected: str) -> None:
    policy = tmp_path / "bad.policy"
    policy.write_bytes(text.encode())
    code, out = run(DOC, BUNDLE, "--policy", policy)
    assert code == 2
    assert out.startswith(f"\u2718 UNUSABLE INPUT: --policy {policy}: ")
    assert expected in out and out.count("\n") == 1
    code, out = run(DOC, BUNDLE, "--policy", tmp_path / "missing.policy")
    assert code == 2 and "cannot read the policy file" in out


def test_a_tlog_proof_under_the_policy(run: Run, tmp_path: Path) -> None:
    report = tmp_path / "proof.html"
    code, out = run(DOC, PROOF, "--policy", POLICY, "--report", report)
    assert code == 0, out
    assert "The document is entry 123 of the log golden.ipledger.test/thousand" in out
    assert WITNESSED_DE in out and WITNESSED_EP in out
    assert "IN THE LOG (NO CHAIN ANCHOR IN THIS FILE)" in out
    assert "a time on a blockchain" in out  # what remains: the anchor is the bundle's
    assert "existed no later than" not in out
    page = report.read_text("utf-8")
    assert "<h2>Witnesses</h2>" in page and "office EP (ep.example/witness)" in page


def test_a_tlog_proof_with_a_log_key_or_nothing(run: Run) -> None:
    code, out = run(DOC, PROOF, "--log-key", MANIFEST["log_key"])
    assert code == 0, out
    assert "Cosignatures present but not checked (no --policy)" in out
    code, out = run(DOC, PROOF)
    assert code == 3 and "(unauthenticated)" in out
    digest = "sha256:" + json.loads(BUNDLE.read_text("utf-8"))["entry"]["digest"][7:]
    code, out = run("--digest", digest, PROOF, "--policy", POLICY, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["result"] == "included" and report["entry_index"] == 123
    assert [c["verified"] for c in report["cosignatures"]] == [True, True]


def test_a_tlog_proof_that_fails(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.doc"
    other.write_bytes(b"another document\n")
    report = tmp_path / "failed.html"
    code, out = run(other, PROOF, "--policy", POLICY, "--report", report)
    assert code == 1 and "NOT PROVEN" in out and out.count("\n") == 1
    assert out.rstrip().endswith(f"(report: {report})")
    assert "The tlog-proof failed check 1: the document&#x27;s SHA-256" in report.read_text()
    broken = tmp_path / "broken.tlog-proof"
    broken.write_text(PROOF.read_text("utf-8").replace("index 123\n", "index 0123\n"))
    code, out = run(DOC, broken, "--policy", POLICY)
    assert code == 2 and "UNUSABLE INPUT" in out
    code, out = run(DOC, PROOF, "--policy", POLICY, "--rpc", "http://127.0.0.1:9")
    assert code == 2 and "--rpc check a chain anchor, which a tlog-proof file does not carry" in out


def test_the_installed_command_reads_a_policy() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipledger.verifier.cli", str(DOC), str(PROOF), "--policy",
         str(POLICY)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert WITNESSED_DE in done.stdout


def test_the_pdf_report_lists_the_witnesses(run: Run, trusted: Path, tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    report = tmp_path / "report.pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: `make install` installs it")
    code, out = run(DOC, BUNDLE, "--policy", POLICY, "--trusted-blocks", trusted,
                    "--report", report)  # fmt: skip
    assert code == 0, out
    done = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True,
                          check=True)  # fmt: skip
    text = " ".join(done.stdout.split())
    assert "Witnesses" in text and "office DE (de.example/witness) saw this tree" in text


def test_without_a_policy_the_witness_check_is_listed_as_not_made(run: Run) -> None:
    code, out = run(DOC, BUNDLE, "--log-key", MANIFEST["log_key"])
    assert code == 3
    assert (
        "\u25cb Checkpoint witnessed per the policy: not checked: the checkpoint carries 2 "
        "cosignature(s); no policy (--policy) to check them"
    ) in out
