"""What a verification tells its reader, once, for the terminal, the HTML and the PDF report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as distributions

from ipledger.verifier import tsa_words
from ipledger.verifier.chains import (
    block_url,
    describe_chain,
    is_development_chain,
    is_public_chain,
    tx_url,
)
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.verify import Verdict
from ipledger.verifier.metadata_words import metadata_rows
from ipledger.verifier.witness_words import witness_lines

PROVEN = "PROVEN"
SELF_CONSISTENT = "SELF-CONSISTENT, NOT YET PROVEN"
NOT_PROVEN = "NOT PROVEN"
PASSED, NOT_MADE, FAILED, NOT_REACHED = "passed", "not made", "FAILED", "not reached"

_NEEDS_NODE = "needs a node of the chain (ipledger-verify --rpc URL)"


class ReportError(VerifierError):
    """A report cannot be written: an unknown format, a missing extra, or an unwritable path."""


@dataclass(frozen=True)
class CheckRow:
    """One check of the verification with its outcome: passed, not made, FAILED, not reached."""

    step: int
    title: str
    outcome: str
    detail: str


@dataclass(frozen=True)
class ReaderInputs:
    """What the reader gave the verifier, and when it ran; `document_name` None: --digest."""

    document_name: str | None
    bundle_name: str
    log_key_given: bool
    log_address: str | None
    rpc_url: str | None
    trusted_chain_id: int | None
    facts: tuple[str, ...]
    pending: str | None
    verified_at: datetime
    report_id: str
    trust_root: str | None = None  # words on a trust root given instead of the shipped one
    policy: str | None = None  # words on the tlog-policy given (--policy), None: none given


@dataclass(frozen=True)
class Statement:
    """A verification told in words: every report form renders this and nothing else."""

    status: str
    sentence: str
    caveats: tuple[str, ...]
    document: str
    digest: str
    metadata: tuple[tuple[str, str], ...]
    summary: tuple[tuple[str, str], ...]
    checks: tuple[CheckRow, ...]
    remaining: tuple[str, ...]
    record: tuple[tuple[str, str], ...]
    links: tuple[str, ...]
    warnings: tuple[str, ...]
    proves: str
    how_to: tuple[str, ...]
    node: str | None
    version: str
    verified_at: str
    report_id: str
    witnesses: tuple[str, ...] = ()  # who saw the checkpoint's tree when; unchecked cosignatures
    clocks: tuple[str, ...] = ()  # bundle v3: every clock in one line, then each token's
    tokens: tuple[tuple[tuple[str, str], ...], ...] = ()  # each token's facts, for the report

    @property
    def nothing_remains(self) -> bool:
        """Return True only for a proven verdict that leaves the reader nothing to trust."""
        return self.status == PROVEN and not self.remaining


def verifier_version() -> str:
    """Return the installed ipledger-verifier's version."""
    try:
        return distributions.version("ipledger-verifier")
    except distributions.PackageNotFoundError:
        return "(unknown version)"


def long_date(seconds: int, fallback: str) -> str:
    """Return e.g. `25 November 2026 at 00:34:43 UTC`, or `fallback` past datetime's range."""
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return fallback
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M:%S} UTC"


