"""The `ipledger` command line as a user meets it: usage errors, --version, plain help."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

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
    args: tuple[str, ...], says: str, tmp_path: Path
) -> None:
    done = ipledger(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("ipledger: error: ") and done.stderr.count("\n") == 1
    assert says in done.stderr


def test_version() -> None:
    done = ipledger("--version")
    assert done.returncode == 0
    assert done.stdout == f"ipledger {version('ipledger')}\n"


@pytest.mark.parametrize(
    "command", [(), ("stamp",), ("init",), ("serve",), ("chain", "status"), ("evidence",)]
)
def test_help_has_no_type_noise_and_keeps_its_brackets(command: tuple[str, ...]) -> None:
    done = ipledger(*command, "--help")
    assert done.returncode == 0, done.stderr
    for noise in ("<bool>", "<str>", "<path>", "<int>", "list[", "\x1b["):
        assert noise not in done.stdout
    if command:
        assert "[env IPLEDGER_DATA_DIR; .ipledger]" in " ".join(done.stdout.split())


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
