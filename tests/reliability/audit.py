"""The end-of-run audit: every receipt a client holds is in the log, anchored, and provable."""

from __future__ import annotations

import bisect
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session, col, select
from web3 import Web3

from ipledger.ledger.anchoring import Anchor, AnchorState, anchor_covering
from ipledger.ledger.checkpoints import CheckpointRow, latest_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployed_chain import ChainConnection
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import Entry, LogEntry
from ipledger.ledger.errors import LogIntegrityError
from ipledger.ledger.integrity import check_log
from ipledger.verifier import EvidenceBundle, verify, verify_checkpoint, verify_consistency
from ipledger.verifier.core.checkpoint import parse_checkpoint
from ipledger.verifier.core.leaf import (
    canonical_metadata,
    entry_leaf_hash,
    metadata_hash,
    parse_digest,
)
from ipledger.verifier.core.note import VerifierKey, parse_note, parse_verifier_key
from ipledger.verifier.receipts import merkle_root, verify_entry_receipt, verify_receipt
from tests.reliability.harness import DeploymentHome


@dataclass
class Acked:
    """One entry a client holds a signed receipt for: what it sent and what it was told."""

    index: int
    leaf_hash: bytes
    digest: bytes
    metadata: Mapping[str, Any] | None
    key: str | None
    document: str | None = None


@dataclass
class AuditResult:
    """Counts of one run and every problem found (lost = acknowledged but not provable)."""

    submitted: int = 0
    acknowledged: int = 0
    verified: int = 0
    lost: int = 0
    anchors: int = 0
    checkpoints: int = 0
    log_size: int = 0
    proven_by_cli: int = 0
    """Bundles served by the API that `ipledger-verify --rpc` said PROVEN for."""
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)

    def line(self) -> str:
        return (f"submitted={self.submitted} acknowledged={self.acknowledged} "
                f"verified={self.verified} lost={self.lost} log_size={self.log_size} "
                f"checkpoints={self.checkpoints} anchors={self.anchors} "
                f"proven_by_ipledger_verify={self.proven_by_cli}")


def receipts(records: Iterable[Mapping[str, Any]], verifier_key: VerifierKey | str,
             result: AuditResult) -> list[Acked]:
    """Check every receipt's signature and that it is for what the client sent."""
    acked: list[Acked] = []
    for record in records:
        if record["type"] == "unexpected":
            result.problem(f"the API answered a valid request with {record}")
        if record["type"] != "ack":
            continue
        body, sent = record["body"], record["sent"]
        try:
            if record["kind"] == "single":
                proven = verify_entry_receipt(body, verifier_key)
                _same_request(sent, proven.digest, proven.metadata)
                acked.append(Acked(proven.index, proven.leaf_hash, proven.digest,
                                   sent.get("metadata"), record["key"],
                                   (record.get("docs") or [None])[0]))
            else:
                receipt = verify_receipt(body["note"], verifier_key)
                entries = body["entries"]
                if len(entries) != len(sent["entries"]) or body["count"] != len(entries):
                    raise AssertionError("the batch receipt does not cover the whole batch")
                leaves = []
                for position, (got, asked) in enumerate(zip(entries, sent["entries"],
                                                            strict=True)):
                    digest = parse_digest(got["digest"])
                    meta_hash = bytes.fromhex(got["metadata_hash"])
                    if digest != parse_digest(asked["digest"]):
                        raise AssertionError(f"entry {position}: another digest")
                    if meta_hash != metadata_hash(asked.get("metadata")):
                        raise AssertionError(f"entry {position}: another metadata hash")
                    leaf = entry_leaf_hash(digest, bytes.fromhex(got["nonce"]), meta_hash,
                                           got["received_at"])
                    if leaf.hex() != got["leaf_hash"]:
                        raise AssertionError(f"entry {position}: leaf hash is not its fields'")
                    if got["index"] != receipt.first_index + position:
                        raise AssertionError(f"entry {position}: index out of the receipt")
                    leaves.append(leaf)
                    docs = record.get("docs") or [None] * len(entries)
                    acked.append(Acked(got["index"], leaf, digest, asked.get("metadata"),
                                       record["key"], docs[position]))
                receipt.verify_batch(leaves)
        except Exception as exc:
            result.problem(f"false receipt {record['kind']} {body!r:.200}: {exc}")
            result.lost += 1
    return acked


