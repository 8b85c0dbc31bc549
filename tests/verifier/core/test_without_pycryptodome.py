"""With pycryptodome unimportable, every golden bundle and RFC 3161 token gets the same verdict."""

from __future__ import annotations

import base64
import json
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

from ipledger.verifier import verify
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.timestamp import verify_timestamp_token
from tests.verifier.golden import NAMES, NAMES_V2, NAMES_V3, load, tsa_file

ROOT = Path(__file__).resolve().parents[3]
RFC3161 = ROOT / "tests" / "vectors" / "rfc3161"
# A meta path finder ahead of every other: `import Crypto` (or any submodule) fails as if
# pycryptodome were not installed, so the core must answer with its pure-Python code.
CHILD = """
import json, sys
class NoPycryptodome:
    def find_spec(self, name, path=None, target=None):
        if name == "Crypto" or name.startswith("Crypto."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NoPycryptodome())
sys.path.insert(0, sys.argv[1])
from tests.verifier.core.test_without_pycryptodome import verdicts
from ipledger.verifier.core import keccak
result = verdicts()
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "Crypto")
print(json.dumps({"verdicts": result, "loaded": loaded, "fast_keccak": keccak._fast is not None}))
"""


def _pem_der(path: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(path.read_text("ascii"))


def _outcome(function: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except VerifierError as exc:
        return f"{type(exc).__name__}: {exc}"


def _verdict(verdict: Any) -> Any:
    if isinstance(verdict, str):
        return verdict
    return {
        "claim": verdict.claim(),
        "proven": verdict.proven,
        "remaining": verdict.remaining,
        "checks": [[c.step, c.title, c.detail] for c in verdict.checks],
        "warnings": verdict.warnings,
    }


def verdicts() -> dict[str, Any]:
    """Each golden's verdict in several readings, and each RFC 3161 vector's token read."""
    roots = [_pem_der(tsa_file(tsa)) for tsa in ("tsa-a", "tsa-b")]
    out: dict[str, Any] = {}
    for version, names in ((1, NAMES), (2, NAMES_V2), (3, NAMES_V3)):
        for name in names:
            g = load(name, version)
            readings: dict[str, dict[str, Any]] = {
                "full": {"document": g.document, "log_key": g.log_key, "trusted": g.trusted},
                "offline": {"document": g.document},
                "wrong-document": {"document": g.document + b"!", "log_key": g.log_key},
                "tampered": {"log_key": g.log_key, "trusted": g.trusted},
            }
            if version == 3:
                readings["tsa-roots"] = {**readings["full"], "tsa_roots": roots}
            for reading, kwargs in readings.items():
                text = g.text
                if reading == "tampered":  # one signature byte of the checkpoint changed
                    data = json.loads(text)
                    note = data["checkpoint"]
                    cut = note.rindex(" ") + 41  # inside the signature, after the key ID
                    data["checkpoint"] = (
                        note[:cut] + ("A" if note[cut] != "A" else "B") + note[cut + 1 :]
                    )
                    text = json.dumps(data)
                key = f"v{version}/{name}/{reading}"
                out[key] = _verdict(_outcome(verify, text, **kwargs))
    manifest = json.loads((RFC3161 / "manifest.json").read_text("utf-8"))
    message = (RFC3161 / manifest["message"]).read_bytes()
    for name, vector in sorted(manifest["vectors"].items()):
        token = (RFC3161 / vector["token"]).read_bytes()
        ca = _pem_der(RFC3161 / vector["ca"])
        for reading, data in (("message", message), ("other", message + b"\n")):
            found = _outcome(
                verify_timestamp_token,
                token,
                message=data,
                roots=[ca],
                certificates=[_pem_der(RFC3161 / vector["tsa_certificate"])],
            )
            out[f"rfc3161/{name}/{reading}"] = (
                found
                if isinstance(found, str)
                else {
                    "gen_time": found.gen_time.isoformat(),
                    "serial": found.serial,
                    "trusted": found.trusted,
                    "imprint": base64.b64encode(found.message_imprint).decode(),
                }
            )
    return out


def test_every_golden_verifies_identically_without_pycryptodome() -> None:
    here = verdicts()
    assert sum(1 for v in here.values() if isinstance(v, dict) and v.get("proven")) >= 18
    assert any(isinstance(v, str) and v.startswith("SignatureError") for v in here.values())
    assert any(isinstance(v, dict) and v.get("trusted") for v in here.values())
    done = subprocess.run(
        [sys.executable, "-I", "-c", CHILD, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    child = json.loads(done.stdout)
    assert child["loaded"] == [] and child["fast_keccak"] is False
    assert json.loads(json.dumps(here)) == child["verdicts"]
