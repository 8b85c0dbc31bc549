"""The verifier imports only the standard library, pycryptodome and rfc8785."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = (
    "ipledger.ledger", "ipledger.api", "web3", "fastapi", "sqlmodel", "sqlalchemy", "pydantic",
    "eth_",
)


def test_verifier_imports_nothing_from_the_service() -> None:
    code = (
        "import json, sys; before = set(sys.modules); import ipledger.verifier, "
        "ipledger.verifier.core.note, ipledger.verifier.core.checkpoint, "
        "ipledger.verifier.core.leaf, ipledger.verifier.core.proof; "
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