def _same_request(sent: Mapping[str, Any], digest: bytes, metadata: bytes | None) -> None:
    if digest != parse_digest(sent["digest"]):
        raise AssertionError("the receipt is for another digest")
    wanted = sent.get("metadata")
    if (metadata is None) != (wanted is None) or (
            wanted is not None and metadata != canonical_metadata(wanted)):
        raise AssertionError("the receipt carries other metadata")


def wait_anchored(ledger: Deployment, chain: ChainConnection, timeout: float = 90) -> None:
    """Wait until a checkpoint covers the whole log and a final anchor covers that checkpoint."""
    deadline = time.monotonic() + timeout
    target = chain.target
    while True:
        size = ledger.store.size()
        newest = latest_checkpoint(ledger.store)
        if size == 0:
            return
        if newest is not None and newest.tree_size == size:
            with Session(ledger.store.engine) as session:
                if anchor_covering(session, size - 1, target, final_only=True) is not None:
                    return
        if time.monotonic() > deadline:
            with Session(ledger.store.engine) as session:
                rows = session.exec(select(Anchor).order_by(col(Anchor.tree_size))).all()
            states = [(r.tree_size, r.state, r.reason) for r in rows][-5:]
            raise AssertionError(
                f"log of {size} entries not anchored to final in {timeout} s; newest "
                f"checkpoint {newest.tree_size if newest else None}; anchors {states}")
        time.sleep(0.25)


def audit(deployment: DeploymentHome, records: Sequence[Mapping[str, Any]], *,
          full_bundles: int = 3, sample: int = 30, served: int = 2,
          wait: float = 90) -> AuditResult:
    """Run every end-of-run check; the caller asserts `result.problems == []`."""
    from tests.reliability.harness import summary

    result = AuditResult()
    counts = summary(records)
    result.submitted, result.acknowledged = counts["submitted"], counts["acknowledged"]
    key = deployment.verifier_key
    acked = receipts(records, parse_verifier_key(key), result)
    if len(acked) != result.acknowledged - result.lost and not result.problems:
        result.problem(f"{len(acked)} receipts parsed, clients counted {result.acknowledged}")

    settings = Settings(**_settings_kwargs(deployment))
    ledger = Deployment.open(settings)
    try:
        chain = ledger.chain
        wait_anchored(ledger, chain, timeout=wait)
        result.log_size = ledger.store.size()
        entries = _all_entries(ledger)
        _check_entries(entries, acked, result)
        _check_checkpoints(ledger, key, result)
        _check_anchors(ledger, chain, result)
        _check_bundles(ledger, chain, entries, acked, key, result, full_bundles, sample)
        _check_served_bundles(deployment, chain.rpc_url, acked, key, result, served)
        try:  # the stored log rebuilt from its entries: leaves, tiles, roots, checkpoints
            check_log(ledger)
        except LogIntegrityError as exc:
            result.problem(f"ipledger check: {exc}")
    finally:
        ledger.close()
    return result


def _settings_kwargs(deployment: DeploymentHome) -> dict[str, Any]:
    values: dict[str, Any] = {"data_dir": deployment.data_dir}
    if deployment.database_url is not None:
        values["database_url"] = deployment.database_url
    return values


def _all_entries(ledger: Deployment) -> dict[int, LogEntry]:
    """Read the whole log in one query (the audit checks every entry a client holds)."""
    table = Entry.__table__  # type: ignore[attr-defined]
    with ledger.store.engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.idx)).all()
    return {row.idx: LogEntry.from_row(row) for row in rows}


