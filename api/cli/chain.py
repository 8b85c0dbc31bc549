"""The chain's commands: chain up/down/status, anchor, worker, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import click
import typer

from ipledger.api.cli.client import ApiClient
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
        typer.Argument(help="FILEs or folders (or one entry INDEX with -o FILE)"),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="With an entry INDEX: the file to write its bundle to"),
    ] = None,
    server: ServerOpt = None,
    api_key: ApiKeyOpt = None,
    data_dir: DataDir = None,
) -> None:
    """Export evidence bundles, checked offline before they are written.

    `ipledger evidence FILE|DIR...` finds each file's earliest entry by its digest (in the
    local log, or with --server URL on the server) and writes FILE.evidence.json beside
    it; ipledger's own files in folders are skipped. Exit 3 while some entry waits for
    its anchor, 1 when a file was never recorded. `ipledger evidence INDEX -o FILE`
    exports one entry of the local log.
    """
    from ipledger.api.cli.evidence import evidence_local, evidence_server

    if output is not None:
        if server is not None or len(targets) != 1 or not targets[0].isdigit():
            raise click.UsageError("-o FILE goes with one entry INDEX of the local log")
        _evidence_of_index(int(targets[0]), output, data_dir)
        return
    paths = [Path(t) for t in targets]
    if any(t.isdigit() and not p.exists() for t, p in zip(targets, paths, strict=True)):
        raise click.UsageError(
            "an entry INDEX goes with -o FILE (ipledger evidence 0 -o entry-0.evidence.json); "
            "otherwise name files or folders"
        )
    if server is not None:
        client = ApiClient(server, api_key)
        try:
            code = evidence_server(client, paths)
        finally:
            client.close()
    else:
        with open_deployment(data_dir) as deployment:
            code = evidence_local(deployment, paths)
    if code:
        raise typer.Exit(code)


def _evidence_of_index(index: int, output: Path, data_dir: Path | None) -> None:
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
