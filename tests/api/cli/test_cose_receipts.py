"""`ipledger evidence --cose-receipt` writes FILE.cose-receipt; `ipledger-verify` checks it."""

from __future__ import annotations

import json
from pathlib import Path

import cbor2
import pytest

from ipledger.api.cli import main
from ipledger.verifier.cli import main as verify_main
from ipledger.verifier.core.cose import ENTRY_LABEL, parse_cose_receipt


def _docs(tmp_path: Path, n: int = 3) -> list[Path]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for i in range(n):
        (docs / f"claim-{i}.txt").write_text(f"claim {i}")
    return sorted(docs.glob("*.txt"))


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = verify_main(list(args))
    return code, capsys.readouterr().out


def test_evidence_cose_receipt_then_ipledger_verify(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _docs(tmp_path)
    folder = str(docs[0].parent)
    assert main(["stamp", "--local", folder, "--dir", str(log_dir),
                 "--metadata", '{"office": "EP"}']) == 0
    capsys.readouterr()
    assert main(["evidence", "--cose-receipt", folder, "--dir", str(log_dir)]) == 3
    assert "in no checkpoint yet" in capsys.readouterr().out
    assert not list(docs[0].parent.glob("*.cose-receipt"))
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    capsys.readouterr()
    assert main(["evidence", "--cose-receipt", folder, "--dir", str(log_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{d}: wrote {d.name}.cose-receipt (entry {i}, tree size 3, signed by example.org/log)"
        for i, d in enumerate(docs)
    ]
    # Stamping the folder again skips the receipts (ipledger's own files).
    assert main(["stamp", "--local", folder, "--dir", str(log_dir)]) == 0
    assert "claim-0.txt.cose-receipt" not in capsys.readouterr().out
    assert main(["evidence", "--cose-receipt", folder, "--dir", str(log_dir)]) == 0
    assert capsys.readouterr().out.count("unchanged claim-") == 3
    key = (log_dir / "log.pub").read_text().strip()
    receipt = docs[1].with_name(docs[1].name + ".cose-receipt")
    entry = json.loads(cbor2.loads(receipt.read_bytes()).value[1][ENTRY_LABEL])
    assert entry["index"] == 1 and entry["metadata"] == {"office": "EP"}

    code, out = _verify(capsys, str(docs[1]), str(receipt), "--log-key", key)
    assert code == 0, out
    assert "IN THE LOG" in out and "entry 1 of the log example.org/log, tree size 3" in out
    assert "Root signed by the log" in out and "COSE Receipt" in out
    pdf = tmp_path / "claims.report.pdf"
    code, out = _verify(capsys, str(docs[1]), str(receipt), "--log-key", key, "--report", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF-")
    code, out = _verify(capsys, str(docs[1]), str(receipt))
    assert code == 3 and "UNAUTHENTICATED" in out
    code, out = _verify(capsys, str(docs[0]), str(receipt), "--log-key", key)
    assert code == 1 and "NOT PROVEN" in out and "SHA-256" in out
    code, out = _verify(capsys, str(docs[1]), str(receipt), "--json", "--log-key", key)
    report = json.loads(out)
    assert code == 0 and report["result"] == "included" and report["entry_index"] == 1
    code, out = _verify(capsys, str(docs[1]), str(receipt), "--rpc", "http://x", "--log-key", key)
    assert code == 2 and "which a COSE Receipt does not carry" in out

    # A receipt whose signature was changed fails check 4; a truncated one is unusable.
    data = bytearray(receipt.read_bytes())
    data[-1] ^= 1
    broken = tmp_path / "broken.cose-receipt"
    broken.write_bytes(bytes(data))
    html = tmp_path / "broken.report.html"
    code, out = _verify(capsys, str(docs[1]), str(broken), "--log-key", key, "--report", str(html))
    assert code == 1 and "NOT PROVEN" in out and "signature" in out
    assert "The COSE Receipt failed check 4" in html.read_text()
    broken.write_bytes(bytes(data[:-5]))
    code, out = _verify(capsys, str(docs[1]), str(broken), "--log-key", key)
    assert code == 2 and "UNUSABLE INPUT" in out and "CBOR" in out


def test_evidence_cose_receipt_refusals(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _docs(tmp_path, 1)
    assert main(["stamp", "--local", str(docs[0]), "--dir", str(log_dir)]) == 0
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    stranger = tmp_path / "stranger.txt"
    stranger.write_text("never stamped")
    capsys.readouterr()
    assert main(["evidence", "--cose-receipt", str(stranger), "--dir", str(log_dir)]) == 1
    assert "not in this log" in capsys.readouterr().out
    assert main(["evidence", "--cose-receipt", "--dir", str(log_dir)]) == 2
    assert "COSE Receipts" in capsys.readouterr().err
    assert main(["evidence", "--cose-receipt", "--tlog-proof", str(docs[0]),
                 "--dir", str(log_dir)]) == 2
    assert main(["evidence", "--cose-receipt", "0", "-o", "x", "--dir", str(log_dir)]) == 2
    squatter = docs[0].with_name(docs[0].name + ".cose-receipt")
    squatter.write_text("not a receipt")
    assert main(["evidence", "--cose-receipt", str(docs[0]), "--dir", str(log_dir)]) == 1
    err = capsys.readouterr()
    assert "exists and is not a COSE Receipt" in err.out + err.err
    assert squatter.read_text() == "not a receipt"
    squatter.unlink()
    assert main(["evidence", "--cose-receipt", str(docs[0]), "--dir", str(log_dir)]) == 0
    assert parse_cose_receipt(squatter.read_bytes()).issuer == "example.org/log"


def _doc_section() -> str:
    text = (Path(__file__).parents[3] / "docs" / "timestamping.md").read_text()
    start = text.index("## COSE Receipts")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_the_documented_check_without_ipledger_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    section = _doc_section()
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--dir", "log", "--origin", "example.org/log"]) == 0
    Path("claims.pdf").write_bytes(b"%PDF-1.7 claims")
    Path("other.txt").write_text("another entry, so the path is not empty")
    for name in ("other.txt", "claims.pdf"):
        assert main(["stamp", "--local", name, "--dir", "log",
                     "--metadata", '{"office": "EP", "n": 1}']) == 0
    assert main(["checkpoint", "--dir", "log"]) == 0
    local = "ipledger evidence --cose-receipt claims.pdf --dir ./log"
    assert local in section
    assert main(local.split()[1:]) == 0
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    capsys.readouterr()
    exec(compile(code, "docs/timestamping.md", "exec"), {})  # the doc's own code
    said = "claims.pdf is entry 1 of the log's tree of 2, signed by the log"
    assert said in capsys.readouterr().out
    check = 'ipledger-verify claims.pdf claims.pdf.cose-receipt --log-key "$(cat log/log.pub)"'
    assert check in section
    key = Path("log/log.pub").read_text().strip()
    assert verify_main(["claims.pdf", "claims.pdf.cose-receipt", "--log-key", key]) == 0
    # The snippet fails on a changed document, as it says.
    Path("claims.pdf").write_bytes(b"%PDF-1.7 claims, changed")
    with pytest.raises(AssertionError):
        exec(compile(code, "docs/timestamping.md", "exec"), {})
