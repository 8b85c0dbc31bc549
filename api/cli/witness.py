"""`ipledger witness`: this office's cosigner key, the logs it witnesses, the forks it caught."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from ipledger.api.cli.common import DataDir, console, err_console, open_deployment
from ipledger.ledger.witness.cosigning import ensure_witness_key
from ipledger.ledger.witness.errors import WitnessedLogError
from ipledger.ledger.witness.logs import (
    add_log,
    list_equivocations,
    list_logs,
    log_key,
    remove_log,
)

witness_app = typer.Typer(
    help="Witness other offices' logs (C2SP tlog-witness): key, add, list, remove, equivocations.",
    rich_markup_mode=None,
)


@witness_app.command("key")
def key(data_dir: DataDir = None) -> None:
    """Print this office's cosigner verifier key (creates the witness key if missing)."""
    with open_deployment(data_dir) as deployment:
        settings = deployment.settings
        signer, created = ensure_witness_key(settings, deployment.origin)
    if created:
        err_console.print(
            f"Created the witness key {settings.resolved_witness_key_file} (keep it secret; "
            "give the verifier key below to the logs you witness and to verifiers).",
            markup=False,
        )
    print(signer.verifier_key)


@witness_app.command("add")
def add(
    log_vkey: Annotated[
        str, typer.Argument(help="The log's verifier key, e.g. office-b.example/log+1a2b3c4d+AR...")
    ],
    origin: Annotated[
        str | None, typer.Option(help="The log's origin line [default: the key's name]")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Witness a log: cosign its checkpoints when it submits them (add-checkpoint)."""
    with open_deployment(data_dir) as deployment:
        if log_key(log_vkey) == log_key(deployment.verifier_key):
            raise WitnessedLogError(
                f"{deployment.origin} is this office's own log: a witness vouches for another "
                "office's log; give that office's log key"
            )
        info, added = add_log(deployment.engine, log_vkey, origin)
    state = "Now witnessing" if added else "Already witnessing"
    console.print(f"{state} {info.origin} (log key {info.verifier_key}).", markup=False)


@witness_app.command("list")
def list_(data_dir: DataDir = None) -> None:
    """List the logs witnessed: origin, log key, latest tree cosigned and when."""
    with open_deployment(data_dir) as deployment:
        logs = list_logs(deployment.engine)
    if not logs:
        console.print("No log is witnessed; add one with `ipledger witness add LOG_VKEY`.")
    for info in logs:
        cosigned = (
            "nothing cosigned yet"
            if info.cosigned_size is None
            else f"cosigned size {info.cosigned_size} at {_utc_ms(info.cosigned_at)}"
        )
        console.print(f"{info.origin}  {info.verifier_key}  {cosigned}", markup=False)


@witness_app.command("remove")
def remove(
    origin: Annotated[str, typer.Argument(help="The origin of the log to stop witnessing")],
    data_dir: DataDir = None,
) -> None:
    """Stop witnessing a log (what was cosigned and any fork caught stay stored)."""
    with open_deployment(data_dir) as deployment:
        remove_log(deployment.engine, origin)
    console.print(f"No longer witnessing {origin}; its history is kept.", markup=False)


@witness_app.command("equivocations")
def equivocations(
    data_dir: DataDir = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 when any fork was caught (for monitoring scripts)."),
    ] = False,
) -> None:
    """Print every fork caught: both signed notes of each (none: says so)."""
    with open_deployment(data_dir) as deployment:
        found = list_equivocations(deployment.engine)
    if not found:
        console.print("No equivocation caught.")
        return
    for e in found:
        sys.stdout.write(
            f"== {e.origin}: size {e.size}, {e.kind}, caught {_utc_ms(e.detected_at)}\n"
            f"-- the checkpoint accepted:\n{e.accepted_note}"
            f"-- the checkpoint contradicting it:\n{e.conflicting_note}"
            + (f"-- the proof given:\n{e.proof}" if e.proof else "")
        )
    if check:
        raise typer.Exit(1)


def _utc_ms(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
