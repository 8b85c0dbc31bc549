"""`ipledger mirror`: keep a verified copy of another office's log from its tiles, list copies."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ipledger.api.cli.common import DataDir, console, err_console, settings_for
from ipledger.api.cli.errors import CommandUsageError
from ipledger.ledger.errors import UnreadableFileError
from ipledger.ledger.mirror import (
    MirrorUpdate,
    SourceBehind,
    SourceForked,
    SourceUnreachable,
    list_copies,
    mirror_once,
)
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.core.policy import Policy, parse_policy

mirror_app = typer.Typer(rich_markup_mode=None)

_EPILOG = (
    "`ipledger mirror list` lists the kept copies instead. "
    "The copy is kept in DIR/mirrors/<sha256 of the origin>/ in the tlog-tiles layout "
    "(checkpoint, tile/...), served by `ipledger serve` under /mirror/<origin hash>/. "
    "A source whose new checkpoint is inconsistent with the copy is refused (exit 3), "
    "both signed checkpoints kept under evidence/."
)
EXIT_FORKED = 3


@mirror_app.command("mirror", epilog=_EPILOG)
def mirror(  # noqa: PLR0917 (Typer maps parameters to options)
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="The log's URL prefix (an ipledger server or a static export), or `list`",
        ),
    ],
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="VKEY",
            help="The log's verifier key (name+id+key); its name is the log's origin",
        ),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            metavar="FILE",
            help="A C2SP tlog-policy file: cosignatures the quorum needs",
        ),
    ] = None,
    every: Annotated[
        float | None,
        typer.Option(
            "--every",
            min=1,
            metavar="SECONDS",
            help="Keep updating every SECONDS (until interrupted)",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, metavar="SECONDS", help="Seconds to wait for each answer"
        ),
    ] = 20.0,
    data_dir: DataDir = None,
) -> None:
    """Keep a verified copy of another office's log: fetch its checkpoint and new tiles.

    Checks the checkpoint's signature (and the policy's cosignatures), recomputes the root
    from the tiles and checks the new tree extends the kept copy before keeping anything.
    """
    if url == "list":
        _list(settings_for(data_dir).data_dir)
        return
    if key is None:
        raise CommandUsageError(
            "--key is needed: give the log's verifier key, e.g. "
            "--key office-b.example/log+1a2b3c4d+AR..."
        )
    try:
        parse_verifier_key(key)
    except VerifierError as exc:
        raise CommandUsageError(f"--key: {exc}") from None
    rules = _policy(policy)
    directory = settings_for(data_dir).data_dir
    while True:
        try:
            done = mirror_once(directory, url, key, rules, timeout=timeout)
        except SourceForked as exc:
            err_console.print(f"ipledger: error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_FORKED) from None
        except (SourceUnreachable, SourceBehind) as exc:
            if every is None:
                raise
            err_console.print(f"ipledger: {exc} (trying again in {every:g} s)", markup=False)
        else:
            console.print(_said(done), markup=False)
        if every is None:
            return
        time.sleep(every)


def _policy(path: Path | None) -> Policy | None:
    if path is None:
        return None
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(path, f"{exc.strerror or exc} (--policy)") from None
    try:
        return parse_policy(text)
    except VerifierError as exc:
        raise CommandUsageError(f"--policy {path}: {exc}") from None


def _said(done: MirrorUpdate) -> str:
    where = f"{done.origin} (mirror/{done.origin_hash})"
    if done.old_size is None:
        return (f"Copied {where}: {done.size} entries, root {done.root.hex()}, "
                f"{done.tiles_fetched} tiles fetched.")
    if not done.changed:
        return f"{where} is up to date at {done.size} entries."
    return (f"Updated {where}: {done.old_size} -> {done.size} entries, root {done.root.hex()}, "
            f"{done.tiles_fetched} tiles fetched.")


def _list(directory: Path) -> None:
    copies = list_copies(directory)
    if not copies:
        console.print("No copy is kept; make one with `ipledger mirror URL --key VKEY`.")
    for c in copies:
        console.print(f"{c.origin}  {c.origin_hash}  size {c.size}  from {c.source_url}",
                      markup=False)
