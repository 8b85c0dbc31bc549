"""A tlog-proof's or COSE Receipt's verification told: inclusion in the log's tree, who saw it."""

from __future__ import annotations

from typing import Any

from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.tlogproof import TlogVerdict
from ipledger.verifier.failure import failed_step
from ipledger.verifier.metadata_words import metadata_rows
from ipledger.verifier.statement import (
    FAILED,
    NOT_MADE,
    NOT_PROVEN,
    PASSED,
    CheckRow,
    ReaderInputs,
    Statement,
    document_words,
    long_date,
    verifier_version,
)
from ipledger.verifier.witness_words import cosignatures_json, witness_lines

INCLUDED = "IN THE LOG (NO CHAIN ANCHOR IN THIS FILE)"
PROVES = (
    "The SHA-256 fingerprint identifies the document's exact bytes. This tlog-proof file shows "
    "that an entry with this fingerprint is in the log's Merkle tree of the size stated, "
    "whose checkpoint the log signed{signed}. A witness's cosignature states that, at its "
    "time, this tree was the largest consistent tree of the log the witness had seen: so the "
    "entry was in the log no later than that time, and the log cannot show another history "
    "of this size to those witnesses without being caught. A cosignature does not prove the "
    "document's content or ownership, nor that the witness read any entry. The file carries "
    "no chain anchor: the time on a blockchain is proven by the entry's evidence bundle."
)
COSE_PROVES = (
    "The SHA-256 fingerprint identifies the document's exact bytes. This COSE Receipt (RFC "
    "9942) shows that an entry with this fingerprint is in the log's Merkle tree of the size "
    "stated, whose root the log signed{signed}. It carries no witness cosignature and no chain "
    "anchor: the entry's tlog-proof shows who saw the tree, its evidence bundle the time on a "
    "blockchain."
)
COSE_HOW_TO = (
    "Compute the SHA-256 of the document (sha256sum FILE, shasum -a 256 FILE or certutil "
    "-hashfile FILE SHA256) and compare it with the fingerprint above.",
    "Install the open-source verifier (pip install ipledger-verifier). It needs no network. "
    'Run ipledger-verify FILE FILE.cose-receipt --log-key "<the log\'s verifier key>". Any '
    "RFC 9942 verifier checks the receipt from the entry's leaf and the log's Ed25519 key.",
    "Get the log's key from sources you trust, not from whoever gave you the receipt.",
)
HOW_TO = (
    "Compute the SHA-256 of the document (sha256sum FILE, shasum -a 256 FILE or certutil "
    "-hashfile FILE SHA256) and compare it with the fingerprint above.",
    "Install the open-source verifier (pip install ipledger-verifier). It needs no network. "
    'Run ipledger-verify FILE FILE.tlog-proof --policy POLICY (or --log-key "<the log\'s '
    'verifier key>").',
    "Get the policy (the log's key and the witnesses' keys) from sources you trust, not from "
    "whoever gave you the proof.",
)


def proof_statement(verdict: TlogVerdict, given: ReaderInputs, *, cose: bool = False) -> Statement:
    """Tell what a verified tlog-proof (COSE Receipt) proves, the checks made, what remains."""
    entry = verdict.entry
    rows = [CheckRow(c.step, c.title, PASSED, c.detail) for c in verdict.checks]
    if not verdict.document_checked:
        rows.append(CheckRow(1, "Document matches", NOT_MADE, "only its SHA-256 was given"))
    if not verdict.log_authenticated:
        why = "the log's key was not given (--log-key, or a policy's log line)"
        title = "Root signed by the log" if cose else "Checkpoint signed by the log"
        rows.append(CheckRow(4, title, NOT_MADE, why))
    if given.policy is None and not cose:
        why = "no policy was given (--policy)"
        rows.append(CheckRow(4, "Checkpoint witnessed per the policy", NOT_MADE, why))
    received = long_date(entry.received_at // 1000, str(entry.received_at)) + " (as the log says)"
    seen = [c for c in verdict.cosignatures if c.verified]
    summary = [
        ("Entry", f"{entry.index} of the log {verdict.origin}, in its tree of {verdict.tree_size}"),
        ("Received by the log on", received),
    ]
    if seen:
        first = min(seen, key=lambda c: c.timestamp)
        when = long_date(first.timestamp, str(first.timestamp))
        summary.append(("Witnessed no later than", when))
    return Statement(
        status=INCLUDED if verdict.log_authenticated else "IN A TREE OF AN UNAUTHENTICATED LOG",
        sentence=verdict.claim(),
        caveats=("This file proves inclusion in the log's tree, not a time on a blockchain.",),
        document=document_words(given),
        digest="sha256:" + entry.digest.hex(),
        metadata=metadata_rows(entry.metadata_object()),
        summary=tuple(summary),
        checks=tuple(sorted(rows, key=lambda r: r.step)),
        remaining=verdict.remaining,
        record=(
            ("Log name (origin)", verdict.origin),
            ("Log authenticated", "yes" if verdict.log_authenticated else "no"),
            *((("Witness policy", given.policy),) if given.policy is not None else ()),
        ),
        links=(),
        warnings=(),
        proves=(COSE_PROVES if cose else PROVES).format(
            signed="" if verdict.log_authenticated else " (not checked here)"
        ),
        how_to=COSE_HOW_TO if cose else HOW_TO,
        node=None,
        version=verifier_version(),
        verified_at=given.verified_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        report_id=given.report_id,
        witnesses=witness_lines(verdict.cosignatures, given.policy is not None),
    )


def proof_failure(
    error: VerifierError, given: ReaderInputs, digest: str, *, cose: bool = False
) -> Statement:
    """Tell that a tlog-proof (a COSE Receipt) failed a check, and which."""
    step = failed_step(error)
    return Statement(
        status=NOT_PROVEN,
        sentence=f"The {'COSE Receipt' if cose else 'tlog-proof'} failed "
        f"{'a check' if step is None else f'check {step}'}: {error}.",
        caveats=("Nothing in this report should be read as proof that the document was logged.",),
        document=document_words(given),
        digest=digest,
        metadata=(),
        summary=(),
        checks=(CheckRow(step or 0, "A check", FAILED, str(error)),),
        remaining=(),
        record=(),
        links=(),
        warnings=(),
        proves="The file proves nothing about this document: a check failed (see above).",
        how_to=COSE_HOW_TO if cose else HOW_TO,
        node=None,
        version=verifier_version(),
        verified_at=given.verified_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        report_id=given.report_id,
    )


def proof_json(verdict: TlogVerdict, s: Statement) -> dict[str, Any]:
    """Return the machine-readable report of a verified tlog-proof."""
    return {
        "result": "included" if verdict.log_authenticated else "unauthenticated",
        "claim": verdict.claim(),
        "digest": s.digest,
        "entry_index": verdict.entry.index,
        "tree_size": verdict.tree_size,
        "origin": verdict.origin,
        "log_authenticated": verdict.log_authenticated,
        "received_at": verdict.entry.received_at,
        "checks": [{"step": c.step, "title": c.title, "detail": c.detail} for c in verdict.checks],
        "not_made": [
            {"step": c.step, "title": c.title, "reason": c.detail}
            for c in s.checks
            if c.outcome == NOT_MADE
        ],
        "remaining": list(s.remaining),
        "witnesses": list(s.witnesses),
        "cosignatures": cosignatures_json(verdict.cosignatures),
        "report_id": s.report_id,
        "verified_at": s.verified_at,
        "verifier_version": s.version,
    }
