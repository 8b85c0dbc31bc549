"""`ipledger-verify --tsa-ca` and `--export-tokens` on the v3 goldens; OpenSSL checks the export."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ipledger.verifier.cli import main
from tests.openssl_tsa import OpenSslTsa
from tests.verifier.golden import Golden, load, tsa_file
from tests.verifier.test_cli import trusted_file
from tests.verifier.test_pdf_report import pdf_text

Run = Callable[..., tuple[int, str]]
G = load("thousand-first-anchor", 3)
UNSTAMPED = load("legacy-tx", 3)
WITNESSED = Path(__file__).resolve().parents[1] / "vectors" / "witnessed"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        return code, capsys.readouterr().out

    return invoke


def proven(g: Golden, tmp_path: Path) -> list[str | Path]:
    return [g.doc_path, g.path, "--log-key", g.log_key, "--trusted-blocks",
            trusted_file(tmp_path, g, chain_id=31337)]  # fmt: skip


def test_without_tsa_ca_every_clock_is_shown_and_the_tsas_remain(run: Run, tmp_path: Path) -> None:
    code, out = run(*proven(G, tmp_path))
    assert code == 0, out
    assert "\u2714 Time-stamped by RFC 3161 TSAs: 2 token(s)" in out
    assert "\u25cb TSA certificates chain to a TSA you trust: not checked" in out
    clocks = next(line for line in out.splitlines() if line.startswith("Clocks: "))
    assert clocks.count("no later than") == 3 and clocks.count(", not checked)") == 2
    assert f"(block {G.data()['anchor']['block_number']})." in clocks
    assert "that the time-stamp authorities (" in out and "Golden TSA B" in out
    assert out.count("Time-stamped: TSA ") == 2


def test_tsa_ca_pem_names_one_tsa_and_its_time_is_claimed(run: Run, tmp_path: Path) -> None:
    code, out = run(*proven(G, tmp_path), "--tsa-ca", tsa_file("tsa-a"))
    assert code == 0, out
    verdict = next(line for line in out.splitlines() if line.startswith("PROVEN: "))
    assert verdict.startswith("PROVEN: The document existed no later than ")
    assert "Golden TSA A" in verdict and "Golden TSA B" not in verdict
    assert "not from a TSA you named" in out
    assert "that the time-stamp authorities" not in out  # named: nothing left about TSAs


def test_tsa_ca_with_two_pem_certificates_or_der(run: Run, tmp_path: Path) -> None:
    both = tmp_path / "both.pem"
    both.write_text(tsa_file("tsa-a").read_text() + "\n" + tsa_file("tsa-b").read_text())
    code, out = run(*proven(G, tmp_path), "--tsa-ca", both, "--json")
    assert code == 0, out
    report = json.loads(out)
    assert [t["trusted"] for t in report["timestamps"]] == [True, True]
    assert report["clocks"].startswith("Clocks: no later than ")
    der = tmp_path / "b.der"
    der.write_bytes(OpenSslTsa.der_of(tsa_file("tsa-b")))
    code, out = run(*proven(G, tmp_path), "--tsa-ca", der, "--json")
    tokens = json.loads(out)["timestamps"]
    assert code == 0 and [t["trusted"] for t in tokens] == [False, True]
    assert "Golden TSA B" in tokens[1]["tsa"]
    assert {"gen_time", "serial", "certificate_subject", "certificate_issuer"} <= set(tokens[0])


@pytest.mark.parametrize(
    "content",
    [b"", b"not a certificate", b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
     b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n",
     b"-----BEGIN PUBLIC KEY-----\nMAMCAQE=\n-----END PUBLIC KEY-----\n"],
)  # fmt: skip
def test_an_unusable_tsa_ca_file_is_one_line_exit_2(
    content: bytes, run: Run, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_bytes(content)
    code, out = run(*proven(G, tmp_path), "--tsa-ca", bad)
    assert code == 2 and out.count("\n") == 1, out
    assert out.startswith(f"\u2718 UNUSABLE INPUT: --tsa-ca {bad}: give the TSA's"), out
    code, out = run(*proven(G, tmp_path), "--tsa-ca", tmp_path / "missing.pem")
    assert code == 2 and out.startswith("\u2718 UNUSABLE INPUT: cannot read the TSA certificate")


def test_a_tsa_ca_no_token_chains_to_is_not_proven(run: Run, tmp_path: Path) -> None:
    stranger = OpenSslTsa(tmp_path, "ec", "Stranger TSA")
    report = tmp_path / "failed.html"
    code, out = run(*proven(G, tmp_path), "--tsa-ca", stranger.ca_pem, "--report", report)
    assert code == 1 and out.count("\n") == 1, out
    assert out.startswith("\u2718 NOT PROVEN: none of the bundle's 2 time-stamp token(s)")
    page = html.unescape(report.read_text())
    assert "check 9 (Time-stamped by RFC 3161 TSAs)" in page
    # Step 9 is made after steps 1-4 and before the chain part, which it leaves not reached.
    rows = re.findall(r"<tr><td>(\d)</td><td class=\w+>([^<]+)</td>", page)
    assert rows == [(str(n), "passed") for n in (0, 1, 2, 3, 4)] + [
        (str(n), "not reached") for n in (5, 6, 7, 8)] + [("9", "FAILED")]  # fmt: skip
    code, out = run(*proven(UNSTAMPED, tmp_path), "--tsa-ca", tsa_file("tsa-a"))
    assert code == 1 and "carries no RFC 3161 time-stamp token" in out


def openssl_verify(directory: Path, token: str, ca: Path) -> subprocess.CompletedProcess[str]:
    """The court's command, exactly as the docs give it."""
    return subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(directory / "checkpoint.txt"), "-in",
         str(directory / token), "-token_in", "-CAfile", str(ca)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip


