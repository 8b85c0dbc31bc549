"""The `ipledger` commands that work on the local log: init, stamp, checkpoint, proof, chain."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from sqlalchemy.exc import OperationalError

from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.ledger.checkpoints import (
    checkpoint_at,
    cut_checkpoint,
    latest_checkpoint,
    list_checkpoints,
)
from ipledger.ledger.client import (
    RECEIPT_SUFFIX,
    ApiClient,
    ServerError,
    entry_receipts,
    evidence_path,
    receipt_path,
)
from ipledger.ledger.config import Settings
from ipledger.ledger.entries import prepare_entries
from ipledger.ledger.errors import InvalidEntry, LedgerError
from ipledger.ledger.hashing import HashedFile, expand_paths, hash_file
from ipledger.ledger.service import Ledger, verifier_key_file
from ipledger.verifier.checkpoint import verify_checkpoint
from ipledger.verifier.errors import VerifierError
from ipledger.verifier.leaf import format_digest
from ipledger.verifier.proof import verify_inclusion
from ipledger.verifier.verify import verify

APPEND_BATCH = 10_000

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False)

app = typer.Typer(
    name="ipledger",
    help="Blockchain-anchored evidence ledger: stamp document hashes, prove when they existed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

chain_app = typer.Typer(
    help="The chain that anchors the log: the managed local anvil node, or IPLEDGER_RPC_URL.",
    no_args_is_help=True,
)
app.add_typer(chain_app, name="chain")

DataDir = Annotated[
    Path | None,
    typer.Option("--dir", help="Data directory of the log [env IPLEDGER_DATA_DIR; .ipledger]"),
]


def settings_for(data_dir: Path | None, **overrides: Any) -> Settings:
    """Return the Settings, with the data directory (and other values) given on the line."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        values["data_dir"] = data_dir
    return Settings(**values)


@contextmanager
def open_ledger(data_dir: Path | None) -> Iterator[Ledger]:
    """Open the initialized ledger of `data_dir` and close it afterwards."""
    ledger = Ledger.open(settings_for(data_dir))
    try:
        yield ledger
    finally:
        ledger.close()


@app.command()
def init(
    data_dir: DataDir = None,
    origin: Annotated[
        str | None,
        typer.Option(help="The log's name, first line of its checkpoints [IPLEDGER_ORIGIN]"),
    ] = None,
) -> None:
    """Create a log: data directory, Ed25519 log key and database (an existing key is kept)."""
    settings = settings_for(data_dir, origin=origin)
    ledger, created = Ledger.init(settings)
    try:
        size = ledger.store.size()
    finally:
        ledger.close()
    state = "created a new log key" if created else "kept the existing log key"
    console.print(f"Log [bold]{ledger.origin}[/] in {settings.data_dir} ({state}, {size} entries)")
    console.print(f"Verifier key ({verifier_key_file(settings)}):")
    console.print(f"  {ledger.signer.verifier_key}")


ServerOpt = Annotated[
    str | None, typer.Option("--server", help="URL of an ipledger server, e.g. http://host:8080")
]
ApiKeyOpt = Annotated[
    str | None, typer.Option("--api-key", envvar="IPLEDGER_API_KEY", help="API key [env]")
]


