"""The `ipledger` command line as a user meets it: usage errors, --version, plain help."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer

from ipledger.api import cli

BIN = Path(sys.executable).parent


def ipledger(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "ipledger"), *args],
        capture_output=True, text=True, timeout=60, check=False, cwd=cwd,
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "no command given: run `ipledger --help`"),
        (("--bogus",), "No such option: --bogus (see `ipledger --help`)"),
        (("stampp",), "No such command 'stampp'. Did you mean 'stamp'? (see `ipledger --help`)"),
        (("stamp",), "give either --local (the log in --dir) or --server URL"),
        (("stamp", "--local"), "give files or folders to stamp, or --digest sha256:HEX"),
        (("proof",), "Missing argument 'INDEX' (see `ipledger proof --help`)"),
        (("proof", "x"), "Invalid value for 'INDEX'"),
        (("chain",), "Missing command (see `ipledger chain --help`)"),
        (("chain", "sideways"), "No such command 'sideways' (see `ipledger chain --help`)"),
        (("keys", "create"), "Missing argument 'TENANT' (see `ipledger keys create --help`)"),
        (("stamp", "--local", "--server", "http://x", "a"), "give either --local"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(
    args: tuple[str, ...], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The console script's `main` in this process (a process each cost ~1.6 s of CPU); the
    # installed script itself is run by the test below.
    monkeypatch.chdir(tmp_path)
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.startswith("ipledger: error: ") and err.count("\n") == 1
    assert says in err


def test_the_installed_script_says_a_usage_error_in_one_line(tmp_path: Path) -> None:
    done = ipledger("stampp", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == ("ipledger: error: No such command 'stampp'. Did you mean 'stamp'? "
                           "(see `ipledger --help`)\n")


def test_version() -> None:
    done = ipledger("--version")
    assert done.returncode == 0
    assert done.stdout == f"ipledger {version('ipledger')}\n"


@pytest.mark.parametrize(
    "command", [(), ("stamp",), ("init",), ("serve",), ("chain", "status"), ("evidence",)]
)
def test_help_has_no_type_noise_and_keeps_its_brackets(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main([*command, "--help"])
    out, err = capsys.readouterr()
    assert code == 0, err
    for noise in ("<bool>", "<str>", "<path>", "<int>", "list[", "\x1b["):
        assert noise not in out
    if command:
        assert "[env IPLEDGER_DATA_DIR; .ipledger]" in " ".join(out.split())


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("IPLEDGER_BATCH_INTERVAL", "-1", "IPLEDGER_BATCH_INTERVAL='-1' is not usable: Input"),
        ("IPLEDGER_RPC_URL", "http://node:99999999/KEY", "IPLEDGER_RPC_URL is not usable: is"),
        ("IPLEDGER_RPC_URL", "localhost:8545", "must be an http(s):// or ws(s):// URL"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(
    variable: str, value: str, says: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    done = subprocess.run(
        [str(BIN / "ipledger"), "chain", "status", "--dir", str(tmp_path)],
        env={**env, "IPLEDGER_CHAIN": "sepolia", variable: value},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert says in done.stderr and "KEY" not in done.stderr


def test_topics_name_every_command_of_every_topic_app() -> None:
    """`TOPICS` (what the root lists and loads) is every command of every topic's app."""
    apps: dict[tuple[str, str], typer.Typer] = {}
    for info in pkgutil.iter_modules(cli.__path__):
        topic = importlib.import_module(f"ipledger.api.cli.{info.name}")
        for attr, value in vars(topic).items():
            if isinstance(value, typer.Typer) and value is not cli.app:
                apps[(info.name, attr)] = value
    assert set(cli.TOPICS.values()) == set(apps)
    for (module, attr), app in apps.items():
        names = [name for name, where in cli.TOPICS.items() if where == (module, attr)]
        if set(names) & cli.GROUPS:
            assert len(names) == 1 and app.registered_commands  # a group: its own commands
        else:
            own = [c.name or (c.callback.__name__ if c.callback else "") for c in
                   app.registered_commands]
            assert sorted(n.replace("_", "-") for n in own) == sorted(names), (module, attr)


@pytest.mark.parametrize(
    ("args", "loaded", "not_loaded"),
    [
        (["--version"], set(), {"common", "log", "service", "chain", "beacon"}),
        (["keys", "--help"], {"service"}, {"log", "chain", "beacon", "witness", "tsa", "demo"}),
    ],
)
def test_a_command_imports_only_its_own_topic(
    args: list[str], loaded: set[str], not_loaded: set[str]
) -> None:
    script = (
        "import json, sys; from ipledger.api.cli import main; "
        f"code = main({args!r}); "
        "print(json.dumps([code, sorted(m.rsplit('.', 1)[1] for m in sys.modules "
        "if m.startswith('ipledger.api.cli.'))]))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    code, names = json.loads(done.stdout.splitlines()[-1])
    modules = set(names)
    assert code == 0 and loaded <= modules and not (not_loaded & modules), modules