def test_exported_tokens_verify_with_openssl_alone(run: Run, tmp_path: Path) -> None:
    out_dir = tmp_path / "tokens"
    code, out = run(*proven(G, tmp_path), "--export-tokens", out_dir)
    assert code == 0, out
    assert f"Time-stamp tokens written to {out_dir}: checkpoint.txt" in out
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "checkpoint.txt", "token-1.tst", "token-2.tst"
    ]  # fmt: skip
    checkpoint = G.data()["checkpoint"]
    assert (out_dir / "checkpoint.txt").read_text() == checkpoint[: checkpoint.index("\n\n") + 1]
    for token, ca in (("token-1.tst", "tsa-a"), ("token-2.tst", "tsa-b")):
        done = openssl_verify(out_dir, token, tsa_file(ca))
        assert done.returncode == 0 and "Verification: OK" in done.stdout, done.stderr
    # OpenSSL refuses the other TSA's CA, and a changed checkpoint.
    assert openssl_verify(out_dir, "token-1.tst", tsa_file("tsa-b")).returncode != 0
    (out_dir / "checkpoint.txt").write_text(checkpoint.replace("\n", "\n ", 1)[:80])
    assert openssl_verify(out_dir, "token-1.tst", tsa_file("tsa-a")).returncode != 0


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_the_documented_jq_route_gives_the_same_files(run: Run, tmp_path: Path) -> None:
    out_dir = tmp_path / "tokens"
    assert run(*proven(G, tmp_path), "--export-tokens", out_dir)[0] == 0
    script = (
        f"jq -r .checkpoint {G.path} | sed '/^$/,$d' > {tmp_path}/checkpoint.txt && "
        f"jq -r '.timestamps[0]' {G.path} | base64 -d > {tmp_path}/token-1.tst"
    )
    subprocess.run(["sh", "-c", script], check=True, timeout=60)
    for name in ("checkpoint.txt", "token-1.tst"):
        assert (tmp_path / name).read_bytes() == (out_dir / name).read_bytes()


def test_export_tokens_of_a_bundle_without_tokens_is_exit_2(run: Run, tmp_path: Path) -> None:
    code, out = run(*proven(UNSTAMPED, tmp_path), "--export-tokens", tmp_path / "t")
    assert code == 2 and out.count("\n") == 1 and "has no time-stamp token" in out
    v2 = load("single", 2)
    code, out = run(v2.doc_path, v2.path, "--export-tokens", tmp_path / "t")
    assert code == 2 and "the bundle is v2; only bundles v3 carry RFC 3161 tokens" in out
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, out = run(*proven(G, tmp_path), "--export-tokens", blocker)
    assert code == 2 and out.startswith(f"\u2718 UNUSABLE INPUT: --export-tokens {blocker}")


