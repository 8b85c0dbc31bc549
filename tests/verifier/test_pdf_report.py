"""`ipledger-verify --report FILE.pdf`: read back with pdftotext, its pages drawn by pdftoppm."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ipledger.verifier.cli import main
from tests.verifier.fabricate import Fabricated, fabricate
from tests.verifier.golden import load

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed: `make install` installs it",
)
WIPO: dict[str, Any] = {
    "office": "EP",
    "application_number": "EP20251234567",
    "kind": "A1",
    "filing_date": "2025-03-14",
    "priority": [{"office": "US", "application_number": "63/123,456", "date": "2025-01-15"}],
    "document_role": "description",
    "docket": "ACME-17",
}


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text as pdftotext reads it, whitespace collapsed (lines wrap anywhere)."""
    pages = [] if first is None else ["-f", str(first), "-l", str(last or first)]
    done = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)  # fmt: skip
    return " ".join(done.stdout.split())


def page_count(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True,
                          timeout=60)  # fmt: skip
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("Pages:")]
    return int(line.split()[1])


def draw_pages(path: Path, out: Path) -> list[Path]:
    """Render every page to PNG with pdftoppm; a broken PDF makes it fail."""
    out = out / f"{path.stem}-pages"
    out.mkdir()
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(out / "page")], check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    pages = sorted(out.glob("page-*.png"))
    assert all(p.stat().st_size > 2000 for p in pages)  # drawn, not blank
    return pages


def on_ethereum(tmp_path: Path, metadata: dict[str, Any] | None = WIPO) -> tuple[Path, ...]:
    """A bundle naming chain 1, its document, and a trusted list of chain 1 holding its block."""
    fake: Fabricated = fabricate(chain_id=1, metadata=metadata)
    doc, bundle, trusted = tmp_path / "claims.txt", tmp_path / "claims.json", tmp_path / "t.json"
    doc.write_bytes(fake.document)
    bundle.write_text(fake.bundle.to_json())
    block = {str(fake.bundle.anchor.block_number): "0x" + fake.bundle.anchor.block_hash.hex()}
    trusted.write_text(json.dumps({"chain_id": 1, "blocks": block}))
    (tmp_path / "key").write_text(fake.log_key)
    return doc, bundle, trusted


def test_a_proven_verdict_on_a_public_chain(tmp_path: Path) -> None:
    doc, bundle, trusted = on_ethereum(tmp_path)
    key = (tmp_path / "key").read_text()
    report = tmp_path / "report.pdf"
    code = main([str(doc), str(bundle), "--log-key", key, "--trusted-blocks", str(trusted),
                 "--report", str(report)])  # fmt: skip
    assert code == 0
    pages = page_count(report)
    assert len(draw_pages(report, tmp_path)) == pages >= 2
    first, text = pdf_text(report, 1), pdf_text(report)
    digest = json.loads(bundle.read_text())["entry"]["digest"]
    # The first page: the verdict in one sentence, the document by name and fingerprint.
    assert first.startswith("Evidence report Report IPV-")
    assert "PROVEN The document existed no later than 2026-11-30" in first
    assert "claims.txt" in first and digest in first
    assert "Ethereum (chain id 1), a public blockchain" in first
    # The metadata, the WIPO fields labelled, others as given.
    for label, value in [
        ("Office (WIPO ST.3 code)", "EP"),
        ("Application number (WIPO ST.13)", "EP20251234567"),
        ("Kind of document (WIPO ST.16 code)", "A1"),
        ("Filing date", "2025-03-14"),
        ("Priority claims", "(1) US 63/123,456 of 2025-01-15"),
        ("Document role", "description"),
        ("docket", "ACME-17"),
    ]:
        assert f"{label} {value}" in text, label
    # Every check, those not made with why; what remains; no tx link for an unbound hash.
    assert "passed Block anchors the checkpoint" in text
    assert "not made Transaction hash: the receipt is proven by its place in the block" in text
    assert "passed Chain id: the trusted block list is of chain 1" in text
    assert "that the anchoring transaction's hash is 0x" in text
    assert "Nothing remains to be trusted" not in text
    assert "https://etherscan.io/block/123" in text and "etherscan.io/tx/" not in text
    # Version, date, report id and page numbers on every page.
    version = text.split("written by ipledger-verify ")[1].split(" ")[0]
    report_id = first.split("Report ")[1].split(",")[0]
    assert report_id.startswith("IPV-") and version[0].isdigit()
    for page in range(1, pages + 1):
        assert f"Report {report_id} - ipledger-verify {version} - page {page} of {pages}" in (
            pdf_text(report, page)
        )
    assert "verified on 20" in first and " UTC" in first


def test_self_consistent_and_not_proven_say_so_on_the_first_page(tmp_path: Path) -> None:
    g = load("thousand-first-anchor")
    report = tmp_path / "offline.pdf"
    assert main([str(g.doc_path), str(g.path), "--report", str(report)]) == 3
    first = pdf_text(report, 1)
    assert "SELF-CONSISTENT, NOT YET PROVEN" in first
    assert "only consistent with itself" in first
    assert "a local development chain, NOT a public blockchain" in first
    text = pdf_text(report)
    assert "not made Checkpoint signed by the log: the log's verifier key was not given" in text
    assert "that the anchor is on chain id 31337, as the bundle says" in text
    assert "public blockchain" not in text.replace("NOT a public blockchain", "").replace(
        "not a public blockchain", ""
    ).replace("canonical history of a public blockchain", "")
    draw_pages(report, tmp_path)
    data = g.data()
    data["entry"]["index"] = 1
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    failed = tmp_path / "failed.pdf"
    assert main([str(g.doc_path), str(tampered), "--report", str(failed)]) == 1
    first = pdf_text(failed, 1)
    assert first.split(" UTC ")[1].startswith("NOT PROVEN The evidence failed check 3")
    text = pdf_text(failed)
    assert "FAILED Entry is in the log" in text and "not reached Block header matches" in text
    assert "passed Log entry rebuilt" in text
    assert len(draw_pages(failed, tmp_path)) == page_count(failed)


def test_characters_beyond_latin_1_are_shown_escaped(tmp_path: Path) -> None:
    doc, bundle, _ = on_ethereum(tmp_path, {"title": "Gerät \u2014 \u7279\u8a31 \u2713"})
    named = tmp_path / "\u7279\u8a31 Brevet\u00e9.txt"
    doc.rename(named)
    report = tmp_path / "report.pdf"
    assert main([str(named), str(bundle), "--report", str(report)]) == 3
    text = pdf_text(report)
    assert "[U+7279][U+8A31] Breveté.txt" in text
    assert "title Gerät [U+2014] [U+7279][U+8A31] [U+2713]" in text
    assert "Characters the PDF's built-in fonts cannot show are written as [U+XXXX]" in text
    draw_pages(report, tmp_path)
    html = tmp_path / "report.html"
    assert main([str(named), str(bundle), "--report", str(html)]) == 3
    assert "\u7279\u8a31 Brevet\u00e9.txt" in html.read_text("utf-8")