@app.command()
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
        raise click.UsageError("give either --local (the log in --dir) or --server URL")
    files = expand_paths(paths)
    if not files:
        raise click.UsageError("the paths hold no files to stamp")
    meta = _metadata_option(metadata)
    hashed = hash_with_progress(files, quiet=as_json)
    submissions = [{"digest": h.digest, "metadata": meta} for h in hashed]
    prepared = prepare_entries(submissions)
    if server is not None:
        rows = _stamp_on_server(server, api_key, hashed, meta)
    else:
        with open_ledger(data_dir) as ledger:
            entries = []
            for start in range(0, len(prepared), APPEND_BATCH):
                entries.extend(ledger.store.append(prepared[start : start + APPEND_BATCH]))
        rows = [
            {"path": str(h.path), **e.public().model_dump(by_alias=True)}
            for h, e in zip(hashed, entries, strict=True)
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


def _stamp_on_server(
    server: str, api_key: str | None, hashed: list[HashedFile], meta: dict[str, Any] | None
) -> list[dict[str, Any]]:
    client = ApiClient(server, api_key)
    try:
        verifier_key = client.log_info()["verifier_key"]
        rows = []
        for start in range(0, len(hashed), APPEND_BATCH):
            chunk = hashed[start : start + APPEND_BATCH]
            answer = client.submit_batch([{"digest": h.digest, "metadata": meta} for h in chunk])
            receipts = entry_receipts(answer, [meta] * len(chunk), verifier_key)
            for h, receipt in zip(chunk, receipts, strict=True):
                record = {
                    "format": "ipledger-receipt-file",
                    "version": 1,
                    "server": client.server,
                    "verifier_key": verifier_key,
                    "entry_receipt": receipt,
                }
                receipt_path(h.path).write_text(json.dumps(record, indent=2) + "\n")
                rows.append({"path": str(h.path), **receipt})
        return rows
    finally:
        client.close()


@app.command()
def checkpoint(data_dir: DataDir = None) -> None:
    """Cut and sign a checkpoint of the log now (nothing is cut for an unchanged tree)."""
    with open_ledger(data_dir) as ledger:
        cut = cut_checkpoint(ledger.store, ledger.signer)
        if cut is None:
            last = latest_checkpoint(ledger.store)
            size = ledger.store.size()
            if last is None:
                console.print("The log is empty: nothing to checkpoint yet.")
            else:
                console.print(f"The tree is unchanged since the checkpoint at size {size}:")
                console.print(last.note, end="")
            return
    console.print(f"Checkpoint at size {cut.tree_size}, root {cut.root.hex()}:")
    console.print(cut.note, end="")


@app.command()
def proof(
    index: Annotated[int, typer.Argument(help="Index of the entry", min=0)],
    size: Annotated[
        int | None, typer.Option(help="Tree size of the checkpoint to prove against [latest]")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    data_dir: DataDir = None,
) -> None:
    """Print the inclusion proof of an entry and the signed checkpoint it leads to."""
    with open_ledger(data_dir) as ledger:
        store = ledger.store
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
        checked = verify_checkpoint(cp.note, ledger.signer.verifier_key)
        verify_inclusion(index, cp.tree_size, entry.leaf_hash, hashes, checked.root)
        key = ledger.signer.verifier_key
    result = {
        "entry": entry.public().model_dump(by_alias=True),
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


@app.command()
def demo(
    data_dir: Annotated[Path, typer.Option("--dir", help="Folder for the demo's files")] = Path(
        "demo-out"
    ),
) -> None:
    """Run the main job end to end on the embedded default, narrated."""
    from ipledger.ledger.demo import run_demo

    run_demo(data_dir, console)


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="The backup file to write (must not exist)")],
    data_dir: DataDir = None,
) -> None:
    """Copy the SQLite log to DEST while it is in use, and check the copy before keeping it."""
    from ipledger.ledger.backup import backup as make_backup

    with open_ledger(data_dir) as ledger:
        report = make_backup(ledger, dest)
        key_file = ledger.settings.resolved_log_key_file
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


@app.command()
def check(data_dir: DataDir = None) -> None:
    """Rebuild the log from its entries; compare every leaf, tile, root, checkpoint and anchor."""
    from ipledger.ledger.integrity import check_log

    with open_ledger(data_dir) as ledger, Progress(
        TextColumn("checking"), BarColumn(), TextColumn("{task.completed:,} of {task.total:,}"),
        TimeRemainingColumn(), console=err_console, transient=True,
    ) as bar:
        task = bar.add_task("check", total=ledger.store.size())
        report = check_log(ledger, lambda done, size: bar.update(task, completed=done, total=size))
    console.print(
        f"The log is sound: {report.size:,} entries ({report.with_metadata:,} with metadata) "
        f"rebuilt from their fields; {report.tiles:,} hash tiles, the root "
        f"{report.root.hex()}, {report.checkpoints:,} signed checkpoints and "
        f"{report.anchors:,} anchors agree with them."
    )


