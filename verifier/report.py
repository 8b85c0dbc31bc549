"""The court report of a verification: HTML here, PDF by verifier/pdf.py, chosen by the suffix."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ipledger.verifier.statement import (
    FAILED,
    NOT_MADE,
    NOT_REACHED,
    PROVEN,
    ReportError,
    Statement,
)

_STYLE = """
@page{size:A4;margin:16mm;@bottom-right{content:"Page " counter(page) " of " counter(pages);
font-size:8pt}}
body{font-family:Georgia,'Times New Roman',serif;max-width:50rem;margin:2rem auto;color:#111;
line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:2px solid #111;padding-bottom:.3rem;margin-bottom:.6rem}
h2{font-size:1.15rem;margin-top:1.8rem;page-break-after:avoid}
.id{font-size:.85rem;color:#333}
.claim{border:2px solid #1a6b2f;background:#eef7f0;padding:.8rem 1rem;margin:1rem 0}
.claim.pending{border-color:#8a6d00;background:#fff8e0}
.claim.failed{border-color:#a11;background:#fdeeee}
.status{font-size:1.25rem;font-weight:bold;letter-spacing:.02em}
.claim table{margin:.5rem 0}
.claim td,.claim th{border:none;padding:.15rem .5rem .15rem 0;background:none}
.claim th{width:15rem;font-weight:normal;color:#333}
.claim td{font-weight:bold}
.sentence{margin:.5rem 0 0;font-size:.95rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
td,th{border:1px solid #999;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}
table.checks{table-layout:fixed}
table.checks col.step{width:3.2rem}
table.checks col.result{width:6.5rem}
table.facts th{width:13rem}
tr{page-break-inside:avoid}
code{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.82rem;
overflow-wrap:anywhere}
.passed{color:#1a6b2f;font-weight:bold}
.notmade{color:#8a6d00;font-weight:bold}
.failed{color:#a11;font-weight:bold}
.note{font-size:.92rem;color:#333}
footer{margin-top:2rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.5rem}
"""
# Hashes, addresses, digests and key strings: set in a monospace font, breakable anywhere.
_TOKEN = re.compile(
    r"(0x[0-9a-fA-F]{8,}|sha256:[0-9a-f]{64}|\b[0-9a-f]{40,}\b"
    r"|[^\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*)"
)
_OUTCOME_CLASS = {FAILED: "failed", NOT_MADE: "notmade", NOT_REACHED: "notmade"}
_SUFFIXES = (".html", ".htm", ".pdf")


def _rich(text: str) -> str:
    """Escape `text` and set the hashes and keys in it as code."""
    parts = _TOKEN.split(text)
    return "".join(
        f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts)
    )


def _rows(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"<tr><th>{html.escape(k)}</th><td>{_rich(v)}</td></tr>" for k, v in pairs)


def render_html(s: Statement) -> str:
    """Return a self-contained HTML page (no script, no remote resource) telling `s`."""
    e = html.escape
    box = "" if s.status == PROVEN else (" failed" if s.status.startswith("NOT") else " pending")
    caveats = "".join(f'<p class="sentence">{_rich(c)}</p>' for c in s.caveats)
    metadata = (
        f'<h2>The entry\'s metadata</h2><table class="facts">{_rows(s.metadata)}</table>'
        if s.metadata
        else ""
    )
    warnings = "".join(f"<li>{_rich(w)}.</li>" for w in s.warnings)
    remaining = "".join(f"<li>{_rich(r)}</li>" for r in s.remaining)
    if not remaining:
        remaining = (
            "<li>Nothing remains to be trusted: every check was made, including the block's "
            "place on the canonical history of a public blockchain.</li>"
            if s.nothing_remains
            else "<li>Nothing can be relied on: the evidence failed a check.</li>"
        )
    checks = "".join(
        f"<tr><td>{c.step}</td><td class={_OUTCOME_CLASS.get(c.outcome, 'passed')}>"
        f"{e(c.outcome)}</td><td><b>{e(c.title)}</b><br>{_rich(c.detail)}</td></tr>"
        for c in s.checks
    )
    record = f'<h2>The record on the chain</h2><table class="facts">{_rows(s.record)}</table>'
    links = "".join(f'<li><a href="{e(u)}">{e(u)}</a></li>' for u in s.links)
    how_to = "".join(f"<li>{_rich(step)}</li>" for step in s.how_to)
    node = f"<p>Node consulted: {_rich(s.node)}</p>" if s.node else ""
    witnesses = "".join(f"<li>{_rich(w)}</li>" for w in s.witnesses)
    clocks = "".join(f"<li>{_rich(c)}</li>" for c in s.clocks)
    tokens = "".join(
        f'<h3>Token {n}</h3><table class="facts">{_rows(rows)}</table>'
        for n, rows in enumerate(s.tokens, 1)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence report: {e(s.document)}</title><style>{_STYLE}</style></head>
<body>
<h1>Evidence report</h1>
<p class="id">Report {e(s.report_id)}, verified on {e(s.verified_at)}</p>
<div class="claim{box}">
<div class="status">{e(s.status)}</div>
<p class="sentence"><b>{_rich(s.sentence)}</b></p>
{caveats}
<table>{_rows(s.summary)}</table>
</div>
<p>Document: <b>{e(s.document)}</b><br>
SHA-256 fingerprint: <code>{e(s.digest)}</code></p>
{metadata}
{f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else ""}
{f"<h2>Witnesses</h2><ul>{witnesses}</ul>" if witnesses else ""}
{f"<h2>Time-stamp tokens (RFC 3161)</h2><ul>{clocks}</ul>{tokens}" if clocks else ""}
<h2>What this proves, and what it does not</h2>
<p class="note">{_rich(s.proves)}</p>
<h2>What remains to be trusted or checked</h2><ul>{remaining}</ul>
<h2>Checks, made and not made</h2>
<table class="checks"><colgroup><col class="step"><col class="result"><col></colgroup>
<tr><th>Step</th><th>Result</th><th>Check</th></tr>
{checks}</table>
{record if s.record else ""}
{f"<ul>{links}</ul>" if links else ""}
{node}
<h2>How to verify this independently</h2>
<ol>{how_to}</ol>
<footer>Report {e(s.report_id)}. Generated by ipledger-verify {e(s.version)} on
{e(s.verified_at)}. The verification is offline unless a node is named above, and can be
repeated by anyone from the document and its evidence bundle alone.</footer>
</body></html>
"""


def check_report_path(path: Path) -> None:
    """Refuse a report path of an unknown kind, or a PDF when its extra is not installed."""
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ReportError(f"--report {path}: name the file .pdf or .html (the suffix picks it)")
    if suffix == ".pdf":
        from ipledger.verifier.pdf import require_fpdf

        require_fpdf()


def write_report(path: Path, statement: Statement) -> None:
    """Write the report as PDF or HTML, as `path`'s suffix says."""
    check_report_path(path)
    try:
        if path.suffix.lower() == ".pdf":
            from ipledger.verifier.pdf import render_pdf

            path.write_bytes(render_pdf(statement))
        else:
            path.write_text(render_html(statement), encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write the report {path}: {exc.strerror or exc}") from None
