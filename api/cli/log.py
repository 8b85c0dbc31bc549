"""The log's commands: init, stamp, checkpoint, proof, backup, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ipledger.api.cli.client import RECEIPT_SUFFIX, stamp_on_server
from ipledger.api.cli.common import (
    APPEND_BATCH,
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
from ipledger.ledger.checkpoints import (
    checkpoint_at,
    cut_checkpoint,
    latest_checkpoint,
    list_checkpoints,
)
from ipledger.ledger.deployment import Deployment, verifier_key_file
from ipledger.ledger.entries import LogEntry, prepare_entries
from ipledger.ledger.hashing import expand_paths
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
    state = "created a new log key" if created else "kept the existing log key"
    console.print(
        f"Log [bold]{deployment.origin}[/] in {settings.data_dir} ({state}, {size} entries)"
    )
    console.print(f"Verifier key ({verifier_key_file(settings)}):")
    console.print(f"  {deployment.verifier_key}")


@log_app.command()
def stamp(  # noqa: PLR0917 (Typer maps parameters to options)
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to stamp", show_default=False)
    ],
    local: Annotated[
        bool, typer.Option("--local", help="Append to the log in the data directory")
    ] = False,
    server: ServerOpt = None,
    api_key: ApiKeyOpt = None,
    metadata: Annotated[
        str | None,
        typer.Option(help='JSON object recorded with every file, e.g. \'{"office": "EP"}\''),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines")] = False,
    data_dir: DataDir = None,
) -> None:
    """Hash files locally (documents never leave the machine) and record their hashes.

    With --local the hashes go into the log in the data directory; with --server they are
    submitted to an ipledger server in batches, and a verified signed receipt is written
    next to each file (FILE.ipledger-receipt.json).
    """
    if local == (server is not None):
        raise CommandUsageError("give either --local (the log in --dir) or --server URL")
    files = expand_paths(paths)
    if not files:
        raise CommandUsageError("the paths hold no files to stamp")
    meta = metadata_option(metadata)
    hashed = hash_with_progress(files, quiet=as_json)
    prepared = prepare_entries([{"digest": h.digest, "metadata": meta} for h in hashed])
    if server is not None:
        rows = stamp_on_server(server, api_key, hashed, meta)
    else:
        with open_deployment(data_dir) as deployment:
            entries = []
            for start in range(0, len(prepared), APPEND_BATCH):
                entries.extend(deployment.store.append(prepared[start : start + APPEND_BATCH]))
        rows = [
            {"path": str(h.path), **entry_json(e)} for h, e in zip(hashed, entries, strict=True)
        ]
    if as_json:
        for row in rows:
            print(json.dumps(row))
        return
    table = Table(title=f"{len(rows)} entries recorded")
    table.add_column("index", justify="right")
    table.add_column("digest", overflow="fold")
    table.add_column("file", overflow="fold")
    for row in rows:
        table.add_row(str(row["index"]), row["digest"], row["path"])
    console.print(table)
    if server is not None:
        console.print(f"Signed receipts written next to each file (*{RECEIPT_SUFFIX}).")


@log_app.command()
def checkpoint(data_dir: DataDir = None) -> None:
    """Cut and sign a checkpoint of the log now (nothing is cut for an unchanged tree)."""
    with open_deployment(data_dir) as deployment:
        cut = cut_checkpoint(deployment.store, deployment.log_signer)
        if cut is None:
            last = latest_checkpoint(deployment.store)
            size = deployment.store.size()
            if last is None:
                console.print("The log is empty: nothing to checkpoint yet.")
            else:
                console.print(f"The tree is unchanged since the checkpoint at size {size}:")
                console.print(last.note, end="")
            return
    console.print(f"Checkpoint at size {cut.tree_size}, root {cut.root.hex()}:")
    console.print(cut.note, end="")


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
        checked = verify_checkpoint(cp.note, key)
        verify_inclusion(index, cp.tree_size, entry.leaf_hash, hashes, checked.root)
    result = {
        "entry": entry_json(entry),
        "inclusion": {"tree_size": cp.tree_size, "proof": [h.hex() for h in hashes]},
        "checkpoint": cp.note,
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
    console.print(cp.note, end="")
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
