"""The `ipledger` command: every topic's commands on one app; `main` prints errors on one line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from ipledger.api.cli.beacon import trust_root_app
from ipledger.api.cli.chain import anchoring_app, chain_app
from ipledger.api.cli.demo import demo_app
from ipledger.api.cli.errors import CommandUsageError
from ipledger.api.cli.evidence import evidence_app
from ipledger.api.cli.export import export_app
from ipledger.api.cli.log import log_app
from ipledger.api.cli.mirror import mirror_app
from ipledger.api.cli.service import keys_app, service_app
from ipledger.api.cli.tsa import tsa_app
from ipledger.api.cli.witness import witness_app
from ipledger.ledger.config import Settings
from ipledger.ledger.errors import InvalidEntry, LedgerError
from ipledger.verifier.core.errors import VerifierError

PROG = "ipledger"
EXIT_USAGE = 2

app = typer.Typer(
    name=PROG,
    help="Blockchain-anchored evidence ledger: stamp document hashes, prove when they existed.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(chain_app, name="chain")
app.add_typer(log_app)
app.add_typer(demo_app)
app.add_typer(anchoring_app)
app.add_typer(evidence_app)
app.add_typer(keys_app, name="keys")
app.add_typer(service_app)
app.add_typer(trust_root_app, name="trust-root")
app.add_typer(witness_app, name="witness")
app.add_typer(tsa_app, name="tsa")
app.add_typer(export_app)
app.add_typer(mirror_app)  # `ipledger mirror URL|list` (section 16.2)


def package_version() -> str:
    """Return the installed version of the `ipledger` distribution."""
    try:
        return version("ipledger")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        print(f"{PROG} {package_version()}")
        raise typer.Exit


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        raise CommandUsageError(
            f"no command given: run `{PROG} --help` for the commands, "
            f"or `{PROG} demo` to see the whole job"
        )


def _command() -> Any:
    """Return the Click command of `app`, options shown as `--name NAME`, never `<type>`."""
    command = typer.main.get_command(app)
    _plain_metavars(command)
    return command


def _plain_metavars(command: Any) -> None:
    for param in command.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = param.name.upper()
        if param.param_type_name == "argument":  # its name says it; drop Typer's `<type>`
            param.display_type_rich = lambda ctx: None
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; print any error as one line (usage errors exit 2), never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = _command().main(args=args, prog_name=PROG, standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _error("aborted")
        return 130
    except typer.TyperException as exc:  # Typer's usage errors: bad option, missing argument
        problem = exc.format_message().strip().removesuffix(".")
        _error(f"{problem} (see `{_command_path(exc)} --help`)")
        return exc.exit_code
    except CommandUsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except InvalidEntry as exc:
        _error(f"{exc} (nothing was appended)")
        return 2
    except (LedgerError, VerifierError) as exc:
        _error(str(exc))
        return 1
    except ValidationError as exc:  # a setting from IPLEDGER_* variables is out of range
        _error(_settings_problem(exc))
        return EXIT_USAGE
    except OperationalError as exc:  # locked past its timeout, disk full, server gone
        reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        _error(f"the database is unavailable ({reason[0] if reason else 'no reason given'}); "
               "nothing was changed, try again")
        return 1
    # With standalone_mode=False click returns the code of a typer.Exit instead of raising.
    return result if isinstance(result, int) else 0


def _settings_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    name = ".".join(str(part) for part in first["loc"])
    if exc.title != Settings.__name__:
        return f"{name}: {first['msg']}"
    # URLs of nodes and databases may embed credentials: never echo them.
    secret = name in ("rpc_url", "database_url", "beacon_api", "witnesses", "tsa_urls")
    shown = "" if secret else f"={str(first.get('input', ''))[:80]!r}"
    return (
        f"the setting IPLEDGER_{name.upper()}{shown} is not usable: "
        f"{first['msg'].removeprefix('Value error, ')}; fix or unset it"
        + (f" ({len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else "")
    )


def _command_path(exc: Exception) -> str:
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None)
    return path if isinstance(path, str) and path else PROG


def _error(message: str) -> None:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)


def run() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())


if __name__ == "__main__":
    run()
