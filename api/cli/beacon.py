"""Canonicality proofs from the command line: `evidence --upgrade` and `trust-root refresh`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipledger.api.cli.common import console
from ipledger.api.cli.errors import CommandUsageError
from ipledger.ledger.beacon.api import BeaconApi
from ipledger.ledger.beacon.trust_root import read_trust_root, refresh_trust_root
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import TrustRootError

# Exit code of `evidence --upgrade` while some anchor's proof is not ready or failed.
EXIT_NOT_ALL_PROVEN = 3

trust_root_app = typer.Typer(
    help="Trust roots: mainnet's historical_summaries, against which canonicality proofs check.",
    rich_markup_mode=None,
)

BeaconApiOpt = Annotated[
    str | None,
    typer.Option(
        "--beacon-api",
        metavar="URL",
        help="Beacon API of a mainnet consensus client [IPLEDGER_BEACON_API]",
    ),
]


def upgrade_proofs(deployment: Deployment, beacon_api: str | None) -> int:
    """Try once to prove every final anchor without a proof; one line per anchor."""
    outcomes = deployment.upgrade_proofs(beacon_api)
    if not outcomes:
        console.print("Every final anchor has its canonicality proof (or there is none yet).")
        return 0
    for o in outcomes:
        console.print(
            f"anchor {o.anchor_id} (tree size {o.tree_size}, block {o.block_hash}): {o.message}",
            soft_wrap=True,
        )
    done = {"stored", "no_beacon_chain"}
    return 0 if all(o.status in done for o in outcomes) else EXIT_NOT_ALL_PROVEN


@trust_root_app.command("refresh")
def refresh(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The new trust-root file to write")
    ],
    beacon_api: BeaconApiOpt = None,
    old: Annotated[
        Path | None,
        typer.Option("--from", metavar="OLD.json", help="The trust root the new one must extend"),
    ] = None,
) -> None:
    """Fetch historical_summaries at the node's finalized slot and write a trust-root file.

    With --from OLD.json the new summaries must begin with the old ones (else nothing is
    written). Needs a node serving historical_summaries: Lodestar or Nimbus.
    """
    url = beacon_api or Settings().beacon_api
    if url is None:
        raise CommandUsageError(
            "no beacon node: pass --beacon-api URL (or set IPLEDGER_BEACON_API) of a mainnet "
            "consensus client (Lodestar or Nimbus)"
        )
    previous = None
    if old is not None:
        try:
            previous = read_trust_root(old.read_text(encoding="utf-8"))
        except OSError as exc:
            raise TrustRootError(f"cannot read {old}: {exc.strerror or exc}") from None
        except TrustRootError as exc:
            raise TrustRootError(f"{old}: {exc}") from None
    with BeaconApi(url) as api:
        new = refresh_trust_root(api, previous)
    if output.exists() and output.is_dir():
        raise CommandUsageError(f"-o {output} is a folder: name the trust-root file to write")
    output.write_text(new.to_json(), encoding="utf-8")
    if previous is not None:
        console.print(
            f"Old trust root: slot {previous.slot}, {len(previous.summaries)} periods, "
            f"root 0x{previous.root.hex()}",
            soft_wrap=True,
        )
    console.print(
        f"New trust root: slot {new.slot}, {len(new.summaries)} periods, root "
        f"0x{new.root.hex()}" + (" (extends the old one)" if previous is not None else ""),
        soft_wrap=True,
    )
    console.print(f"Wrote {output}")
