"""What `ipledger-verify` prints: the statement in words, or JSON, or the one-line failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ipledger.verifier.core.verify import Verdict
from ipledger.verifier.statement import NOT_MADE, PASSED, Statement
from ipledger.verifier.tsa_words import timestamps_json
from ipledger.verifier.witness_words import cosignatures_json

EXIT_FAILED = 1
_MARKS = {PASSED: "\u2714", NOT_MADE: "\u25cb"}


def fail(
    out: TextIO,
    as_json: bool,
    report: dict[str, Any],
    code: int,
    *,
    title: str,
    exc: Exception,
    end: str = "",
) -> int:
    if as_json:
        report.update(
            {
                "result": "failed" if code == EXIT_FAILED else "unusable",
                "error": {"type": type(exc).__name__, "message": str(exc)},
            }
        )
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        out.write(f"\u2718 {title}: {exc}{end}\n")
    return code


def verdict_json(verdict: Verdict, s: Statement) -> dict[str, Any]:
    node = [c for c in s.checks if c.title == "Confirmed by the node"]
    # Bundle v3 adds the TSA clocks; v1 and v2 reports keep their keys.
    stamped = {"clocks": s.clocks[0], "timestamps": timestamps_json(verdict)} if s.clocks else {}
    return {
        "result": "proven" if verdict.proven else "self-consistent",
        "claim": verdict.claim(),
        "digest": verdict.digest,
        "existed_no_later_than": verdict.block_time,
        "existed_no_later_than_utc": verdict.block_time_utc,
        "chain_id": verdict.chain_id,
        "block_number": verdict.block_number,
        "block_hash": verdict.block_hash,
        "tx_hash": verdict.tx_hash,
        "contract": verdict.contract,
        "log": verdict.log,
        "origin": verdict.origin,
        "log_authenticated": verdict.log_authenticated,
        "received_at": verdict.received_at,
        "entry_index": verdict.entry_index,
        "tree_size": verdict.tree_size,
        "checks": [{"step": c.step, "title": c.title, "detail": c.detail} for c in verdict.checks],
        "not_made": [
            {"step": c.step, "title": c.title, "reason": c.detail}
            for c in s.checks
            if c.outcome == NOT_MADE
        ],
        "chain_facts": [c.detail for c in node if c.outcome == PASSED],
        "chain_pending": next((c.detail for c in node if c.outcome == NOT_MADE), None),
        "remaining": list(s.remaining),
        "nothing_remains": s.nothing_remains,
        "bundle_version": verdict.bundle_version,
        "transaction_proven": verdict.transaction_proven,
        "sender": verdict.sender,
        "canonical_by": verdict.canonical_by,
        "witnesses": list(s.witnesses),
        "cosignatures": cosignatures_json(verdict.cosignatures),
        "warnings": list(verdict.warnings),
        "report_id": s.report_id,
        "verified_at": s.verified_at,
        "verifier_version": s.version,
    } | stamped


def print_statement(out: TextIO, s: Statement, report: Path | None) -> None:
    for label, value in s.record:
        if label == "Trust root":
            out.write(f"Trust root: {value}\n")
    for check in s.checks:
        if check.outcome == PASSED:
            out.write(f"  {_MARKS[PASSED]} {check.title}: {check.detail}\n")
        else:
            out.write(f"  {_MARKS[NOT_MADE]} {check.title}: not checked: {check.detail}\n")
    out.write(f"\n{s.status}: {s.sentence}\n")
    for caveat in s.caveats:
        out.write(f"{caveat}\n")
    for line in s.witnesses + s.clocks:
        out.write(f"{line}.\n")
    for warning in s.warnings:
        out.write(f"Warning: {warning}.\n")
    if s.remaining:
        out.write("What remains for you to check:\n")
        for item in s.remaining:
            out.write(f"  - {item}\n")
    if report is not None:
        out.write(f"Report written to {report} (report {s.report_id}).\n")