def statement_of(verdict: Verdict, bundle: EvidenceBundle, given: ReaderInputs) -> Statement:
    """Tell what `verdict` proves, every check made or not, and what remains to be trusted."""
    anchor = bundle.anchor
    node_confirmed = bool(given.facts)
    chain_bound = _chain_bound(verdict, given)
    status = PROVEN if verdict.proven else SELF_CONSISTENT
    chain_words = (
        describe_chain(verdict.chain_id)
        if chain_bound
        else f"the chain the bundle names as chain id {verdict.chain_id} (not checked offline)"
    )
    checks = verdict_checks(verdict, bundle, given)
    remaining = _remaining(verdict, bundle, given, chain_bound) + tsa_words.remaining(verdict)
    caveats = _caveats(verdict, given, chain_bound, remaining)
    received = (
        f"{long_date(verdict.received_at // 1000, verdict.received_at_utc)}"
        f" (by the log {verdict.origin})"
        if verdict.log_authenticated
        else "not established (the log's verifier key was not given)"
    )
    summary = [
        (
            "The document existed no later than"
            if verdict.proven
            else "The evidence says it existed no later than",
            long_date(verdict.block_time, verdict.block_time_utc),
        ),
        ("Recorded in", f"block {verdict.block_number} of {chain_words}"),
        ("Received by the log on", received),
        *tsa_words.summary_rows(verdict),
    ]
    node = node_words(given, verdict.chain_id)
    if node is not None:
        summary.append(("Node consulted", node))
    if verdict.transaction_proven:
        tx_words = (
            f"{verdict.tx_hash} (transaction {anchor.tx_index} of the block, proven with its "
            f"receipt; signed by {verdict.sender})"
        )
    elif node_confirmed:
        tx_words = verdict.tx_hash
    else:
        tx_words = (
            f"transaction {anchor.tx_index} of the block (its receipt is proven); the bundle "
            f"gives its hash as {verdict.tx_hash}, which is not checked offline"
        )
    record = (
        ("Chain", chain_words),
        ("Block", f"number {verdict.block_number}, time {verdict.block_time_utc}"),
        ("Block hash", verdict.block_hash),
        *_canonical_record(verdict),
        ("Transaction", tx_words),
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
        *((("Trust root", given.trust_root),) if given.trust_root is not None else ()),
        *((("Witness policy", given.policy),) if given.policy is not None else ()),
    )
    links: list[str] = []
    if chain_bound and is_public_chain(verdict.chain_id):
        links.append(block_url(verdict.chain_id, verdict.block_number) or "")
        if node_confirmed or verdict.transaction_proven:
            links.append(tx_url(verdict.chain_id, verdict.tx_hash) or "")
    proves = (
        "The SHA-256 fingerprint identifies the document's exact bytes: changing a single "
        "character gives another fingerprint. The evidence shows that this fingerprint was "
        f"recorded, through the log's Merkle tree, in block {verdict.block_number} of "
        f"{chain_words}, so a document with exactly these bytes existed no later than that "
        "block's time"
        + ("" if verdict.proven else ", provided the block is part of that chain's history")
        + ". It does not show who wrote the document, who owns it, what it means, or that it "
        "did not exist earlier. The time at which the log says it received the document is the "
        "log operator's statement, vouched for by the log's signature only."
        + tsa_words.proves(verdict)
    )
    return Statement(
        status=status,
        sentence=verdict.claim(),
        caveats=caveats,
        document=document_words(given),
        digest=verdict.digest,
        metadata=metadata_rows(bundle.entry.metadata_object()),
        summary=tuple(summary),
        checks=checks,
        remaining=remaining,
        record=record,
        links=tuple(u for u in links if u),
        warnings=verdict.warnings,
        proves=proves,
        how_to=how_to_check(verdict.chain_id, verdict.block_number, verdict.block_hash)
        + tsa_words.how_to(verdict),
        node=node,
        version=verifier_version(),
        verified_at=given.verified_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        report_id=given.report_id,
        witnesses=witness_lines(verdict.cosignatures, given.policy is not None),
        clocks=tsa_words.clock_lines(verdict),
        tokens=tsa_words.token_rows(verdict),
    )


def _chain_bound(verdict: Verdict, given: ReaderInputs) -> bool:
    """Whether the chain id was checked (a node, a list naming it, the block proof...).

    A canonical block holding a transaction signed for a chain id binds that chain id.
    """
    return (
        bool(given.facts)
        or verdict.proven_block is not None
        or (verdict.proven and (given.trusted_chain_id is not None or verdict.transaction_proven))
    )


def _canonical_record(verdict: Verdict) -> tuple[tuple[str, str], ...]:
    proven = verdict.proven_block
    if proven is None:
        return ()
    return (
        (
            "Canonical by",
            f"the beacon chain's proof: beacon block 0x{proven.beacon_block_root.hex()} at slot "
            f"{proven.slot} holds this block; its root is in Ethereum mainnet's "
            f"historical_summaries at slot {proven.trust_root_slot} (root "
            f"{proven.trust_root}), the trust root this verifier used",
        ),
    )


def document_words(given: ReaderInputs) -> str:
    if given.document_name is None:
        return "not given: only its SHA-256 was (ipledger-verify --digest)"
    return given.document_name


def node_words(given: ReaderInputs, chain_id: int) -> str | None:
    if given.rpc_url is None:
        return None
    if given.facts:
        return f"{given.rpc_url} (it serves chain id {chain_id})"
    return f"{given.rpc_url} (asked; see the checks)"


