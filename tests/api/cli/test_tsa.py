"""`ipledger tsa init` and `show`: a new deployment CA, or an operator's chain made by openssl."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.tsa.identity import load_tsa
from ipledger.ledger.tsa.tokens import TokenIssuer, parse_request


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def openssl(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=check, timeout=60
    )


def _one_line_error(err: str, words: str) -> None:
    assert err.count("\n") == 1 and err.startswith("ipledger: error: ") and words in err, err


def test_init_then_show(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tsa", "show", "--dir", str(log_dir))
    assert code == 1
    _one_line_error(err, "run `ipledger tsa init` first")
    code, out, _ = run(capsys, "tsa", "init", "--dir", str(log_dir))
    assert code == 0
    tsa_dir = log_dir / "tsa"
    assert (tsa_dir / "tsa.key").stat().st_mode & 0o777 == 0o600
    code, shown, _ = run(capsys, "tsa", "show", "--dir", str(log_dir))
    assert code == 0 and shown in out
    policy = (tsa_dir / "policy.txt").read_text().strip()
    assert policy.startswith("2.25.") and f"policy:       {policy}" in shown
    assert "CN=example.org/log TSA" in shown and "ECDSA secp256r1" in shown
    assert f"{tsa_dir / 'ca.pem'}" in shown
    # openssl sees a CA and a TSA certificate with the critical timeStamping EKU.
    text = openssl("x509", "-in", tsa_dir / "tsa.pem", "-noout", "-text").stdout
    assert "X509v3 Extended Key Usage: critical\n                Time Stamping" in text
    assert "X509v3 Key Usage: critical\n                Digital Signature" in text
    assert "OK" in openssl(
        "verify", "-CAfile", tsa_dir / "ca.pem", "-purpose", "timestampsign", tsa_dir / "tsa.pem"
    ).stdout
    code, _, err = run(capsys, "tsa", "init", "--dir", str(log_dir))
    assert code == 1
    _one_line_error(err, "already exists")
    assert (tsa_dir / "policy.txt").read_text().strip() == policy


def test_init_takes_a_policy_and_refuses_a_bad_one(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "tsa", "init", "--policy", "1.x", "--dir", str(log_dir))
    assert code == 1
    _one_line_error(err, "not a dotted object identifier")
    args = ["tsa", "init", "--policy", "1.3.6.1.4.1.99999.1", "--dir", str(log_dir)]
    assert run(capsys, *args)[0] == 0
    assert load_tsa(log_dir / "tsa").policy == "1.3.6.1.4.1.99999.1"


def _operator_ca(tmp_path: Path, *, eku: str = "critical,timeStamping") -> tuple[Path, Path, Path]:
    """A root CA and a TSA certificate made by the openssl CLI, as an operator's CA would."""
    root_key, root = tmp_path / "root.key", tmp_path / "root.pem"
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", root_key, "-out", root, "-days", "3650", "-subj", "/CN=Operator Root CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    key, csr, cert = tmp_path / "tsa.key", tmp_path / "tsa.csr", tmp_path / "tsa.pem"
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
            "-subj", "/CN=Operator TSA/O=Operator")
    ext = tmp_path / "ext.cnf"
    ext.write_text(f"extendedKeyUsage={eku}\nkeyUsage=critical,digitalSignature\n")
    openssl("x509", "-req", "-in", csr, "-CA", root, "-CAkey", root_key, "-CAcreateserial",
            "-out", cert, "-days", "365", "-extfile", ext)
    chain = tmp_path / "chain.pem"
    chain.write_text(cert.read_text() + root.read_text())
    return chain, key, root


def test_import_an_operator_chain_and_its_tokens_verify_against_its_root(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chain, key, root = _operator_ca(tmp_path)
    code, out, err = run(capsys, "tsa", "init", "--cert", str(chain), "--key", str(key),
                         "--dir", str(log_dir))
    assert code == 0, err
    assert "CN=Operator TSA" in out and "RSA 2048 bits" in out
    assert (log_dir / "tsa" / "ca.pem").read_text() == root.read_text()
    identity = load_tsa(log_dir / "tsa")
    document = tmp_path / "doc.txt"
    document.write_text("a claim\n")
    query = tmp_path / "doc.tsq"
    openssl("ts", "-query", "-data", document, "-sha256", "-cert", "-out", query)
    reply = tmp_path / "doc.tsr"
    reply.write_bytes(
        TokenIssuer(identity, timedelta(seconds=1)).grant(
            parse_request(query.read_bytes(), identity.policy), 1 << 32, datetime.now(UTC)
        )
    )
    assert "Verification: OK" in openssl(
        "ts", "-verify", "-data", document, "-in", reply, "-CAfile", root
    ).stdout


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ("not-critical", "critical extended key usage of timeStamping"),
        ("wrong-key", "does not match"),
        ("wrong-issuer", "give the chain in order"),
        ("only-key", "--cert and --key together"),
        ("not-pem", "holds no PEM certificate"),
    ],
)
def test_import_refuses_an_unusable_chain_in_one_line(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], problem: str, words: str
) -> None:
    chain, key, _ = _operator_ca(
        tmp_path, eku="timeStamping" if problem == "not-critical" else "critical,timeStamping"
    )
    if problem == "wrong-key":
        key = tmp_path / "root.key"
    if problem == "wrong-issuer":  # the TSA certificate twice: it did not issue itself
        chain.write_text((tmp_path / "tsa.pem").read_text() * 2)
    if problem == "not-pem":
        chain.write_text("hello\n")
    args = ["tsa", "init", "--key", str(key), "--dir", str(log_dir)]
    if problem != "only-key":
        args += ["--cert", str(chain)]
    code, _, err = run(capsys, *args)
    assert code == (2 if problem == "only-key" else 1)
    _one_line_error(err, words)
    assert not (log_dir / "tsa" / "tsa.key").exists()


def test_backup_says_the_tsa_folder_is_kept_apart(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "backup", str(tmp_path / "before.db"), "--dir", str(log_dir))
    assert code == 0 and "time-stamp authority" not in out
    assert run(capsys, "tsa", "init", "--dir", str(log_dir))[0] == 0
    code, out, _ = run(capsys, "backup", str(tmp_path / "after.db"), "--dir", str(log_dir))
    assert code == 0
    assert f"keep a copy of the folder {log_dir / 'tsa'} apart" in " ".join(out.split())


def test_a_bad_policy_setting_is_one_line(
    log_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPLEDGER_TSA_POLICY", "policy-one")
    code, _, err = run(capsys, "tsa", "show", "--dir", str(log_dir))
    assert code == 2
    _one_line_error(err, "IPLEDGER_TSA_POLICY='policy-one' is not usable")
    monkeypatch.setenv("IPLEDGER_TSA_POLICY", "1.2.3.4")
    assert run(capsys, "tsa", "init", "--dir", str(log_dir))[0] == 0
    code, out, _ = run(capsys, "tsa", "show", "--dir", str(log_dir))
    assert code == 0 and "policy:       1.2.3.4" in out  # the setting wins over the stored one
