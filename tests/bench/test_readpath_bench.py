"""bench/readpath.py's tile client against a static tile copy served as the bench serves it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.readpath import tile_client, tiles_for_proof
from bench.served import baseline
from tests import c2sp_tiles as spec

SIZE = 1000  # level-0 tiles 0-2 full and 3 partial (232), level 1 partial (3)


def test_tiles_a_proof_needs() -> None:
    # Leaf 0: its own level-0 tile, the level-1 tile for the two full subtrees to its
    # right, the partial level-0 tile for the ragged right edge.
    assert set(tiles_for_proof(0, SIZE)) == {"tile/0/000", "tile/0/003.p/232", "tile/1/000.p/3"}
    # Leaf 999 is in the partial tile: the rest are subtrees hashed in the level-1 tile.
    assert set(tiles_for_proof(999, SIZE)) == {"tile/0/003.p/232", "tile/1/000.p/3"}


def test_tile_client_computes_verified_proofs(tmp_path: Path) -> None:
    # The whole read-path bench needs a chain and an anchor (about 2 minutes with --quick);
    # its tile client is checked here over HTTP against tiles built from the spec alone.
    leaves = [spec.leaf_hash(hashlib.sha256(i.to_bytes(4, "big")).digest()) for i in range(SIZE)]
    for path, data in spec.tiles_from_leaves(leaves).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    server = baseline("static", tmp_path)
    try:
        root = spec.mth(leaves)
        cold = tile_client(server.port, SIZE, root, cache_upper=False, seconds=0.5, connections=2)
        warm = tile_client(server.port, SIZE, root, cache_upper=True, seconds=0.5, connections=2)
    finally:
        server.stop()
    assert cold["proofs"] > 0 and warm["proofs"] > 0
    assert 2 <= cold["tiles"] / cold["proofs"] <= 3
    # With the level-1 tile kept, a proof reads level-0 tiles only: its own and the edge.
    assert warm["tiles"] / warm["proofs"] <= 2
