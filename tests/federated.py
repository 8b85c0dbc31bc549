"""The federation test's offices: `ipledger serve` processes, their CLI, the witness calls."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ipledger.ledger.keys import LogSigner
from ipledger.verifier.core.checkpoint import (
    format_checkpoint,
    parse_checkpoint,
)
from ipledger.verifier.core.cosignature import verify_cosignature
from ipledger.verifier.core.errors import UnknownKeyError
from ipledger.verifier.core.note import parse_note
from tests.api.test_serve import wait_for
from tests.ports import free_port

BIN = Path(sys.executable).parent
NAMES = ("a", "b", "c")
# A verifier key: <name>+<8 hex key id>+<base64 of the type byte and the 32-byte key>.
VKEY_RE = re.compile(r"\S+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}")


@dataclass
class FederatedOffice:
    """One office: its data dir, database, log key, witness key and `ipledger serve` process."""

    name: str
    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    api_key: str = ""
    log_vkey: str = ""
    witness_vkey: str = ""
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def origin(self) -> str:
        return f"office-{self.name}.example/log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def witness_url(self) -> str:
        """The submission prefix of this office's witness."""
        return f"{self.url}/witness"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def cli(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the real `ipledger` command on this office's data directory."""
        done = subprocess.run(
            [str(BIN / "ipledger"), *args, "--dir", str(self.data_dir)],
            env=self.env, capture_output=True, text=True, timeout=120, check=False,
        )
        if ok:
            assert done.returncode == 0, f"ipledger {' '.join(args)}: {done.stderr}{done.stdout}"
        return done

    def start(self) -> None:
        self.starts += 1
        log = (self.data_dir.parent / f"serve-{self.name}-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [str(BIN / "ipledger"), "serve", "--dir", str(self.data_dir),
             "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:]
                         for p in sorted(self.data_dir.parent.glob(f"serve-{self.name}-*.log")))

    def wait_up(self) -> None:
        def up() -> bool:
            assert self.process is not None and self.process.poll() is None, self.log_text()
            try:
                health = httpx.get(f"{self.url}/v1/health", timeout=5).json()
            except httpx.TransportError:
                return False
            return bool(health["chain"]["state"] == "ok")

        wait_for(up, f"office {self.name} to serve and connect its chain")

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no flush, as a power cut would leave it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=30, **kwargs)

    def recent_notes(self) -> list[str]:
        """The newest checkpoints' notes, cosignatures included, largest tree first."""
        answer = self.get("/v1/checkpoints", params={"limit": 50})
        assert answer.status_code == 200, answer.text
        return [item["note"] for item in answer.json()["items"]]

    def latest_note(self) -> str:
        answer = self.get("/v1/checkpoints/latest")
        assert answer.status_code == 200, answer.text
        note: str = answer.json()["note"]
        return note


def cosigned_by(note: str, office: FederatedOffice) -> bool:
    """Whether `note` carries a valid cosignature by `office`'s witness (False if none)."""
    try:
        verify_cosignature(note, office.witness_vkey)
    except UnknownKeyError:
        return False
    return True


def note_size(note: str) -> int:
    return parse_checkpoint(parse_note(note).text).size


def origin_hash(origin: str) -> str:
    return hashlib.sha256(origin.encode()).hexdigest()


def set_up_own_keys(office: FederatedOffice) -> None:
    """`ipledger init`, `ipledger witness key`, an API key: what an office publishes."""
    office.cli("init")
    shown = office.cli("witness", "key").stdout
    office.witness_vkey = VKEY_RE.findall(shown)[-1]
    assert office.witness_vkey.startswith(f"{office.origin}/witness+"), shown
    office.log_vkey = (office.data_dir / "log.pub").read_text().strip()
    created = office.cli("keys", "create", f"office-{office.name}").stdout
    office.api_key = next(x for x in created.splitlines() if x.startswith("ipl_"))


