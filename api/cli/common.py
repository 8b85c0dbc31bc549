"""What every `ipledger` command shares: the consoles, common options, opening the deployment."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import prepare_entries
from ipledger.ledger.errors import InvalidEntry
from ipledger.ledger.hashing import HashedFile, hash_file

APPEND_BATCH = 10_000

# No markup, no emoji codes: what is printed holds file names, origins and servers' words,
# printed as they are (a file "claims [final].pdf" lost its "[final]", "dir[/]x" raised,
# "a:smile:b.pdf" became "a😄b.pdf"). Styled text is a `Text` with a style.
console = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
err_console = Console(stderr=True, highlight=False, markup=False, emoji=False)

DataDir = Annotated[
    Path | None,
    typer.Option("--dir", help="Data directory of the log [env IPLEDGER_DATA_DIR; .ipledger]"),
]
ServerOpt = Annotated[
    str | None, typer.Option("--server", help="URL of an ipledger server, e.g. http://host:8080")
]
ApiKeyOpt = Annotated[
    str | None, typer.Option("--api-key", envvar="IPLEDGER_API_KEY", help="API key [env]")
]


def settings_for(data_dir: Path | None, **overrides: Any) -> Settings:
    """Return the Settings, with the data directory (and other values) given on the line."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        values["data_dir"] = data_dir
    return Settings(**values)


@contextmanager
def open_deployment(data_dir: Path | None) -> Iterator[Deployment]:
    """Open the initialized deployment of `data_dir` and close it afterwards."""
    deployment = Deployment.open(settings_for(data_dir))
    try:
        yield deployment
    finally:
        deployment.close()


def utc(seconds: int | None) -> str:
    """Return a block time (seconds since the epoch) as `YYYY-MM-DD HH:MM:SS UTC`."""
    if seconds is None:
        return "time unknown"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def metadata_option(text: str | None) -> dict[str, Any] | None:
    """Return the `--metadata` JSON object, validated as entry metadata (InvalidEntry if not)."""
    if text is None:
        return None
    try:
        prepared = prepare_entries([{"digest": "sha256:" + "0" * 64, "metadata": text}])
    except InvalidEntry as exc:  # name the option, not the placeholder entry it was checked in
        raise InvalidEntry(f"--metadata {exc.field}", exc.reason) from None
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
            progress.update(task, name=escape(f.name))  # the column reads markup
            out.append(hash_file(f, advance))
    return out


def tell_chain_started(
    deployment: Deployment, *, stops: bool = False, out: Console = err_console
) -> None:
    """Say that opening the deployment's chain started the managed node, and how it stops.

    On stderr by default; services, whose stderr is their JSON log, say it on stdout.
    """
    from ipledger.ledger.chain.chaindir import live_node

    chain = deployment.open_chain_or_none()
    if chain is None or not chain.started_node:
        return
    node = live_node(deployment.settings.data_dir)
    after = (
        "it stops when this command ends"
        if stops
        else "it keeps running after this command: stop it with "
        f"`ipledger chain down --dir {deployment.settings.data_dir}`"
    )
    out.print(
        f"Started the managed local chain (anvil, pid {node.pid if node else '?'}, "
        f"{chain.rpc_url}); {after}.",
        markup=False,
        soft_wrap=True,
    )