def test_a_tlog_proof_refuses_the_tsa_options(run: Run, tmp_path: Path) -> None:
    code, out = run(WITNESSED / "witnessed.doc", WITNESSED / "witnessed.tlog-proof", "--policy",
                    WITNESSED / "witnessed.policy", "--tsa-ca", tsa_file("tsa-a"))  # fmt: skip
    assert code == 2 and "--tsa-ca: a tlog-proof file carries no time-stamp token" in out


def test_the_html_report_lists_every_token(run: Run, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, out = run(*proven(G, tmp_path), "--tsa-ca", tsa_file("tsa-a"), "--report", report)
    assert code == 0, out
    page = html.unescape(report.read_text())
    data = json.loads(run(*proven(G, tmp_path), "--tsa-ca", tsa_file("tsa-a"), "--json")[1])
    assert "<h2>Time-stamp tokens (RFC 3161)</h2>" in page
    assert "<h3>Token 1</h3>" in page and "<h3>Token 2</h3>" in page
    for token in data["timestamps"]:
        for key in ("tsa", "gen_time", "serial", "certificate_issuer", "trust"):
            assert token[key] in page, key
    assert "Time-stamped no later than" in page  # the trusted clock in the claim's box


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_report_lists_every_token(run: Run, tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    code, out = run(*proven(G, tmp_path), "--report", report)
    assert code == 0, out
    text = pdf_text(report)
    data = json.loads(run(*proven(G, tmp_path), "--json")[1])
    assert "Time-stamp tokens (RFC 3161)" in text and "Token 2" in text
    for token in data["timestamps"]:
        for key in ("gen_time", "serial"):
            assert token[key] in text, key
        assert token["certificate_issuer"].split("=")[-1] in text
    assert text.count("TSA's certificate not checked (pass --tsa-ca FILE)") >= 2


def test_a_named_tsa_time_holds_while_the_block_is_unconfirmed(run: Run) -> None:
    code, out = run(G.doc_path, G.path, "--log-key", G.log_key, "--tsa-ca", tsa_file("tsa-a"))
    assert code == 3, out  # the exit code speaks of the block
    assert "\nSELF-CONSISTENT, NOT YET PROVEN: The document existed no later than " in out
    assert "; the evidence says it existed no later than " in out
    assert "The time-stamp of a TSA you named does not depend on the chain" in out
    assert ", not yet shown canonical)." in out
    code, out = run(G.doc_path, G.path, "--log-key", G.log_key)
    assert code == 3 and "does not depend on the chain" not in out
    assert "\nSELF-CONSISTENT, NOT YET PROVEN: The evidence says the document existed" in out


def test_the_timestamping_doc_shows_what_the_command_prints(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "timestamping.md").read_text()
    command = "ipledger-verify single.doc single.json --log-key"
    assert command in doc
    shown = doc.split(command, 1)[1].split("```\n", 2)[2].split("```", 1)[0]
    monkeypatch.chdir(tsa_file("tsa-a").parents[1])
    single = load("single", 3)
    code, out = run("single.doc", "single.json", "--log-key", single.log_key, "--tsa-ca",
                    "tsa-a/ca.pem")  # fmt: skip
    assert code == 3
    lines = [line for line in shown.splitlines() if line != "..."]
    assert len(lines) == 5 and all(line in out.splitlines() for line in lines), out


def test_a_v3_bundle_without_tokens_leaves_no_check_undone(run: Run, tmp_path: Path) -> None:
    code, out = run(*proven(UNSTAMPED, tmp_path))
    assert code == 0, out
    assert "Time-stamped" not in out and "TSA" not in out
    block = UNSTAMPED.data()["anchor"]["block_number"]
    assert any(line.startswith("Clocks: no later than ") and line.endswith(f"(block {block}).")
               for line in out.splitlines())  # fmt: skip
