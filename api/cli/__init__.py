"""The `ipledger` command: every topic's commands on one app; `main` prints errors on one line."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from ipledger.api.cli.errors import CommandUsageError
from ipledger.ledger.config import Settings
from ipledger.ledger.errors import InvalidEntry, LedgerError
from ipledger.verifier.core.errors import VerifierError

PROG = "ipledger"
EXIT_USAGE = 2

# Each command's topic module (`ipledger.api.cli.<module>`) and its Typer app, in the order
# `--help` lists them. A topic is imported only when one of its commands runs (or for the
# help): importing every topic cost each command ~0.5 s of CPU (docs/benchmarks.md, "The test
# suite"). A group's app is the group; another app's commands are commands of the root.
# tests/api/cli/test_usage.py holds this table to the apps' own commands.
TOPICS: dict[str, tuple[str, str]] = {
    "chain": ("chain", "chain_app"),
    **{name: ("log", "log_app")
       for name in ("init", "stamp", "checkpoint", "proof", "backup", "check")},
    "demo": ("demo", "demo_app"),
    **{name: ("chain", "anchoring_app") for name in ("worker", "anchor", "evidence")},
    "earliest": ("evidence", "evidence_app"),
    "info": ("evidence", "evidence_app"),
    "keys": ("service", "keys_app"),
    "serve": ("service", "service_app"),
    "trust-root": ("beacon", "trust_root_app"),
    "witness": ("witness", "witness_app"),
    "tsa": ("tsa", "tsa_app"),
    "export": ("export", "export_app"),
    "mirror": ("mirror", "mirror_app"),  # `ipledger mirror URL|list` (section 16.2)
}
GROUPS = frozenset({"chain", "keys", "trust-root", "witness", "tsa"})


def topic_command(name: str) -> Any:
    """Return the Click command `name` of the root, importing its topic module.

    Built as `add_typer` built it into the root before: the topic's app added to an app of
    its own (a group under its name, else its commands), then converted by Typer.
    """
    module, attr = TOPICS[name]
    topic: typer.Typer = getattr(importlib.import_module(f"ipledger.api.cli.{module}"), attr)
    holder = typer.Typer(add_completion=False, rich_markup_mode=None)
    holder.add_typer(topic, name=name if name in GROUPS else None)
    built = typer.main.get_command(holder)
    commands = getattr(built, "commands", None)  # one command alone comes as itself
    command = built if commands is None else commands[name]
    _plain_metavars(command)
    return command


class TopicCommands(MutableMapping[str, Any]):
    """The root's commands by name (`TOPICS`), each built on first use."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in TOPICS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = topic_command(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TOPICS)

    def __len__(self) -> int:
        return len(TOPICS)

    def __setitem__(self, name: str, command: Any) -> None:
        raise TypeError(f"the root's commands come from TOPICS, not add_command ({name})")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"the root's commands come from TOPICS ({name})")


class LazyTopics(TyperGroup):
    """The root group, whose commands are `TopicCommands`: a topic loads when it is used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = TopicCommands()


app = typer.Typer(
    name=PROG,
    cls=LazyTopics,
    help="Blockchain-anchored evidence ledger: stamp document hashes, prove when they existed.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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
    _plain_params(command)  # the root's own; each topic's commands as they load
    return command


def _plain_metavars(command: Any) -> None:
    _plain_params(command)
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


def _plain_params(command: Any) -> None:
    for param in command.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = param.name.upper()
        if param.param_type_name == "argument":  # its name says it; drop Typer's `<type>`
            param.display_type_rich = lambda ctx: None


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
