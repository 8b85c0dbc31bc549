"""`ipledger evidence --upgrade` and `ipledger trust-root refresh` through the real CLI."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.beacon.trust_root import make_trust_root, read_trust_root
from ipledger.ledger.chain.managed import chain_down
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from tests.ledger.beacon import vectors
from tests.ledger.beacon.anchors import add_final_anchor, block_hash_of
from tests.ledger.beacon.beacon_node import SUMMARIES_SLOT, RecordedNode, serve

NO_BEACON = (
    "chain 31337 has no beacon chain: no canonicality proof; anchor on Ethereum mainnet for "
    "evidence that needs no node"
)


def _add_anchor(log_dir: Path, number: int) -> None:
    deployment = Deployment.open(Settings(data_dir=log_dir))
    try:
        add_final_anchor(deployment.engine, number)
    finally:
        deployment.close()


def _stored(log_dir: Path, number: int) -> bytes | None:
    deployment = Deployment.open(Settings(data_dir=log_dir))
    try:
        stored = deployment.block_proof(block_hash_of(number))
    finally:
        deployment.close()
    return None if stored is None else stored.proof


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ipledger: error: "), err
    assert "Traceback" not in err
    return lines[0]


def test_upgrade_stores_the_proof_of_a_mainnet_anchor(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Needs an anchor row for a real mainnet block (tests/ledger/beacon/anchors.py)."""
    _add_anchor(log_dir, 22162263)
    node = RecordedNode()
    node.add_block(22162263)
    with serve(node) as url:
        node.finalized_epoch = 11378688 // 32 - 1
        code = main(["evidence", "--upgrade", "--beacon-api", url, "--dir", str(log_dir)])
        out = capsys.readouterr().out
        assert code == 3
        assert f"anchor 1 (tree size 1, block {block_hash_of(22162263)}): not yet provable" in out
        assert "provable after 2025-03-30T21:10:47Z" in out
        assert _stored(log_dir, 22162263) is None
        node.finalized_epoch = SUMMARIES_SLOT // 32
        assert main(["evidence", "--upgrade", "--beacon-api", url, "--dir", str(log_dir)]) == 0
        out = capsys.readouterr().out
        assert "stored a historical_summaries_deneb proof" in out
        assert "beacon slot 11378687" in out
        assert main(["evidence", "--upgrade", "--beacon-api", url, "--dir", str(log_dir)]) == 0
        assert "Every final anchor has its canonicality proof" in capsys.readouterr().out
    value = vectors.content_value(22162263)
    assert _stored(log_dir, 22162263) == value[int.from_bytes(value[4:8], "little") :]


def test_upgrade_without_or_with_a_dead_node_says_so(
    log_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Needs an anchor row for a real mainnet block (tests/ledger/beacon/anchors.py)."""
    _add_anchor(log_dir, 17034870)
    monkeypatch.delenv("IPLEDGER_BEACON_API", raising=False)
    assert main(["evidence", "--upgrade", "--dir", str(log_dir)]) == 3
    assert "no beacon node configured: set IPLEDGER_BEACON_API" in capsys.readouterr().out
    monkeypatch.setenv("IPLEDGER_BEACON_API", "http://127.0.0.1:9/key-in-path")
    assert main(["evidence", "--upgrade", "--dir", str(log_dir)]) == 3
    out = capsys.readouterr().out
    assert "beacon node http://127.0.0.1:9 is unreachable" in out and "will retry" in out
    assert "key-in-path" not in out
    assert _stored(log_dir, 17034870) is None
    monkeypatch.setenv("IPLEDGER_BEACON_API", "ftp://node")
    assert main(["evidence", "--upgrade", "--dir", str(log_dir)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "IPLEDGER_BEACON_API='ftp://node'" not in line and "http(s)://" in line
    assert main(["evidence", "--dir", str(log_dir)]) == 2
    assert "or pass --upgrade" in _one_error_line(capsys.readouterr().err)


def _write_old(path: Path, count: int, tamper: bool = False) -> None:
    data = (vectors.BEACON_DATA / f"historical_summaries_at_slot_{SUMMARIES_SLOT}.ssz").read_bytes()
    pairs = [(data[i : i + 32], data[i + 32 : i + 64]) for i in range(0, 64 * count, 64)]
    if tamper:
        pairs[1] = (b"\x00" * 32, pairs[1][1])
    path.write_text(make_trust_root(6209536 + count * 8192, pairs).to_json())


def test_trust_root_refresh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    node = RecordedNode()
    new = tmp_path / "new.json"
    old = tmp_path / "old.json"
    _write_old(old, 600)
    with serve(node) as url:
        assert main(["trust-root", "refresh", "--beacon-api", url, "-o", str(new)]) == 0
        out = capsys.readouterr().out
        written = read_trust_root(new.read_text())
        assert written.slot == SUMMARIES_SLOT and len(written.summaries) == 643
        assert f"New trust root: slot {SUMMARIES_SLOT}, 643 periods, root 0x" in out
        # The root of mainnet's summaries, as Portal's recorded file gives them.
        assert "0xea683f50e62fec2100177c9cf2ad74744b096c15cc00c61579c336411994232c" in out
        assert json.loads(new.read_text())["format"] == "ipledger-trust-root"
        args = ["trust-root", "refresh", "--beacon-api", url, "--from", str(old), "-o"]
        assert main([*args, str(tmp_path / "next.json")]) == 0
        out = capsys.readouterr().out
        assert "Old trust root: slot 11124736, 600 periods, root 0x" in out
        assert "(extends the old one)" in out
        _write_old(old, 600, tamper=True)
        assert main([*args, str(tmp_path / "bad.json")]) == 1
        assert "do not extend the old trust root" in _one_error_line(capsys.readouterr().err)
        assert not (tmp_path / "bad.json").exists()
        old.write_text("{}")
        assert main([*args, str(tmp_path / "bad.json")]) == 1
        assert "not a trust-root file" in _one_error_line(capsys.readouterr().err)
    assert main(["trust-root", "refresh", "-o", str(new)]) == 2
    assert "pass --beacon-api URL" in _one_error_line(capsys.readouterr().err)


@pytest.mark.chain
def test_on_anvil_no_canonicality_proof_and_anchoring_goes_on(
    log_dir: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("IPLEDGER_BEACON_API", "http://127.0.0.1:9")  # no node there
    caplog.set_level(logging.INFO, logger="ipledger.ledger.beacon.upgrade")
    (tmp_path / "claims.txt").write_text("1. A method of ...")
    try:
        assert main(["stamp", "--local", str(tmp_path / "claims.txt"), "--dir", str(log_dir)]) == 0
        assert main(["anchor", "--dir", str(log_dir)]) == 0
        assert "Anchored tree size 1" in capsys.readouterr().out
        assert any(NO_BEACON in r.getMessage() for r in caplog.records)
        assert main(["evidence", "--upgrade", "--dir", str(log_dir)]) == 0
        assert "block 0x" in (out := capsys.readouterr().out) and NO_BEACON in out
    finally:
        chain_down(log_dir)
