"""The mirror's routes: a copy of a real log served as tlog-tiles, its proofs equal the source's."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.ledger.db import open_database
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.mirror import mirror_once, origin_hash
from ipledger.ledger.store import LogStore
from ipledger.verifier import verify_consistency, verify_inclusion
from tests.api.conftest import Api, make_api
from tests.ledger.mirror.sources import StaticLog, spec_tiles, static_server

SOURCE = "office-b.example/log"


@pytest.fixture
def mirror_api(tmp_path: Path) -> Iterator[Api]:
    url = f"sqlite:///{tmp_path / 'mirror.db'}"
    open_database(url).dispose()
    yield from make_api(url, data_dir=tmp_path / "data")


def test_copy_served_and_proofs_equal_the_source(
    tmp_path: Path, store: LogStore, mirror_api: Api
) -> None:
    # The source: a real log store with 700 entries, published as a static tree.
    store.append([{"digest": "sha256:" + hashlib.sha256(b"%d" % i).hexdigest()}
                  for i in range(700)])
    signer = LogSigner.generate(SOURCE)
    log = StaticLog(signer, tmp_path / "www")
    log.leaves = store.leaf_hashes(0, 700)
    note = log.publish(700)
    with static_server(log.directory, tmp_path / "http.log") as server:
        mirror_once(mirror_api.settings.data_dir, server.url, signer.verifier_key)
    client, hashed = mirror_api.client, origin_hash(SOURCE)

    listed = client.get("/v1/mirrors").json()
    assert listed == [{
        "origin": SOURCE, "origin_hash": hashed, "source_url": server.url,
        "verifier_key": signer.verifier_key, "size": 700, "root": store.root(700).hex(),
        "updated_at": listed[0]["updated_at"],
    }]
    got = client.get(f"/mirror/{hashed}/checkpoint")
    assert (got.status_code, got.text) == (200, note)
    assert got.headers["content-type"] == "text/plain; charset=utf-8"
    for path, data in spec_tiles(log.leaves).items():
        got = client.get(f"/mirror/{hashed}/{path}")
        assert (got.status_code, got.content) == (200, data), path
        immutable = "immutable" in got.headers["cache-control"]
        assert immutable == (".p/" not in path)
    # A partial tile of a smaller width is the prefix of the kept one.
    assert client.get(f"/mirror/{hashed}/tile/0/002.p/5").content == b"".join(log.leaves[512:517])
    for path in ("tile/0/003", "tile/0/002", "tile/0/002.p/189", "tile/0/0002", "tile/entries/000",
                 "tile/2/000.p/1"):
        got = client.get(f"/mirror/{hashed}/{path}")
        assert got.status_code == 404, path
        assert got.headers["content-type"] == "application/problem+json"
    assert client.get(f"/mirror/{'0' * 64}/checkpoint").status_code == 404

    for index, size in ((0, 1), (300, 700), (699, 700), (255, 512)):
        got = client.get(f"/v1/mirrors/{hashed}/inclusion", params={"index": index, "size": size})
        assert got.status_code == 200
        body = got.json()
        assert body["proof"] == [h.hex() for h in store.inclusion_proof(index, size)]
        assert body["root"] == store.root(size).hex()
        verify_inclusion(index, size, bytes.fromhex(body["leaf_hash"]),
                         [bytes.fromhex(h) for h in body["proof"]], store.root(size))
    for first, second in ((1, 700), (256, 700), (300, 513), (700, 700)):
        got = client.get(f"/v1/mirrors/{hashed}/consistency",
                         params={"first": first, "second": second})
        body = got.json()
        assert body["proof"] == [h.hex() for h in store.consistency_proof(first, second)]
        verify_consistency(first, second, [bytes.fromhex(h) for h in body["proof"]],
                           store.root(first), store.root(second))
    beyond = client.get(f"/v1/mirrors/{hashed}/inclusion", params={"index": 0, "size": 701})
    assert beyond.status_code == 404
    wrong = client.get(f"/v1/mirrors/{hashed}/consistency", params={"first": 9, "second": 3})
    assert wrong.status_code == 422
