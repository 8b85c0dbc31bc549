"""`ipledger checkpoint` asks the witnesses; `ipledger evidence --tlog-proof` writes the proofs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.cosignature import verify_cosignature
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash, parse_digest, parse_nonce
from ipledger.verifier.core.proof import verify_inclusion
from ipledger.verifier.core.tlogproof import parse_tlog_proof
from tests.ledger.cosigning.offices import WitnessOffice


@pytest.fixture
def office_b(log_dir: Path, tmp_path: Path) -> Iterator[WitnessOffice]:
    office = WitnessOffice(tmp_path, "office-b.example", (log_dir / "log.pub").read_text().strip())
    yield office.start()
    office.stop()


def _docs(tmp_path: Path, n: int = 3) -> list[Path]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for i in range(n):
        (docs / f"claim-{i}.txt").write_text(f"claim {i}")
    return sorted(docs.glob("*.txt"))


def test_checkpoint_asks_each_witness_and_says_what_happened(
    log_dir: Path, tmp_path: Path, office_b: WitnessOffice,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    down = WitnessOffice(tmp_path, "office-c.example")  # never started: connection refused
    monkeypatch.setenv("IPLEDGER_WITNESSES", f"{office_b.config},{down.config}")
    monkeypatch.setenv("IPLEDGER_WITNESS_TIMEOUT", "1")
    docs = _docs(tmp_path)
    assert main(["stamp", "--local", str(docs[0].parent), "--dir", str(log_dir)]) == 0
    capsys.readouterr()
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert f"Witness office-b.example/log/witness ({office_b.url}): cosigned: timestamp " in out
    assert "Witness office-c.example/log/witness" in out and ": unreachable: " in out
    note = out[out.index("example.org/log\n3\n") :]
    key = (log_dir / "log.pub").read_text().strip()
    assert verify_checkpoint(note, key).size == 3
    verify_cosignature(note, office_b.vkey)
    # `ipledger proof` shows the cosigned checkpoint too.
    assert main(["proof", "1", "--json", "--dir", str(log_dir)]) == 0
    shown = json.loads(capsys.readouterr().out)["checkpoint"]
    assert shown == note and verify_cosignature(shown, office_b.vkey)
    # Unchanged tree: nothing cut, the witnesses asked again (office-b has it already).
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert "unchanged" in out and "already: its cosignature is stored already" in out


def test_evidence_tlog_proof_writes_a_checked_proof_beside_each_file(
    log_dir: Path, tmp_path: Path, office_b: WitnessOffice,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IPLEDGER_WITNESSES", office_b.config)
    docs = _docs(tmp_path)
    folder = str(docs[0].parent)
    assert main(["stamp", "--local", folder, "--dir", str(log_dir),
                 "--metadata", '{"office": "EP"}']) == 0
    # No checkpoint covers them yet: exit 3, nothing written.
    assert main(["evidence", "--tlog-proof", folder, "--dir", str(log_dir)]) == 3
    assert "in no checkpoint yet" in capsys.readouterr().out
    assert not list(docs[0].parent.glob("*.tlog-proof"))
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    capsys.readouterr()
    assert main(["evidence", "--tlog-proof", folder, "--dir", str(log_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{d}: wrote {d.name}.tlog-proof (entry {i}, tree size 3, 1 cosignature)"
        for i, d in enumerate(docs)
    ]
    key = (log_dir / "log.pub").read_text().strip()
    for i, doc in enumerate(docs):
        proof = parse_tlog_proof(doc.with_name(doc.name + ".tlog-proof").read_bytes())
        cp = verify_checkpoint(proof.checkpoint, key)
        verify_cosignature(proof.checkpoint, office_b.vkey)
        assert proof.extra is not None
        entry = json.loads(proof.extra)
        assert entry["index"] == i and entry["metadata"] == {"office": "EP"}
        leaf = entry_leaf_hash(parse_digest(entry["digest"]), parse_nonce(entry["nonce"]),
                               metadata_hash(entry["metadata"]), entry["received_at"])
        verify_inclusion(i, cp.size, leaf, proof.inclusion_path, cp.root)
    # Again: unchanged; the proofs are ipledger's own files, never stamped as documents.
    assert main(["evidence", "--tlog-proof", folder, "--dir", str(log_dir)]) == 0
    assert capsys.readouterr().out.count(": unchanged ") == 3
    assert main(["stamp", "--local", folder, "--dir", str(log_dir), "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    # A file never stamped: exit 1 and said; a proof from another log is not overwritten.
    stranger = docs[0].parent / "stranger.txt"
    stranger.write_text("never stamped")
    assert main(["evidence", "--tlog-proof", str(stranger), "--dir", str(log_dir)]) == 1
    assert "not in this log" in capsys.readouterr().out
    other = tmp_path / "other-log"
    assert main(["init", "--dir", str(other), "--origin", "other.example/log"]) == 0
    assert main(["stamp", "--local", str(docs[0]), "--dir", str(other)]) == 0
    assert main(["checkpoint", "--dir", str(other)]) == 0
    capsys.readouterr()
    assert main(["evidence", "--tlog-proof", str(docs[0]), "--dir", str(other)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds a tlog-proof from the log example.org/log" in err


def test_tlog_proof_usage_errors(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evidence", "--tlog-proof", "--dir", str(log_dir)]) == 2
    assert "name the FILEs or folders" in capsys.readouterr().err
    assert main(["evidence", "--tlog-proof", "0", "-o", "x", "--dir", str(log_dir)]) == 2
    assert "not -o or --upgrade" in capsys.readouterr().err
