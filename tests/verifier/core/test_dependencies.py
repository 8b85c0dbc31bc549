"""The verifier imports only the standard library, pycryptodome and rfc8785; the core no network."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

FORBIDDEN = (
    "ipledger.ledger", "ipledger.api", "web3", "fastapi", "sqlmodel", "sqlalchemy", "pydantic",
    "eth_",
)
CORE_DIR = Path(__file__).resolve().parents[3] / "verifier" / "core"
CORE = "ipledger.verifier.core"
THIRD_PARTY = frozenset(("Crypto", "rfc8785"))
# Standard-library modules the core never imports: it computes on bytes it is given and cannot
# talk to a network, run a program, or load code by a name chosen at run time.
REFUSED_STDLIB = frozenset((
    "asyncio", "ftplib", "http", "imaplib", "importlib", "multiprocessing", "nntplib", "poplib",
    "select", "selectors", "smtplib", "socket", "socketserver", "ssl", "subprocess", "telnetlib",
    "urllib", "webbrowser", "wsgiref", "xmlrpc",
))
NETWORK = ("socket", "ssl", "http", "urllib", "asyncio", "ftplib", "smtplib", "xmlrpc")


def test_verifier_imports_nothing_from_the_service() -> None:
    code = (
        "import json, pkgutil, sys; before = set(sys.modules); import ipledger.verifier, "
        "ipledger.verifier.core.note, ipledger.verifier.core.checkpoint, "
        "ipledger.verifier.core.leaf, ipledger.verifier.core.proof, ipledger.verifier.core; "
        "[__import__(m.name) for m in pkgutil.iter_modules(ipledger.verifier.core.__path__, "
        "'ipledger.verifier.core.')]; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, text=True, timeout=60
    ).stdout
    names = json.loads(out)
    assert not {m for m in names if m.startswith(FORBIDDEN)}, names
    loaded = {name.split(".")[0] for name in names}
    third_party = {m for m in loaded if m not in sys.stdlib_module_names and not m.startswith("_")}
    # pycryptodome loads its C code through cffi when cffi is installed (the service's
    # `cryptography` brings it), else through ctypes: its backend, not a verifier dependency.
    assert third_party <= {"ipledger", "Crypto", "rfc8785", "cffi", "pycparser"}, third_party
    assert {f"{CORE}.{p.stem}" for p in CORE_DIR.glob("[!_]*.py")} <= set(names)
    assert not loaded & set(NETWORK), sorted(loaded & set(NETWORK))


def refused_imports(source: str, module: str) -> list[str]:
    """Every import in `source` (module `module` of the core) that the core may not make.

    Read from the syntax tree, so an import inside a function, a class or a branch counts as
    much as one at the top; `__import__(...)` is refused outright, as importlib is.
    """
    package = module.rpartition(".")[0]
    refused = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from package import name` may load the submodule package.name.
            names = [target] + [f"{target}.{alias.name}" for alias in node.names]
            if not any(_allowed(n) for n in names[1:]):
                names = [target]
            elif target == CORE:
                names = names[1:]
        elif isinstance(node, ast.Name) and node.id == "__import__":
            refused.append(f"line {node.lineno}: __import__")
            continue
        else:
            continue
        refused += [f"line {node.lineno}: {n}" for n in names if not _allowed(n)]
    return refused


def _allowed(name: str) -> bool:
    top = name.partition(".")[0]
    if name == CORE or name.startswith(CORE + "."):
        return True
    if top in THIRD_PARTY:
        return True
    return top in sys.stdlib_module_names and top not in REFUSED_STDLIB and top != "ipledger"


def core_modules() -> list[Path]:
    return sorted(CORE_DIR.rglob("*.py"))


def test_the_core_has_its_modules() -> None:
    names = {p.relative_to(CORE_DIR).as_posix() for p in core_modules()}
    assert {"errors.py", "rfc9162.py", "proof.py", "note.py", "bundle.py", "verify.py"} <= names


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.relative_to(CORE_DIR).as_posix())
def test_the_core_imports_only_the_standard_library_crypto_and_rfc8785(path: Path) -> None:
    # core/x.py is CORE.x, core/__init__.py CORE.__init__: relative imports start at CORE.
    module = ".".join((CORE, *path.relative_to(CORE_DIR).with_suffix("").parts))
    assert refused_imports(path.read_text("utf-8"), module) == []


@pytest.mark.parametrize(
    "source",
    [
        "import socket",
        "import urllib.request",
        "from http import client",
        "def f():\n    import ssl\n",
        "class C:\n    def m(self):\n        from ipledger.verifier.online import JsonRpc\n",
        "if False:\n    import web3\n",
        "try:\n    import requests\nexcept ImportError:\n    pass\n",
        "from ipledger.verifier import receipts",
        "from ipledger.verifier import verify",
        "import ipledger.verifier.cli",
        "from ipledger.ledger.store import LogStore",
        "from .. import report",
        "from ..chains import KNOWN_CHAINS",
        "import importlib\nimportlib.import_module('socket')",
        "mod = __import__('socket')",
        "import subprocess",
        "from Crypto.Hash import SHA256\nimport cryptography",
    ],
    ids=lambda source: " / ".join(line.strip() for line in source.splitlines()),
)
def test_the_import_check_sees_every_kind_of_import(source: str) -> None:
    assert refused_imports(source, f"{CORE}.example") != []


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations\nimport hashlib, json, re",
        "from Crypto.Signature import eddsa\nimport rfc8785",
        "from ipledger.verifier.core.errors import VerifierError",
        "from ipledger.verifier.core import errors",
        "from . import errors\nfrom .rlp import decode",
        "def f():\n    from collections.abc import Sequence\n",
    ],
    ids=lambda source: " / ".join(line.strip() for line in source.splitlines()),
)
def test_the_import_check_lets_the_allowed_imports_through(source: str) -> None:
    assert refused_imports(source, f"{CORE}.example") == []


def _optional_crypto_imports(source: str) -> tuple[list[int], list[int]]:
    """Lines importing `Crypto`: (inside a `try` whose handler catches ImportError, others)."""
    guarded: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            inside = (n for stmt in node.body for n in ast.walk(stmt))
            guarded |= {n.lineno for n in inside if isinstance(n, ast.stmt)}
    lines = [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "Crypto")
        or (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "Crypto"
                                                 for a in node.names))
    ]
    return [n for n in lines if n in guarded], [n for n in lines if n not in guarded]


def test_pycryptodome_is_optional_and_only_keccak_tries_it() -> None:
    # The core verifies in pure Python (AUDIT.md, "Pure-Python primitives"): pycryptodome is
    # only keccak.py's fast path, imported under `try ... except ImportError`.
    importing = {}
    for path in core_modules():
        guarded, bare = _optional_crypto_imports(path.read_text("utf-8"))
        assert bare == [], f"{path.name} imports Crypto outside try/except ImportError: {bare}"
        if guarded:
            importing[path.name] = guarded
    assert list(importing) == ["keccak.py"]
    assert _optional_crypto_imports("from Crypto.Hash import SHA256\n") == ([], [1])
