"""Offline verification of an evidence bundle (docs/design.md section 8, steps 0-8): a verdict."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ipledger.verifier.core.anchoring import AnchorBlock, verify_anchor_block
from ipledger.verifier.core.beacon import (
    CAPELLA_SLOT,
    CHAIN_ID,
    GENESIS_TIME,
    SECONDS_PER_SLOT,
    HistoricalSummaries,
    ProvenBlock,
    period_closes,
)
from ipledger.verifier.core.bundle import BundleEntry, EvidenceBundle, to_checksum_address
from ipledger.verifier.core.checkpoint import Checkpoint
from ipledger.verifier.core.clocks import TITLE as STAMPED
from ipledger.verifier.core.clocks import check_timestamps, stamp_time, token_words
from ipledger.verifier.core.errors import (
    AnchorEventError,
    DocumentMismatch,
    InclusionError,
    ProofInputError,
    RootMismatchError,
    UntrustedBlock,
    VerifierError,
)
from ipledger.verifier.core.ethereum import Receipt
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from ipledger.verifier.core.note import VerifierKey
from ipledger.verifier.core.policy import CosignatureLine, Policy, check_checkpoint
from ipledger.verifier.core.proof import root_from_inclusion_proof
from ipledger.verifier.core.timestamp import TimestampToken

ANCHORED_TOPIC = keccak256(b"Anchored(address,uint64,bytes32,uint64)")
# Receipt time far from block time deserves a word: the log may have sat on the entry.
LATE_ANCHOR_WARNING_SECONDS = 24 * 3600
_MAX_DATETIME_SECONDS = 253402300799  # 9999-12-31 23:59:59 UTC, the last time datetime can show


@dataclass(frozen=True)
class Check:
    """One verification step that passed, in words a reader can follow."""

    step: int
    title: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    """What a bundle proves, which checks were made, and what is still the reader's to trust."""

    digest: str
    entry_index: int
    tree_size: int
    origin: str
    received_at: int
    log_authenticated: bool
    document_checked: bool
    chain_id: int
    contract: str
    log: str
    tx_hash: str
    block_number: int
    block_hash: str
    block_time: int
    canonical_by: str | None
    checks: tuple[Check, ...]
    remaining: tuple[str, ...]
    warnings: tuple[str, ...]
    # Added with bundle v2 (defaults keep v1 verdicts as they were).
    bundle_version: int = 1
    transaction_proven: bool = False  # tx hash and signed chain id proven offline
    sender: str | None = None  # the transaction's signer (EIP-55), recovered offline
    proven_block: ProvenBlock | None = None  # set when proven by the block proof, no node
    cosignatures: tuple[CosignatureLine, ...] = ()  # verified only under a policy
    # Added with bundle v3: the checkpoint's RFC 3161 tokens, each signature-checked (step 9).
    timestamps: tuple[TimestampToken, ...] = ()
    tsa_roots_given: bool = False  # whether `trusted` on a token means anything

    @property
    def proven(self) -> bool:
        """Return True when the block was shown to be on the chain's canonical history."""
        return self.canonical_by is not None

    @property
    def block_time_utc(self) -> str:
        """Return the block time as `YYYY-MM-DD HH:MM:SS UTC`."""
        return _utc(self.block_time)

    @property
    def received_at_utc(self) -> str:
        """Return the log's receipt time as `YYYY-MM-DD HH:MM:SS.mmm UTC`."""
        seconds, millis = divmod(self.received_at, 1000)
        if seconds > _MAX_DATETIME_SECONDS:
            return _utc(seconds)
        return _utc(seconds).replace(" UTC", f".{millis:03d} UTC")

    def claim(self) -> str:
        """Return the plain-language claim this verdict supports."""
        subject = "the document" if self.document_checked else f"the document with {self.digest}"
        # Every clock the reader may rely on, earliest first: trusted TSAs, the proven block.
        clocks = [(t.gen_time.timestamp(), f"no later than {stamp_time(t.gen_time)} (TSA "
                   f"{t.tsa.subject_text})") for t in self.timestamps if t.trusted]  # fmt: skip
        chain = "Ethereum mainnet" if self.proven_block is not None else f"chain {self.chain_id}"
        if self.proven:
            clocks.append((self.block_time, f"no later than {self.block_time_utc} (block "
                           f"{self.block_number} on {chain})"))  # fmt: skip
        existed = f"{subject.capitalize()} existed " + ", ".join(w for _, w in sorted(clocks))
        if clocks and not self.proven:  # a trusted TSA's time holds with the block unconfirmed
            text = (
                f"{existed}; the evidence says it existed no later than {self.block_time_utc} "
                f"(block {self.block_number} of the chain it names as chain id {self.chain_id})"
            )
        elif self.proven:
            text = existed
        else:  # until the block is shown canonical, neither the time nor the chain is a fact
            text = (
                f"The evidence says {subject} existed no later than {self.block_time_utc} "
                f"(block {self.block_number} of the chain it names as chain id {self.chain_id})"
            )
        if self.log_authenticated:
            text += f"; it was received by the log {self.origin} at {self.received_at_utc}"
        else:
            text += "; the log that recorded it is unauthenticated (no verifier key given)"
        return text + witnessed_words(self.cosignatures) + "."


