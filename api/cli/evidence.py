"""Evidence by file: each file's earliest entry, its bundle beside it; `earliest` and `info`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlmodel import Session

from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import (
    ApiKeyOpt,
    DataDir,
    ServerOpt,
    console,
    hash_with_progress,
    open_deployment,
    utc,
)
from ipledger.api.cli.errors import CommandError, CommandUsageError
from ipledger.api.cli.stamping import EarliestEntry, when
from ipledger.ledger.anchoring import anchor_covering
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import prepare_entries
from ipledger.ledger.errors import not_anchored_message
from ipledger.ledger.hashing import (
    EVIDENCE_KIND,
    RECEIPT_KIND,
    HashedFile,
    expand_paths,
    free_sidecar,
    sidecars,
)
from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.leaf import format_digest
from ipledger.verifier.core.verify import verify

# Exit codes of `ipledger evidence` by file: some file is in no entry; some still waits.
EXIT_NOT_RECORDED = 1
EXIT_PENDING = 3

evidence_app = typer.Typer(rich_markup_mode=None)


class BundleMismatch(CommandError):
    """A bundle the log handed out is not of the file asked about."""


def hash_files(paths: Sequence[Path]) -> list[HashedFile]:
    """Hash the documents `paths` name (folders walked, ipledger's own files skipped)."""
    files = expand_paths(paths)
    if not files:
        raise CommandUsageError(
            "the paths hold no documents (ipledger's own receipt, evidence and report files "
            "are skipped)"
        )
    return hash_with_progress(files)


def write_evidence(document: Path, bundle: EvidenceBundle, text: str) -> tuple[Path, str]:
    """Write `text` beside `document`, never over the evidence of another entry.

    The bundle of the same entry of the same log replaces its earlier copy; any other
    evidence file there is kept and this one gets the next free name. Returns the path
    and what was done.
    """
    for path in sidecars(document, EVIDENCE_KIND):
        try:
            old = EvidenceBundle.from_json(path.read_bytes())
        except (OSError, VerifierError, ValueError):
            continue
        same = (
            old.entry == bundle.entry
            and old.checkpoint.split("\n", 1)[0] == (bundle.checkpoint.split("\n", 1)[0])
        )
        if same:
            if path.read_text(encoding="utf-8") == text:
                return path, "unchanged"
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot replace {path} ({exc.strerror or exc})") from None
            return path, "replaced"
    path = free_sidecar(document, EVIDENCE_KIND)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise CommandError(
            f"cannot write {path} ({exc.strerror or exc}); make the folder writable and run "
            "evidence again"
        ) from None
    return path, "wrote"


def _wrote(h: HashedFile, bundle: EvidenceBundle, text: str) -> None:
    if bundle.entry.digest != h.sha256:
        raise BundleMismatch(
            f"{h.path}: the bundle of entry {bundle.entry.index} is of another digest "
            f"({format_digest(bundle.entry.digest)}); nothing was written"
        )
    path, done = write_evidence(h.path, bundle, text)
    a = bundle.anchor
    console.print(
        f"{h.path}: {done} {path.name} (entry {bundle.entry.index}, block {a.block_number} "
        f"of {utc(a.block_time)} on chain {a.chain_id})"
    )


def evidence_local(deployment: Deployment, paths: Sequence[Path]) -> int:
    """Write each file's bundle of its earliest entry in the local log; return the exit code."""
    hashed = hash_files(paths)
    store = deployment.store
    earliest = {h.path: store.earliest(h.sha256) for h in hashed}
    recorded = [e.index for e in earliest.values() if e is not None]
    bundles = deployment.evidence_bundles(recorded) if recorded else {}
    missing = pending = 0
    for h in hashed:
        entry = earliest[h.path]
        if entry is None:
            missing += 1
            console.print(
                f"{h.path}: not in this log ({h.digest}); stamp it first: "
                f"`ipledger stamp --local {h.path}`"
            )
            continue
        bundle = bundles[entry.index]
        if bundle is None:
            pending += 1
            console.print(f"{h.path}: {not_anchored_message(entry.index)}")
            continue
        _wrote(h, bundle, bundle.to_json())
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0


def own_index(
    client: ApiClient, verifier_key: str, h: HashedFile, first: EarliestEntry | None
) -> tuple[int | None, str]:
    """Return the caller's earliest entry of the file on the server, or why there is none.

    `first` is the server's earliest entry of the file's digest (anyone's), or None.
    """
    if first is not None and first.yours:
        return first.index, ""
    own = []
    for path in sidecars(h.path, RECEIPT_KIND):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            document = record["entry_receipt"]
            if record.get("verifier_key") == verifier_key and document["digest"] == h.digest:
                own.append(int(document["index"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    if own:
        return min(own), ""
    if first is not None:
        return None, (
            f"another account recorded it first (entry {first.index}, "
            f"{when(first.received_at)}); stamp it with your key to get evidence of your own"
        )
    return None, f"not recorded on {client.server}; stamp it first with `ipledger stamp --server`"


def own_entries(
    client: ApiClient, paths: Sequence[Path], missing: list[Path]
) -> Iterator[tuple[HashedFile, int, str]]:
    """Yield each file, the index of its earliest own entry on the server and the log's key.

    A file with no entry of the caller's own is said in a line and added to `missing`.
    """
    hashed = hash_files(paths)
    verifier_key: str = client.log_info()["verifier_key"]
    firsts = client.earliest_of_many([h.digest for h in hashed])
    for h, first in zip(hashed, firsts, strict=True):
        index, why = own_index(client, verifier_key, h, first)
        if index is None:
            missing.append(h.path)
            console.print(f"{h.path}: {why}")
            continue
        yield h, index, verifier_key


def evidence_server(client: ApiClient, paths: Sequence[Path]) -> int:
    """Fetch each file's bundle of its earliest own entry on the server; return the exit code."""
    missing: list[Path] = []
    pending = 0
    for h, index, verifier_key in own_entries(client, paths, missing):
        result = client.evidence(index)
        if result.bundle is None:
            pending += 1
            detail = result.detail or f"entry {index} is not anchored yet"
            console.print(f"{h.path}: {detail}; try again in {result.retry_after} s")
            continue
        verify(result.bundle, log_key=verifier_key)
        _wrote(h, EvidenceBundle.from_json(result.bundle), result.bundle)
    return EXIT_NOT_RECORDED if missing else EXIT_PENDING if pending else 0


def _targets(paths: list[Path] | None, digests: list[str] | None) -> list[tuple[str, str]]:
    """Return (label, digest) pairs for files and --digest values."""
    if bool(paths) == bool(digests):
        raise CommandUsageError("give files or folders, or --digest sha256:HEX")
    if digests:
        prepare_entries([{"digest": d} for d in digests])  # InvalidEntry for a malformed one
        return [(d, d) for d in digests]
    return [(str(h.path), h.digest) for h in hash_files(paths or [])]


@evidence_app.command()
def earliest(  # noqa: PLR0917 (Typer maps parameters to options)
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders", show_default=False)
    ] = None,
    digests: Annotated[
        list[str] | None, typer.Option("--digest", help="A sha256:HEX (repeatable)")
    ] = None,
    server: ServerOpt = None,
    api_key: ApiKeyOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines")] = False,
    data_dir: DataDir = None,
) -> None:
    """Say when each document was first recorded: its entry, time, anchored or not.

    In the local log (--dir), or with --server in a server's log (whoever recorded it).
    Exit 1 when one was never recorded.
    """
    targets = _targets(paths, digests)
    rows = (
        _earliest_server(server, api_key, targets) if server else _earliest_local(data_dir, targets)
    )
    for row in rows:
        if as_json:
            print(json.dumps(row))
        else:
            console.print(_earliest_line(row))
    if any(row["index"] is None for row in rows):
        raise typer.Exit(EXIT_NOT_RECORDED)


def _earliest_line(row: dict[str, Any]) -> str:
    label = row["label"]
    if row["index"] is None:
        return f"{label}: never recorded in this log"
    anchored = row["anchor"]
    return f"{label}: first recorded as entry {row['index']} at {when(row['received_at'])}; " + (
        anchored if isinstance(anchored, str) else "not anchored yet"
    )


def _anchor_words(state: str | None, block: int | None, block_time: int | None) -> str | None:
    if state in ("included", "final") and block is not None:
        return f"anchored in block {block} ({utc(block_time)}), {state}"
    return None


def _earliest_local(data_dir: Path | None, targets: list[tuple[str, str]]) -> list[dict[str, Any]]:
    rows = []
    with open_deployment(data_dir) as deployment:
        for label, digest in targets:
            entry = deployment.store.earliest(digest)
            row: dict[str, Any] = {"label": label, "digest": digest, "index": None}
            if entry is not None:
                # Read from the log's own records, without connecting (or starting) a chain.
                with Session(deployment.engine) as session:
                    anchor = anchor_covering(session, entry.index)
                words = None
                if anchor is not None:
                    words = _anchor_words(anchor.state, anchor.block_number, anchor.block_time)
                    words = words and f"{words} on chain {anchor.chain_id}"
                row.update(index=entry.index, received_at=entry.received_at, anchor=words)
            rows.append(row)
    return rows


def _earliest_server(
    server: str, api_key: str | None, targets: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    client = ApiClient(server, api_key)
    rows = []
    try:
        firsts = client.earliest_of_many([digest for _, digest in targets])
        for (label, digest), first in zip(targets, firsts, strict=True):
            row: dict[str, Any] = {"label": label, "digest": digest, "index": None}
            if first is not None:
                row.update(index=first.index, received_at=first.received_at, yours=first.yours)
                if first.yours:
                    entry = client.entry(first.index)
                    anchor = entry.get("anchor") or {}
                    row["anchor"] = _anchor_words(
                        entry.get("status"), anchor.get("block_number"), anchor.get("block_time")
                    )
                else:
                    row["anchor"] = "recorded by another account (its anchoring is theirs to ask)"
            rows.append(row)
    finally:
        client.close()
    return rows


@evidence_app.command()
def info(
    bundle_file: Annotated[Path, typer.Argument(help="An evidence bundle (FILE.evidence.json)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Print what a bundle claims, without the document and without checking it."""
    try:
        text = bundle_file.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {bundle_file}: {exc.strerror or exc}") from None
    bundle = EvidenceBundle.from_json(text)
    e, a = bundle.entry, bundle.anchor
    claims = {
        "digest": format_digest(e.digest),
        "entry": e.index,
        "received_at": e.received_at,
        "metadata": e.metadata_object(),
        "log_origin": bundle.checkpoint.split("\n", 1)[0],
        "checkpoint_size": bundle.inclusion.tree_size,
        "chain_id": a.chain_id,
        "block_number": a.block_number,
        "block_time": a.block_time,
        "tx_hash": "0x" + a.tx_hash.hex(),
        "contract": "0x" + a.contract.hex(),
        "log_address": "0x" + a.log.hex(),
        "bundle_version": bundle.version,
        "transaction_carried": a.transaction is not None,
        "block_proof": None if a.block_proof is None else a.block_proof.type,
    }
    if as_json:
        print(json.dumps(claims, indent=2))
        return
    lines = [
        f"{bundle_file} claims (as the bundle states it; nothing here is checked):",
        f"  document digest  {claims['digest']}",
        f"  entry            {e.index} of the log {claims['log_origin']}, received "
        f"{when(e.received_at)}",
        f"  metadata         {json.dumps(claims['metadata'], ensure_ascii=False)}",
        f"  checkpoint       tree size {bundle.inclusion.tree_size}",
        f"  chain            id {a.chain_id}, block {a.block_number} ({utc(a.block_time)})",
        f"  transaction      {claims['tx_hash']}",
        f"  contract         {claims['contract']}, log address {claims['log_address']}",
        f"  format           evidence bundle v{bundle.version}{_v2_words(bundle)}",
        "To check it: ipledger-verify DOCUMENT BUNDLE --log-key KEY [--rpc URL of that chain]",
    ]
    for line in lines:
        console.print(line)


def _v2_words(bundle: EvidenceBundle) -> str:
    proof = bundle.anchor.block_proof
    if bundle.version < 2:
        return " (no transaction, no block proof: a node is needed to show the block canonical)"
    if proof is not None:
        return f"; carries the transaction and a block proof ({proof.type})"
    if bundle.anchor.chain_id == 1:
        return (
            "; carries the transaction, no block proof yet (ask the office again once the "
            "block's period has closed: up to 27 hours after the block)"
        )
    return "; carries the transaction; no block proof (this chain has no beacon chain)"
