"""`ipledger checkpoint` asks the TSAs of IPLEDGER_TSA_URLS; bad TSA settings are one line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.config import Settings
from ipledger.ledger.store import LogStore
from ipledger.ledger.timestamping.store import timestamps_for
from ipledger.verifier import EvidenceBundle
from ipledger.verifier.core.note import parse_note
from tests.openssl_tsa import OpenSslTsa, openssl
from tests.ports import free_port


def test_checkpoint_asks_each_tsa_and_says_what_happened(
    log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tsa = OpenSslTsa(tmp_path, "ec", "CLI TSA")
    doc = tmp_path / "claim.txt"
    doc.write_text("claim")
    assert main(["stamp", "--local", str(doc), "--dir", str(log_dir)]) == 0
    nothing = f"http://127.0.0.1:{free_port()}/tsr"
    with tsa.serve() as url:
        monkeypatch.setenv("IPLEDGER_TSA_URLS", f"{url}\n{nothing}")
        monkeypatch.setenv("IPLEDGER_TSA_CA_FILE", str(tsa.ca_pem))
        monkeypatch.setenv("IPLEDGER_TSA_TIMEOUT", "2")
        capsys.readouterr()
        assert main(["checkpoint", "--dir", str(log_dir)]) == 0
        out = capsys.readouterr().out
        assert f"TSA {url}: stamped: genTime " in out, out
        assert "CN=CLI TSA" in out
        assert f"TSA {nothing}: unreachable: " in out
        assert main(["checkpoint", "--dir", str(log_dir)]) == 0
        assert "stamped: " not in (again := capsys.readouterr().out) and "already" in again
    store = LogStore.open(Settings(data_dir=log_dir).resolved_database_url)
    try:
        tokens = timestamps_for(store, 1)
        note = out[out.index("example.org/log\n1\n"):]
        message = note[: note.index("\n\n") + 1].encode()
    finally:
        store.close()
    assert len(tokens) == 1
    (tmp_path / "t.tst").write_bytes(tokens[0])
    openssl("ts", "-verify", "-in", str(tmp_path / "t.tst"), "-token_in", "-digest",
            hashlib.sha256(message).hexdigest(), "-CAfile", str(tsa.ca_pem))


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("IPLEDGER_TSA_URLS", "ftp://tsa.example/x, https://user:secret@tsa.example/tsr, "
         "https://tsa.example/tsr", "TSA 1"),
        ("IPLEDGER_TSA_URLS", "https://a.example/tsr,https://a.example/tsr", "listed twice"),
        ("IPLEDGER_TSA_CA_FILE", "{tmp}/missing.pem", "cannot read"),
        ("IPLEDGER_TSA_CA_FILE", "{tmp}/not.pem", "holds no PEM certificate"),
        ("IPLEDGER_TSA_CA_FILE", "{tmp}/bad.pem", "certificate 1 in"),
        ("IPLEDGER_TSA_TIMEOUT", "0", "greater than 0"),
    ],
)
def test_bad_tsa_settings_are_one_line(
    log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], name: str, value: str, said: str,
) -> None:
    (tmp_path / "not.pem").write_text("hello\n")
    (tmp_path / "bad.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n"
    )
    monkeypatch.setenv(name, value.format(tmp=tmp_path))
    assert main(["checkpoint", "--dir", str(log_dir)]) != 0
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and said in err and name in err, err
    assert "Traceback" not in err and "secret" not in err + captured.out


@pytest.mark.chain
def test_local_evidence_carries_the_tokens_of_the_anchored_checkpoint(
    log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tsa = OpenSslTsa(tmp_path, "rsa", "Evidence TSA")
    docs = tmp_path / "filing"
    docs.mkdir()
    for n in range(3):
        (docs / f"page-{n}.txt").write_text(f"page {n}\n")
    assert main(["stamp", "--local", str(docs), "--dir", str(log_dir)]) == 0
    try:
        with tsa.serve() as url:
            monkeypatch.setenv("IPLEDGER_TSA_URLS", url)
            assert main(["checkpoint", "--dir", str(log_dir)]) == 0
            assert main(["anchor", "--dir", str(log_dir)]) == 0
            capsys.readouterr()
            assert main(["evidence", str(docs), "--dir", str(log_dir)]) == 0
    finally:
        chain_down(log_dir)
    bundles = [EvidenceBundle.from_json((docs / f"page-{n}.txt.evidence.json").read_bytes())
               for n in range(3)]
    assert {b.inclusion.tree_size for b in bundles} == {3}
    assert all(b.version == 3 and len(b.timestamps) == 1 for b in bundles)
    assert len({b.timestamps for b in bundles}) == 1  # one token, read once for the anchor
    message = parse_note(bundles[0].checkpoint).text.encode()
    (tmp_path / "e.tst").write_bytes(bundles[0].timestamps[0])
    openssl("ts", "-verify", "-in", str(tmp_path / "e.tst"), "-token_in", "-digest",
            hashlib.sha256(message).hexdigest(), "-CAfile", str(tsa.ca_pem))
