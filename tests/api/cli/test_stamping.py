"""`ipledger stamp` keeps the earliest record: re-stamping, changed files, --again, --digest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.hashing import expand_paths, is_data_directory, is_own_file
from ipledger.verifier.receipts import verify_entry_receipt


def _size(data_dir: Path) -> int:
    deployment = Deployment.open(Settings(data_dir=data_dir))
    try:
        return deployment.store.size()
    finally:
        deployment.close()


def _stamp(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["stamp", "--json", *args]) == 0
    return [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]


def _folder(tmp_path: Path) -> Path:
    docs = tmp_path / "filing"
    (docs / "figures").mkdir(parents=True)
    (docs / "claims.txt").write_text("1. A widget comprising ...\n")
    (docs / "figures" / "fig1.svg").write_text("<svg/>")
    return docs


def _receipts(docs: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(docs.rglob("*.ipledger-receipt*.json"))}


def _check_receipt(path: Path, log_dir: Path, document: Path) -> int:
    record = json.loads(path.read_text())
    key = (log_dir / "log.pub").read_text().strip()
    assert record["format"] == "ipledger-receipt-file" and record["verifier_key"] == key
    entry = verify_entry_receipt(record["entry_receipt"], key)
    assert entry.digest == hashlib.sha256(document.read_bytes()).digest()
    return entry.index


def test_local_stamp_writes_signed_receipts_and_a_second_run_keeps_them(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path)
    first = _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    assert [(r["status"], r["index"]) for r in first] == [("stamped", 0), ("stamped", 1)]
    claims = docs / "claims.txt"
    assert _check_receipt(docs / "claims.txt.ipledger-receipt.json", log_dir, claims) == 0
    receipts = _receipts(docs)
    assert set(receipts) == {"claims.txt.ipledger-receipt.json", "fig1.svg.ipledger-receipt.json"}

    capsys.readouterr()
    assert main(["stamp", "--local", str(docs), "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{docs / 'claims.txt'}: already stamped as entry 0 (" in out
    assert "receipt claims.txt.ipledger-receipt.json kept" in out and "0 new entries" in out
    assert _size(log_dir) == 2  # nothing recorded twice, no receipt stamped as a document
    assert _receipts(docs) == receipts  # byte for byte
    (docs / "abstract.txt").write_text("A widget.\n")
    assert main(["stamp", "--local", str(docs), "--dir", str(log_dir)]) == 0
    assert "1 new entry; 2 already in the log" in capsys.readouterr().out


def test_a_changed_file_keeps_its_old_receipt_and_gets_a_second(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path)
    _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    claims = docs / "claims.txt"
    old = (docs / "claims.txt.ipledger-receipt.json").read_bytes()
    claims.write_text("1. A better widget ...\n")
    rows = _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    changed = next(r for r in rows if r["path"] == str(claims))
    assert changed["status"] == "stamped" and changed["index"] == 2
    assert any("the file changed since claims.txt.ipledger-receipt.json" in n
               for n in changed["notes"])  # type: ignore[attr-defined]
    assert (docs / "claims.txt.ipledger-receipt.json").read_bytes() == old
    assert _check_receipt(docs / "claims.txt.ipledger-receipt.2.json", log_dir, claims) == 2


def test_again_records_a_new_entry_under_a_new_receipt_name(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path)
    _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    before = _receipts(docs)
    rows = _stamp(capsys, "--local", str(docs), "--dir", str(log_dir), "--again")
    assert [(r["status"], r["index"]) for r in rows] == [("again", 2), ("again", 3)]
    after = _receipts(docs)
    assert {k: after[k] for k in before} == before
    claims = docs / "claims.txt"
    assert _check_receipt(docs / "claims.txt.ipledger-receipt.2.json", log_dir, claims) == 2


def test_a_lost_receipt_is_written_again_from_the_earliest_entry(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _folder(tmp_path)
    _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    _stamp(capsys, "--local", str(docs), "--dir", str(log_dir), "--again")
    for receipt in docs.rglob("*.ipledger-receipt*.json"):
        receipt.unlink()
    rows = _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    assert [(r["status"], r["index"]) for r in rows] == [("recorded", 0), ("recorded", 1)]
    assert _size(log_dir) == 4
    claims = docs / "claims.txt"
    assert _check_receipt(docs / "claims.txt.ipledger-receipt.json", log_dir, claims) == 0


def test_stamp_a_digest_without_a_file(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = "sha256:" + hashlib.sha256(b"kept elsewhere").hexdigest()
    capsys.readouterr()
    assert main(["stamp", "--local", "--digest", digest, "--dir", str(log_dir)]) == 0
    record = json.loads(capsys.readouterr().out)
    key = (log_dir / "log.pub").read_text().strip()
    assert verify_entry_receipt(record["entry_receipt"], key).index == 0
    out = tmp_path / "r.json"
    to_file = ["stamp", "--local", "--digest", digest, "-o", str(out), "--dir", str(log_dir)]
    assert main(to_file) == 0
    again = json.loads(out.read_text())["entry_receipt"]
    assert again["index"] == 0 and _size(log_dir) == 1  # the earliest entry, not a new one
    assert "already in the log" in capsys.readouterr().out
    # -o never overwrites; a malformed digest appends nothing
    assert main(to_file) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["stamp", "--local", "--digest", "sha256:abc", "--dir", str(log_dir)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "64 lowercase hex" in err and _size(log_dir) == 1


def test_ipledgers_own_files_are_never_stamped(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = ["a.pdf.ipledger-receipt.json", "a.pdf.ipledger-receipt.12.json", "a.pdf.evidence.json",
           "a.pdf.evidence.2.json", "a.pdf.report.html", "a.pdf.report.pdf", "a.pdf.tlog-proof"]
    documents = ["a.pdf", "evidence.json", "notes.json", "a.pdf.ipledger-receipt.json.bak",
                 "a.pdf.tlog-proof.bak"]
    assert [n for n in own + documents if is_own_file(Path(n))] == own
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in own + documents:
        (folder / name).write_text(name)
    assert [p.name for p in expand_paths([folder])] == sorted(documents)
    only_own = tmp_path / "only"
    only_own.mkdir()
    (only_own / "x.evidence.json").write_text("{}")
    capsys.readouterr()
    assert main(["stamp", "--local", str(only_own), "--dir", str(log_dir)]) == 2
    assert "own receipt, evidence and report files are never stamped" in capsys.readouterr().err
    assert _size(log_dir) == 0


def test_names_print_as_they_are_and_a_log_s_data_directory_is_not_walked(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Printed through Rich, "[bold]" was read as markup (the name printed without it),
    # ":smile:" as an emoji and "dir[/]x.txt" raised after the receipts were written; a
    # folder walk took a log's data directory for documents (its database, its keys).
    folder = tmp_path / "filing"
    (folder / "dir[").mkdir(parents=True)
    names = ["[bold]fig.txt", "a:smile:b.txt", "claims [final].txt", "dir[/]x.txt"]
    for name in names:
        (folder / name).write_text(name)
    other_log = folder / ".ipledger"
    assert main(["init", "--dir", str(other_log), "--origin", "other.example/log"]) == 0
    assert is_data_directory(other_log) and not is_data_directory(folder)
    assert expand_paths([folder]) == [folder / name for name in names]
    assert expand_paths([other_log / "log.pub"]) == [other_log / "log.pub"]  # named: taken
    capsys.readouterr()
    assert main(["stamp", "--local", str(folder), "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    for index, name in enumerate(names):
        assert f"{folder / name}: recorded as entry {index} (" in out
    assert "4 new entries" in out
    assert not list(other_log.rglob("*.ipledger-receipt.json"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--local"], "give files or folders to stamp, or --digest"),
        (["--local", "x", "--digest", "sha256:" + "0" * 64], "give files or folders"),
        (["--local", "--digest", "sha256:" + "0" * 64, "--digest", "sha256:" + "1" * 64,
          "-o", "r.json"], "-o FILE takes the receipt of one --digest"),
    ],
)
def test_stamp_usage_errors(
    log_dir: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["stamp", *args, "--dir", str(log_dir)]) == 2
    assert message in capsys.readouterr().err
    assert _size(log_dir) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["7"], "an entry INDEX goes with -o FILE"),
        (["7", "8", "-o", "x.json"], "-o FILE goes with one entry INDEX"),
        (["--server", "http://127.0.0.1:9", "7", "-o", "x.json"], "-o FILE goes with one entry"),
    ],
)
def test_evidence_usage_errors(
    log_dir: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["evidence", *args, "--dir", str(log_dir)]) == 2
    assert message in capsys.readouterr().err


def test_earliest_without_a_chain(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipledger.ledger.chain.managed import chain_status

    docs = _folder(tmp_path)
    _stamp(capsys, "--local", str(docs), "--dir", str(log_dir))
    _stamp(capsys, "--local", str(docs), "--dir", str(log_dir), "--again")
    assert main(["earliest", str(docs / "claims.txt"), "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert "claims.txt: first recorded as entry 0 at " in out and "not anchored yet" in out
    assert chain_status(log_dir).pid is None  # asking started no chain


def test_a_receipt_that_cannot_be_written_is_written_by_the_next_run(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    long_name = folder / ("d" * 240 + ".txt")  # + ".ipledger-receipt.json": over 255 bytes
    long_name.write_text("a document with a long name")
    capsys.readouterr()
    assert main(["stamp", "--local", str(long_name), "--dir", str(log_dir)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "1 receipts could not be written" in err
    assert "stamp again" in err and _size(log_dir) == 1  # the entry is kept
    short = folder / "short.txt"
    long_name.rename(short)
    rows = _stamp(capsys, "--local", str(short), "--dir", str(log_dir))
    assert [(r["status"], r["index"]) for r in rows] == [("recorded", 0)]
    assert _check_receipt(folder / "short.txt.ipledger-receipt.json", log_dir, short) == 0