def _check_entries(entries: Mapping[int, LogEntry], acked: list[Acked],
                   result: AuditResult) -> None:
    """Each receipt's entry is in the log, at its index, with the receipt's leaf hash."""
    seen: dict[int, bytes] = {}
    for item in acked:
        if seen.get(item.index, item.leaf_hash) != item.leaf_hash:
            result.problem(f"two receipts name entry {item.index} with different leaves")
            result.lost += 1
            continue
        seen[item.index] = item.leaf_hash
        stored = entries.get(item.index)
        if stored is None:
            result.problem(f"acknowledged entry {item.index} is not in the log")
            result.lost += 1
            continue
        fields_leaf = entry_leaf_hash(stored.digest, stored.nonce, stored.metadata_hash,
                                      stored.received_at)
        if stored.leaf_hash != item.leaf_hash or fields_leaf != item.leaf_hash:
            result.problem(f"entry {item.index}: the log holds another leaf than the receipt")
            result.lost += 1
            continue
        if stored.metadata_jcs is not None and item.metadata is not None and (
                stored.metadata_jcs.encode() != canonical_metadata(item.metadata)):
            result.problem(f"entry {item.index}: stored metadata differs")
            result.lost += 1


def _check_checkpoints(ledger: Deployment, key: str, result: AuditResult) -> None:
    """Every checkpoint is signed, matches the log, and is consistent with the one before."""
    table = CheckpointRow.__table__  # type: ignore[attr-defined]
    with ledger.store.engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.tree_size)).all()
    result.checkpoints = len(rows)
    previous: tuple[int, bytes] | None = None
    for row in rows:
        size, root = int(row.tree_size), bytes(row.root)
        checked = verify_checkpoint(row.note, key)
        if (checked.size, checked.root) != (size, root) or ledger.store.root(size) != root:
            result.problem(f"checkpoint {size} does not match its note or the log")
        if previous is not None:
            proof = ledger.store.consistency_proof(previous[0], size)
            verify_consistency(previous[0], size, proof, previous[1], root)
        previous = (size, root)


def _check_anchors(ledger: Deployment, chain: ChainConnection, result: AuditResult) -> None:
    """No size anchored twice, in the database or on chain; every on-chain root is ours."""
    target = chain.target
    with Session(ledger.store.engine) as session:
        rows = session.exec(select(Anchor).where(
            Anchor.chain_id == target.chain_id, Anchor.contract == target.contract,
            Anchor.log_address == target.log_address).order_by(col(Anchor.tree_size))).all()
    on_chain_rows = [r for r in rows if r.state in (AnchorState.INCLUDED, AnchorState.FINAL)]
    sizes = [r.tree_size for r in rows]
    if len(sizes) != len(set(sizes)):
        result.problem(f"the anchors table holds a size twice: {sizes}")
    events = chain.contract.events.Anchored.get_logs(
        from_block=0, argument_filters={"log": target.log_address})
    event_sizes = [int(e["args"]["size"]) for e in events]
    result.anchors = len(event_sizes)
    if event_sizes != sorted(set(event_sizes)):
        result.problem(f"a size was anchored twice on chain (or out of order): {event_sizes}")
    previous = 0
    for event in events:
        size, root = int(event["args"]["size"]), bytes(event["args"]["root"])
        if int(event["args"]["previousSize"]) != previous:
            result.problem(f"anchor {size} extends {event['args']['previousSize']}, "
                           f"not the size anchored before it, {previous}")
        previous = size
        if ledger.store.root(size) != root:
            result.problem(f"the chain's root at size {size} is not the log's")
    by_tx: dict[str, int] = {
        Web3.to_hex(e["transactionHash"]): int(e["args"]["size"]) for e in events}
    for row in on_chain_rows:
        if by_tx.get(row.tx_hash or "") != row.tree_size:
            result.problem(f"anchor row {row.tree_size} ({row.state}, tx {row.tx_hash}) has no "
                           "Anchored event of its size on chain")