def verdict_checks(
    verdict: Verdict, bundle: EvidenceBundle, given: ReaderInputs
) -> tuple[CheckRow, ...]:
    anchor = bundle.anchor
    rows = [CheckRow(c.step, c.title, PASSED, c.detail) for c in verdict.checks]
    if not verdict.document_checked:
        rows.append(
            CheckRow(
                1,
                "Document matches",
                NOT_MADE,
                f"the document itself was not given, only its SHA-256 ({verdict.digest}), "
                "which is the entry's digest",
            )
        )
    if not verdict.log_authenticated:
        rows.append(
            CheckRow(
                4,
                "Checkpoint signed by the log",
                NOT_MADE,
                "the log's verifier key was not given (--log-key)",
            )
        )
    if verdict.cosignatures and given.policy is None:
        count = len(verdict.cosignatures)
        why = f"the checkpoint carries {count} cosignature(s); no policy (--policy) to check them"
        rows.append(CheckRow(4, "Checkpoint witnessed per the policy", NOT_MADE, why))
    if given.log_address is None:
        rows.append(
            CheckRow(
                7,
                "Anchored by the log's published operator address",
                NOT_MADE,
                f"no address was given (--log-address); the bundle's {verdict.log} is taken as "
                "it states it (the time claim does not depend on it)",
            )
        )
    rows += [CheckRow(step, what, NOT_MADE, why) for step, what, why in tsa_words.not_made(verdict)]
    rows += [CheckRow(8, "Confirmed by the node", PASSED, fact) for fact in given.facts]
    if given.pending is not None:
        rows.append(CheckRow(8, "Confirmed by the node", NOT_MADE, given.pending))
    if not verdict.proven and given.pending is None:
        rows.append(
            CheckRow(
                8,
                "Block is on the chain's canonical history",
                NOT_MADE,
                _canonical_not_made(verdict, bundle),
            )
        )
    if not given.facts:
        if verdict.proven_block is not None:
            named = (
                "the block is on Ethereum mainnet (chain id 1) by the beacon chain's proof, "
                "and the anchoring transaction is signed for chain id 1"
            )
            rows.append(CheckRow(8, "Chain id", PASSED, named))
        elif _chain_bound(verdict, given) and verdict.transaction_proven:
            named = (
                f"the anchoring transaction in this block is signed for chain id "
                f"{verdict.chain_id}, and the block is on the trusted chain"
            )
            rows.append(CheckRow(8, "Chain id", PASSED, named))
        elif _chain_bound(verdict, given):
            named = f"the trusted block list is of chain {verdict.chain_id}"
            rows.append(CheckRow(8, "Chain id", PASSED, named))
        elif verdict.transaction_proven:
            rows.append(
                CheckRow(
                    8,
                    "Chain id",
                    NOT_MADE,
                    f"the anchoring transaction is signed for chain id {verdict.chain_id}; "
                    "that the block is on that chain is shown once the block is shown "
                    "canonical",
                )
            )
        else:
            rows.append(
                CheckRow(
                    8,
                    "Chain id",
                    NOT_MADE,
                    f"the bundle says chain id {verdict.chain_id}; nothing in the evidence "
                    f"binds it: it {_NEEDS_NODE} or a trusted block list naming its chain",
                )
            )
        if verdict.transaction_proven:
            rows.append(
                CheckRow(
                    6,
                    "Transaction hash",
                    PASSED,
                    f"{verdict.tx_hash} is the hash of the transaction proven in the block",
                )
            )
        else:
            rows.append(
                CheckRow(
                    8,
                    "Transaction hash",
                    NOT_MADE,
                    f"the receipt is proven by its place in the block (transaction "
                    f"{anchor.tx_index}), not by the hash {verdict.tx_hash} the bundle gives; "
                    f"checking the hash {_NEEDS_NODE}",
                )
            )
        rows.append(
            CheckRow(
                8,
                "Contract is the published EvidenceAnchor",
                NOT_MADE,
                f"checking its code {_NEEDS_NODE}; the time claim does not depend on it",
            )
        )
    return tuple(sorted(rows, key=lambda r: r.step))


