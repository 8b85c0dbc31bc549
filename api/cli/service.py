"""The service's commands: serve the HTTP API, and manage tenants' API keys."""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from ipledger.api.cli.common import (
    DataDir,
    console,
    open_deployment,
    tell_chain_started,
)
from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.tenants import SCOPES, create_key, list_keys, revoke_key

service_app = typer.Typer(rich_markup_mode=None)
keys_app = typer.Typer(
    help="API keys of tenants (offices, firms): create, list, revoke.", rich_markup_mode=None
)


@service_app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [IPLEDGER_API_HOST]")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port [IPLEDGER_API_PORT]")] = None,
    with_worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Also cut checkpoints and anchor them in this process (one worker per log "
            "holds the database lease; the others wait)",
        ),
    ] = True,
    data_dir: DataDir = None,
) -> None:
    """Serve the HTTP API (docs at /docs) and, by default, the anchoring worker."""
    from ipledger.api.server import serve as run_server

    with open_deployment(data_dir) as deployment:
        # The chain is opened here, so a misconfigured one fails at once with a one-line
        # error; API processes without a worker still need it for bundles and health.
        chain = deployment.chain
        tell_chain_started(deployment, stops=True, out=console)
        # uvicorn re-raises SIGTERM once it has shut down; turned into an exit here, the
        # managed chain this process started is stopped below instead of left running.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        console.print(
            f"{'Anchoring worker' if with_worker else 'No anchoring worker here'}: chain "
            f"{chain.preset.chain_id}, contract {chain.contract_deployment.address}, account "
            f"{chain.signer.address}"
        )
        try:
            run_server(deployment, host=host, port=port, worker=with_worker)
        finally:
            if chain.started_node:
                chain_down(deployment.settings.data_dir)


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise typer.Exit(0)


@keys_app.command("create")
def keys_create(
    tenant: Annotated[str, typer.Argument(help="Tenant name, e.g. an office or firm")],
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help=f"Scope to grant: {', '.join(SCOPES)}")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create an API key; the secret is shown once and stored only as a hash."""
    with open_deployment(data_dir) as deployment:
        key_id, secret = create_key(deployment.engine, tenant, scope or list(SCOPES))
    console.print(f"Key {key_id} for tenant {tenant!r} ({', '.join(scope or SCOPES)}):")
    print(secret)
    console.print("Keep it now: it cannot be shown again.")


@keys_app.command("list")
def keys_list(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant's keys")] = None,
    data_dir: DataDir = None,
) -> None:
    """List API keys (never their secrets)."""
    with open_deployment(data_dir) as deployment:
        keys = list_keys(deployment.engine, tenant)
    table = Table("key id", "tenant", "scopes", "created", "revoked")
    for k in keys:
        table.add_row(
            k.key_id, k.tenant, ", ".join(k.scopes), _utc_ms(k.created_at), _utc_ms(k.revoked_at)
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key id shown by `keys list`")],
    data_dir: DataDir = None,
) -> None:
    """Revoke an API key at once (processes that cached it stop within seconds)."""
    with open_deployment(data_dir) as deployment:
        info = revoke_key(deployment.engine, key_id)
    console.print(f"Key {info.key_id} of tenant {info.tenant!r} revoked.")


def _utc_ms(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
