"""`ipledger export DIR`: a one-line summary, incremental, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main
from tests import c2sp_tiles as spec


def test_export_then_again(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "public"
    assert main(["export", str(out), "--dir", str(log_dir)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ipledger checkpoint" in err and "Traceback" not in err
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(5):
        (docs / f"{i}.txt").write_text(str(i))
    assert main(["stamp", "--local", str(docs), "--dir", str(log_dir)]) == 0
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    capsys.readouterr()
    assert main(["export", str(out), "--dir", str(log_dir)]) == 0
    line = capsys.readouterr().out
    size = 5 * 32 + len((out / "checkpoint").read_bytes())
    assert line == (
        f"exported tree size 5 to {out}: 2 files written ({size} bytes), 0 unchanged, "
        "0 partial tiles removed\n"
    )
    documented = (Path(__file__).parents[3] / "docs" / "survival.md").read_text()
    assert line.replace(str(out), "/srv/www/ledger") in documented
    tree, checkpoint = spec.TileTree.from_directory(out)
    assert tree.root() == checkpoint.root and checkpoint.origin == "example.org/log"
    assert main(["export", str(out), "--dir", str(log_dir)]) == 0
    assert ": 0 files written (0 bytes), 2 unchanged" in capsys.readouterr().out
    assert main(["export", str(out), "--entries", "--dir", str(log_dir)]) == 0
    assert ": 1 files written" in capsys.readouterr().out
    assert len(spec.read_bundle((out / "tile/entries/000.p/5").read_bytes())) == 5


def test_unwritable_directory_is_one_line(
    log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("x")
    assert main(["stamp", "--local", str(tmp_path / "a.txt"), "--dir", str(log_dir)]) == 0
    assert main(["checkpoint", "--dir", str(log_dir)]) == 0
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    capsys.readouterr()
    assert main(["export", str(blocker), "--dir", str(log_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ipledger: error: cannot write the copy at ") and err.count("\n") == 1
