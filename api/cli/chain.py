"""The chain's commands: chain up/down/status, anchor, worker, evidence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ipledger.api.cli.beacon import BeaconApiOpt, upgrade_proofs
from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.common import (
    ApiKeyOpt,
    DataDir,
    ServerOpt,
    console,
    open_deployment,
    settings_for,
    tell_chain_started,
    utc,
)
from ipledger.api.cli.errors import CommandUsageError
from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.deployment import Deployment

anchoring_app = typer.Typer(rich_markup_mode=None)
chain_app = typer.Typer(
    help="The chain that anchors the log: the managed local anvil node, or IPLEDGER_RPC_URL.",
    rich_markup_mode=None,
)


@anchoring_app.command()
def worker(
    poll: Annotated[
        float | None,
        typer.Option(help="Seconds between passes [IPLEDGER_ANCHOR_POLL_INTERVAL, 2]", min=0.01),
    ] = None,
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
        tell_chain_started(deployment, out=console)
        console.print(
            f"Anchoring {deployment.origin} on {chain.preset.name} (chain "
            f"{chain.preset.chain_id}), contract {chain.contract_deployment.address}, account "
            f"{chain.signer.address}"
        )
        interval = settings.anchor_poll_interval if poll is None else poll
        deployment.worker().run(stop, poll_interval=interval)


@anchoring_app.command()
def anchor(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for finality")] = 120.0,
    data_dir: DataDir = None,
) -> None:
    """Cut a checkpoint of the current tree and anchor it now; wait until it is final."""
    with open_deployment(data_dir) as deployment:
        chain = deployment.chain
        tell_chain_started(deployment)
        cut_checkpoint(deployment.store, deployment.log_signer)
        done = deployment.worker().run_until_final(timeout)
    url = chain.preset.tx_url(done.tx_hash or "")
    console.print(
        f"Anchored tree size {done.tree_size} in block {done.block_number} "
        f"({utc(done.block_time)}), transaction {done.tx_hash}" + (f"\n{url}" if url else "")
    )


@anchoring_app.command()
def evidence(  # noqa: PLR0917 (Typer maps parameters to options)
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="FILEs or folders (or one entry INDEX with -o FILE)"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="With an entry INDEX: the file to write its bundle to"),
    ] = None,
    server: ServerOpt = None,
    api_key: ApiKeyOpt = None,
    data_dir: DataDir = None,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="First build the canonicality proofs of final mainnet anchors that lack one",
        ),
    ] = False,
    beacon_api: BeaconApiOpt = None,
    tlog_proof: Annotated[
        bool,
        typer.Option(
            "--tlog-proof",
            help="Write FILE.tlog-proof (C2SP tlog-proof: entry, inclusion path, cosigned "
            "checkpoint) instead of FILE.evidence.json; needs no anchor",
        ),
    ] = False,
    cose_receipt: Annotated[
        bool,
        typer.Option(
            "--cose-receipt",
            help="Write FILE.cose-receipt (RFC 9942 COSE Receipt: inclusion proof signed by the "
            "log, and the entry) instead of FILE.evidence.json; needs no anchor",
        ),
    ] = False,
) -> None:
    """Export evidence bundles, checked offline before they are written.

    `ipledger evidence FILE|DIR...` finds each file's earliest entry by its digest (in the
    local log, or with --server URL on the server) and writes FILE.evidence.json beside
    it; ipledger's own files in folders are skipped. Exit 3 while some entry waits for
    its anchor, 1 when a file was never recorded. `ipledger evidence INDEX -o FILE`
    exports one entry of the local log. `--upgrade` first proves final anchors on Ethereum
    mainnet canonical from a beacon node (--beacon-api URL or IPLEDGER_BEACON_API) and says
    per anchor what it did or why not; exit 3 while some proof is not ready.
    `--tlog-proof` writes FILE.tlog-proof instead: the entry's inclusion in the newest
    checkpoint most witnesses cosigned (exit 3 while no checkpoint covers it yet).
    `--cose-receipt` writes FILE.cose-receipt: the same inclusion, under the newest
    checkpoint, as a COSE_Sign1 any RFC 9942 verifier reads.
    """
    from ipledger.api.cli.evidence import evidence_local, evidence_server

    if tlog_proof or cose_receipt:
        kind = "--tlog-proof" if tlog_proof else "--cose-receipt"
        if tlog_proof and cose_receipt:
            raise CommandUsageError("--tlog-proof or --cose-receipt: one kind of file at a time")
        _proof_files(
            kind, targets, output=output, upgrade=upgrade, server=server, api_key=api_key,
            data_dir=data_dir,
        )
        return

    if upgrade:
        if server is not None:
            raise CommandUsageError("--upgrade works on the local log: run it where the log is")
        with open_deployment(data_dir) as deployment:
            code = upgrade_proofs(deployment, beacon_api)
        if not targets:
            raise typer.Exit(code)
    if not targets:
        raise CommandUsageError(
            "name FILEs or folders (or one entry INDEX with -o FILE), or pass --upgrade"
        )
    if output is not None:
        if server is not None or len(targets) != 1 or not targets[0].isdigit():
            raise CommandUsageError("-o FILE goes with one entry INDEX of the local log")
        _evidence_of_index(int(targets[0]), output, data_dir)
        return
    paths = [Path(t) for t in targets]
    if any(t.isdigit() and not p.exists() for t, p in zip(targets, paths, strict=True)):
        raise CommandUsageError(
            "an entry INDEX goes with -o FILE (ipledger evidence 0 -o entry-0.evidence.json); "
            "otherwise name files or folders"
        )
    def local(deployment: Deployment) -> int:
        code = evidence_local(deployment, paths)
        tell_chain_started(deployment)
        return code

    code = _on_server_or_local(
        server, api_key, data_dir, lambda client: evidence_server(client, paths), local
    )
    if code:
        raise typer.Exit(code)


def _proof_files(
    kind: str,
    targets: list[str] | None,
    *,
    output: Path | None,
    upgrade: bool,
    server: str | None,
    api_key: str | None,
    data_dir: Path | None,
) -> None:
    from ipledger.api.cli.cose_receipt_files import cose_receipts_local, cose_receipts_server
    from ipledger.api.cli.tlogproof_files import tlog_proofs_local, tlog_proofs_server

    if output is not None or upgrade:
        raise CommandUsageError(f"{kind} goes with FILEs or folders, not -o or --upgrade")
    if not targets:
        what = "tlog-proofs" if kind == "--tlog-proof" else "COSE Receipts"
        raise CommandUsageError(f"name the FILEs or folders whose {what} to write")
    paths = [Path(t) for t in targets]
    tlog = kind == "--tlog-proof"
    code = _on_server_or_local(
        server, api_key, data_dir,
        lambda client: (tlog_proofs_server if tlog else cose_receipts_server)(client, paths),
        lambda deployment: (tlog_proofs_local if tlog else cose_receipts_local)(deployment, paths),
    )
    if code:
        raise typer.Exit(code)


def _on_server_or_local(
    server: str | None,
    api_key: str | None,
    data_dir: Path | None,
    on_server: Callable[[ApiClient], int],
    on_local: Callable[[Deployment], int],
) -> int:
    """Run `on_server` with a client of `server` when given, else `on_local` on the data dir."""
    if server is not None:
        client = ApiClient(server, api_key)
        try:
            return on_server(client)
        finally:
            client.close()
    with open_deployment(data_dir) as deployment:
        return on_local(deployment)


def _evidence_of_index(index: int, output: Path, data_dir: Path | None) -> None:
    with open_deployment(data_dir) as deployment:
        try:
            bundle = deployment.evidence_bundle(index)
        finally:
            tell_chain_started(deployment)
    output.write_text(bundle.to_json(), encoding="utf-8")
    a = bundle.anchor
    console.print(
        f"Wrote {output}: entry {index}, anchored in block {a.block_number} "
        f"({utc(a.block_time)}) on chain {a.chain_id}"
    )


@chain_app.command("up")
def chain_up_command(data_dir: DataDir = None) -> None:
    """Start the managed local node (kept running), fund the key and deploy the contract once."""
    from ipledger.ledger.deployed_chain import open_chain

    settings = settings_for(data_dir)
    chain = open_chain(settings)
    if chain.managed:
        console.print(chain_status(settings.data_dir).describe())
        console.print(
            f"It keeps running: stop it with `ipledger chain down --dir {settings.data_dir}`."
        )
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
    """Say whether the chain's node runs, its RPC URL for `ipledger-verify --rpc`, the contract."""
    from ipledger.ledger.chain.connection import redact_url
    from ipledger.ledger.chain.contract import load_deployment
    from ipledger.ledger.chain.presets import get_preset

    settings = settings_for(data_dir)
    recorded = load_deployment(settings.data_dir)
    preset = get_preset(settings.chain)
    if preset.managed:
        status = chain_status(settings.data_dir)
        console.print(status.describe())
        rpc_url = status.rpc_url if status.answering else None
        if rpc_url is None:
            console.print(f"Start it with `ipledger chain up --dir {settings.data_dir}`.")
    else:
        rpc_url = settings.rpc_url
        where = redact_url(rpc_url) if rpc_url else "no IPLEDGER_RPC_URL set"
        console.print(f"Chain {preset.name} (chain {preset.chain_id}) through {where}")
    if recorded is not None:
        console.print(f"EvidenceAnchor contract {recorded.address} on chain {recorded.chain_id}")
    if rpc_url is not None:
        shown = rpc_url if preset.managed else "<your node's URL, as in IPLEDGER_RPC_URL>"
        console.print(
            f"Check evidence against this node: ipledger-verify FILE BUNDLE --rpc {shown}",
            markup=False,
        )