def witnessed_words(lines: tuple[CosignatureLine, ...]) -> str:
    """Return `; office X (key) saw the log's tree holding it no later than T, ...` or ``."""
    seen = [f"office {c.witness} ({c.key_name}) {_utc(c.timestamp)}" for c in lines if c.verified]
    return "; witnessed, no later than: " + ", ".join(seen) if seen else ""


def verify(
    bundle: EvidenceBundle | str | bytes,
    document: bytes | None = None,
    log_key: str | None = None,
    trusted: Mapping[int, bytes] | None = None,
    *,
    trusted_chain_id: int | None = None,
    log_address: str | None = None,
    trust_root: HistoricalSummaries | None = None,
    policy: Policy | None = None,
    tsa_roots: Sequence[bytes] | None = None,
) -> Verdict:
    """Check an evidence bundle offline and return what it proves.

    `document` (the file's bytes) is checked against the entry's digest when given;
    `log_key` is the log's C2SP verifier key; `trusted` maps block numbers to block
    hashes the reader trusts (from a node or a published list) and `trusted_chain_id`
    names the chain they are from (else the bundle's chain id stays unchecked and
    `remaining` says so); `log_address` pins the log's published operator address;
    `trust_root` (Ethereum mainnet's historical_summaries) checks a v2 bundle's block
    proof, which proves the block canonical with no node; `policy` (tlog-policy) gives the
    log keys (if no `log_key`) and the witnesses' quorum to meet (step 4, `QuorumNotMet`);
    `tsa_roots` (DER certificates) are the TSAs the reader trusts: a v3 bundle's tokens must
    then include one chaining to them (step 9, `UntrustedTimestampAuthority`).
    Every failed check raises its own `VerifierError` subclass; a returned Verdict
    means every check made passed, and `Verdict.remaining` lists what was not checked.
    """
    if not isinstance(bundle, EvidenceBundle):
        bundle = EvidenceBundle.from_json(bundle)
    entry, anchor = bundle.entry, bundle.anchor
    checks = [Check(0, "Bundle is well formed", f"ipledger evidence bundle v{bundle.version}")]
    remaining: list[str] = []
    warnings: list[str] = []
    checkpoint, used, cosignatures = check_log_steps(
        entry, document, bundle.checkpoint, bundle.inclusion.proof, checks=checks,
        remaining=remaining, policy=policy, log_key=log_key, tree_size=bundle.inclusion.tree_size,
    )
    # Step 9 needs only the checkpoint: made before the chain part, reported after it.
    tokens = check_timestamps(bundle.timestamps, bundle.checkpoint, tsa_roots)

    block = verify_anchor_block(anchor, trust_root)
    header, tx = block.header, block.transaction
    checks.append(
        Check(
            5,
            "Block header matches",
            f"block {anchor.block_number}, hash 0x{anchor.block_hash.hex()}, "
            f"time {_utc(anchor.block_time)}",
        )
    )
    if tx is None:
        checks.append(
            Check(
                6,
                "Transaction receipt is in the block",
                f"receipt of transaction {anchor.tx_index} proven under receiptsRoot "
                f"0x{header.receipts_root.hex()}",
            )
        )
    else:
        checks.append(
            Check(
                6,
                "Transaction and receipt are in the block",
                f"transaction {anchor.tx_index} (hash 0x{tx.hash.hex()}, signed for chain id "
                f"{tx.chain_id}) proven under transactionsRoot "
                f"0x{header.transactions_root.hex()}, its receipt under receiptsRoot "
                f"0x{header.receipts_root.hex()}",
            )
        )

    _check_anchor_event(bundle, block.receipt, checkpoint)
    if log_address is not None and _address_bytes(log_address) != anchor.log:
        raise AnchorEventError(
            f"the checkpoint was anchored by {to_checksum_address(anchor.log)}, not by the "
            f"log's published operator address {log_address}"
        )
    sent_by = ""
    if tx is not None and tx.sender == anchor.log:
        sent_by = "; the transaction was signed by that address"
    elif tx is not None:
        warnings.append(
            f"the anchoring transaction was signed by {to_checksum_address(tx.sender)}, not by "
            f"the log's operator address {to_checksum_address(anchor.log)}: the log is "
            "operated through a contract (a multisig wallet, for example), which called "
            "EvidenceAnchor in that transaction"
        )
    checks.append(
        Check(
            7,
            "Block anchors the checkpoint",
            f"contract {to_checksum_address(anchor.contract)} recorded root "
            f"{checkpoint.root.hex()} at size {checkpoint.size} for log "
            f"{to_checksum_address(anchor.log)}{sent_by}",
        )
    )

    canonical_by = None
    if block.canonical is not None:
        proven = block.canonical
        canonical_by = (
            f"Ethereum mainnet's beacon chain (historical_summaries at slot "
            f"{proven.trust_root_slot})"
        )
        checks.append(
            Check(
                8,
                "Block is on Ethereum mainnet's canonical chain",
                f"block {proven.number} is in beacon block 0x{proven.beacon_block_root.hex()} "
                f"(slot {proven.slot}), whose root is in the beacon chain's "
                f"historical_summaries at slot {proven.trust_root_slot} (root "
                f"{proven.trust_root}); no node was asked",
            )
        )
    if trusted is not None and anchor.block_number in trusted:
        if trusted_chain_id is not None and trusted_chain_id != anchor.chain_id:
            raise UntrustedBlock(
                f"the trusted block hashes are of chain {trusted_chain_id}, the bundle says "
                f"it is anchored on chain {anchor.chain_id}"
            )
        if bytes(trusted[anchor.block_number]) != anchor.block_hash:
            raise UntrustedBlock(
                f"block {anchor.block_number} of the trusted history has hash "
                f"0x{bytes(trusted[anchor.block_number]).hex()}, not the bundle's "
                f"0x{anchor.block_hash.hex()}: the bundle's block is not on that chain"
            )
        canonical_by = canonical_by or "trusted block hashes"
        checks.append(
            Check(8, "Block is on the trusted chain", f"block {anchor.block_number} hash matches")
        )
        if trusted_chain_id is None and tx is None and block.canonical is None:
            remaining.append(
                f"that the trusted block hashes are those of chain {anchor.chain_id}: the "
                "bundle's chain id is only checked against a node (--rpc) or a trusted list "
                "that names its chain"
            )
    elif canonical_by is None:
        remaining.append(_canonicality_left(bundle, block, trust_root))

    if anchor.block_time * 1000 + 5 * 60 * 1000 < entry.received_at:
        warnings.append("the block time is earlier than the time the log says it received it")
    elif anchor.block_time - entry.received_at // 1000 > LATE_ANCHOR_WARNING_SECONDS:
        warnings.append(
            "the anchor came more than a day after the log received the entry; an earlier "
            "anchor covering it would give a stronger claim"
        )
    if tokens:
        words = "; ".join(token_words(t, tsa_roots is not None) for t in tokens)
        over = f"over the checkpoint's note (origin, size {checkpoint.size}, root)"
        checks.append(Check(9, STAMPED, f"{len(tokens)} token(s) {over}, signed: {words}"))
    for token in tokens:
        if token.gen_time.timestamp() * 1000 + 5 * 60 * 1000 < entry.received_at:
            warnings.append(f"TSA {token.tsa.subject_text} time-stamped the checkpoint at "
                            f"{stamp_time(token.gen_time)}, before the log says it received "
                            "the entry")  # fmt: skip

    return Verdict(
        digest="sha256:" + entry.digest.hex(),
        entry_index=entry.index,
        tree_size=checkpoint.size,
        origin=checkpoint.origin,
        received_at=entry.received_at,
        log_authenticated=used is not None,
        document_checked=document is not None,
        chain_id=anchor.chain_id,
        contract=to_checksum_address(anchor.contract),
        log=to_checksum_address(anchor.log),
        tx_hash="0x" + anchor.tx_hash.hex(),
        block_number=anchor.block_number,
        block_hash="0x" + anchor.block_hash.hex(),
        block_time=anchor.block_time,
        canonical_by=canonical_by,
        checks=tuple(checks),
        remaining=tuple(remaining),
        warnings=tuple(warnings),
        bundle_version=bundle.version,
        transaction_proven=tx is not None,
        sender=None if tx is None else to_checksum_address(tx.sender),
        proven_block=block.canonical,
        cosignatures=cosignatures,
        timestamps=tokens,
        tsa_roots_given=tsa_roots is not None,
    )


