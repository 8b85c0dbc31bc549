"""`ipledger witness`: key, add, list, remove, equivocations, through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.ledger.witness.cosigning import Witness, load_witness_key
from ipledger.ledger.witness.requests import format_add_checkpoint
from tests.ledger.witness.helpers import LOG_ORIGIN, SubmittingLog


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_the_witness_key_and_witness_key_prints_it(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = log_dir / "witness.key"
    assert key_file.exists() and key_file.stat().st_mode & 0o777 == 0o600
    signer = WitnessSigner.load(key_file)
    assert signer.name == "example.org/log/witness"
    code, out, err = run(capsys, "witness", "key", "--dir", str(log_dir))
    assert (code, out, err) == (0, signer.verifier_key + "\n", "")
    key_file.unlink()
    code, out, err = run(capsys, "witness", "key", "--dir", str(log_dir))
    assert code == 0 and "Created the witness key" in err
    assert out.strip() != signer.verifier_key and out.startswith("example.org/log/witness+")


def test_add_list_remove(log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vkey = LogSigner.generate(LOG_ORIGIN).verifier_key
    code, out, _ = run(capsys, "witness", "list", "--dir", str(log_dir))
    assert code == 0 and "No log is witnessed" in out
    code, out, _ = run(capsys, "witness", "add", vkey, "--dir", str(log_dir))
    assert code == 0 and f"Now witnessing {LOG_ORIGIN}" in out
    code, out, _ = run(capsys, "witness", "add", vkey, "--dir", str(log_dir))
    assert code == 0 and "Already witnessing" in out
    code, out, _ = run(
        capsys, "witness", "add", vkey, "--origin", "other.example/log", "--dir", str(log_dir)
    )
    assert code == 0
    code, out, _ = run(capsys, "witness", "list", "--dir", str(log_dir))
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [LOG_ORIGIN, "other.example/log"]
    assert all(vkey in line and "nothing cosigned yet" in line for line in lines)
    code, out, _ = run(capsys, "witness", "remove", "other.example/log", "--dir", str(log_dir))
    assert code == 0 and "history is kept" in out
    code, out, _ = run(capsys, "witness", "list", "--dir", str(log_dir))
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("not-a-key", "the log key is not usable"),
        ("example.com/log+00000000+AQ==", "the log key is not usable"),
        ("PRIVATE+KEY+x+00000000+AQ==", "private signing key"),
        (WitnessSigner("w.example/witness", bytes(32)).verifier_key, "cosigner key (0x04)"),
    ],
)
def test_add_refuses_bad_keys_in_one_line(
    log_dir: Path, capsys: pytest.CaptureFixture[str], key: str, reason: str
) -> None:
    code, out, err = run(capsys, "witness", "add", key, "--dir", str(log_dir))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and reason in err and "Traceback" not in err


def test_add_refuses_another_key_for_a_witnessed_origin(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = (LogSigner.generate(LOG_ORIGIN).verifier_key for _ in range(2))
    assert run(capsys, "witness", "add", first, "--dir", str(log_dir))[0] == 0
    code, _, err = run(capsys, "witness", "add", second, "--dir", str(log_dir))
    assert code == 1 and "witness remove" in err and len(err.splitlines()) == 1


def test_remove_unknown_origin_is_one_line(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "witness", "remove", "nobody.example/log", "--dir", str(log_dir))
    assert code == 1 and "ipledger witness list" in err and len(err.splitlines()) == 1


def test_equivocations_prints_both_notes(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "witness", "equivocations", "--dir", str(log_dir), "--check")
    assert code == 0 and "No equivocation caught" in out
    log = SubmittingLog.on_sqlite(tmp_path)
    assert run(capsys, "witness", "add", log.signer.verifier_key, "--dir", str(log_dir))[0] == 0
    deployment = Deployment.open(Settings(data_dir=log_dir))
    try:
        witness = Witness.from_settings(deployment.engine, deployment.settings)
        log.grow(3)
        accepted = log.note()
        assert witness.add_checkpoint(log.body(0, note=accepted)).status == 200
        fork = SubmittingLog.on_sqlite(tmp_path, log.signer)
        fork.grow(3)
        forked = fork.note()
        assert witness.add_checkpoint(format_add_checkpoint(3, [], forked).encode()).status == 422
        assert witness.key().verifier_key == load_witness_key(deployment.settings).verifier_key
    finally:
        deployment.close()
    code, out, _ = run(capsys, "witness", "equivocations", "--dir", str(log_dir))
    assert code == 0
    assert f"== {LOG_ORIGIN}: size 3, same-size" in out
    assert accepted in out and forked in out
    code, out, _ = run(capsys, "witness", "equivocations", "--dir", str(log_dir), "--check")
    assert code == 1 and forked in out  # a monitoring script alerts on the exit code
    log.store.close()
    fork.store.close()


def test_witness_commands_need_an_initialized_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "witness", "list", "--dir", str(tmp_path / "none"))
    assert code == 1 and "ipledger init" in err and len(err.splitlines()) == 1


def test_add_refuses_the_office_s_own_log(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = (log_dir / "log.pub").read_text().strip()
    code, _, err = run(capsys, "witness", "add", own, "--dir", str(log_dir))
    assert code == 1 and "this office's own log" in err and len(err.splitlines()) == 1
