"""Build the one-file verifier kit: `python -m ipledger.verifier.kit OUT.pyz` (stdlib zipapp)."""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipapp
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import ipledger.verifier

INTERPRETER = "/usr/bin/env python3"
# Every entry gets this date and these permissions: two builds of one checkout are the same bytes.
_DATE = (1980, 1, 1, 0, 0, 0)
_MODE = 0o100644 << 16
_FOLDER_MODE = 0o40755 << 16 | 0x10  # a folder, also for MS-DOS readers
_MAIN = '''"""ipledger-verify in one file: `python3 ipledger-verify.pyz FILE BUNDLE` (3.11+)."""

import sys

if sys.version_info < (3, 11):
    sys.exit("ipledger-verify needs Python 3.11 or later; this is " + sys.version.split()[0])

from ipledger.verifier.cli import main

raise SystemExit(main())
'''
_BUILDER = "kit.py"  # the builder builds the kit; it does not verify, so it is left out


def kit_files() -> dict[str, bytes]:
    """Return the kit's files by archive name: the verifier, vendored rfc8785, __main__.py."""
    files: dict[str, bytes] = {"__main__.py": _MAIN.encode()}
    package = Path(ipledger.verifier.__file__).resolve().parent
    sources = [*package.glob("*.py"), *package.glob("core/*.py"), *package.glob("trust/*.json")]
    for path in sources:
        if path.name != _BUILDER:
            name = "ipledger/verifier/" + path.relative_to(package).as_posix()
            files[name] = path.read_bytes()
    version = metadata.version("ipledger-verifier")
    # importlib.metadata reads this in the kit, so --version and reports name the release.
    files[f"ipledger_verifier-{version}.dist-info/METADATA"] = (
        f"Metadata-Version: 2.1\nName: ipledger-verifier\nVersion: {version}\n"
        "Summary: ipledger-verify as one file (python -m ipledger.verifier.kit)\n"
        "License: Apache-2.0\n"
    ).encode()
    files.update(_vendored("rfc8785"))
    return files


def _vendored(name: str) -> dict[str, bytes]:
    """Copy an installed pure-Python distribution's code and its license (and METADATA)."""
    dist = metadata.distribution(name)
    files: dict[str, bytes] = {}
    for entry in dist.files or ():
        parts = entry.parts
        keep_code = parts[0] == name and entry.suffix in (".py", ".typed")
        keep_info = parts[0].endswith(".dist-info") and parts[-1] in ("LICENSE", "METADATA")
        if (keep_code or keep_info) and "__pycache__" not in parts:
            files[entry.as_posix()] = Path(str(dist.locate_file(entry))).read_bytes()
    if not any(n.endswith("/LICENSE") for n in files) or f"{name}/__init__.py" not in files:
        raise SystemExit(f"{name} is not installed with its code and license: make install")
    return files


def build_kit(out: Path) -> str:
    """Write the kit to `out` (deterministic) and return its SHA-256 in hex."""
    files = kit_files()
    # zipimport finds the `ipledger` namespace package only by its folder's own entry.
    folders = {
        name.rsplit("/", i)[0] + "/" for name in files for i in range(1, name.count("/") + 1)
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(folders | set(files)):
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.create_system = 3  # Unix, whatever the building machine
            if name in folders:
                info.external_attr = _FOLDER_MODE
                zf.writestr(info, b"")
            else:
                info.external_attr = _MODE
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, files[name], compresslevel=9)
    archive.seek(0)
    out.parent.mkdir(parents=True, exist_ok=True)
    zipapp.create_archive(archive, str(out), interpreter=INTERPRETER)
    out.chmod(0o755)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ipledger.verifier.kit",
        description="Build ipledger-verify as one file that runs on CPython 3.11+ alone.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="the kit to write (.pyz)")
    args = parser.parse_args(argv)
    digest = build_kit(args.out)
    sys.stdout.write(
        f"{args.out}: the one-file verifier (run: python3 {args.out} FILE BUNDLE)\n"
        f"SHA-256 {digest}\n"
        f"(record it; recompute it with: sha256sum {args.out})\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
