"""A court-ready HTML report of a verdict: the claim, each check, the chain data, how to redo it."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from ipledger.verifier.chains import block_url, chain_name, tx_url
from ipledger.verifier.core.verify import Verdict

_STYLE = """
@page{size:A4;margin:16mm}
body{font-family:Georgia,'Times New Roman',serif;max-width:50rem;margin:2rem auto;color:#111;
line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:2px solid #111;padding-bottom:.3rem;margin-bottom:.6rem}
h2{font-size:1.15rem;margin-top:1.8rem;page-break-after:avoid}
.claim{border:2px solid #1a6b2f;background:#eef7f0;padding:.8rem 1rem;margin:1rem 0}
.claim.pending{border-color:#8a6d00;background:#fff8e0}
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
table.checks col.step{width:4.2rem}
table.facts th{width:13rem}
tr{page-break-inside:avoid}
code{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.82rem;
overflow-wrap:anywhere}
.ok{color:#1a6b2f;font-weight:bold}
.note{font-size:.92rem;color:#333}
footer{margin-top:2rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.5rem}
"""
# Hashes, addresses, digests and key strings: set in a monospace font, breakable anywhere.
_TOKEN = re.compile(
    r"(0x[0-9a-fA-F]{8,}|sha256:[0-9a-f]{64}|\b[0-9a-f]{40,}\b"
    r"|[^\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*)"
)


def _rich(text: str) -> str:
    """Escape `text` and set the hashes and keys in it as code."""
    parts = _TOKEN.split(text)
    return "".join(
        f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts)
    )


def _long_date(seconds: int, fallback: str) -> str:
    """Return e.g. `25 November 2026 at 00:34:43 UTC`, or `fallback` past datetime's range."""
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return fallback
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M:%S} UTC"


def _version() -> str:
    try:
        return metadata.version("ipledger-verifier")
    except metadata.PackageNotFoundError:
        return "(unknown version)"


def render_html_report(
    verdict: Verdict, facts: tuple[str, ...], document_name: str, pending: str | None = None
) -> str:
    """Return a self-contained HTML page stating what the evidence proves and how."""
    e = html.escape
    chain = chain_name(verdict.chain_id)
    which = f"{e(chain)}, chain id {verdict.chain_id}"
    if verdict.proven:
        status = "PROVEN"
        meaning = (
            f"Every check passed, including that block {verdict.block_number} is part of the "
            f"chain's history ({which})."
        )
    else:
        status = "SELF-CONSISTENT, NOT YET PROVEN"
        meaning = (
            "Every check that can be made from the evidence alone passed, but it has not yet "
            f"been confirmed that block {verdict.block_number} is part of the chain's history "
            f"({which}). Until that is done (see the last section), the evidence is only "
            "consistent with itself."
        )
    received = (
        f"{e(_long_date(verdict.received_at // 1000, verdict.received_at_utc))}"
        f" (by the log {e(verdict.origin)})"
        if verdict.log_authenticated
        else "not established (the log's verifier key was not given)"
    )
    summary = (
        f"<tr><th>{'The document existed' if verdict.proven else 'The evidence says it existed'}"
        " no later than</th>"
        f"<td>{e(_long_date(verdict.block_time, verdict.block_time_utc))}</td></tr>"
        f"<tr><th>Recorded on</th><td>{e(chain)}, block {verdict.block_number}</td></tr>"
        f"<tr><th>Received by the log on</th><td>{received}</td></tr>"
    )
    rows = "".join(
        f"<tr><td><span class=ok>\u2714</span> {c.step}</td><td><b>{e(c.title)}</b><br>"
        f"{_rich(c.detail)}</td></tr>"
        for c in verdict.checks
    )
    rows += "".join(
        f"<tr><td><span class=ok>\u2714</span> 8</td><td><b>Confirmed by a node of the "
        f"chain</b><br>{_rich(f)}</td></tr>"
        for f in facts
    )
    chain_rows = [
        ("Chain", f"{chain} (chain id {verdict.chain_id})"),
        ("Block", f"number {verdict.block_number}, time {verdict.block_time_utc}"),
        ("Block hash", verdict.block_hash),
        ("Transaction", verdict.tx_hash),
        ("EvidenceAnchor contract", verdict.contract),
        ("Log operator address", verdict.log),
        ("Log name (origin)", verdict.origin),
        (
            "Log authenticated",
            "yes: the log's signature on the checkpoint was verified"
            if verdict.log_authenticated
            else "no: the log's verifier key was not given",
        ),
        ("Entry", f"entry {verdict.entry_index} among the log's first {verdict.tree_size}"),
        ("Received by the log", f"{verdict.received_at_utc} (as the log states it)"),
    ]
    chain_table = "".join(f"<tr><th>{e(k)}</th><td>{_rich(v)}</td></tr>" for k, v in chain_rows)
    links = [
        u
        for u in (
            block_url(verdict.chain_id, verdict.block_number),
            tx_url(verdict.chain_id, verdict.tx_hash),
        )
        if u
    ]
    link_items = "".join(f'<li><a href="{e(u)}">{e(u)}</a></li>' for u in links)
    pending_item = [f"The node consulted says: {pending}"] if pending else []
    remaining = "".join(f"<li>{_rich(r)}</li>" for r in [*pending_item, *verdict.remaining])
    remaining = remaining or (
        "<li>Nothing: every check, including the block's place on the chain, was made.</li>"
    )
    warnings = "".join(f"<li>{_rich(w)}.</li>" for w in verdict.warnings)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence report: {e(document_name)}</title><style>{_STYLE}</style></head>
<body>
<h1>Evidence report</h1>
<p>Document: <b>{e(document_name)}</b><br>
SHA-256 fingerprint: <code>{e(verdict.digest)}</code></p>
<div class="claim{"" if verdict.proven else " pending"}">
<div class="status">{status}</div>
<table>{summary}</table>
<p class="sentence">{e(verdict.claim())}</p>
<p class="sentence">{meaning}</p>
</div>
{f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else ""}
<h2>What this proves, and what it does not</h2>
<p class="note">The SHA-256 fingerprint above identifies the document's exact bytes: changing
a single character gives another fingerprint. The evidence shows that this fingerprint was
recorded in a public blockchain block, so a document with exactly these bytes existed no later
than the block's time. It does not show who wrote the document, who owns it, what it means, or
that it did not exist earlier. The time at which the log says it received the document is
the log operator's statement, vouched for by the log's signature only.</p>
<h2>What remains to be trusted or checked</h2><ul>{remaining}</ul>
<h2>Checks made</h2>
<table class="checks"><colgroup><col class="step"><col></colgroup>
<tr><th>Step</th><th>Check and result</th></tr>
{rows}</table>
<h2>The record on the blockchain</h2><table class="facts">{chain_table}</table>
{f"<ul>{link_items}</ul>" if link_items else ""}
<h2>How to verify this independently</h2>
<ol>
<li>Compute the SHA-256 of the document (for example <code>sha256sum FILE</code> on Linux,
<code>shasum -a 256 FILE</code> on macOS or <code>certutil -hashfile FILE SHA256</code> on
Windows) and compare it with the fingerprint above.</li>
<li>Install the open-source verifier (<code>pip install ipledger</code>; it needs no network)
and run
<code>ipledger-verify FILE BUNDLE.json --log-key "&lt;the log's verifier key&gt;"</code>.</li>
<li>Confirm that block {verdict.block_number} of the chain ({which}) has hash
<code>{e(verdict.block_hash)}</code> using a node you trust
(<code>ipledger-verify FILE BUNDLE.json --rpc URL</code>) or a public block explorer.</li>
<li>The block time is set by the chain's consensus rules; the document existed no later
than it.</li>
</ol>
<footer>Generated by ipledger-verify {e(_version())} on {now}. The verification is offline
and can be repeated by anyone from the document and its evidence bundle alone.</footer>
</body></html>
"""


def write_html_report(
    path: Path,
    verdict: Verdict,
    facts: tuple[str, ...],
    document_name: str,
    pending: str | None = None,
) -> None:
    """Write the HTML report to `path`."""
    path.write_text(render_html_report(verdict, facts, document_name, pending), encoding="utf-8")
