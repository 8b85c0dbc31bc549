"""The static tlog-tiles export read back by a spec-only reader (tests/c2sp_tiles.py)."""

from __future__ import annotations

import hashlib
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import ExportError, StorageError, TileNotFound
from ipledger.ledger.export import export_log
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tlogtiles import TilePath, parse_tile_path, public_tile
from tests import c2sp_tiles as spec

# Sizes crossing every boundary the spec names: partial level 0, one full tile, a level-1
# partial, a full level-1 tile (65,536) and a level-2 partial.
SIZES = [1, 3, 256, 257, 1000, 65535, 65536, 66000]
MARK = "confidential-title-7f3a"


def entry(i: int) -> dict[str, object]:
    digest = hashlib.sha256(b"doc %d" % i).hexdigest()
    meta = {"title": f"{MARK} {i}"} if i % 97 == 0 else None
    return {"digest": "sha256:" + digest, "metadata": meta}


def grow(store: LogStore, signer: LogSigner, size: int) -> None:
    """Append up to `size` entries (in batches) and cut a checkpoint of that size."""
    while store.size() < size:
        start = store.size()
        store.append([entry(i) for i in range(start, min(size, start + 5000))])
    cut_checkpoint(store, signer)


def files(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in directory.rglob("*")
        if p.is_file()
    }


def spec_leaf_hashes(store: LogStore, size: int) -> list[bytes]:
    # The leaf input from design.md section 2, hashed here, not read from the tiles.
    out = []
    for e in store.entries(0, size):
        leaf = b"\x01" + e.digest + e.nonce + e.metadata_hash + e.received_at.to_bytes(8, "big")
        out.append(spec.leaf_hash(leaf))
    return out


@pytest.fixture
def deployment(store: LogStore, tmp_path: Path) -> Deployment:
    return Deployment(Settings(data_dir=tmp_path / "data"), store, LogSigner.generate("ex.org/log"))


def test_export_read_by_the_spec(deployment: Deployment, tmp_path: Path) -> None:
    store, signer, out = deployment.store, deployment.log_signer, tmp_path / "copy"
    rng = random.Random(15)
    done: list[int] = []
    for size in SIZES:
        grow(store, signer, size)
        store.append([entry(size + 10**6)])  # after the checkpoint: never exported
        summary = export_log(deployment, out)
        assert summary.size == size
        tree, checkpoint = spec.TileTree.from_directory(out)
        assert checkpoint.size == size and checkpoint.origin == "ex.org/log"
        assert tree.root() == checkpoint.root == store.root(size)
        done.append(size)
        for s in done:  # every root of every checkpoint size, from the newest tiles
            assert tree.root(s) == store.root(s)
        for _ in range(20):
            m = rng.randrange(size)
            s = rng.randint(m + 1, size)
            proof = tree.inclusion(m, s)
            assert proof == store.inclusion_proof(m, s)
            spec.verify_inclusion(m, s, tree.hash_at(0, m), proof, store.root(s))
            old = rng.randint(1, size)
            proof = tree.consistency(old, size)
            assert proof == store.consistency_proof(old, size)
            spec.verify_consistency(old, size, tree.root(old), checkpoint.root, proof)
        # Exactly the spec's tiles, byte for byte, plus partials older checkpoints named.
        exported = files(out)
        wanted = set(spec.expected_paths(size))
        assert wanted <= set(exported)
        for path in set(exported) - wanted - {"checkpoint"}:
            assert ".p/" in path and parse_tile_path(path).width is not None
        # A second export writes nothing.
        again = export_log(deployment, out)
        assert (again.written, again.removed) == (0, 0)
        assert again.unchanged == len(wanted) + 1
    built = spec.tiles_from_leaves(spec_leaf_hashes(store, 66000))
    exported = files(out)
    assert {p: exported[p] for p in built} == built
    # Every partial whose full tile exists was removed.
    assert not (out / "tile/0/000.p").exists() and not (out / "tile/1/000.p").exists()
    assert (out / "tile/0/x257/.p").exists() is False
    assert not list(out.rglob(".*.tmp"))


def test_incremental_writes_only_what_is_new(deployment: Deployment, tmp_path: Path) -> None:
    store, signer, out = deployment.store, deployment.log_signer, tmp_path / "copy"
    grow(store, signer, 300)
    first = export_log(deployment, out)
    # 0/000, 0/001.p/44, 1/000.p/1 and the checkpoint.
    assert (first.written, first.unchanged, first.removed) == (4, 0, 0)
    full = out / "tile/0/000"
    stamp = full.stat().st_mtime_ns
    grow(store, signer, 512)
    second = export_log(deployment, out)
    # 0/001 replaces 0/001.p/44; 1/000.p/2 is new; the checkpoint changed.
    assert (second.written, second.unchanged, second.removed) == (3, 1, 1)
    assert full.stat().st_mtime_ns == stamp
    assert sorted(files(out)) == [
        "checkpoint",
        "tile/0/000",
        "tile/0/001",
        "tile/1/000.p/1",
        "tile/1/000.p/2",
    ]
    assert second.line().startswith(f"exported tree size 512 to {out}: 3 files written")


