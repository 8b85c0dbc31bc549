"""A failed verification told: the check that failed, those passed before it, those not reached."""

from __future__ import annotations

from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import (
    AnchorEventError,
    CanonicalityError,
    DocumentMismatch,
    HeaderMismatch,
    InclusionError,
    InvalidBlockProof,
    InvalidCheckpoint,
    InvalidHeader,
    InvalidNote,
    InvalidReceipt,
    InvalidRLP,
    InvalidTimestampToken,
    InvalidTransaction,
    QuorumNotMet,
    ReceiptProofError,
    SignatureError,
    TransactionMismatch,
    TransactionProofError,
    TrieProofError,
    UntrustedBlock,
    UntrustedTimestampAuthority,
    VerifierError,
)
from ipledger.verifier.core.verify import Verdict
from ipledger.verifier.metadata_words import metadata_rows
from ipledger.verifier.statement import (
    FAILED,
    NOT_MADE,
    NOT_PROVEN,
    NOT_REACHED,
    PASSED,
    CheckRow,
    ReaderInputs,
    Statement,
    document_words,
    how_to_check,
    node_words,
    verdict_checks,
    verifier_version,
)

# The order in which verify() makes its checks: a failure leaves those before it passed.
_ORDER = (
    (0, "Bundle is well formed"),
    (1, "Document matches"),
    (2, "Log entry rebuilt"),
    (4, "Checkpoint signed by the log"),
    (3, "Entry is in the log"),
    (9, "Time-stamped by RFC 3161 TSAs"),  # after steps 1-4, before the chain (bundle v3)
    (5, "Block header matches"),
    (6, "Transaction receipt is in the block"),
    (7, "Block anchors the checkpoint"),
    (8, "Block is on the chain's canonical history"),
)
_FAILED_STEP: tuple[tuple[type[VerifierError], int], ...] = (
    (DocumentMismatch, 1),
    (QuorumNotMet, 4),
    (SignatureError, 4),
    (InvalidNote, 4),
    (InvalidCheckpoint, 4),
    (InclusionError, 3),
    (HeaderMismatch, 5),
    (InvalidHeader, 5),
    (ReceiptProofError, 6),
    (TransactionProofError, 6),
    (TransactionMismatch, 6),
    (InvalidTransaction, 6),
    (TrieProofError, 6),
    (InvalidReceipt, 6),
    (InvalidRLP, 6),
    (AnchorEventError, 7),
    (UntrustedBlock, 8),
    (CanonicalityError, 8),
    (InvalidBlockProof, 8),
    (InvalidTimestampToken, 9),
    (UntrustedTimestampAuthority, 9),
)
_V2_TITLES = {6: "Transaction and receipt are in the block"}
_WITNESSED = "Checkpoint witnessed per the policy"


def failed_step(error: VerifierError) -> int | None:
    """Return the step of design section 8 whose check raised `error`, None if unknown."""
    return next((step for kind, step in _FAILED_STEP if isinstance(error, kind)), None)


def failure_statement(
    error: VerifierError,
    bundle: EvidenceBundle,
    given: ReaderInputs,
    digest: str,
    offline: Verdict | None = None,
) -> Statement:
    """Tell that a check failed, which one, and which checks passed before it or were not reached.

    `offline` is the verdict of the offline checks when only the node refused the bundle.
    """
    reason = str(error)
    failed = failed_step(error)
    if offline is not None:
        rows = [r for r in verdict_checks(offline, bundle, given) if r.step != 8]
        rows.append(CheckRow(8, "Confirmed by the node", FAILED, reason))
    else:
        quorum = isinstance(error, QuorumNotMet)
        rows = _failed_rows(failed, reason, given, bundle.version, quorum)
    anchor = bundle.anchor
    title = next((_title(s, t, bundle.version) for s, t in _ORDER if s == failed), None)
    if isinstance(error, QuorumNotMet):
        title = _WITNESSED
    where = "a check" if title is None else f"check {failed} ({title})"
    return Statement(
        status=NOT_PROVEN,
        sentence=f"The evidence failed {where}: {reason}.",
        caveats=(
            "The evidence does not show that the document existed at the time it claims. "
            "Nothing in this report should be read as proof of it.",
        ),
        document=document_words(given),
        digest=digest,
        metadata=metadata_rows(bundle.entry.metadata_object()),
        summary=(
            ("The evidence claims block", f"{anchor.block_number} of chain id {anchor.chain_id}"),
        ),
        checks=tuple(sorted(rows, key=lambda r: r.step)),
        remaining=(),
        record=(),
        links=(),
        warnings=(),
        proves="The evidence proves nothing about this document: a check failed (see above). "
        "Ask whoever supplied it for the right document or bundle.",
        how_to=how_to_check(anchor.chain_id, anchor.block_number, "0x" + anchor.block_hash.hex()),
        node=node_words(given, anchor.chain_id),
        version=verifier_version(),
        verified_at=given.verified_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        report_id=given.report_id,
    )


def _title(step: int, title: str, version: int) -> str:
    return _V2_TITLES.get(step, title) if version >= 2 else title


def _failed_rows(
    failed: int | None, reason: str, given: ReaderInputs, version: int, quorum: bool = False
) -> list[CheckRow]:
    rows: list[CheckRow] = []
    reached = failed is not None
    for step, v1_title in _ORDER:
        if step == 9 and version < 3 and failed != 9:
            continue  # v1 and v2 bundles carry no token: their reports stay as they were
        title = _title(step, v1_title, version)
        if step == failed and quorum:  # the log's signature was checked; the witnesses fell short
            signed = given.log_key_given or given.policy is not None
            why = "passed before the failing check" if signed else "the log's key was not given"
            rows.append(CheckRow(step, title, PASSED if signed else NOT_MADE, why))
            rows.append(CheckRow(step, _WITNESSED, FAILED, reason))
            reached = False
        elif step == failed:
            rows.append(CheckRow(step, title, FAILED, reason))
            reached = False
        elif not reached:
            why = (
                "verification stops at the first failed check"
                if failed is not None
                else "a check failed; which one is said above"
            )
            rows.append(CheckRow(step, title, NOT_REACHED, why))
        elif step == 1 and given.document_name is None:
            rows.append(CheckRow(step, title, NOT_MADE, "only the document's digest was given"))
        elif step == 4 and not given.log_key_given:
            rows.append(CheckRow(step, title, NOT_MADE, "the log's verifier key was not given"))
        else:
            rows.append(CheckRow(step, title, PASSED, "passed before the failing check"))
    if failed is None:
        rows.insert(0, CheckRow(0, "A check", FAILED, reason))
    return rows
