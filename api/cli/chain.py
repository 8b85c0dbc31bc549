"""The chain's commands: chain up/down/status, anchor, worker, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import click
import typer

from ipledger.api.cli.client import evidence_from_server
from ipledger.api.cli.common import (
    ApiKeyOpt,
    DataDir,
    ServerOpt,
    console,
    open_deployment,
    settings_for,
    utc,
)
from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.ledger.checkpoints import cut_checkpoint

anchoring_app = typer.Typer()
chain_app = typer.Typer(
    help="The chain that anchors the log: the managed local anvil node, or IPLEDGER_RPC_URL.",
    no_args_is_help=True,
)


@anchoring_app.command()
def worker(
    poll: Annotated[float, typer.Option(help="Seconds between passes")] = 2.0,
    data_dir: DataDir = None,
) -> None:
    """Cut checkpoints when due and anchor them, until interrupted (one worker per log)."""
    import signal
    import threading

    from ipledger.ledger.logs import configure_logging

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with open_deployment(data_dir) as deployment:
        settings = deployment.settings
        configure_logging(settings.log_level, settings.log_format)
        chain = deployment.chain
        console.print(
            f"Anchoring {deployment.origin} on {chain.preset.name} (chain "
            f"{chain.preset.chain_id}), contract {chain.contract_deployment.address}, account "
            f"{chain.signer.address}"
        )
        deployment.worker().run(stop, poll_interval=poll)


@anchoring_app.command()
def anchor(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for finality")] = 120.0,
    data_dir: DataDir = None,
) -> None:
    """Cut a checkpoint of the current tree and anchor it now; wait until it is final."""
    with open_deployment(data_dir) as deployment:
        chain = deployment.chain
        cut_checkpoint(deployment.store, deployment.log_signer)
        done = deployment.worker().run_until_final(timeout)
    url = chain.preset.tx_url(done.tx_hash or "")
    console.print(
        f"Anchored tree size {done.tree_size} in block {done.block_number} "
        f"({utc(done.block_time)}), transaction {done.tx_hash}" + (f"\n{url}" if url else "")
    )


@anchoring_app.command()
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
        pending = evidence_from_server(server, api_key, [Path(t) for t in targets])
        if pending:
            raise typer.Exit(3)
        return
    if len(targets) != 1 or not targets[0].isdigit() or output is None:
        raise click.UsageError("give one entry INDEX and -o FILE (or --server URL FILE...)")
    index = int(targets[0])
    with open_deployment(data_dir) as deployment:
        bundle = deployment.evidence_bundle(index)
    output.write_text(bundle.to_json(), encoding="utf-8")
    a = bundle.anchor
    console.print(
        f"Wrote {output}: entry {index}, anchored in block {a.block_number} "
        f"({utc(a.block_time)}) on chain {a.chain_id}"
    )


@chain_app.command("up")
def chain_up_command(data_dir: DataDir = None) -> None:
    """Start the managed local node (kept running), fund the key and deploy the contract once."""
    from ipledger.ledger.deployment import open_chain

    settings = settings_for(data_dir)
    chain = open_chain(settings)
    if chain.managed:
        console.print(chain_status(settings.data_dir).describe())
    else:
        console.print(f"Connected to {chain.preset.name} (chain {chain.preset.chain_id})")
    console.print(f"EvidenceAnchor contract: {chain.contract_deployment.address}")
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
    recorded = load_deployment(settings.data_dir)
    if recorded is not None:
        console.print(f"EvidenceAnchor contract {recorded.address} on chain {recorded.chain_id}")
