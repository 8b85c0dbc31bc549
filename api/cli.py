"""The full `ipledger` command: the ledger's commands plus the service's (serve, keys)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from ipledger.ledger.chain.chaindir import live_node
from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.cli import DataDir, app, console, open_ledger, settings_for
from ipledger.ledger.cli import main as ledger_main
from ipledger.ledger.tenants import SCOPES, create_key, list_keys, revoke_key

keys_app = typer.Typer(help="API keys of tenants (offices, firms): create, list, revoke.")
app.add_typer(keys_app, name="keys")


@app.command()
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
    from ipledger.ledger.runtime import open_chain

    settings = settings_for(data_dir)
    with open_ledger(data_dir):
        pass  # fail early, with the CLI's one-line error, when the log is not initialized
    # The chain is opened here, so a misconfigured one fails at once with a one-line error;
    # API processes without a worker still need it for evidence bundles and health.
    started_chain = live_node(settings.data_dir) is None
    chain = open_chain(settings)
    started_chain = started_chain and chain.managed
    console.print(
        f"{'Anchoring worker' if with_worker else 'No anchoring worker here'}: chain "
        f"{chain.preset.chain_id}, contract {chain.deployment.address}, account "
        f"{chain.signer.address}"
    )
    try:
        run_server(settings, host=host, port=port, chain=chain, worker=with_worker)
    finally:
        if started_chain:
            chain_down(settings.data_dir)


@keys_app.command("create")
def keys_create(
    tenant: Annotated[str, typer.Argument(help="Tenant name, e.g. an office or firm")],
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help=f"Scope to grant: {', '.join(SCOPES)}")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create an API key; the secret is shown once and stored only as a hash."""
    with open_ledger(data_dir) as ledger:
        key_id, secret = create_key(ledger.store.engine, tenant, scope or list(SCOPES))
    console.print(f"Key {key_id} for tenant {tenant!r} ({', '.join(scope or SCOPES)}):")
    print(secret)
    console.print("Keep it now: it cannot be shown again.")


@keys_app.command("list")
def keys_list(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant's keys")] = None,
    data_dir: DataDir = None,
) -> None:
    """List API keys (never their secrets)."""
    with open_ledger(data_dir) as ledger:
        keys = list_keys(ledger.store.engine, tenant)
    table = Table("key id", "tenant", "scopes", "created", "revoked")
    for k in keys:
        table.add_row(
            k.key_id, k.tenant, ", ".join(k.scopes), _utc(k.created_at), _utc(k.revoked_at)
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key id shown by `keys list`")],
    data_dir: DataDir = None,
) -> None:
    """Revoke an API key at once (processes that cached it stop within seconds)."""
    with open_ledger(data_dir) as ledger:
        info = revoke_key(ledger.store.engine, key_id)
    console.print(f"Key {info.key_id} of tenant {info.tenant!r} revoked.")


def _utc(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ipledger` command."""
    return ledger_main(argv, app)


def run() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())


if __name__ == "__main__":
    run()
