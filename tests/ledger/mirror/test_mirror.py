"""A mirror against a static tlog-tiles tree served by `python -m http.server`: growth, forks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.ledger.mirror import (
    MirrorCopy,
    MirrorError,
    SourceBehind,
    SourceForked,
    SourceUnreachable,
    SourceUnverified,
    list_copies,
    mirror_once,
    origin_hash,
)
from ipledger.verifier import parse_policy, verify_consistency, verify_inclusion
from tests.ledger.mirror.sources import StaticLog, StaticServer, mth, spec_tiles, static_server

ORIGIN = "office-b.example/log"


@pytest.fixture
def signer() -> LogSigner:
    return LogSigner.generate(ORIGIN)


@pytest.fixture
def source(tmp_path: Path, signer: LogSigner) -> Iterator[tuple[StaticLog, StaticServer]]:
    log = StaticLog(signer, tmp_path / "www")
    with static_server(log.directory, tmp_path / "http.log") as server:
        yield log, server


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "evidence" not in p.parts and p.name != "mirror.json"
    }


def tile_requests(server: StaticServer) -> list[str]:
    return [p.lstrip("/") for p in server.requests() if p.startswith("/tile/")]


def test_copy_grows_fetching_only_new_tiles(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    data = tmp_path / "data"
    log.publish(300)
    first = mirror_once(data, server.url, signer.verifier_key)
    assert (first.old_size, first.size, first.root) == (None, 300, mth(log.leaves))
    copy = MirrorCopy.of(data, ORIGIN)
    assert copy.directory == data / "mirrors" / origin_hash(ORIGIN)
    # The copy is the spec's tree, byte for byte, with the source's signed checkpoint.
    expected = {"checkpoint": (log.directory / "checkpoint").read_bytes()}
    expected |= spec_tiles(log.leaves[:300])
    assert snapshot(copy.directory) == expected
    assert sorted(tile_requests(server)) == sorted(spec_tiles(log.leaves[:300]))

    before = len(tile_requests(server))
    log.publish(70_000)
    grown = mirror_once(data, server.url, signer.verifier_key)
    assert (grown.old_size, grown.size, grown.root) == (300, 70_000, mth(log.leaves))
    fetched = tile_requests(server)[before:]
    # tile/0/000 was full at 300 and kept: never fetched again; the partial ones are replaced.
    assert "tile/0/000" not in fetched
    new_tree = spec_tiles(log.leaves)
    assert sorted(fetched) == sorted(set(new_tree) - {"tile/0/000"})
    assert grown.tiles_fetched == len(new_tree) - 1
    assert snapshot(copy.directory) == {"checkpoint": (log.directory / "checkpoint").read_bytes(),
                                        **new_tree}

    again = mirror_once(data, server.url, signer.verifier_key)
    assert not again.changed and again.tiles_fetched == 0
    [info] = list_copies(data)
    assert (info.origin, info.size, info.source_url) == (ORIGIN, 70_000, server.url)


def test_proofs_from_the_copy_verify(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    log.publish(1000)
    mirror_once(tmp_path / "data", server.url, signer.verifier_key)
    tree = MirrorCopy.of(tmp_path / "data", ORIGIN).tree()
    for index, size in ((0, 1), (5, 6), (255, 256), (256, 257), (700, 1000), (999, 1000)):
        proof = tree.inclusion_proof(index, size)
        verify_inclusion(index, size, log.leaves[index], proof, mth(log.leaves[:size]))
    for first, second in ((1, 1000), (256, 1000), (300, 999), (513, 1000), (1000, 1000)):
        proof = tree.consistency_proof(first, second)
        verify_consistency(first, second, proof, mth(log.leaves[:first]),
                           mth(log.leaves[:second]))


def test_fork_is_refused_and_kept_as_evidence(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    data = tmp_path / "data"
    kept_note = log.publish(600)
    mirror_once(data, server.url, signer.verifier_key)
    copy = MirrorCopy.of(data, ORIGIN)
    before = snapshot(copy.directory)
    # The same key signs a tree with other entries: a rewritten history.
    forked = StaticLog(signer, log.directory, seed=b"rewritten ")
    log.wipe()
    fork_note = forked.publish(900)
    with pytest.raises(SourceForked, match="refused, the copy is unchanged") as caught:
        mirror_once(data, server.url, signer.verifier_key)
    assert snapshot(copy.directory) == before
    [evidence] = (copy.directory / "evidence").iterdir()
    assert (evidence / "kept-checkpoint").read_text() == kept_note
    assert (evidence / "source-checkpoint").read_text() == fork_note
    assert str(evidence) in str(caught.value)


@pytest.mark.parametrize("size", [600, 500], ids=["same-size", "smaller"])
def test_other_root_for_a_kept_size_is_a_fork(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner, size: int
) -> None:
    log, server = source
    data = tmp_path / "data"
    log.publish(600)
    mirror_once(data, server.url, signer.verifier_key)
    before = snapshot(MirrorCopy.of(data, ORIGIN).directory)
    StaticLog(signer, log.directory, seed=b"other ").publish(size)
    with pytest.raises(SourceForked):
        mirror_once(data, server.url, signer.verifier_key)
    assert snapshot(MirrorCopy.of(data, ORIGIN).directory) == before


def test_smaller_consistent_tree_is_refused_as_behind(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    data = tmp_path / "data"
    log.publish(600)
    mirror_once(data, server.url, signer.verifier_key)
    before = snapshot(MirrorCopy.of(data, ORIGIN).directory)
    log.publish(400)
    with pytest.raises(SourceBehind, match="400 entries, the copy holds 600"):
        mirror_once(data, server.url, signer.verifier_key)
    assert snapshot(MirrorCopy.of(data, ORIGIN).directory) == before
    assert not (MirrorCopy.of(data, ORIGIN).directory / "evidence").exists()


@pytest.mark.parametrize("path", ["tile/0/001", "tile/0/002.p/88"], ids=["full", "partial"])
def test_rewritten_tile_is_refused(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner, path: str
) -> None:
    log, server = source
    data = tmp_path / "data"
    log.publish(300)
    mirror_once(data, server.url, signer.verifier_key)
    before = snapshot(MirrorCopy.of(data, ORIGIN).directory)
    log.publish(600)
    tile = log.directory / path
    tile.write_bytes(tile.read_bytes()[:-32] + bytes(32))  # one leaf hash changed
    with pytest.raises(SourceUnverified, match="nothing was kept"):
        mirror_once(data, server.url, signer.verifier_key)
    assert snapshot(MirrorCopy.of(data, ORIGIN).directory) == before


def test_upper_tile_disagreeing_with_level_0_is_refused(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    log.publish(70_000)
    tile = log.directory / "tile/1/000"
    tile.write_bytes(bytes(32) + tile.read_bytes()[32:])
    with pytest.raises(SourceUnverified, match="tiles are inconsistent"):
        mirror_once(tmp_path / "data", server.url, signer.verifier_key)
    assert list_copies(tmp_path / "data") == []


def test_wrong_key_and_wrong_origin_are_refused(
    tmp_path: Path, source: tuple[StaticLog, StaticServer]
) -> None:
    log, server = source
    log.publish(10)
    other = LogSigner.generate(ORIGIN)
    with pytest.raises(SourceUnverified, match="does not verify"):
        mirror_once(tmp_path / "data", server.url, other.verifier_key)
    elsewhere = LogSigner.generate("office-c.example/log")
    with pytest.raises(SourceUnverified, match="does not verify"):
        mirror_once(tmp_path / "data", server.url, elsewhere.verifier_key)
    assert list_copies(tmp_path / "data") == []


def test_bad_sources_say_what_is_wrong(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    key = signer.verifier_key
    data = tmp_path / "data"
    with pytest.raises(SourceUnreachable, match="checkpoint: 404 not found"):
        mirror_once(data, server.url, key)
    (log.directory / "checkpoint").write_text("<html>a web page</html>\n")
    with pytest.raises(SourceUnverified, match="checkpoint does not verify"):
        mirror_once(data, server.url, key)
    (log.directory / "checkpoint").write_bytes(b"\xff\xfe" * 10)
    with pytest.raises(SourceUnreachable, match="not text"):
        mirror_once(data, server.url, key)
    log.publish(10)
    tile = log.directory / "tile/0/000.p/10"
    tile.write_bytes(tile.read_bytes() * 40)
    with pytest.raises(SourceUnverified, match="is over 320 bytes, expected 320"):
        mirror_once(data, server.url, key)
    with pytest.raises(SourceUnreachable, match="unreachable"):
        mirror_once(data, f"http://127.0.0.1:{server.port + 1 if server.port < 65535 else 1}",
                    key, timeout=2)
    with pytest.raises(SourceUnreachable, match="not an http"):
        mirror_once(data, "ftp://example.org/log", key)
    assert list_copies(data) == []


def test_policy_needs_the_quorums_cosignatures(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    witness = WitnessSigner.generate("witness-x.example")
    stranger = WitnessSigner.generate("witness-y.example")
    policy = parse_policy(
        f"log {signer.verifier_key}\nwitness X {witness.verifier_key}\n"
        f"witness Y {stranger.verifier_key}\ngroup G 1 X Y\nquorum G\n"
    )
    log.publish(40)
    with pytest.raises(SourceUnverified, match="quorum needs G: 1 of"):
        mirror_once(tmp_path / "data", server.url, signer.verifier_key, policy)
    cosigned = witness.cosign(log.checkpoint_text(40), 1_700_000_000).line()
    log.publish(40, extra=cosigned)
    done = mirror_once(tmp_path / "data", server.url, signer.verifier_key, policy)
    assert done.size == 40
    kept = MirrorCopy.of(tmp_path / "data", ORIGIN).note()
    assert kept is not None and kept.endswith(cosigned)
    # A cosignature line that does not verify (another checkpoint's) is refused.
    log.publish(41, extra=cosigned)
    with pytest.raises(SourceUnverified, match="does not verify"):
        mirror_once(tmp_path / "data", server.url, signer.verifier_key, policy)


def test_new_upper_tile_disagreeing_with_a_kept_tile_is_refused(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    data = tmp_path / "data"
    log.publish(600)
    mirror_once(data, server.url, signer.verifier_key)
    before = snapshot(MirrorCopy.of(data, ORIGIN).directory)
    log.publish(1000)
    # The new level-1 tile's first hash stands for kept tile 0/000: it is checked anyway.
    tile = log.directory / "tile/1/000.p/3"
    tile.write_bytes(bytes(32) + tile.read_bytes()[32:])
    with pytest.raises(SourceUnverified, match="tile 0 of level 0 does not hash to the entry"):
        mirror_once(data, server.url, signer.verifier_key)
    assert snapshot(MirrorCopy.of(data, ORIGIN).directory) == before


def test_a_copy_follows_one_key(
    tmp_path: Path, source: tuple[StaticLog, StaticServer], signer: LogSigner
) -> None:
    log, server = source
    data = tmp_path / "data"
    log.publish(20)
    mirror_once(data, server.url, signer.verifier_key)
    rotated = LogSigner.generate(ORIGIN)
    StaticLog(rotated, log.directory).publish(30)
    with pytest.raises(MirrorError, match="was made with the key"):
        mirror_once(data, server.url, rotated.verifier_key)
    assert list_copies(data)[0].size == 20


def test_a_prefix_with_a_path(tmp_path: Path, signer: LogSigner) -> None:
    log = StaticLog(signer, tmp_path / "www" / "logs" / "office-b")
    log.publish(300)
    with static_server(tmp_path / "www", tmp_path / "http.log") as server:
        done = mirror_once(tmp_path / "data", f"{server.url}/logs/office-b/", signer.verifier_key)
        asked = server.requests()[1:]  # after the readiness probe of "/"
    assert done.size == 300
    assert asked == ["/logs/office-b/checkpoint", "/logs/office-b/tile/0/000",
                     "/logs/office-b/tile/0/001.p/44", "/logs/office-b/tile/1/000.p/1"]
    assert list_copies(tmp_path / "data")[0].source_url == f"{server.url}/logs/office-b"