@app.command()
def worker(
    poll: Annotated[float, typer.Option(help="Seconds between passes")] = 2.0,
    data_dir: DataDir = None,
) -> None:
    """Cut checkpoints when due and anchor them, until interrupted (one worker per log)."""
    import signal
    import threading

    from ipledger.ledger.logs import configure_logging
    from ipledger.ledger.runtime import make_worker, open_chain

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with open_ledger(data_dir) as ledger:
        configure_logging(ledger.settings.log_level, ledger.settings.log_format)
        chain = open_chain(ledger.settings)
        console.print(
            f"Anchoring {ledger.origin} on {chain.preset.name} (chain {chain.preset.chain_id}), "
            f"contract {chain.deployment.address}, account {chain.signer.address}"
        )
        make_worker(ledger, chain).run(stop, poll_interval=poll)


@app.command()
def anchor(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for finality")] = 120.0,
    data_dir: DataDir = None,
) -> None:
    """Cut a checkpoint of the current tree and anchor it now; wait until it is final."""
    from ipledger.ledger.runtime import make_worker, open_chain

    with open_ledger(data_dir) as ledger:
        chain = open_chain(ledger.settings)
        cut_checkpoint(ledger.store, ledger.signer)
        done = make_worker(ledger, chain).run_until_final(timeout)
    url = chain.preset.tx_url(done.tx_hash or "")
    console.print(
        f"Anchored tree size {done.tree_size} in block {done.block_number} "
        f"({_utc(done.block_time)}), transaction {done.tx_hash}" + (f"\n{url}" if url else "")
    )


@app.command()
def evidence(
    targets: Annotated[
        list[str],
        typer.Argument(help="INDEX of a local entry, or with --server the stamped FILEs"),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write the bundle to (local)")
    ] = None,
    server: ServerOpt = None,
    api_key: ApiKeyOpt = None,
    data_dir: DataDir = None,
) -> None:
    """Export evidence bundles, checked offline before they are written.

    Local: `ipledger evidence INDEX -o FILE`. Server: `ipledger evidence --server URL FILE...`
    upgrades each file's receipt to its bundle (FILE.evidence.json) once anchored; exit 3
    when some are still waiting for their anchor.
    """
    if server is not None:
        pending = _evidence_from_server(server, api_key, [Path(t) for t in targets])
        if pending:
            raise typer.Exit(3)
        return
    if len(targets) != 1 or not targets[0].isdigit() or output is None:
        raise click.UsageError("give one entry INDEX and -o FILE (or --server URL FILE...)")
    from ipledger.ledger.runtime import evidence_bundle, open_chain

    index = int(targets[0])
    with open_ledger(data_dir) as ledger:
        bundle = evidence_bundle(ledger, open_chain(ledger.settings), index)
    output.write_text(bundle.to_json(), encoding="utf-8")
    a = bundle.anchor
    console.print(
        f"Wrote {output}: entry {index}, anchored in block {a.block_number} "
        f"({_utc(a.block_time)}) on chain {a.chain_id}"
    )


