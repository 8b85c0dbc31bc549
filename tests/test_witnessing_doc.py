"""docs/witnessing.md's commands run as written for two offices (served ones: test_federation)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "witnessing.md"
BIN = Path(sys.executable).parent
# What needs running servers or the network: tests/test_federation.py runs each of these
# against three served offices (serve, checkpoint with witnesses, verify, health, forks).
SERVED = ("ipledger serve", "ipledger checkpoint", "ipledger-verify", "curl ")
# The doc's placeholders: an office's log key (type 0x01, base64 'A...') or witness key
# (0x04, 'B...') shortened with "...".
LOG_KEY = re.compile(r"office-([abc])\.example/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]*\.\.\.")
WITNESS_KEY = re.compile(r"office-([abc])\.example/log/witness\+[0-9a-f]{8}\+B[A-Za-z0-9+/]*\.\.\.")


def shell_blocks() -> list[list[str]]:
    """The doc's ```sh blocks, each as its command lines without comments."""
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text("utf-8"), re.S)
    return [[line for raw in block.splitlines()
             if (line := raw.split(" #")[0].strip()) and not line.startswith("#")]
            for block in blocks]


class DocOffice:
    """One office following the doc: its own data directory and environment."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
        self.outputs: list[str] = []

    def text(self, line: str, keys: dict[str, tuple[str, str]]) -> str:
        """The doc's line for this office: its data dir, origin and the real keys."""
        line = line.replace("/srv/ipledger", str(self.folder))
        line = line.replace("office-a.example/log", f"office-{self.name}.example/log")
        line = LOG_KEY.sub(lambda m: keys[m.group(1)][0], line)
        return WITNESS_KEY.sub(lambda m: keys[m.group(1)][1], line)

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        words = shlex.split(line)
        if words[0] == "export":
            for word in words[1:]:
                name, _, value = word.partition("=")
                self.env[name] = value
            return subprocess.CompletedProcess(words, 0, "", "")
        if words[0] == "ipledger":
            words[0] = str(BIN / "ipledger")
        done = subprocess.run(words, env=self.env, capture_output=True, text=True, timeout=120,
                              check=False)
        self.outputs.append(done.stdout)
        return done


def test_the_setup_commands_run_as_written(tmp_path: Path) -> None:
    blocks = shell_blocks()
    setup, witness_add, ask, check, verify, forks = blocks
    skipped = [line for block in blocks for line in block if line.startswith(SERVED)]
    assert len(skipped) == 7, skipped  # serve, checkpoint, 2 verify, 3 curl: nothing else

    keys: dict[str, tuple[str, str]] = {}
    offices = {name: DocOffice(name, tmp_path / name) for name in "ba"}
    for name, office in offices.items():  # 1. each office: its log and its witness key
        for line in setup:
            done = office.run(office.text(line, keys))
            assert done.returncode == 0, f"{line}: {done.stderr}"
        witness_key = office.outputs[-2].strip().splitlines()[-1]
        log_key = office.outputs[-1].strip()
        assert witness_key.startswith(f"office-{name}.example/log/witness+")
        assert log_key.startswith(f"office-{name}.example/log+")
        keys[name] = (log_key, witness_key)

    a = offices["a"]
    for line in witness_add:  # 2. a witnesses b's log ("office-b" in the doc)
        done = a.run(a.text(line, keys))
        assert done.returncode == 0, f"{line}: {done.stderr}"
    assert f"office-b.example/log  {keys['b'][0]}  nothing cosigned yet" in a.outputs[-1]

    for line in ask:  # 3. a asks b's witness: the setting is accepted (serve: test_federation)
        if not line.startswith(SERVED):
            assert a.run(a.text(line, keys)).returncode == 0
    assert keys["b"][1] in a.env["IPLEDGER_WITNESSES"]
    assert a.run("ipledger witness list").returncode == 0
    a.env["IPLEDGER_WITNESSES"] = a.env["IPLEDGER_WITNESSES"].replace(keys["b"][1], keys["b"][0])
    refused = a.run("ipledger witness list")  # b's log key where its witness key belongs
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "not a witness's cosigner key" in refused.stderr, refused.stderr
    del a.env["IPLEDGER_WITNESSES"]

    assert all(line.startswith(SERVED) for line in (*check, *verify))
    for line in forks:
        if not line.startswith(SERVED):
            done = a.run(a.text(line, keys))
            assert done.returncode == 0 and "No equivocation caught." in done.stdout

    removed = a.run("ipledger witness remove office-b.example/log")  # what stays sovereign
    assert removed.returncode == 0, removed.stderr
    assert "No log is witnessed" in a.run("ipledger witness list").stdout