def test_privacy_nothing_but_hashes_without_the_opt_in(
    deployment: Deployment, tmp_path: Path
) -> None:
    store, signer, out = deployment.store, deployment.log_signer, tmp_path / "copy"
    grow(store, signer, 600)
    export_log(deployment, out)
    blob = b"\n".join(files(out).values())
    assert not (out / "tile/entries").exists()
    secrets = [MARK.encode()]
    for e in store.entries(0, 600):
        secrets += [e.digest, e.nonce, e.received_at.to_bytes(8, "big")]
        secrets += [e.digest.hex().encode(), e.nonce.hex().encode()]
        if e.metadata_jcs is not None:
            secrets += [e.metadata_hash, e.metadata_jcs.encode()]
    leaks = [s for s in secrets if s in blob]
    assert leaks == []
    with pytest.raises(TileNotFound, match="does not publish entry bundles"):
        public_tile(store, TilePath(0, 0, entries=True), 600)


def test_entry_bundles_hash_to_the_leaf_tiles(deployment: Deployment, tmp_path: Path) -> None:
    store, signer, out = deployment.store, deployment.log_signer, tmp_path / "copy"
    grow(store, signer, 300)
    export_log(deployment, out, entries=True)
    for path in ("tile/entries/000", "tile/entries/001.p/44"):
        leaves = spec.read_bundle((out / path).read_bytes())
        tile = (out / path.replace("entries", "0")).read_bytes()
        assert b"".join(spec.leaf_hash(leaf) for leaf in leaves) == tile
    e = store.entry(5)
    assert spec.read_bundle((out / "tile/entries/000").read_bytes())[5][1:33] == e.digest


def test_public_tile_never_beyond_the_size(store: LogStore) -> None:
    store.append([entry(i) for i in range(300)])
    assert len(public_tile(store, TilePath(0, 1, 44), 300)) == 44 * 32
    assert (
        public_tile(store, TilePath(0, 1, 20), 276)
        == public_tile(store, TilePath(0, 1, 44), 300)[:640]
    )
    for tile, size in [(TilePath(0, 1), 300), (TilePath(0, 1, 43), 300), (TilePath(2, 0, 1), 300)]:
        with pytest.raises(TileNotFound):
            public_tile(store, tile, size)
    with pytest.raises(TileNotFound, match="beyond"):
        public_tile(store, TilePath(0, 1, 45), 301)


def test_refuses_without_checkpoint_or_another_logs_copy(
    deployment: Deployment, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="no checkpoint yet"):
        export_log(deployment, tmp_path / "copy")
    grow(deployment.store, deployment.log_signer, 3)
    (tmp_path / "other").mkdir()
    (tmp_path / "other/checkpoint").write_text("other.org/log\n9\nAAAA\n\n")
    with pytest.raises(ExportError, match=r"other\.org/log"):
        export_log(deployment, tmp_path / "other")
    (tmp_path / "other/checkpoint").write_text("ex.org/log\n9\nAAAA\n\n")
    with pytest.raises(ExportError, match="size 9"):
        export_log(deployment, tmp_path / "other")
    assert not isinstance(ExportError("x"), StorageError)


def test_export_served_by_a_plain_web_server(deployment: Deployment, tmp_path: Path) -> None:
    """The copy needs no ipledger to be read: python -m http.server serves it as it is."""
    grow(deployment.store, deployment.log_signer, 700)
    out = tmp_path / "copy"
    export_log(deployment, out)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(out),
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"

        def fetch(path: str) -> bytes:
            with urllib.request.urlopen(base + path, timeout=10) as answer:
                data: bytes = answer.read()
                return data

        deadline = time.monotonic() + 20
        while True:
            try:
                text = fetch("checkpoint").decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "http.server did not start"
                time.sleep(0.1)
        checkpoint = spec.TileCheckpoint(text)
        tree = spec.TileTree(fetch, checkpoint.size)
        assert tree.root() == checkpoint.root == deployment.store.root(700)
        spec.verify_inclusion(699, 700, tree.hash_at(0, 699), tree.inclusion(699), checkpoint.root)
    finally:
        server.terminate()
        server.wait(timeout=10)
