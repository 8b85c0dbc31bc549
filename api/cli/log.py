"""The log's commands: init, stamp, checkpoint, proof, backup, check."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from ipledger.api.cli.client import ApiClient, ServerTarget
from ipledger.api.cli.common import (
    ApiKeyOpt,
    DataDir,
    ServerOpt,
    console,
    err_console,
    hash_with_progress,
    metadata_option,
    open_deployment,
    settings_for,
)
from ipledger.api.cli.errors import CommandUsageError, ProofUnavailable
from ipledger.api.cli.stamping import (
    LocalTarget,
    ReceiptNotWritten,
    StampOutcome,
    StampTarget,
    file_outcomes,
    plan_and_stamp,
    receipt_record,
    when,
    write_receipts,
)
from ipledger.ledger.checkpoints import (
    checkpoint_at,
    cut_checkpoint,
    latest_checkpoint,
    list_checkpoints,
)
from ipledger.ledger.cosigning.client import collect_cosignatures
from ipledger.ledger.cosigning.store import cosigned_note
from ipledger.ledger.deployment import Deployment, verifier_key_file
from ipledger.ledger.entries import LogEntry, prepare_entries
from ipledger.ledger.hashing import expand_paths
from ipledger.ledger.timestamping.client import collect_timestamps
from ipledger.ledger.witness.cosigning import ensure_witness_key
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.leaf import format_digest
from ipledger.verifier.core.proof import verify_inclusion

log_app = typer.Typer(rich_markup_mode=None)


def entry_json(entry: LogEntry) -> dict[str, Any]:
    """Return an entry as the command line prints it: hashes in hex, metadata as an object."""
    return {
        "index": entry.index,
        "digest": format_digest(entry.digest),
        "nonce": entry.nonce.hex(),
        "metadata": entry.metadata,
        "received_at": entry.received_at,
        "leaf_hash": entry.leaf_hash.hex(),
    }


@log_app.command()
def init(
    data_dir: DataDir = None,
    origin: Annotated[
        str | None,
        typer.Option(help="The log's name, first line of its checkpoints [IPLEDGER_ORIGIN]"),
    ] = None,
) -> None:
    """Create a log: data directory, Ed25519 log key and database (an existing key is kept)."""
    settings = settings_for(data_dir, origin=origin)
    deployment, created = Deployment.init(settings)
    try:
        size = deployment.store.size()
    finally:
        deployment.close()
    witness_key, witness_created = ensure_witness_key(settings, deployment.origin)
    state = "created a new log key" if created else "kept the existing log key"
    console.print(Text.assemble(
        "Log ", (deployment.origin, "bold"), f" in {settings.data_dir} ({state}, {size} entries)"
    ))
    console.print(f"Verifier key ({verifier_key_file(settings)}):")
    console.print(f"  {deployment.verifier_key}")
    made = "created" if witness_created else "kept"
    console.print(f"Witness cosigner key ({made} {settings.resolved_witness_key_file}):")
    console.print(f"  {witness_key.verifier_key}", markup=False)


@log_app.command()
def stamp(  # noqa: PLR0917 (Typer maps parameters to options)
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to stamp", show_default=False),
    ] = None,
    local: Annotated[
        bool, typer.Option("--local", help="Append to the log in the data directory")
    ] = False,
    server: ServerOpt = None,
    api_key: ApiKeyOpt = None,
    metadata: Annotated[
        str | None,
        typer.Option(help='JSON object recorded with every file, e.g. \'{"office": "EP"}\''),
    ] = None,
    digests: Annotated[
        list[str] | None,
        typer.Option(
            "--digest", help="Record a sha256:HEX with no file (repeatable); prints the receipt"
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="With one --digest: write its receipt to this file"),
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Record a new entry even for what the log holds already (older receipts kept)",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines")] = False,
    data_dir: DataDir = None,
) -> None:
    """Hash files locally (documents never leave the machine) and record their hashes.

    With --local into the log in the data directory, with --server through an ipledger
    server; either way a signed receipt is written beside each file
    (FILE.ipledger-receipt.json). A file the log already holds keeps its earliest record:
    it is reported with its entry and not recorded again (unless --again, whose receipt
    goes to FILE.ipledger-receipt.2.json, .3.json ...). ipledger's own receipt, evidence
    and report files are never stamped, nor a log's data directory met in a folder.
    """
    if local == (server is not None):
        raise CommandUsageError("give either --local (the log in --dir) or --server URL")
    if bool(paths) == bool(digests):
        raise CommandUsageError("give files or folders to stamp, or --digest sha256:HEX")
    if output is not None and (not digests or len(digests) != 1):
        raise CommandUsageError("-o FILE takes the receipt of one --digest; leave it out for more")
    if output is not None and output.exists():
        raise CommandUsageError(f"{output} exists; name a new file for the receipt")
    meta = metadata_option(metadata)
    if digests:
        prepare_entries([{"digest": d} for d in digests])  # InvalidEntry before anything
        outcomes = [StampOutcome(path=None, digest=d) for d in digests]
    else:
        files = expand_paths(paths or [])
        if not files:
            raise CommandUsageError(
                "the paths hold no files to stamp (ipledger's own receipt, evidence and "
                "report files are never stamped)"
            )
        outcomes = file_outcomes(hash_with_progress(files, quiet=as_json))
    with _stamp_target(local, server, api_key, data_dir) as target:
        plan_and_stamp(target, outcomes, meta, again=again)
        write_receipts(target, outcomes)
        records = [receipt_record(target, o.receipt or {}) for o in outcomes]
    if output is not None:
        try:
            with output.open("x", encoding="utf-8") as f:
                f.write(json.dumps(records[0], indent=2) + "\n")
        except OSError as exc:
            raise ReceiptNotWritten(
                f"cannot write {output} ({exc.strerror or exc}); the digest is recorded: run "
                "the same command with another -o FILE to get its receipt"
            ) from None
        outcomes[0].receipt_file = output
    if as_json:
        for outcome in outcomes:
            print(json.dumps(outcome.row()))
        return
    if digests and output is None:
        for record in records:
            print(json.dumps(record, indent=2))
    _print_stamped(outcomes, err_console if digests and output is None else console)


@contextmanager
def _stamp_target(
    local: bool, server: str | None, api_key: str | None, data_dir: Path | None
) -> Iterator[StampTarget]:
    if server is not None:
        client = ApiClient(server, api_key)
        try:
            yield ServerTarget(client)
        finally:
            client.close()
        return
    with open_deployment(data_dir) as deployment:
        yield LocalTarget(deployment)


def _print_stamped(outcomes: list[StampOutcome], out: Console) -> None:
    lines: list[str] = []  # printed in one call: Rich costs ~77 µs a call, 0.5 s for 6,000 files
    for o in outcomes:
        receipt = o.receipt or {}
        entry = f"entry {receipt.get('index')} ({when(receipt.get('received_at', 0))})"
        name = "" if o.receipt_file is None else o.receipt_file.name
        said = {
            "stamped": f"recorded as {entry}; receipt {name}",
            "again": f"recorded again (--again) as {entry}; receipt {name}",
            "kept": f"already stamped as {entry}; receipt {name} kept",
            "recorded": f"already in the log as {entry}; receipt written to {name}",
        }[o.status]
        if o.path is None:
            said = said.removesuffix(f"; receipt {name}")
        lines.append(f"{o.digest if o.path is None else o.path}: {said}")
        lines.extend(f"  {note}" for note in o.notes)
    counts = Counter(o.status for o in outcomes)
    new, old = counts["stamped"] + counts["again"], counts["kept"] + counts["recorded"]
    lines.append(
        f"{new} new {'entry' if new == 1 else 'entries'}; "
        f"{old} already in the log, kept at {'its' if old == 1 else 'their'} earliest entry."
    )
    out.print("\n".join(lines))


@log_app.command()
def checkpoint(data_dir: DataDir = None) -> None:
    """Cut and sign a checkpoint of the log now (nothing is cut for an unchanged tree).

    Then ask the witnesses of IPLEDGER_WITNESSES, once and in parallel (within
    IPLEDGER_WITNESS_TIMEOUT), to cosign the newest checkpoint, and the TSAs of
    IPLEDGER_TSA_URLS (within IPLEDGER_TSA_TIMEOUT) for its RFC 3161 token, saying per
    witness and TSA what happened; the checkpoint is printed with the cosignatures collected.
    """
    with open_deployment(data_dir) as deployment:
        cut = cut_checkpoint(deployment.store, deployment.log_signer)
        last = cut or latest_checkpoint(deployment.store)
        if last is None:
            console.print("The log is empty: nothing to checkpoint yet.")
            return
        settings = deployment.settings
        for outcome in collect_cosignatures(
            deployment.store, settings.witness_endpoints, timeout=settings.witness_timeout
        ):
            console.print(
                f"Witness {outcome.witness.name} ({outcome.witness.shown_url}): "
                f"{outcome.status}: {outcome.message}",
                markup=False, highlight=False,
            )
        for stamped in collect_timestamps(
            deployment.store, settings.tsa_endpoints, roots=settings.tsa_roots,
            timeout=settings.tsa_timeout,
        ):
            console.print(
                f"TSA {stamped.tsa.shown_url}: {stamped.status}: {stamped.message}",
                markup=False, highlight=False,
            )
        note = cosigned_note(deployment.store, last.tree_size)
    if cut is None:
        console.print(f"The tree is unchanged since the checkpoint at size {last.tree_size}:")
    else:
        console.print(f"Checkpoint at size {cut.tree_size}, root {cut.root.hex()}:")
    console.print(note, end="", markup=False, highlight=False)


@log_app.command()
def proof(
    index: Annotated[int, typer.Argument(help="Index of the entry", min=0)],
    size: Annotated[
        int | None, typer.Option(help="Tree size of the checkpoint to prove against [latest]")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    data_dir: DataDir = None,
) -> None:
    """Print the inclusion proof of an entry and the signed checkpoint it leads to."""
    with open_deployment(data_dir) as deployment:
        store = deployment.store
        entry = store.entry(index)
        cp = latest_checkpoint(store) if size is None else checkpoint_at(store, size)
        if cp is None:
            sizes = [c.tree_size for c in list_checkpoints(store, limit=10)]
            where = f"checkpoints exist at sizes {sizes}" if sizes else "none was cut yet"
            wanted = "any size" if size is None else f"size {size}"
            raise ProofUnavailable(
                f"no checkpoint at {wanted} ({where}); run `ipledger checkpoint`"
            )
        if index >= cp.tree_size:
            raise ProofUnavailable(
                f"entry {index} came after the checkpoint at size {cp.tree_size}; "
                "run `ipledger checkpoint` first"
            )
        hashes = store.inclusion_proof(index, cp.tree_size)
        key = deployment.verifier_key
        note = cosigned_note(store, cp.tree_size)  # with the witnesses' cosignatures
        checked = verify_checkpoint(note, key)
        verify_inclusion(index, cp.tree_size, entry.leaf_hash, hashes, checked.root)
    result = {
        "entry": entry_json(entry),
        "inclusion": {"tree_size": cp.tree_size, "proof": [h.hex() for h in hashes]},
        "checkpoint": note,
        "verifier_key": key,
    }
    if as_json:
        print(json.dumps(result, indent=2))
        return
    console.print(f"Entry {index}: {format_digest(entry.digest)}")
    console.print(f"  leaf hash   {entry.leaf_hash.hex()}")
    console.print(f"  tree size   {cp.tree_size}")
    console.print(f"  proof       {len(hashes)} hashes")
    for h in hashes:
        console.print(f"              {h.hex()}")
    console.print("Checkpoint:")
    console.print(note, end="", markup=False, highlight=False)
    console.print(
        f"\u2714 verified with verifier.verify_inclusion against this checkpoint, signed by {key}"
    )


@log_app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="The backup file to write (must not exist)")],
    data_dir: DataDir = None,
) -> None:
    """Copy the SQLite log to DEST while it is in use, and check the copy before keeping it."""
    from ipledger.ledger.backup import backup as make_backup

    with open_deployment(data_dir) as deployment:
        report = make_backup(deployment, dest)
        key_file = deployment.settings.resolved_log_key_file
        tsa_dir = deployment.settings.resolved_tsa_dir
    checked = (
        f"its checkpoint of size {report.checkpoint_size:,} verified with the log key"
        if report.checkpoint_size is not None
        else "no checkpoint yet"
    )
    console.print(
        f"Backed up {report.size:,} entries (root {report.root.hex()}) to {report.path}; "
        f"checked: SQLite quick_check, root from the hash tiles, {checked}."
    )
    console.print(
        f"The log key is not in the backup: keep a copy of {key_file} apart (it is the "
        "log's identity). To restore: stop ipledger, then copy the backup over ledger.db "
        "and remove ledger.db-wal and ledger.db-shm."
    )
    if tsa_dir.exists():
        console.print(
            f"Nor is the time-stamp authority: keep a copy of the folder {tsa_dir} apart (its "
            "key signs the tokens; its ca.pem is what customers verify them with)."
        )


@log_app.command()
def check(data_dir: DataDir = None) -> None:
    """Rebuild the log from its entries; compare every leaf, tile, root, checkpoint and anchor."""
    from ipledger.ledger.integrity import check_log

    with open_deployment(data_dir) as deployment, Progress(
        TextColumn("checking"), BarColumn(), TextColumn("{task.completed:,} of {task.total:,}"),
        TimeRemainingColumn(), console=err_console, transient=True,
    ) as bar:
        task = bar.add_task("check", total=deployment.store.size())
        report = check_log(
            deployment, lambda done, size: bar.update(task, completed=done, total=size)
        )
    console.print(
        f"The log is sound: {report.size:,} entries ({report.with_metadata:,} with metadata) "
        f"rebuilt from their fields; {report.tiles:,} hash tiles, the root "
        f"{report.root.hex()}, {report.checkpoints:,} signed checkpoints and "
        f"{report.anchors:,} anchors agree with them."
    )
