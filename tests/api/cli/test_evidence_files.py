"""Evidence by file on a real chain: each file's earliest entry, beside it; earliest and info."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.api.cli import main
from ipledger.ledger.chain.managed import chain_down
from ipledger.verifier import EvidenceBundle, verify
from tests.api.conftest import Api
from tests.api.test_serve import ServedDataDir, ServeProcess, deploy

pytestmark = pytest.mark.chain


@pytest.fixture
def anchored_dir(log_dir: Path) -> Iterator[Path]:
    """The log of `log_dir`; its managed chain is stopped afterwards."""
    try:
        yield log_dir
    finally:
        chain_down(log_dir)


def _folder(tmp_path: Path, count: int = 3) -> list[Path]:
    docs = tmp_path / "filing"
    docs.mkdir()
    files = []
    for n in range(count):
        path = docs / f"page-{n}.txt"
        path.write_text(f"page {n} of the notebook\n")
        files.append(path)
    return files


def _bundle(document: Path, name: str = "") -> EvidenceBundle:
    return EvidenceBundle.from_json((document.parent / (name or document.name + ".evidence.json"))
                                    .read_bytes())


def test_local_evidence_by_file(
    anchored_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_dir, key = anchored_dir, (anchored_dir / "log.pub").read_text().strip()
    files = _folder(tmp_path)
    docs = str(files[0].parent)
    assert main(["stamp", "--local", docs, "--dir", str(log_dir)]) == 0
    capsys.readouterr()
    assert main(["evidence", docs, "--dir", str(log_dir)]) == 3
    out = capsys.readouterr().out
    assert "entry 0 is not anchored yet" in out and "run `ipledger anchor`" in out
    assert not list(files[0].parent.glob("*.evidence.json"))

    assert main(["anchor", "--dir", str(log_dir)]) == 0
    # A later entry of the same files must not displace the earliest in the evidence.
    assert main(["stamp", "--local", docs, "--again", "--dir", str(log_dir)]) == 0
    assert main(["anchor", "--dir", str(log_dir)]) == 0
    stranger = files[0].parent / "never-stamped.txt"
    stranger.write_text("not in the log")
    capsys.readouterr()
    assert main(["evidence", docs, "--dir", str(log_dir)]) == 1  # one file was never recorded
    out = capsys.readouterr().out
    assert f"{stranger}: not in this log" in out and "ipledger stamp --local" in out
    for n, path in enumerate(files):
        bundle = _bundle(path)
        assert bundle.entry.index == n and bundle.inclusion.tree_size == 3
        verdict = verify(bundle, document=path.read_bytes(), log_key=key)
        assert verdict.document_checked and verdict.log_authenticated
    stranger.unlink()

    # Evidence of another entry already beside a file is kept; the new one gets a new name.
    other = files[1].parent / "page-1.txt.evidence.json"
    first_bundle = (files[0].parent / "page-0.txt.evidence.json").read_bytes()
    other.write_bytes(first_bundle)
    capsys.readouterr()
    assert main(["evidence", docs, "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert "unchanged page-0.txt.evidence.json" in out and "wrote page-1.txt.evidence.2.json" in out
    assert other.read_bytes() == first_bundle
    assert _bundle(files[1], "page-1.txt.evidence.2.json").entry.index == 1

    # The entry-index form still works.
    single = tmp_path / "entry-2.json"
    assert main(["evidence", "2", "-o", str(single), "--dir", str(log_dir)]) == 0
    assert EvidenceBundle.from_json(single.read_bytes()).entry.index == 2

    capsys.readouterr()
    assert main(["earliest", str(files[2]), "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{files[2]}: first recorded as entry 2 at " in out and ", final" in out
    missing = "sha256:" + hashlib.sha256(b"nothing").hexdigest()
    assert main(["earliest", "--digest", missing, "--json", "--dir", str(log_dir)]) == 1
    assert json.loads(capsys.readouterr().out)["index"] is None

    assert main(["info", str(files[0].parent / "page-0.txt.evidence.json"), "--json"]) == 0
    claims = json.loads(capsys.readouterr().out)
    assert claims["digest"] == "sha256:" + hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert claims["log_origin"] == "example.org/log" and claims["chain_id"] == 31337
    assert claims["entry"] == 0 and claims["checkpoint_size"] == 3
    assert main(["info", str(files[0])]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_evidence_route_says_what_an_entry_waits_for(api: Api) -> None:
    key = api.key()
    digest = "sha256:" + hashlib.sha256(b"waiting").hexdigest()
    api.client.post("/v1/entries", json={"digest": digest}, headers=api.headers(key))
    pending = api.client.get("/v1/entries/0/evidence", headers=api.headers(key))
    assert pending.status_code == 202 and pending.json()["status"] == "pending"
    assert "`ipledger anchor`" in pending.json()["detail"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedDataDir]:
    yield from deploy(tmp_path, chain_up=False)


def test_server_restamp_keeps_receipts_and_evidence_is_by_file(
    served: ServedDataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = ServeProcess(served, tmp_path / "serve.log")
    monkeypatch.setenv("IPLEDGER_API_KEY", served.key)
    try:
        server.wait_healthy()
        files = _folder(tmp_path)
        docs = str(files[0].parent)
        # Another firm recorded page-2's bytes first: we get our own entry, and are told.
        other = served.ipledger("keys", "create", "office-b").splitlines()
        other_key = next(line for line in other if line.startswith("ipl_"))
        page2 = "sha256:" + hashlib.sha256(files[2].read_bytes()).hexdigest()
        r = server.client.post("/v1/entries", json={"digest": page2},
                               headers={"Authorization": f"Bearer {other_key}"})
        assert r.status_code == 201 and r.json()["index"] == 0
        assert main(["stamp", "--server", server.url, docs, "--json"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [(r["status"], r["index"]) for r in rows] == [
            ("stamped", 1), ("stamped", 2), ("stamped", 3)]
        assert "another account recorded this digest first (entry 0" in rows[2]["notes"][0]
        # The folder's digests were looked up in one request, not one per file.
        asked = [
            line for line in server.client.get("/metrics").text.splitlines()
            if line.startswith("ipledger_http_requests_total") and "/v1/digests/" in line
        ]
        assert len(asked) == 1 and 'route="/v1/digests/earliest"' in asked[0], asked
        assert 'method="POST"' in asked[0] and asked[0].endswith(" 1.0"), asked
        receipts = {p.name: p.read_bytes() for p in files[0].parent.glob("*.ipledger-receipt*")}
        assert len(receipts) == 3
        capsys.readouterr()
        assert main(["stamp", "--server", server.url, docs, "--json"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [(r["status"], r["index"]) for r in rows] == [("kept", 1), ("kept", 2), ("kept", 3)]
        after = {p.name: p.read_bytes() for p in files[0].parent.glob("*.ipledger-receipt*")}
        assert after == receipts  # no receipt of a receipt, none replaced
        assert server.client.get("/v1/log").json()["size"] == 4

        # A receipt lost: the earliest entry's is fetched again, nothing new is recorded.
        (files[1].parent / "page-1.txt.ipledger-receipt.json").unlink()
        assert main(["stamp", "--server", server.url, str(files[1]), "--json"]) == 0
        row = json.loads(capsys.readouterr().out)
        assert (row["status"], row["index"]) == ("recorded", 2)

        deadline = time.monotonic() + 90
        while (code := main(["evidence", "--server", server.url, docs])) == 3:
            assert time.monotonic() < deadline, capsys.readouterr().out
            time.sleep(0.5)
        assert code == 0, capsys.readouterr()
        for n, path in enumerate(files):
            verdict = verify(_bundle(path), document=path.read_bytes(), log_key=served.log_key)
            assert verdict.entry_index == n + 1  # our own entries, page-2's too
        capsys.readouterr()
        assert main(["earliest", "--server", server.url, str(files[0]), str(files[2])]) == 0
        out = capsys.readouterr().out
        assert f"{files[0]}: first recorded as entry 1 at " in out and ", final" in out
        assert f"{files[2]}: first recorded as entry 0 at " in out and "another account" in out
    finally:
        assert server.stop() == 0, server.log_file.read_text()


def test_stamp_waits_out_the_rate_limit(
    served: ServedDataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served.env.update(IPLEDGER_API_RATE_PER_SECOND="2", IPLEDGER_API_RATE_BURST="1")
    server = ServeProcess(served, tmp_path / "serve.log")
    monkeypatch.setenv("IPLEDGER_API_KEY", served.key)
    try:
        server.wait_healthy()
        files = _folder(tmp_path, count=4)
        # Four first-seen lookups and a batch, milliseconds apart with a bucket of one token:
        # some are answered 429; without waiting out Retry-After the command would fail.
        assert main(["stamp", "--server", server.url, str(files[0].parent)]) == 0
        assert len(list(files[0].parent.glob("*.ipledger-receipt.json"))) == 4
    finally:
        assert server.stop() == 0, server.log_file.read_text()