def _check_bundles(ledger: Deployment, chain: ChainConnection, entries: Mapping[int, LogEntry],
                   acked: list[Acked], key: str, result: AuditResult, full: int,
                   sample: int) -> None:
    """Every acknowledged entry is provable by a bundle that verifies offline.

    Under each final anchor, `full` entries (first, last, random) get the real bundle of
    `Deployment.evidence_bundle` (assembled from the node, JSON round trip, `verify`
    with the log key), and so do `sample` random entries of the whole run. A bundle of any
    other entry under that anchor differs only in its entry and inclusion proof (steps 2-3
    of `verify`); those are checked for all entries at once: the RFC 9162 root over the
    log's leaves [0, size) must be the root of the checkpoint `verify` authenticated, and
    each entry's leaf (recomputed from its fields) is the receipt's, at its index.
    """
    target = chain.target
    with Session(ledger.store.engine) as session:
        finals = session.exec(select(Anchor).where(
            Anchor.chain_id == target.chain_id, Anchor.contract == target.contract,
            Anchor.log_address == target.log_address, Anchor.state == AnchorState.FINAL.value,
        ).order_by(col(Anchor.tree_size))).all()
    sizes = [a.tree_size for a in finals]
    under: dict[int, list[Acked]] = {}
    for item in acked:
        position = bisect.bisect_right(sizes, item.index)
        if position == len(sizes):
            result.problem(f"acknowledged entry {item.index} is not covered by a final anchor")
            result.lost += 1
            continue
        under.setdefault(sizes[position], []).append(item)
    rng = random.Random(len(acked))
    sampled = {a.index for a in rng.sample(acked, min(sample, len(acked)))}
    verified: set[int] = set()
    for size, items in under.items():
        items.sort(key=lambda a: a.index)
        chosen = {items[0].index, items[-1].index, rng.choice(items).index}
        chosen = set(sorted(chosen)[:full]) | {a.index for a in items if a.index in sampled}
        roots = set()
        try:
            for index in sorted(chosen):
                roots.add(_full_bundle(ledger, chain, index, size, key, entries))
            if len(roots) != 1:
                raise AssertionError(f"bundles under anchor {size} prove {len(roots)} roots")
            leaves = [entries[i].leaf_hash for i in range(size)]
            if merkle_root(leaves) != roots.pop():
                raise AssertionError(f"the log's leaves [0, {size}) are not the anchored tree")
        except Exception as exc:
            result.problem(f"anchor {size}: no verifying bundle: {exc!r:.300}")
            result.lost += len(items)
            continue
        verified.update(a.index for a in items)
    result.verified = len(verified)


def _full_bundle(ledger: Deployment, chain: ChainConnection, index: int, size: int, key: str,
                 entries: Mapping[int, LogEntry]) -> bytes:
    """Assemble entry `index`'s bundle from the node, verify its JSON; return the proven root."""
    bundle = ledger.evidence_bundle(index)
    verdict = verify(EvidenceBundle.from_json(bundle.to_json()), log_key=key)
    if (verdict.entry_index, verdict.tree_size) != (index, size) or not verdict.log_authenticated:
        raise AssertionError(f"the verdict of entry {index} is about something else: {verdict}")
    stored = entries[index]
    if verdict.digest != "sha256:" + stored.digest.hex():
        raise AssertionError(f"the bundle of entry {index} proves another digest")
    return parse_checkpoint(parse_note(bundle.checkpoint).text).root


def _check_served_bundles(deployment: DeploymentHome, rpc_url: str, acked: list[Acked], key: str,
                          result: AuditResult, count: int) -> None:
    """`count` entries' bundles from the running server, checked by `ipledger-verify`.

    The document, the bundle from GET /v1/entries/{i}/evidence, the log's verifier key and
    the node to confirm the block: exit code 0 (PROVEN) or the audit fails.
    """
    candidates = [a for a in acked if a.document is not None]
    if not candidates or count <= 0:
        return
    headers = {"Authorization": f"Bearer {deployment.keys['office-a']}"}
    verify_cli = str(Path(sys.executable).parent / "ipledger-verify")
    for item in random.Random(len(acked)).sample(candidates, min(count, len(candidates))):
        answer = httpx.get(f"{deployment.url}/v1/entries/{item.index}/evidence",
                           headers=headers, timeout=30)
        if answer.status_code != 200:
            result.problem(f"entry {item.index}: the API answered {answer.status_code} for "
                           f"its evidence: {answer.text[:200]}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            document, bundle = Path(tmp, "document"), Path(tmp, "bundle.json")
            document.write_text(item.document or "")
            bundle.write_bytes(answer.content)
            done = subprocess.run(
                [verify_cli, str(document), str(bundle), "--log-key", key, "--rpc", rpc_url],
                capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0 or "PROVEN" not in done.stdout:
            result.problem(f"entry {item.index}: ipledger-verify exited {done.returncode}: "
                           f"{(done.stdout + done.stderr)[-300:]}")
        else:
            result.proven_by_cli += 1
