"""A mirror of `export_log`'s static tree served by `python -m http.server`, read back by spec."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.export import export_log
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.mirror import MirrorCopy, mirror_once
from ipledger.ledger.store import LogStore
from tests.c2sp_tiles import TileTree, expected_paths
from tests.ledger.mirror.sources import static_server

ORIGIN = "office-b.example/log"


def test_mirror_of_an_export_grows_by_new_tiles(tmp_path: Path, migrated_url: str) -> None:
    signer = LogSigner.generate(ORIGIN)
    office = Deployment(Settings(origin=ORIGIN), LogStore.open(migrated_url), signer)
    www, data = tmp_path / "www", tmp_path / "data"
    try:
        def grow(n: int, tag: str) -> None:
            office.store.append([
                {"digest": "sha256:" + hashlib.sha256(f"{tag}{i}".encode()).hexdigest()}
                for i in range(n)
            ])
            cut_checkpoint(office.store, signer)
            export_log(office, www)

        with static_server(www, tmp_path / "http.log") as server:
            grow(600, "a")
            mirror_once(data, server.url, signer.verifier_key)
            asked = len(server.requests())
            grow(2_000 - 600, "b")
            done = mirror_once(data, server.url, signer.verifier_key)
            again = [p.lstrip("/") for p in server.requests()[asked:]]
        # Full tiles 0/000 and 0/001 were kept at 600: never asked for again.
        new = set(expected_paths(2_000)) - {"tile/0/000", "tile/0/001"}
        assert sorted(again) == sorted(["checkpoint", *new])
        assert (done.old_size, done.size, done.tiles_fetched) == (600, 2_000, len(new))
        copy = MirrorCopy.of(data, ORIGIN).directory
        kept = sorted(str(p.relative_to(copy)) for p in (copy / "tile").rglob("*") if p.is_file())
        assert kept == sorted(expected_paths(2_000))
        for path in kept:
            assert (copy / path).read_bytes() == (www / path).read_bytes(), path
        # Read the copy with the spec-only reader: the root is the store's and the checkpoint's.
        tree, checkpoint = TileTree.from_directory(copy)
        assert tree.root() == checkpoint.root == office.store.root(2_000)
        assert tree.root(600) == office.store.root(600)
    finally:
        office.close()