def _evidence_from_server(server: str, api_key: str | None, files: list[Path]) -> int:
    client = ApiClient(server, api_key)
    pending = 0
    try:
        for path in files:
            try:
                record = json.loads(receipt_path(path).read_text())
            except (OSError, ValueError) as exc:
                raise ServerError(
                    f"no readable receipt for {path} ({receipt_path(path).name}): stamp it "
                    f"with --server first ({exc})"
                ) from None
            index = record["entry_receipt"]["index"]
            result = client.evidence(index)
            if result.bundle is None:
                pending += 1
                console.print(
                    f"{path}: entry {index} is not anchored yet; "
                    f"try again in {result.retry_after} s"
                )
                continue
            verdict = verify(
                result.bundle, document=path.read_bytes(), log_key=record["verifier_key"]
            )
            evidence_path(path).write_text(result.bundle, encoding="utf-8")
            console.print(f"{path}: wrote {evidence_path(path).name}. {verdict.claim()}")
    finally:
        client.close()
    return pending


def _utc(seconds: int | None) -> str:
    if seconds is None:
        return "time unknown"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@chain_app.command("up")
def chain_up_command(data_dir: DataDir = None) -> None:
    """Start the managed local node (kept running), fund the key and deploy the contract once."""
    from ipledger.ledger.runtime import open_chain

    settings = settings_for(data_dir)
    chain = open_chain(settings)
    if chain.managed:
        console.print(chain_status(settings.data_dir).describe())
    else:
        console.print(f"Connected to {chain.preset.name} (chain {chain.preset.chain_id})")
    console.print(f"EvidenceAnchor contract: {chain.deployment.address}")
    console.print(f"Anchoring account (the log's on-chain address): {chain.signer.address}")


@chain_app.command("down")
def chain_down_command(data_dir: DataDir = None) -> None:
    """Stop the managed local node; its state is saved in the data directory."""
    settings = settings_for(data_dir)
    stopped = chain_down(settings.data_dir)
    console.print("anvil stopped, state saved" if stopped else "anvil was not running")


@chain_app.command("status")
def chain_status_command(data_dir: DataDir = None) -> None:
    """Say whether the managed local node runs, where, and the recorded contract."""
    from ipledger.ledger.chain.contract import load_deployment

    settings = settings_for(data_dir)
    console.print(chain_status(settings.data_dir).describe())
    deployment = load_deployment(settings.data_dir)
    if deployment is not None:
        console.print(
            f"EvidenceAnchor contract {deployment.address} on chain {deployment.chain_id}"
        )


class ProofUnavailable(LedgerError):
    """No checkpoint covers the entry at the requested size."""


def _metadata_option(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    prepared = prepare_entries([{"digest": "sha256:" + "0" * 64, "metadata": text}])
    value: dict[str, Any] = json.loads(prepared[0].metadata_jcs or "null")
    return value


def hash_with_progress(files: Sequence[Path], quiet: bool = False) -> list[HashedFile]:
    """Hash files with a Rich progress bar over the total number of bytes."""
    total = sum(f.stat().st_size for f in files)
    with Progress(
        TextColumn("[bold]hashing[/] {task.fields[name]}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet or not err_console.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("hash", total=total, name="")
        advance: Callable[[int], None] = lambda n: progress.advance(task, n)  # noqa: E731
        out = []
        for f in files:
            progress.update(task, name=f.name)
            out.append(hash_file(f, advance))
    return out


def main(argv: Sequence[str] | None = None, typer_app: typer.Typer = app) -> int:
    """Run the CLI; print a LedgerError or VerifierError as one line and exit non-zero."""
    try:
        result = typer_app(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        _error("aborted")
        return 130
    except InvalidEntry as exc:
        _error(f"{exc} (nothing was appended)")
        return 2
    except (LedgerError, VerifierError) as exc:
        _error(str(exc))
        return 1
    except OperationalError as exc:  # locked past its timeout, disk full, server gone
        reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        _error(f"the database is unavailable ({reason[0] if reason else 'no reason given'}); "
               "nothing was changed, try again")
        return 1
    # With standalone_mode=False click returns the code of a typer.Exit instead of raising.
    return result if isinstance(result, int) else 0


def _error(message: str) -> None:
    print(f"ipledger: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
