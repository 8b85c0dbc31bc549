"""A mirror of a real second deployment (uvicorn serving its app): growth, proofs, a fork."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ipledger.api.main import create_app
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.db import open_database
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.mirror import MirrorCopy, SourceForked, mirror_once
from ipledger.ledger.store import LogStore
from ipledger.verifier import verify_inclusion
from tests.api.conftest import ORIGIN, Api
from tests.api.uvicorn_thread import uvicorn_thread


def append(store: LogStore, n: int, tag: str) -> None:
    store.append([{"digest": "sha256:" + hashlib.sha256(f"{tag}{i}".encode()).hexdigest()}
                  for i in range(n)])


@pytest.fixture
def forked_office(tmp_path: Path, api: Api) -> Iterator[tuple[Deployment, int]]:
    """A second deployment signing with the SAME log key over other entries, served."""
    url = f"sqlite:///{tmp_path / 'forked.db'}"
    open_database(url).dispose()
    settings = Settings(origin=ORIGIN, api_rate_per_second=0)
    deployment = Deployment(settings, LogStore.open(url), api.signer)
    with uvicorn_thread(create_app(deployment), settings) as port:
        yield deployment, port
    deployment.close()


def test_mirror_of_a_served_deployment(
    tmp_path: Path, api: Api, served: int, forked_office: tuple[Deployment, int]
) -> None:
    source = f"http://127.0.0.1:{served}"
    data = tmp_path / "mirror-data"
    append(api.store, 300, "a")
    cut_checkpoint(api.store, api.signer)
    first = mirror_once(data, source, api.signer.verifier_key)
    assert (first.size, first.root) == (300, api.store.root(300))

    append(api.store, 500, "b")
    cut_checkpoint(api.store, api.signer)
    grown = mirror_once(data, source, api.signer.verifier_key)
    # 800 entries: tiles 0/000..0/002 full, 0/003.p/32, 1/000.p/3; 0/000 was kept, not fetched.
    assert (grown.old_size, grown.size, grown.tiles_fetched) == (300, 800, 4)
    assert grown.requests == 1 + 4

    tree = MirrorCopy.of(data, ORIGIN).tree()
    for index, size in ((0, 300), (299, 800), (700, 800)):
        theirs = httpx.get(f"{source}/v1/proofs/inclusion",
                           params={"index": index, "size": size}).json()
        assert [h.hex() for h in tree.inclusion_proof(index, size)] == theirs["proof"]
        assert theirs["leaf_hash"] == tree.leaf_hash(index).hex()
        assert theirs["root"] == api.store.root(size).hex()
        verify_inclusion(index, size, tree.leaf_hash(index), tree.inclusion_proof(index, size),
                         api.store.root(size))
    for first_size, second in ((1, 800), (300, 800), (256, 799)):
        theirs = httpx.get(f"{source}/v1/proofs/consistency",
                           params={"first": first_size, "second": second}).json()
        assert [h.hex() for h in tree.consistency_proof(first_size, second)] == theirs["proof"]
        assert theirs["first_root"] == api.store.root(first_size).hex()
        assert theirs["second_root"] == api.store.root(second).hex()

    # The same key signs another history: the mirror refuses it and keeps both checkpoints.
    forked, port = forked_office
    append(forked.store, 900, "other")
    cut_checkpoint(forked.store, api.signer)
    kept = (MirrorCopy.of(data, ORIGIN).directory / "checkpoint").read_bytes()
    with pytest.raises(SourceForked):
        mirror_once(data, f"http://127.0.0.1:{port}", api.signer.verifier_key)
    assert (MirrorCopy.of(data, ORIGIN).directory / "checkpoint").read_bytes() == kept
    [evidence] = (MirrorCopy.of(data, ORIGIN).directory / "evidence").iterdir()
    assert (evidence / "kept-checkpoint").read_bytes() == kept
