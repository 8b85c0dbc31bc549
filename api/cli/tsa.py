"""`ipledger tsa`: this log as an RFC 3161 time-stamp authority: create or import, and show it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipledger.api.cli.common import DataDir, console, open_deployment
from ipledger.api.cli.errors import CommandUsageError
from ipledger.ledger.tsa.identity import TsaIdentity, create_tsa, import_tsa, load_tsa

tsa_app = typer.Typer(
    help="This log as an RFC 3161 time-stamp authority (POST /v1/timestamp): init, show.",
    rich_markup_mode=None,
)


@tsa_app.command("init")
def init(
    cert: Annotated[
        Path | None,
        typer.Option(help="PEM chain from your CA, TSA certificate first (with --key)"),
    ] = None,
    key: Annotated[
        Path | None, typer.Option(help="Unencrypted PEM private key of that certificate")
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(help="Policy OID of the tokens [default: a new 2.25 UUID OID]"),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create the TSA: a deployment CA and a TSA certificate (ECDSA P-256), or import yours."""
    if (cert is None) != (key is None):
        raise CommandUsageError("give --cert and --key together (or neither, for a new CA)")
    with open_deployment(data_dir) as deployment:
        directory = deployment.settings.resolved_tsa_dir
        if cert is not None and key is not None:
            identity = import_tsa(directory, chain_file=cert, key_file=key, policy=policy)
        else:
            identity = create_tsa(directory, name=deployment.origin, policy=policy)
    console.print(f"Created the time-stamp authority in {directory}.", markup=False)
    _show(identity)


@tsa_app.command("show")
def show(data_dir: DataDir = None) -> None:
    """Print what a customer needs: subject, fingerprint, validity, policy, the CA file."""
    with open_deployment(data_dir) as deployment:
        settings = deployment.settings
        identity = load_tsa(settings.resolved_tsa_dir, policy=settings.tsa_policy)
    _show(identity)


def _show(identity: TsaIdentity) -> None:
    cert = identity.certificate
    lines = [
        f"subject:      {cert.subject.rfc4514_string()}",
        f"issuer:       {cert.issuer.rfc4514_string()}",
        f"sha256:       {identity.fingerprint}",
        f"valid:        {cert.not_valid_before_utc:%Y-%m-%d %H:%M:%SZ} to "
        f"{cert.not_valid_after_utc:%Y-%m-%d %H:%M:%SZ}",
        f"policy:       {identity.policy}",
        f"key:          {_key_kind(identity)}",
        f"chain:        {identity.directory / 'tsa.pem'} ({len(identity.chain)} certificates)",
        f"ca file:      {identity.ca_file} (give it to customers: "
        "openssl ts -verify -CAfile, ipledger-verify --tsa-ca)",
    ]
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)


def _key_kind(identity: TsaIdentity) -> str:
    name = getattr(getattr(identity.key, "curve", None), "name", None)
    if name is not None:
        return f"ECDSA {name}"
    return f"RSA {identity.key.key_size} bits"
