"""The `ipledger` commands that work on the local log: init, stamp, checkpoint, proof, chain."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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

from ledger.config import Settings
from ledger.entries import prepare_entries
from ledger.errors import InvalidEntry, LedgerError
from ledger.hashing import HashedFile, expand_paths, hash_file
from ledger.service import Ledger, verifier_key_file
from verifier.errors import VerifierError

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


@app.command()
def stamp(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to stamp", show_default=False)
    ],
    local: Annotated[
        bool, typer.Option("--local", help="Append to the log in the data directory")
    ] = False,
    metadata: Annotated[
        str | None,
        typer.Option(help='JSON object recorded with every file, e.g. \'{"office": "EP"}\''),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines")] = False,
    data_dir: DataDir = None,
) -> None:
    """Hash files locally (documents never leave the machine) and append their hashes."""
    if not local:
        raise click.UsageError("give --local to append to the log in the data directory")
    files = expand_paths(paths)
    if not files:
        raise click.UsageError("the paths hold no files to stamp")
    meta = _metadata_option(metadata)
    hashed = hash_with_progress(files, quiet=as_json)
    submissions = [{"digest": h.digest, "metadata": meta} for h in hashed]
    prepared = prepare_entries(submissions)
    with open_ledger(data_dir) as ledger:
        entries = []
        for start in range(0, len(prepared), APPEND_BATCH):
            entries.extend(ledger.store.append(prepared[start : start + APPEND_BATCH]))
    if as_json:
        for h, e in zip(hashed, entries, strict=True):
            print(json.dumps({"path": str(h.path), **e.public().model_dump(by_alias=True)}))
        return
    table = Table(title=f"{len(entries)} entries appended")
    table.add_column("index", justify="right")
    table.add_column("digest", overflow="fold")
    table.add_column("file", overflow="fold")
    for h, e in zip(hashed, entries, strict=True):
        table.add_row(str(e.index), h.digest, str(h.path))
    console.print(table)


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
        typer_app(args=list(argv) if argv is not None else None, standalone_mode=False)
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
    return 0


def _error(message: str) -> None:
    print(f"ipledger: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
