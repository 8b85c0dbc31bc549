"""The `ipledger` command: every topic's commands on one app; `main` prints errors on one line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
import typer
from sqlalchemy.exc import OperationalError

from ipledger.api.cli.chain import anchoring_app, chain_app
from ipledger.api.cli.demo import demo_app
from ipledger.api.cli.evidence import evidence_app
from ipledger.api.cli.log import log_app
from ipledger.api.cli.service import keys_app, service_app
from ipledger.ledger.errors import InvalidEntry, LedgerError
from ipledger.verifier.core.errors import VerifierError

app = typer.Typer(
    name="ipledger",
    help="Blockchain-anchored evidence ledger: stamp document hashes, prove when they existed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(chain_app, name="chain")
app.add_typer(log_app)
app.add_typer(demo_app)
app.add_typer(anchoring_app)
app.add_typer(evidence_app)
app.add_typer(keys_app, name="keys")
app.add_typer(service_app)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; print a LedgerError or VerifierError as one line and exit non-zero."""
    try:
        result = app(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        _error("aborted")
        return 130
    except InvalidEntry as exc:
        _error(f"{exc} (nothing was appended)")
        return 2
    except (LedgerError, VerifierError) as exc:
        _error(str(exc))
        return 1
    except OperationalError as exc:  # locked past its timeout, disk full, server gone
        reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        _error(f"the database is unavailable ({reason[0] if reason else 'no reason given'}); "
               "nothing was changed, try again")
        return 1
    # With standalone_mode=False click returns the code of a typer.Exit instead of raising.
    return result if isinstance(result, int) else 0


def _error(message: str) -> None:
    print(f"ipledger: error: {' '.join(message.split())}", file=sys.stderr)


def run() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())


if __name__ == "__main__":
    run()
