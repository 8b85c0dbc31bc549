"""`ipledger-verify` on the golden bundles: exit codes 0-3, --json, --trusted-blocks, --report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from ipledger.verifier.cli import main
from tests.verifier.golden import NAMES, Golden, load

Run = Callable[..., tuple[int, str]]
G = load("thousand-first-anchor")  # with metadata, in its own block


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        return code, capsys.readouterr().out

    return invoke


def trusted_file(tmp_path: Path, g: Golden, *, chain_id: int | None = None) -> Path:
    blocks = {str(n): "0x" + h.hex() for n, h in g.trusted.items()}
    path = tmp_path / "trusted.json"
    data: object = blocks if chain_id is None else {"chain_id": chain_id, "blocks": blocks}
    path.write_text(json.dumps(data))
    return path


def tampered(tmp_path: Path, g: Golden, section: str, key: str, value: object) -> Path:
    data = g.data()
    data[section][key] = value
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("name", NAMES)
def test_exit_0_when_proven(name: str, run: Run, tmp_path: Path) -> None:
    g = load(name)
    code, out = run(g.doc_path, g.path, "--log-key", g.log_key, "--trusted-blocks",
                    trusted_file(tmp_path, g, chain_id=31337))  # fmt: skip
    assert code == 0, out
    assert "\nPROVEN: The document existed no later than" in out
    assert "received by the log golden.ipledger.test/" in out
    assert out.count("\u2714") == 10  # steps 0 to 8, and the chain id the trusted list names
    # Anvil's chain is never called public, and its operator stays to be trusted.
    assert "public blockchain" not in out.replace("NOT a public blockchain", "").replace(
        "not a public blockchain", ""
    )
    assert "local development chain, NOT a public blockchain" in out
    assert "Nothing remains to be trusted" not in out
    remaining = out.split("What remains for you to check:\n")[1]
    assert "the operator of chain id 31337" in remaining
    assert "anchoring transaction's hash" in remaining  # a trusted list does not bind it
    assert "that the anchor is on chain id" not in remaining  # the list named the chain


def test_exit_0_with_a_plain_trusted_list_names_the_chain_left_to_check(
    run: Run, tmp_path: Path
) -> None:
    code, out = run(G.doc_path, G.path, "--trusted-blocks", trusted_file(tmp_path, G))
    assert code == 0, out
    assert "PROVEN" in out and "unauthenticated" in out
    assert "that the trusted block hashes are those of chain 31337" in out
    assert "that the checkpoint was signed by the log" in out


def test_exit_3_offline(run: Run) -> None:
    code, out = run(G.doc_path, G.path, "--log-key", G.log_key)
    assert code == 3, out
    assert "SELF-CONSISTENT, NOT YET PROVEN" in out
    assert "What remains for you to check" in out and "canonical history of chain 31337" in out
    assert "ipledger-verify --rpc URL" in out  # no explorer for a local chain: how to check
    remaining = out.split("What remains for you to check:\n")[1]
    # Offline, the fields the evidence cannot bind are left to the reader, not shown as fact.
    assert "that the anchor is on chain id 31337, as the bundle says" in remaining
    assert "anchoring transaction's hash is 0x" in remaining
    assert "\u25cb Chain id: not checked" in out and "\u25cb Transaction hash: not checked" in out
    assert "etherscan" not in out


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("entry", "nonce", "00" * 16, "inclusion proof does not lead"),
        ("anchor", "block_time", 1, "the block header says"),
        ("anchor", "log_index", 1, "there is no log 1"),
        ("anchor", "tx_index", 7, "receipt proof"),
    ],
)
def test_exit_1_when_a_check_fails(
    section: str, key: str, value: object, message: str, run: Run, tmp_path: Path
) -> None:
    code, out = run(G.doc_path, tampered(tmp_path, G, section, key, value))
    assert code == 1, out
    assert out.startswith("\u2718 NOT PROVEN: ") and message in out
    assert out.count("\n") == 1  # one line saying what is wrong


def test_exit_1_for_the_reader_inputs(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.doc"
    other.write_bytes(G.document + b" ")
    code, out = run(other, G.path)
    assert code == 1 and "not about this document" in out
    code, out = run(G.doc_path, G.path, "--log-key", load("single").log_key)
    assert code == 1 and "is not signed by" in out
    wrong = tmp_path / "wrong.json"
    block = next(iter(G.trusted))
    wrong.write_text(json.dumps({str(block): "0x" + bytes(32).hex()}))
    code, out = run(G.doc_path, G.path, "--trusted-blocks", wrong)
    assert code == 1 and "not on that chain" in out
    code, out = run(G.doc_path, G.path, "--trusted-blocks", trusted_file(tmp_path, G, chain_id=1))
    assert code == 1 and "trusted block hashes are of chain 1" in out


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"x": "0x00"}',
        '{"12": "0x1234"}',
        '{"12": 5}',
        '{"-1": "0x' + "00" * 32 + '"}',
        '{"012": "0x' + "00" * 32 + '"}',
        '{"chain_id": "1", "blocks": {}}',
        '{"chain_id": 1, "blocks": {}, "x": 1}',
        '{"chain_id": 1, "blocks": []}',
        "[" * 100_000,
        "\xff",
    ],
)
def test_exit_2_for_a_bad_trusted_list(content: str, run: Run, tmp_path: Path) -> None:
    path = tmp_path / "trusted.json"
    path.write_bytes(content.encode("latin-1"))
    code, out = run(G.doc_path, G.path, "--trusted-blocks", path)
    assert code == 2, out
    assert out.startswith("\u2718 UNUSABLE INPUT: ") and out.count("\n") == 1


def test_exit_2_for_unusable_input(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"format": "ipledger-evidence", "version": 1}')
    cases: list[tuple[list[str | Path], str]] = [
        ([G.doc_path, missing], "cannot read the evidence bundle"),
        ([missing, G.path], "cannot read the document"),
        ([G.doc_path, garbage], "lacks key(s)"),
        ([G.doc_path, tmp_path], "cannot read the evidence bundle"),
        ([G.doc_path, G.path, "--log-key", "not a key"], "verifier key reads"),
        ([G.doc_path, G.path, "--log-key", "PRIVATE+KEY+x+00000000+AQ=="], "private signing key"),
        ([G.doc_path, G.path, "--confirmations", "0"], "--confirmations"),
        ([G.doc_path, G.path, "--rpc", "ftp://node"], "http:// or https://"),
        ([G.doc_path, G.path, "--report", tmp_path / "no" / "such" / "dir.html"], "report"),
        ([G.doc_path, tampered(tmp_path, G, "anchor", "receipt", "0xZZ")], "anchor.receipt"),
    ]
    for args, message in cases:
        code, out = run(*args)
        assert code == 2, (args, out)
        assert out.startswith("\u2718 UNUSABLE INPUT: ") and message in out, out


def test_command_line_errors_exit_2(capsys: pytest.CaptureFixture[str], run: Run) -> None:
    code, out = run(G.doc_path)
    assert code == 2 and out.count("\n") == 1
    assert "give the document and its evidence bundle: ipledger-verify FILE BUNDLE" in out
    with pytest.raises(SystemExit) as info:
        main([str(G.doc_path), str(G.path), "--confirmations", "many"])
    assert info.value.code == 2


# -- --json ----------------------------------------------------------------------------

VERDICT_SCHEMA: dict[str, type | tuple[type, ...]] = {
    "document": str,
    "bundle": str,
    "result": str,
    "claim": str,
    "digest": str,
    "existed_no_later_than": int,
    "existed_no_later_than_utc": str,
    "chain_id": int,
    "block_number": int,
    "block_hash": str,
    "tx_hash": str,
    "contract": str,
    "log": str,
    "origin": str,
    "log_authenticated": bool,
    "received_at": int,
    "entry_index": int,
    "tree_size": int,
    "checks": list,
    "not_made": list,
    "chain_facts": list,
    "chain_pending": (str, type(None)),
    "remaining": list,
    "nothing_remains": bool,
    "bundle_version": int,
    "transaction_proven": bool,
    "sender": (str, type(None)),
    "canonical_by": (str, type(None)),
    "witnesses": list,
    "cosignatures": list,
    "warnings": list,
    "report_id": str,
    "verified_at": str,
    "verifier_version": str,
}


def check_schema(report: dict[str, Any], schema: dict[str, Any]) -> None:
    assert set(report) == set(schema), set(report) ^ set(schema)
    for key, kind in schema.items():
        assert isinstance(report[key], kind), (key, report[key])


def test_json_verdicts(run: Run, tmp_path: Path) -> None:
    code, out = run(G.doc_path, G.path, "--json", "--log-key", G.log_key, "--trusted-blocks",
                    trusted_file(tmp_path, G, chain_id=31337))  # fmt: skip
    assert code == 0
    report = json.loads(out)
    check_schema(report, VERDICT_SCHEMA)
    assert report["result"] == "proven" and report["log_authenticated"] is True
    assert [c["step"] for c in report["checks"]] == list(range(9))
    assert all(set(c) == {"step", "title", "detail"} for c in report["checks"])
    assert report["chain_pending"] is None and report["nothing_remains"] is False
    assert len(report["remaining"]) == 2  # the transaction hash; the development chain
    assert {c["title"] for c in report["not_made"]} == {
        "Anchored by the log's published operator address",
        "Transaction hash",
        "Contract is the published EvidenceAnchor",
    }
    assert report["report_id"].startswith("IPV-") and report["verified_at"].endswith(" UTC")
    assert report["digest"] == G.data()["entry"]["digest"]
    assert report["existed_no_later_than"] == G.data()["anchor"]["block_time"]
    assert report["existed_no_later_than_utc"].endswith(" UTC")
    code, out = run(G.doc_path, G.path, "--json")
    assert code == 3
    report = json.loads(out)
    check_schema(report, VERDICT_SCHEMA)
    assert report["result"] == "self-consistent" and report["log_authenticated"] is False
    # signature, canonical block, chain id, transaction hash, the development chain
    assert len(report["remaining"]) == 5


def test_json_failures(run: Run, tmp_path: Path) -> None:
    schema = {"document": str, "bundle": str, "result": str, "error": dict}
    code, out = run(G.doc_path, tampered(tmp_path, G, "entry", "index", 124), "--json")
    assert code == 1
    report = json.loads(out)
    check_schema(report, schema)
    assert report["result"] == "failed"
    assert report["error"]["type"] == "InclusionError" and report["error"]["message"]
    code, out = run(G.doc_path, tmp_path / "missing", "--json")
    assert code == 2
    report = json.loads(out)
    check_schema(report, schema)
    assert report["result"] == "unusable" and report["error"]["type"] == "UsageError"


# -- --report --------------------------------------------------------------------------


def test_html_report(run: Run, tmp_path: Path) -> None:
    doc = tmp_path / "<b>Patent draft & notes<b>.txt"
    doc.write_bytes(G.document)
    report = tmp_path / "report.html"
    code, _ = run(doc, G.path, "--log-key", G.log_key, "--report", report, "--trusted-blocks",
                  trusted_file(tmp_path, G, chain_id=31337))  # fmt: skip
    assert code == 0
    page = report.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "&lt;b&gt;Patent draft &amp; notes&lt;b&gt;.txt" in page  # the name is escaped
    assert "<b>Patent draft" not in page
    assert '<div class="status">PROVEN</div>' in page and G.data()["entry"]["digest"] in page
    assert "The document existed no later than</th>" in page
    assert G.data()["anchor"]["block_hash"] in page
    for step in ("Document matches", "Entry is in the log", "Block anchors the checkpoint"):
        assert step in page
    assert "Nothing remains to be trusted" not in page  # a development chain
    assert "not a public blockchain" in page and "in a public blockchain" not in page
    # Offline only: the report says plainly that the chain check is still to be made.
    code, _ = run(G.doc_path, G.path, "--report", report)
    assert code == 3
    page = report.read_text("utf-8")
    assert "NOT YET PROVEN" in page and 'class="claim pending"' in page
    assert "The evidence says it existed no later than</th>" in page
    assert "canonical history of chain 31337" in page
    # A bundle that fails gets its report too, saying so first.
    failed = tmp_path / "failed.html"
    code, out = run(G.doc_path, tampered(tmp_path, G, "entry", "index", 1), "--report", failed)
    assert code == 1 and out.count("\n") == 1 and f"(report: {failed})" in out
    page = failed.read_text("utf-8")
    assert '<div class="status">NOT PROVEN</div>' in page
    assert "failed check 3 (Entry is in the log)" in page and "not reached" in page


def test_the_installed_command(tmp_path: Path) -> None:
    """The console script of pyproject.toml runs main() and exits with its code."""
    script = Path(sys.executable).with_name("ipledger-verify")
    done = subprocess.run(
        [str(script), str(G.doc_path), str(G.path), "--log-key", G.log_key],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "SELF-CONSISTENT" in done.stdout and done.stderr == ""


# -- --digest, --version, a closed pipe --------------------------------------------------


def test_verify_with_the_digest_alone(run: Run, tmp_path: Path) -> None:
    digest = G.data()["entry"]["digest"]
    trusted = trusted_file(tmp_path, G, chain_id=31337)
    for given in (digest, digest.upper().replace("SHA256:", "sha256:"), digest[7:]):
        code, out = run("--digest", given, G.path, "--log-key", G.log_key,
                        "--trusted-blocks", trusted)  # fmt: skip
        assert code == 0, out
        assert f"PROVEN: The document with {digest} existed no later than" in out
        assert "\u25cb Document matches: not checked: the document itself was not given" in out
        assert f"that the document in question has SHA-256 {digest}" in out
    code, out = run("--digest", "sha256:" + "0" * 64, G.path, "--json")
    assert code == 1 and json.loads(out)["error"]["type"] == "DocumentMismatch"
    report = tmp_path / "digest.html"
    code, out = run("--digest", digest, G.path, "--report", report)
    assert code == 3
    assert "not given: only its SHA-256 was (ipledger-verify --digest)" in report.read_text()
    cases = [
        (["--digest", "sha256:abc", G.path], "64 hex digits"),
        (["--digest", digest, G.doc_path, G.path], "give the evidence bundle alone"),
        (["--digest", digest], "give the evidence bundle alone"),
    ]
    for args, message in cases:
        code, out = run(*args)
        assert code == 2 and out.startswith("\u2718 UNUSABLE INPUT: ") and message in out, out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"ipledger-verify {metadata.version('ipledger-verifier')}\n"


def test_a_closed_pipe_is_no_traceback(tmp_path: Path) -> None:
    """`ipledger-verify ... | head`: the reader went away; say nothing, keep the exit code."""
    script = Path(sys.executable).with_name("ipledger-verify")
    reader, writer = os.pipe()
    os.close(reader)  # every write to the pipe now fails with EPIPE
    try:
        done = subprocess.run([str(script), str(G.doc_path), str(G.path), "--log-key", G.log_key],
                              stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60,
                              check=False)  # fmt: skip
    finally:
        os.close(writer)
    assert done.stderr == "" and done.returncode == 3


def test_the_report_kind_is_its_suffix(run: Run, tmp_path: Path) -> None:
    code, out = run(G.doc_path, G.path, "--report", tmp_path / "report.txt")
    assert code == 2 and "name the file .pdf or .html" in out
    assert not (tmp_path / "report.txt").exists()
    code, out = run(G.doc_path, G.path, "--report", tmp_path / "REPORT.HTM")
    assert code == 3 and (tmp_path / "REPORT.HTM").read_text().startswith("<!DOCTYPE html>")
