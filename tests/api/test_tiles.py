"""GET /checkpoint and /tile/... through the real app, read by the spec-only reader."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from ipledger.ledger.checkpoints import cut_checkpoint
from tests import c2sp_tiles as spec
from tests.api.conftest import Api, make_api

PROBLEM = "application/problem+json"


def fill(api: Api, size: int, marker: str = "secret-title") -> None:
    api.store.append(
        [
            {
                "digest": "sha256:" + hashlib.sha256(b"%d" % i).hexdigest(),
                "metadata": {"title": f"{marker} {i}"} if i % 50 == 0 else None,
            }
            for i in range(api.store.size(), size)
        ]
    )


@pytest.fixture
def published(migrated_url: str) -> Iterator[Api]:
    yield from make_api(migrated_url, publish_entries=True)


def fetcher(api: Api, seen: dict[str, bytes]) -> spec.TileTree:
    def fetch(path: str) -> bytes:
        r = api.client.get("/" + path)
        assert r.status_code == 200, (path, r.text)
        assert r.headers["content-type"] == "application/octet-stream"
        data: bytes = r.content
        seen[path] = data
        return data

    r = api.client.get("/checkpoint")
    assert r.status_code == 200
    return spec.TileTree(fetch, spec.TileCheckpoint(r.text).size)


def test_checkpoint_and_tiles_read_by_the_spec(api: Api) -> None:
    r = api.client.get("/checkpoint")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    assert r.headers["cache-control"] == "no-cache"
    fill(api, 300)
    cut_checkpoint(api.store, api.signer)
    fill(api, 600)  # after the checkpoint: not public yet
    r = api.client.get("/checkpoint")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["cache-control"] == "public, max-age=5"
    checkpoint = spec.TileCheckpoint(r.text)
    assert (checkpoint.origin, checkpoint.size) == ("ipledger.test/log", 300)
    seen: dict[str, bytes] = {}
    tree = fetcher(api, seen)
    assert tree.root() == checkpoint.root == api.store.root(300)
    for m in (0, 255, 256, 299):
        proof = tree.inclusion(m)
        assert proof == api.store.inclusion_proof(m, 300)
        spec.verify_inclusion(m, 300, tree.hash_at(0, m), proof, checkpoint.root)
    spec.verify_consistency(7, 300, tree.root(7), checkpoint.root, tree.consistency(7))
    assert sorted(seen) == sorted(spec.expected_paths(300))
    full = api.client.get("/tile/0/000")
    assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
    partial = api.client.get("/tile/0/001.p/44")
    assert partial.headers["cache-control"] == "public, max-age=60"
    assert len(full.content) == 8192 and len(partial.content) == 44 * 32


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/001",  # full only once 512 entries are checkpointed
        "tile/0/001.p/45",  # appended, not checkpointed
        "tile/0/001.p/43",  # a width the latest checkpoint does not have
        "tile/2/000.p/1",
        "tile/0/01",
        "tile/00/000",
        "tile/64/000",
        "tile/0/x000/000",
        "tile/0/000.p/256",
        "tile/entries/000",  # not published by default
        "tile/",
    ],
)
def test_not_public_is_404(api: Api, path: str) -> None:
    fill(api, 300)
    cut_checkpoint(api.store, api.signer)
    fill(api, 301)
    r = api.client.get("/" + path)
    assert r.status_code == 404, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.headers["cache-control"] == "no-cache"
    assert r.json()["status"] == 404


def test_nothing_private_is_served_by_default(api: Api) -> None:
    fill(api, 600, marker="secret-title")
    cut_checkpoint(api.store, api.signer)
    seen: dict[str, bytes] = {}
    spec_tree = fetcher(api, seen)
    spec_tree.root()
    for path in spec.expected_paths(600):
        seen[path] = api.client.get("/" + path).content
    served = b"\n".join([api.client.get("/checkpoint").content, *seen.values()])
    for path in ("/tile/entries/000", "/tile/entries/002.p/88"):
        served += api.client.get(path).content  # problem documents only
    secrets = [b"secret-title"]
    for e in api.store.entries(0, 600):
        secrets += [e.digest, e.nonce, e.received_at.to_bytes(8, "big")]
        secrets += [e.digest.hex().encode(), e.nonce.hex().encode()]
        if e.metadata_jcs is not None:
            secrets += [e.metadata_hash, e.metadata_jcs.encode()]
    assert [s for s in secrets if s in served] == []


def test_entry_bundles_when_published(published: Api) -> None:
    fill(published, 300)
    cut_checkpoint(published.store, published.signer)
    r = published.client.get("/tile/entries/001.p/44")
    assert r.status_code == 200 and r.headers["content-type"] == "application/octet-stream"
    assert r.headers["cache-control"] == "public, max-age=60"
    leaves = spec.read_bundle(r.content)
    tile = published.client.get("/tile/0/001.p/44").content
    assert b"".join(spec.leaf_hash(leaf) for leaf in leaves) == tile
    assert leaves[0][1:33] == published.store.entry(256).digest
    full = published.client.get("/tile/entries/000")
    assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert len(spec.read_bundle(full.content)) == 256
    assert published.client.get("/tile/entries/001").status_code == 404