def _canonicality_left(
    bundle: EvidenceBundle, block: AnchorBlock, trust_root: HistoricalSummaries | None
) -> str:
    """Say what is left to show the block canonical, and how."""
    anchor = bundle.anchor
    unconfirmed = (
        f"that block {anchor.block_number} with hash 0x{anchor.block_hash.hex()} is on the "
        f"canonical history of chain {anchor.chain_id}"
    )
    later = block.later_than_trust_root
    if later is not None:
        return (
            f"{unconfirmed}: the bundle's canonicality proof is for beacon slot {later.slot}, "
            f"which the trust root (Ethereum mainnet's historical_summaries at slot "
            f"{later.trust_root_slot}) does not reach; use a trust root taken after "
            f"{later.period_closes} (ipledger-verify --trust-root FILE) or check with a node "
            "(--rpc)"
        )
    if anchor.block_proof is not None:
        return (
            f"{unconfirmed}: the bundle carries a canonicality proof, but no trust root was "
            "given to check it against (the ipledger-verify command uses the one it ships)"
        )
    slot = (anchor.block_time - GENESIS_TIME) // SECONDS_PER_SLOT
    if bundle.version >= 2 and anchor.chain_id == CHAIN_ID and slot >= CAPELLA_SLOT:
        closes = period_closes(slot)
        return (
            f"{unconfirmed}: this bundle has no canonicality proof yet; the log's operator "
            f"can add one once the block's beacon-chain period has closed ({closes}; "
            "`ipledger evidence --upgrade`), or check the block with a node (--rpc) or an "
            "explorer"
        )
    return (
        f"{unconfirmed} (check it with a node or an explorer); until then the bundle is only "
        "self-consistent"
    )


