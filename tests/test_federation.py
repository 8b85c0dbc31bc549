"""Three offices as three `ipledger serve` processes witnessing each other, set up by the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.ledger.keys import LogSigner
from ipledger.verifier.core.checkpoint import (
    format_checkpoint,
    parse_checkpoint,
    verify_checkpoint,
)
from ipledger.verifier.core.cosignature import verify_cosignature
from ipledger.verifier.core.errors import UnknownKeyError
from ipledger.verifier.core.note import parse_note
from tests.conftest import PostgresCluster

pytestmark = [pytest.mark.chain, pytest.mark.postgres]

BIN = Path(sys.executable).parent
NAMES = ("a", "b", "c")
# A verifier key: <name>+<8 hex key id>+<base64 of the type byte and the 32-byte key>.
VKEY_RE = re.compile(r"\S+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}")
DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(predicate: Callable[[], Any], what: str, timeout: float = DEADLINE) -> Any:
    """Poll `predicate` every 0.1 s until it returns something true; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


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


@pytest.fixture
def federation(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> Iterator[dict[str, FederatedOffice]]:
    """Offices a, b (SQLite files) and c (PostgreSQL), each witnessing the other two.

    Set up as each office's IT team would, with the real CLI: `init`, `witness key`,
    `witness add` of the two other logs, IPLEDGER_WITNESSES naming the two other witnesses.
    Each office runs its own managed anvil (the managed local chain belongs to one data
    directory; witnessing never touches the chain, so a shared node would test nothing more).
    """
    database = postgres_cluster.create()
    base = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    offices: dict[str, FederatedOffice] = {}
    for name in NAMES:
        folder = tmp_path / f"office-{name}"
        folder.mkdir()
        env = {
            **base,
            "IPLEDGER_ORIGIN": f"office-{name}.example/log",
            "IPLEDGER_BATCH_INTERVAL": "0.5",
            "IPLEDGER_ANCHOR_POLL_INTERVAL": "0.2",
            "IPLEDGER_API_RATE_PER_SECOND": "0",
            "IPLEDGER_WITNESS_TIMEOUT": "2",
            "IPLEDGER_LOG_FORMAT": "text",
        }
        if name == "c":
            env["IPLEDGER_DATABASE_URL"] = postgres_cluster.url(database)
        offices[name] = FederatedOffice(name, folder / "data", env)
    try:
        # Each office's IT team works on its own, at the same time as the others.
        with ThreadPoolExecutor(len(offices)) as pool:
            list(pool.map(set_up_own_keys, offices.values()))
            list(pool.map(lambda o: witness_the_others(o, offices), offices.values()))
        for office in offices.values():
            office.start()
        for office in offices.values():
            office.wait_up()
        yield offices
    finally:
        for office in offices.values():
            office.stop()
        for office in offices.values():
            chain_down(office.data_dir)
            assert chain_status(office.data_dir).pid is None
        postgres_cluster.drop(database)


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


def test_three_offices_witness_each_other(
    federation: dict[str, FederatedOffice], tmp_path: Path
) -> None:
    a, b, c = federation["a"], federation["b"], federation["c"]

    # -- entries stamped at office a come back cosigned by b and c ------------------------
    filing = tmp_path / "filing"
    filing.mkdir()
    documents = []
    for n in range(2):
        path = filing / f"application-{n}.txt"
        path.write_bytes(b"Claims of application EP%d\n" % (24000001 + n))
        documents.append(path)
    meta = {"office": "EP", "application": "EP24000001"}
    posted = httpx.post(
        f"{a.url}/v1/entries", headers=a.auth, timeout=30,
        json={"digest": "sha256:" + hashlib.sha256(documents[0].read_bytes()).hexdigest(),
              "metadata": meta},
    )
    assert posted.status_code == 201, posted.text
    stamped = subprocess.run(
        [str(BIN / "ipledger"), "stamp", "--server", a.url, str(documents[1])],
        env={**a.env, "IPLEDGER_API_KEY": a.api_key}, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert stamped.returncode == 0, stamped.stderr

    bundle = fetch_cosigned_bundle(a, posted.json()["index"], [b, c])
    assert not cosigned_by(bundle["checkpoint"], a)  # an office does not witness itself
    bundle_file = tmp_path / "application-0.evidence.json"
    bundle_file.write_text(json.dumps(bundle))
    policy = tmp_path / "federation.policy"
    policy.write_text(federation_policy(federation, "2"))
    rpc_url = chain_status(a.data_dir).rpc_url
    assert rpc_url is not None
    verdict = verify_cli(str(documents[0]), str(bundle_file), "--policy", str(policy),
                         "--rpc", rpc_url)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert "Checkpoint witnessed per the policy: quorum offices: 2 of" in verdict.stdout
    for office in (b, c):
        assert f"office office-{office.name} ({office.origin}/witness) saw this tree no later " \
            "than" in verdict.stdout, verdict.stdout
    # Without a policy the same cosignatures are listed as unchecked, never as proof.
    unchecked = verify_cli(str(documents[0]), str(bundle_file), "--log-key", a.log_vkey)
    assert "Cosignatures present but not checked (no --policy)" in unchecked.stdout

    # The same bundle under a policy needing office a's witness too (which never cosigns its
    # own log): refused, on one line that names the quorum not met.
    strict = tmp_path / "every-office.policy"
    strict.write_text(federation_policy(federation, "all"))
    refused = verify_cli(str(documents[0]), str(bundle_file), "--policy", str(strict))
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "NOT PROVEN: the checkpoint is cosigned by office-b, office-c; the quorum needs " \
        "offices: 3 of (office-a, office-b, office-c)" in refused.stdout, refused.stdout
    assert "Traceback" not in refused.stderr

    # `evidence --server --tlog-proof`: the bundle and a C2SP tlog-proof file beside the
    # document; the proof file verifies on its own under the same policy.
    def upgraded() -> bool:
        run = subprocess.run(
            [str(BIN / "ipledger"), "evidence", "--server", a.url, "--tlog-proof",
             str(documents[1])],
            env={**a.env, "IPLEDGER_API_KEY": a.api_key}, capture_output=True, text=True,
            timeout=120, check=False,
        )
        assert run.returncode in (0, 3), run.stderr
        return run.returncode == 0

    wait_for(upgraded, "the receipt of application-1 to become a bundle and a tlog-proof")
    proof_file = documents[1].parent / (documents[1].name + ".tlog-proof")
    assert proof_file.read_text().startswith("c2sp.org/tlog-proof@v1\n")
    checked = verify_cli(str(documents[1]), str(proof_file), "--policy", str(policy))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checkpoint witnessed per the policy" in checked.stdout, checked.stdout

    # `ipledger checkpoint` at a, beside its server: asks both witnesses, prints the answers
    # and the checkpoint with their cosignatures (the check docs/witnessing.md gives).
    asked = a.cli("checkpoint").stdout
    for office in (b, c):
        assert f"Witness {office.origin}/witness ({office.witness_url}): " in asked, asked
        assert f"\n\u2014 {office.origin}/witness " in asked, asked

    # Sovereignty: b witnessed a's log, yet nothing of a's entries reached b's database: not
    # the metadata, not the digest (b's SQLite file and its write-ahead log, read raw).
    digest = hashlib.sha256(documents[0].read_bytes()).digest()
    held = b"".join(p.read_bytes() for p in b.data_dir.glob("ledger.db*"))
    assert a.origin.encode() in held  # b does hold a's checkpoints
    for secret in (b"EP24000001", digest, digest.hex().encode()):
        assert secret not in held

    # -- witness b is SIGKILLed under load: a appends and anchors on, b's cosignatures resume
    with StampingLoad(a) as load:
        wait_for(lambda: load.accepted >= 5, "the load to start")
        b.kill()
        killed_at = note_size(a.latest_note())
        accepted_at_kill = load.accepted
        late = filing / "application-late.txt"
        late.write_bytes(b"Claims filed while witness b was down\n")
        posted_late = httpx.post(
            f"{a.url}/v1/entries", headers=a.auth, timeout=30,
            json={"digest": "sha256:" + hashlib.sha256(late.read_bytes()).hexdigest()})
        assert posted_late.status_code == 201, posted_late.text
        missed_index = posted_late.json()["index"]
        assert missed_index >= killed_at

        def cosigned_by_c_only() -> str | None:
            fresh = [n for n in a.recent_notes() if note_size(n) > killed_at]
            return next((n for n in fresh if cosigned_by(n, c)), None)

        during = wait_for(cosigned_by_c_only, "a checkpoint cosigned by c while b is down")
        assert not cosigned_by(during, b)

        def b_unreachable() -> bool:
            health = a.get("/v1/health").json()
            states = {w["name"]: w["state"] for w in health["witnesses"]}
            return states == {f"{b.origin}/witness": "unreachable", f"{c.origin}/witness": "ok"}

        wait_for(b_unreachable, "a's health to show b unreachable and c ok")
        wait_for(lambda: any(x["state"] == "final" and x["size"] > missed_index
                             for x in a.get("/v1/anchors", params={"limit": 1000}).json()),
                 "an anchor past the kill to become final while b is down")
        assert load.accepted > accepted_at_kill and not load.failures, load.failures

        b.start()
        b.wait_up()
        restarted_at = note_size(a.latest_note())
        wait_for(lambda: any(note_size(n) > restarted_at and cosigned_by(n, b)
                             and cosigned_by(n, c) for n in a.recent_notes()),
                 "b's cosignatures to resume on a's checkpoints")
    assert not load.failures, load.failures

    # The late application was anchored at a checkpoint cut while b was down: its bundle
    # carries that checkpoint with c's cosignature only and fails the 2-of-3 policy for good
    # (b has moved past that size); its tlog-proof, under the newest checkpoint both
    # cosigned, passes.
    missed = a.get(f"/v1/entries/{missed_index}/evidence", headers=a.auth)
    assert missed.status_code == 200, missed.text
    assert not cosigned_by(missed.json()["checkpoint"], b)
    missed_file = tmp_path / "late.evidence.json"
    missed_file.write_bytes(missed.content)
    short = verify_cli(str(late), str(missed_file), "--policy", str(policy))
    assert short.returncode == 1 and "NOT PROVEN" in short.stdout, short.stdout + short.stderr
    later = a.get(f"/v1/entries/{missed_index}/tlog-proof", headers=a.auth)
    assert later.status_code == 200, later.text
    assert cosigned_by(later.text.split("\n\n", 1)[1], b)
    proof_of_missed = tmp_path / "late.tlog-proof"
    proof_of_missed.write_bytes(later.content)
    whole = verify_cli(str(late), str(proof_of_missed), "--policy", str(policy))
    assert whole.returncode == 0, whole.stdout + whole.stderr

    # -- a log that forks: two trees of one size, signed with a's own key, shown to c ------
    def c_holds(target: int) -> bool:
        seen = c.get(f"/witness/{origin_hash(a.origin)}/checkpoint")
        return seen.status_code == 200 and note_size(seen.text) == target

    def settled() -> int | None:
        """a's whole log checkpointed, and c's view of a at that checkpoint."""
        size = note_size(a.latest_note())
        return size if a.get("/v1/log").json()["size"] == size and c_holds(size) else None

    size = wait_for(settled, "a's last entries to be checkpointed and cosigned by c")
    genuine = c.get(f"/witness/{origin_hash(a.origin)}/checkpoint").text
    assert cosigned_by(genuine, c)

    fork, fork_root = forged_note(a, size)
    assert verify_checkpoint(genuine, a.log_vkey).root != fork_root
    refused_fork = add_checkpoint(c, size, [], fork)
    assert refused_fork.status_code == 422, refused_fork.text
    stale = add_checkpoint(c, 0, [], forged_note(a, size + 3)[0])
    assert stale.status_code == 409, stale.text
    assert stale.headers["content-type"].startswith("text/x.tlog.size")
    assert stale.text == f"{size}\n"
    bad_proof = add_checkpoint(c, size, [secrets.token_bytes(32) for _ in range(3)],
                               forged_note(a, size + 3)[0])
    assert bad_proof.status_code == 422, bad_proof.text
    assert c_holds(size)  # nothing refused moved c's view of a

    # c kept both signed notes of size `size`: its own accepted one and the fork. Both verify
    # under a's published log key: evidence anyone can check, with no trust in c.
    served = c.get("/v1/witness/equivocations")
    assert served.status_code == 200, served.text
    caught = [e for e in served.json()["equivocations"] if e["kind"] == "same-size"]
    assert len(caught) == 1, served.json()
    assert caught[0]["origin"] == a.origin and caught[0]["size"] == size
    assert caught[0]["conflicting_note"] == fork
    assert verify_checkpoint(caught[0]["accepted_note"], a.log_vkey) == parse_checkpoint(
        parse_note(genuine).text)
    assert verify_checkpoint(fork, a.log_vkey).root == fork_root
    report = c.cli("witness", "equivocations").stdout
    for line in (*fork.splitlines(), *caught[0]["accepted_note"].splitlines()):
        assert line in report, f"{line!r} not in {report}"
    health = c.get("/v1/health").json()
    assert health["status"] == "degraded" and health["equivocations_caught"] >= 1, health
    assert "equivocation" in health["detail"], health



def cosigned_after(log: FederatedOffice, size: int, witness: FederatedOffice) -> bool:
    """Whether one of `log`'s recent checkpoints beyond `size` is cosigned by `witness`."""
    return any(note_size(n) > size and cosigned_by(n, witness) for n in log.recent_notes())


def final_size(log: FederatedOffice) -> int:
    """The largest tree size of `log` anchored to final (0: none yet)."""
    anchors = log.get("/v1/anchors", params={"limit": 1000}).json()
    return max((x["size"] for x in anchors if x["state"] == "final"), default=0)


@pytest.mark.slow
def test_witnesses_killed_in_turn_under_load(federation: dict[str, FederatedOffice]) -> None:
    """Long form: b and c SIGKILLed and restarted in turn, three times each, a under load.

    a never refuses an entry and its anchors keep becoming final; the witness still up
    cosigns meanwhile; after each restart the restarted witness cosigns again; at the end
    a's whole log is in a checkpoint cosigned by both.
    """
    a, b, c = federation["a"], federation["b"], federation["c"]
    with StampingLoad(a) as load:
        wait_for(partial(cosigned_after, a, 0, b), "a's first checkpoints to be cosigned")
        for witness in (b, c, b, c, b, c):
            other = c if witness is b else b
            witness.kill()
            down_at, final_at = note_size(a.latest_note()), final_size(a)
            wait_for(partial(cosigned_after, a, down_at, other),
                     f"{other.name} to cosign while {witness.name} is down")
            wait_for(lambda: final_size(a) > final_at,  # noqa: B023 (called before the loop goes on)
                     f"an anchor to become final while {witness.name} is down")
            witness.start()
            witness.wait_up()
            wait_for(partial(cosigned_after, a, note_size(a.latest_note()), witness),
                     f"{witness.name}'s cosignatures to resume")
            assert not load.failures, load.failures
    wait_for(lambda: cosigned_by(n := a.latest_note(), b) and cosigned_by(n, c)
             and a.get("/v1/log").json()["size"] == note_size(n),
             "a's last checkpoint to be cosigned by both")
