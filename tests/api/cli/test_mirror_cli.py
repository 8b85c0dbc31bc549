"""`ipledger mirror` run as a process against `python -m http.server`: copy, list, refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ipledger.ledger.keys import LogSigner
from ipledger.ledger.mirror import origin_hash
from tests.ledger.mirror.sources import StaticLog, static_server

BIN = Path(sys.executable).parent / "ipledger"
ORIGIN = "office-b.example/log"


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), "mirror", *args, "--dir", str(data)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_mirror_command(tmp_path: Path) -> None:
    signer = LogSigner.generate(ORIGIN)
    log = StaticLog(signer, tmp_path / "www")
    data = tmp_path / "data"
    hashed = origin_hash(ORIGIN)
    with static_server(log.directory, tmp_path / "http.log") as server:
        log.publish(300)
        done = run(data, server.url, "--key", signer.verifier_key)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Copied {ORIGIN} (mirror/{hashed}): 300 entries, root ")
        log.publish(520)
        done = run(data, server.url, "--key", signer.verifier_key)
        assert f"Updated {ORIGIN} (mirror/{hashed}): 300 -> 520 entries" in done.stdout
        listed = run(data, "list")
        assert listed.stdout == f"{ORIGIN}  {hashed}  size 520  from {server.url}\n"

        wrong = run(data, server.url, "--key", LogSigner.generate(ORIGIN).verifier_key)
        assert wrong.returncode == 1
        assert wrong.stderr.startswith("ipledger: error: the source's checkpoint does not verify")
        assert wrong.stderr.count("\n") == 1

        StaticLog(signer, log.directory, seed=b"forked ").publish(600)
        forked = run(data, server.url, "--key", signer.verifier_key)
        assert forked.returncode == 3
        assert forked.stderr.count("\n") == 1 and "Traceback" not in forked.stderr
        assert f"the source {ORIGIN} forked" in forked.stderr
        assert "both signed checkpoints kept in" in forked.stderr
        assert run(data, "list").stdout.endswith("size 520  from " + server.url + "\n")

    nokey = run(data, "http://127.0.0.1:9")
    assert (nokey.returncode, nokey.stderr.startswith("ipledger: error: --key is needed")) == (
        2, True)
    down = run(data, "http://127.0.0.1:9", "--key", signer.verifier_key, "--timeout", "2")
    assert down.returncode == 1 and "unreachable" in down.stderr
    assert down.stderr.count("\n") == 1


def test_mirror_every_keeps_updating_until_a_fork(tmp_path: Path) -> None:
    signer = LogSigner.generate(ORIGIN)
    log = StaticLog(signer, tmp_path / "www")
    data = tmp_path / "data"
    with static_server(log.directory, tmp_path / "http.log") as server:
        log.publish(10)
        process = subprocess.Popen(
            [str(BIN), "mirror", server.url, "--key", signer.verifier_key, "--every", "1",
             "--dir", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert process.stdout is not None
            assert process.stdout.readline().startswith(f"Copied {ORIGIN}")
            log.publish(20)
            line = process.stdout.readline()
            while "up to date" in line:
                line = process.stdout.readline()
            assert line.startswith(f"Updated {ORIGIN}") and "10 -> 20 entries" in line
            StaticLog(signer, log.directory, seed=b"forked ").publish(30)
            assert process.wait(timeout=60) == 3
            assert process.stderr is not None
            assert "forked" in process.stderr.read()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