def witness_check(policy: Policy, lines: tuple[CosignatureLine, ...]) -> Check:
    """Return step 4's check of a met quorum: which offices saw this tree, and by when."""
    seen = "".join(
        f"; office {c.witness} ({c.key_name}) saw this tree no later than {_utc(c.timestamp)}"
        for c in lines
        if c.verified
    )
    need = policy.describe(policy.quorum)
    return Check(4, "Checkpoint witnessed per the policy", f"quorum {need} met{seen}")


def check_log_steps(
    entry: BundleEntry, document: bytes | None, note: str, path: Sequence[bytes], *,
    checks: list[Check], remaining: list[str], policy: Policy | None, log_key: str | None,
    tree_size: int | None = None,
) -> tuple[Checkpoint, VerifierKey | None, tuple[CosignatureLine, ...]]:
    """Make steps 1-4 (bundle or tlog-proof); return checkpoint, log key (None) and cosignatures."""
    digest = "sha256:" + entry.digest.hex()
    if document is not None:
        actual = hashlib.sha256(document).digest()
        if actual != entry.digest:
            raise DocumentMismatch(
                f"the document's SHA-256 is sha256:{actual.hex()}, but the evidence is for "
                f"{digest}: this evidence is not about this document (or the file was changed)"
            )
        checks.append(Check(1, "Document matches", f"SHA-256 of the document is {digest}"))
    else:
        remaining.append(f"that the document in question has SHA-256 {digest}")
    leaf_hash = entry_leaf_hash(
        entry.digest, entry.nonce, metadata_hash(entry.metadata_object()), entry.received_at
    )
    checks.append(Check(2, "Log entry rebuilt", f"leaf hash {leaf_hash.hex()}"))
    checkpoint, used, lines = check_checkpoint(note, policy, log_key)
    if tree_size is not None and tree_size != checkpoint.size:
        raise InclusionError(f"the inclusion proof is for a tree of {tree_size} entries, the "
                             f"checkpoint is for {checkpoint.size}")  # fmt: skip
    try:
        root = root_from_inclusion_proof(entry.index, checkpoint.size, leaf_hash, path)
    except ProofInputError as exc:
        raise InclusionError(f"the inclusion proof is malformed: {exc}") from None
    if root != checkpoint.root:
        raise InclusionError(
            "the inclusion proof does not lead to the checkpoint's root: the entry, the proof "
            "or the checkpoint was altered"
        ) from RootMismatchError(root, checkpoint.root)
    size, root_hex = checkpoint.size, checkpoint.root.hex()
    detail = f"entry {entry.index} is in the tree of {size} entries with root {root_hex}"
    checks.append(Check(3, "Entry is in the log", detail))
    if used is not None:
        checks.append(Check(4, "Checkpoint signed by the log", f"{checkpoint.origin}, key {used}"))
    else:
        remaining.append("that the checkpoint was signed by the log (give its verifier key)")
    if policy is not None:
        checks.append(witness_check(policy, lines))
    return checkpoint, used, lines