def _canonical_not_made(verdict: Verdict, bundle: EvidenceBundle) -> str:
    without = (
        f"no node (--rpc) or trusted block hashes (--trusted-blocks) were given, or they did "
        f"not cover block {verdict.block_number}"
    )
    if bundle.anchor.block_proof is not None:
        return (
            f"the bundle's canonicality proof is past the trust root (see what remains); {without}"
        )
    if bundle.version >= 2 and verdict.chain_id == 1:
        return f"the bundle carries no canonicality proof yet (see what remains); {without}"
    return without


def _remaining(
    verdict: Verdict, bundle: EvidenceBundle, given: ReaderInputs, chain_bound: bool
) -> tuple[str, ...]:
    items: list[str] = []
    if given.pending is not None:
        items.append(f"The node consulted says: {given.pending}")
    items += verdict.remaining
    chain_id = verdict.chain_id
    # verify() already names the chain left to check when a trusted list did not name it.
    if not chain_bound and verdict.transaction_proven and not verdict.proven:
        items.append(
            f"that the anchor is on chain id {chain_id}: the anchoring transaction is signed "
            f"for it, which binds the chain once the block is shown canonical (above)"
        )
    elif not chain_bound and not (verdict.proven and given.trusted_chain_id is None):
        items.append(
            f"that the anchor is on chain id {chain_id}, as the bundle says: nothing in the "
            f"evidence binds the chain id; checking it {_NEEDS_NODE}"
        )
    if not given.facts and not verdict.transaction_proven:
        items.append(
            f"that the anchoring transaction's hash is {verdict.tx_hash}, as the bundle says: "
            f"the evidence proves transaction {bundle.anchor.tx_index} of block "
            f"{verdict.block_number} by its receipt, not by its hash; checking it "
            f"{_NEEDS_NODE}; the time claim does not depend on it"
        )
    if is_development_chain(chain_id):
        items.append(
            f"the operator of chain id {chain_id}: it is a local development chain (anvil, "
            "Hardhat), not a public blockchain, and whoever runs it can rewrite its history "
            "and its block times; anchor on a public chain for evidence that needs no such trust"
        )
    elif not is_public_chain(chain_id):
        items.append(
            f"that chain id {chain_id} is a public chain no single party can rewrite: this "
            "verifier does not know it"
        )
    return tuple(items)


def _caveats(
    verdict: Verdict, given: ReaderInputs, chain_bound: bool, remaining: tuple[str, ...]
) -> tuple[str, ...]:
    chain_id = verdict.chain_id
    notes: list[str] = []
    if not verdict.proven:
        notes.append(
            "Every check that can be made from the evidence alone passed, but it has not been "
            f"confirmed that block {verdict.block_number} is part of the chain's history. "
            "Until that is done (see what remains), the evidence is only consistent with itself."
            + tsa_words.while_unconfirmed(verdict)
        )
    if is_development_chain(chain_id):
        words = "is anchored on" if chain_bound else "names"
        notes.append(
            f"The evidence {words} chain id {chain_id}, a local development chain, NOT a public "
            "blockchain: whoever runs it can rewrite it, so the time rests on trusting its "
            "operator."
        )
    if verdict.proven and not remaining:
        notes.append(
            "Nothing remains to be trusted: every check was made, including that the block is "
            f"on the canonical history of {describe_chain(chain_id)}."
        )
    elif verdict.proven:
        notes.append(
            "Every check made passed; what they leave to be trusted is listed under what remains."
        )
    return tuple(notes)


def how_to_check(chain_id: int, block_number: int, block_hash: str) -> tuple[str, ...]:
    explorer = block_url(chain_id, block_number)
    where = (
        f" or, if the bundle's chain id {chain_id} is right, the explorer page {explorer}"
        if explorer
        else ""
    )
    return (
        "Compute the SHA-256 of the document (for example sha256sum FILE on Linux, "
        "shasum -a 256 FILE on macOS or certutil -hashfile FILE SHA256 on Windows) and compare "
        "it with the fingerprint above.",
        "Install the open-source verifier (pip install ipledger-verifier; add [report] for PDF "
        "reports: pip install 'ipledger-verifier[report]'). It needs no network. Run "
        'ipledger-verify FILE BUNDLE.json --log-key "<the log\'s verifier key>".',
        f"Confirm that block {block_number} of chain id {chain_id} has hash {block_hash} using "
        f"a node you trust (ipledger-verify FILE BUNDLE.json --rpc URL){where}.",
        "The block time is set by the chain's consensus rules; the document existed no later "
        "than it.",
    )