def witness_the_others(office: FederatedOffice, offices: dict[str, FederatedOffice]) -> None:
    """`ipledger witness add` for the two other logs; IPLEDGER_WITNESSES names their witnesses."""
    others = [o for o in offices.values() if o is not office]
    for other in others:
        office.cli("witness", "add", other.log_vkey)
    if office.name == "a":
        listed = office.cli("witness", "list").stdout
        assert all(o.origin in listed for o in others), listed
    office.env["IPLEDGER_WITNESSES"] = "\n".join(
        f"{o.witness_url} {o.witness_vkey}" for o in others
    )


def federation_policy(offices: dict[str, FederatedOffice], threshold: str) -> str:
    """A tlog-policy a court would receive: the three logs, the three witnesses, a quorum.

    `threshold` is the group's `k` (`2`) or `all`: the quorum is that many of the offices.
    """
    lines = ["# The federation of offices a, b and c (c2sp.org/tlog-policy)"]
    lines += [f"log {o.log_vkey}" for o in offices.values()]
    lines += [f"witness office-{o.name} {o.witness_vkey}" for o in offices.values()]
    lines += [f"group offices {threshold} office-a office-b office-c", "quorum offices"]
    return "\n".join(lines) + "\n"


def verify_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "ipledger-verify"), *args], capture_output=True,
                          text=True, timeout=120, check=False)


def fetch_cosigned_bundle(
    office: FederatedOffice, index: int, witnesses: list[FederatedOffice]
) -> dict[str, Any]:
    """Poll the entry's evidence until final and its checkpoint cosigned by all `witnesses`."""

    def ready() -> dict[str, Any] | None:
        answer = office.get(f"/v1/entries/{index}/evidence", headers=office.auth)
        if answer.status_code == 202:
            return None
        assert answer.status_code == 200, answer.text
        bundle: dict[str, Any] = answer.json()
        return bundle if all(cosigned_by(bundle["checkpoint"], w) for w in witnesses) else None

    found: dict[str, Any] = wait_for(ready, f"entry {index}'s bundle cosigned at {office.name}")
    return found


class StampingLoad:
    """A thread stamping entries at one office, one request after another, until stopped."""

    def __init__(self, office: FederatedOffice) -> None:
        self.office = office
        self.accepted = 0
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StampingLoad:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        with httpx.Client(base_url=self.office.url, headers=self.office.auth,
                          timeout=30) as client:
            while not self._stop.is_set():
                digest = "sha256:" + secrets.token_hex(32)
                answer = client.post("/v1/entries", json={"digest": digest})
                if answer.status_code == 201:
                    self.accepted += 1
                else:
                    self.failures.append(f"{answer.status_code} {answer.text[:200]}")
                time.sleep(0.02)


def forged_note(office: FederatedOffice, size: int) -> tuple[str, bytes]:
    """A checkpoint of `size` entries with a made-up root, signed with the office's log key."""
    signer = LogSigner.load(office.data_dir / "log.key")
    root = secrets.token_bytes(32)
    return signer.sign_note(format_checkpoint(office.origin, size, root)), root


def add_checkpoint(witness: FederatedOffice, old: int, proof: list[bytes],
                   note: str) -> httpx.Response:
    """POST a tlog-witness add-checkpoint request body to `witness`, as a log would."""
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    body = "\n".join(lines) + "\n\n" + note
    return httpx.post(f"{witness.witness_url}/add-checkpoint", content=body.encode(),
                      timeout=30)


def cosigned_after(log: FederatedOffice, size: int, witness: FederatedOffice) -> bool:
    """Whether one of `log`'s recent checkpoints beyond `size` is cosigned by `witness`."""
    return any(note_size(n) > size and cosigned_by(n, witness) for n in log.recent_notes())


def final_size(log: FederatedOffice) -> int:
    """The largest tree size of `log` anchored to final (0: none yet)."""
    anchors = log.get("/v1/anchors", params={"limit": 1000}).json()
    return max((x["size"] for x in anchors if x["state"] == "final"), default=0)
