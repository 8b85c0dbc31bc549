"""The log's commands on a real local log: init, stamp, checkpoint, proof; errors change nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.api.cli.log import entry_json
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import LogEntry, validate_entry
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.note import parse_verifier_key
from ipledger.verifier.core.proof import verify_inclusion


def _head(data_dir: Path) -> tuple[int, bytes]:
    deployment = Deployment.open(Settings(data_dir=data_dir))
    try:
        return deployment.store.head()
    finally:
        deployment.close()


def test_init_writes_key_and_verifier_key(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = (log_dir / "log.pub").read_text().strip()
    assert parse_verifier_key(published).name == "example.org/log"
    assert oct((log_dir / "log.key").stat().st_mode & 0o777) == "0o600"
    key_before = (log_dir / "log.key").read_bytes()
    assert main(["init", "--dir", str(log_dir)]) == 0
    assert (log_dir / "log.key").read_bytes() == key_before
    assert "kept the existing log key" in capsys.readouterr().out


def test_stamp_files_and_folders(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "claim.txt").write_text("A method of ...")
    (docs / "sub" / "figure.svg").write_text("<svg/>")
    capsys.readouterr()
    code = main(
        [
            "stamp",
            "--local",
            str(docs),
            "--dir",
            str(log_dir),
            "--json",
            "--metadata",
            '{"office": "EP", "title": "Widget"}',
        ]
    )
    assert code == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert [x["index"] for x in lines] == [0, 1]
    for line in lines:
        expected = hashlib.sha256(Path(line["path"]).read_bytes()).hexdigest()
        assert line["digest"] == "sha256:" + expected
        assert line["metadata"] == {"office": "EP", "title": "Widget"}
    assert _head(log_dir)[0] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--metadata", '{"a": 1, "a": 2}'], "duplicate key"),
        (["--metadata", "[1, 2]"], "must be a JSON object"),
        (["--metadata", "{not json"], "not valid JSON"),
        (["--metadata", json.dumps({"x": "y" * 5000})], "limit is 4096"),
    ],
)
def test_bad_metadata_changes_nothing(
    log_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("a")
    assert main(["stamp", "--local", str(doc), "--dir", str(log_dir)]) == 0
    before = _head(log_dir)
    capsys.readouterr()
    assert main(["stamp", "--local", str(doc), "--dir", str(log_dir), *args]) != 0
    err = capsys.readouterr().err
    assert message in err and "metadata" in err
    assert len(err.strip().splitlines()) == 1
    assert _head(log_dir) == before


def test_missing_file_changes_nothing(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("a")
    code = main(
        ["stamp", "--local", str(doc), str(tmp_path / "missing.pdf"), "--dir", str(log_dir)]
    )
    assert code != 0
    assert "missing.pdf" in capsys.readouterr().err
    assert _head(log_dir)[0] == 0


def test_stamp_needs_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("a")
    assert main(["stamp", "--local", str(doc), "--dir", str(tmp_path / "none")]) != 0
    assert "ipledger init" in capsys.readouterr().err


def test_checkpoint_and_proof(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(5):
        (docs / f"{i}.txt").write_text(str(i))
    assert main(["stamp", "--local", str(docs), "--dir", str(log_dir)]) == 0
    assert main(["proof", "0", "--dir", str(log_dir)]) != 0
    assert "ipledger checkpoint" in capsys.readouterr().err
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    assert "Checkpoint at size 5" in capsys.readouterr().out
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert main(["proof", "3", "--size", "5", "--json", "--dir", str(log_dir)]) == 0
    shown = json.loads(capsys.readouterr().out)
    key = (log_dir / "log.pub").read_text().strip()
    assert shown["verifier_key"] == key
    cp = verify_checkpoint(shown["checkpoint"], key)
    leaf = bytes.fromhex(shown["entry"]["leaf_hash"])
    proof = [bytes.fromhex(h) for h in shown["inclusion"]["proof"]]
    verify_inclusion(3, cp.size, leaf, proof, cp.root)
    assert main(["proof", "3", "--size", "4", "--dir", str(log_dir)]) != 0
    assert "sizes [5]" in capsys.readouterr().err
    assert main(["proof", "9", "--dir", str(log_dir)]) != 0
    assert "no entry 9" in capsys.readouterr().err


def test_entry_json_is_what_stamp_and_proof_print() -> None:
    nonce = "00112233445566778899aabbccddeeff"
    digest = "sha256:" + "ab" * 32
    e = validate_entry(digest, nonce, {"k": 1})
    stored = LogEntry(7, e.digest, e.nonce, e.metadata_jcs, e.metadata_hash, 5, b"\1" * 32)
    assert entry_json(stored) == {
        "index": 7,
        "digest": digest,
        "nonce": nonce,
        "metadata": {"k": 1},
        "received_at": 5,
        "leaf_hash": "01" * 32,
    }
