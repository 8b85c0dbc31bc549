"""`ipledger export DIR`: the log as static C2SP tlog-tiles files any web server can serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipledger.api.cli.common import DataDir, console, open_deployment

export_app = typer.Typer(rich_markup_mode=None)


@export_app.command()
def export(
    directory: Annotated[
        Path, typer.Argument(help="Where the copy goes (created; a previous copy is updated)")
    ],
    entries: Annotated[
        bool,
        typer.Option(
            "--entries",
            help="Also publish entry bundles: every entry's digest, nonce, metadata hash and "
            "time (public registers only; off: hash tiles and checkpoint only)",
        ),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Write the latest checkpoint and its hash tiles to DIRECTORY, only what is new."""
    from ipledger.ledger.export import export_log

    with open_deployment(data_dir) as deployment:
        summary = export_log(deployment, directory, entries=entries)
    console.print(summary.line(), markup=False, highlight=False, soft_wrap=True)