def _check_anchor_event(bundle: EvidenceBundle, receipt: Receipt, checkpoint: Checkpoint) -> None:
    anchor = bundle.anchor
    if receipt.status != 1:
        raise AnchorEventError("the anchoring transaction failed (receipt status 0)")
    if anchor.log_index >= len(receipt.logs):
        raise AnchorEventError(
            f"the receipt has {len(receipt.logs)} log(s); there is no log {anchor.log_index}"
        )
    event = receipt.logs[anchor.log_index]
    expected_topics = (
        ANCHORED_TOPIC,
        bytes(12) + anchor.log,
        checkpoint.size.to_bytes(32, "big"),
    )
    problems = []
    if event.address != anchor.contract:
        problems.append("it was emitted by another contract")
    if tuple(event.topics) != expected_topics:
        problems.append("it is not Anchored(log, size) for this log and tree size")
    if len(event.data) != 64 or event.data[:32] != checkpoint.root:
        problems.append("it records another root")
    elif int.from_bytes(event.data[32:], "big") >= checkpoint.size:
        problems.append("its previous size is not below the anchored size")
    if problems:
        raise AnchorEventError(f"log {anchor.log_index} of the receipt: " + "; ".join(problems))


def _address_bytes(text: str) -> bytes:
    digits = text.removeprefix("0x")
    if len(digits) != 40:
        raise AnchorEventError(f"{text!r} is not a 20-byte address")
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise AnchorEventError(f"{text!r} is not a hex address") from None


def _utc(seconds: int) -> str:
    # A fabricated header may carry any uint64 time; say so rather than crash on it.
    if seconds > _MAX_DATETIME_SECONDS:
        return f"{seconds} seconds after 1970-01-01 00:00:00 UTC (after the year 9999)"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


__all__ = ["ANCHORED_TOPIC", "Check", "Verdict", "VerifierError", "verify", "witnessed_words"]
