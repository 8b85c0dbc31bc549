"""C2SP tlog-tiles paths and tile sets against the examples in tlog-tiles.md."""

from __future__ import annotations

import pytest

from ipledger.ledger.errors import InvalidTilePath, LedgerError
from ipledger.ledger.tlogtiles import (
    TilePath,
    bundles_for_size,
    entries_path,
    parse_tile_path,
    tile_path,
    tiles_for_size,
)


def test_spec_index_example() -> None:
    # tlog-tiles.md: "index 1234067 will be encoded as x001/x234/067".
    assert tile_path(0, 1234067) == "tile/0/x001/x234/067"
    assert parse_tile_path("tile/0/x001/x234/067") == TilePath(0, 1234067)


@pytest.mark.parametrize(
    ("level", "index", "width", "path"),
    [
        (0, 0, None, "tile/0/000"),
        (0, 0, 256, "tile/0/000"),
        (1, 0, 17, "tile/1/000.p/17"),
        (2, 999, 1, "tile/2/999.p/1"),
        (0, 1000, None, "tile/0/x001/000"),
        (63, 1_000_000, 255, "tile/63/x001/x000/000.p/255"),
    ],
    ids=["zero", "zero-256", "partial", "999", "1000", "level63"],
)
def test_paths_round_trip(level: int, index: int, width: int | None, path: str) -> None:
    assert tile_path(level, index, width) == path
    parsed = parse_tile_path(path)
    assert (parsed.level, parsed.index, parsed.width, parsed.entries) == (
        level,
        index,
        None if width == 256 else width,
        False,
    )
    assert parsed.path == path


def test_entries_paths() -> None:
    assert entries_path(1234067) == "tile/entries/x001/x234/067"
    assert entries_path(3, 112) == "tile/entries/003.p/112"
    parsed = parse_tile_path("tile/entries/003.p/112")
    assert parsed == TilePath(0, 3, 112, entries=True)
    assert parsed.path == "tile/entries/003.p/112"


@pytest.mark.parametrize(
    "path",
    [
        "tile/00/000",  # level with a leading zero
        "tile/64/000",  # level above 63
        "tile/-1/000",
        "tile/0/1",  # index element not 3 digits
        "tile/0/0001",
        "tile/0/x000/001",  # non-canonical leading group
        "tile/0/001/002",  # inner element without x
        "tile/0/x001",  # last element with x
        "tile/0/000.p/0",  # width 0
        "tile/0/000.p/256",  # width 256 is a full tile, never .p
        "tile/0/000.p/017",  # width with a leading zero
        "tile/0/000.p/",
        "tile/0/000.p",
        "tile/0/",
        "tile/0",
        "/tile/0/000",
        "tiles/0/000",
        "tile/0/000/",
        "tile/entries/x001",
        "tile/0/٠٠٠",  # non-ASCII digits
        "tile/0/+12",
    ],
)
def test_forbidden_paths(path: str) -> None:
    with pytest.raises(InvalidTilePath) as caught:
        parse_tile_path(path)
    assert isinstance(caught.value, LedgerError)


@pytest.mark.parametrize(
    "args", [(-1, 0, None), (64, 0, None), (0, -1, None), (0, 0, 0), (0, 0, 257)], ids=str
)
def test_tile_path_refuses(args: tuple[int, int, int | None]) -> None:
    with pytest.raises(InvalidTilePath):
        tile_path(*args)


def test_spec_size_70000() -> None:
    # tlog-tiles.md: 273 full level-0 tiles, one partial level-0 of width 112, one full level-1,
    # one partial level-1 of width 17, one partial level-2 of width 1.
    tiles = tiles_for_size(70_000)
    level0 = [t for t in tiles if t.level == 0]
    assert [t for t in level0 if t.full] == [TilePath(0, n) for n in range(273)]
    assert [t for t in level0 if not t.full] == [TilePath(0, 273, 112)]
    assert [t for t in tiles if t.level == 1] == [TilePath(1, 0), TilePath(1, 1, 17)]
    assert [t for t in tiles if t.level == 2] == [TilePath(2, 0, 1)]
    assert len(tiles) == 277
    assert all(t.covered_by(70_000) for t in tiles)
    assert not TilePath(0, 273, 111).covered_by(70_000)
    assert not TilePath(0, 273).covered_by(70_000)
    assert not TilePath(3, 0, 1).covered_by(70_000)


def test_spec_size_256() -> None:
    # tlog-tiles.md: "a tree of size 256 will be represented by a full level 0 tile and a
    # partial level 1 tile of width 1".
    assert tiles_for_size(256) == [TilePath(0, 0), TilePath(1, 0, 1)]


@pytest.mark.parametrize("size", [0, 1, 255, 256, 257, 65535, 65536, 70_000, 16_777_217])
def test_tiles_for_size_widths(size: int) -> None:
    tiles = tiles_for_size(size)
    for level in range(4):
        width = (size >> (8 * level)) % 256
        partial = [t for t in tiles if t.level == level and not t.full]
        assert [t.width for t in partial] == ([width] if width else [])
        full = [t for t in tiles if t.level == level and t.full]
        assert len(full) == size >> (8 * (level + 1))
    assert bundles_for_size(size) == [
        TilePath(0, t.index, t.width, entries=True) for t in tiles if t.level == 0
    ]
