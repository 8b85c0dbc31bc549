"""`ipledger serve` as real processes over real sockets: receipts, anchoring, offline bundles."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.receipts import verify_entry_receipt, verify_receipt
from tests.conftest import PostgresCluster
from tests.ports import free_port

pytestmark = pytest.mark.chain

ORIGIN = "ipledger.serve-test/log"
BIN = Path(sys.executable).parent


def wait_for(predicate: Callable[[], Any], what: str = "it", timeout: float = 90.0) -> Any:
    """Poll `predicate` every 0.1 s until it returns something true; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


@dataclass
class ServedDataDir:
    """A data directory initialised with `ipledger init`, its chain up, a tenant's key."""

    data_dir: Path
    env: dict[str, str]
    key: str
    log_key: str

    def ipledger(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "ipledger"), *args, "--dir", str(self.data_dir)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr + done.stdout
        return done.stdout


class ServeProcess:
    """One `ipledger serve` process on a free port of 127.0.0.1."""

    def __init__(self, deployment: ServedDataDir, log_file: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log_file.open("wb")
        self.process = subprocess.Popen(
            [
                str(BIN / "ipledger"),
                "serve",
                "--dir",
                str(deployment.data_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=deployment.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.log_file = log_file
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def wait_healthy(self) -> dict[str, Any]:
        def up() -> dict[str, Any] | None:
            assert self.process.poll() is None, self.log_file.read_text()
            try:
                health: dict[str, Any] = self.client.get("/v1/health").json()
            except httpx.TransportError:
                return None
            return health if health["chain"]["state"] == "ok" else None

        found: dict[str, Any] = wait_for(up, what=f"{self.url} to connect its chain")
        return found

    def stop(self) -> int:
        self.client.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


def deploy(
    tmp_path: Path, database_url: str | None = None, *, chain_up: bool = True
) -> Iterator[ServedDataDir]:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    env.update(
        IPLEDGER_ORIGIN=ORIGIN,
        IPLEDGER_BATCH_INTERVAL="0.5",
        IPLEDGER_ANCHOR_POLL_INTERVAL="0.2",
        IPLEDGER_API_RATE_PER_SECOND="0",
    )
    if database_url is not None:
        env["IPLEDGER_DATABASE_URL"] = database_url
    d = ServedDataDir(data_dir, env, key="", log_key="")
    try:
        d.ipledger("init")
        if chain_up:  # as an operator would before starting several servers: deploy once
            d.ipledger("chain", "up")
        created = d.ipledger("keys", "create", "office-a")
        d.key = next(line for line in created.splitlines() if line.startswith("ipl_"))
        d.log_key = (data_dir / "log.pub").read_text().strip()
        yield d
    finally:
        chain_down(data_dir)
        assert chain_status(data_dir).pid is None


def stamp(tmp_path: Path, count: int) -> list[Path]:
    files = []
    for n in range(count):
        path = tmp_path / f"application-{n}.txt"
        path.write_bytes(b"Claims of application %d\n" % n * (n + 1))
        files.append(path)
    return files


def sha256_of(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_bundle(server: ServeProcess, auth: dict[str, str], index: int) -> bytes:
    def final() -> bytes | None:
        r = server.client.get(f"/v1/entries/{index}/evidence", headers=auth)
        if r.status_code == 202:
            assert r.headers["retry-after"].isdigit()
            return None
        assert r.status_code == 200, r.text
        return r.content

    body: bytes = wait_for(final, what=f"the evidence of entry {index}")
    return body


def check_bundle(d: ServedDataDir, document: Path, body: bytes, rpc_url: str) -> None:
    """Verify offline with the verifier's API, then with `ipledger-verify` and the node."""
    bundle = EvidenceBundle.from_json(body)
    verdict = verify(bundle, document=document.read_bytes(), log_key=d.log_key)
    assert verdict.document_checked and verdict.log_authenticated
    bundle_file = document.with_suffix(".evidence.json")
    bundle_file.write_bytes(body)
    key_file = d.data_dir / "log.pub"
    done = subprocess.run(
        [
            str(BIN / "ipledger-verify"),
            str(document),
            str(bundle_file),
            "--log-key",
            key_file.read_text().strip(),
            "--rpc",
            rpc_url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def sqlite_deployment(tmp_path: Path) -> Iterator[ServedDataDir]:
    yield from deploy(tmp_path, chain_up=False)  # serve starts the managed chain itself


def test_serve_over_http_with_sqlite(sqlite_deployment: ServedDataDir, tmp_path: Path) -> None:
    # With the writer process: serve's child commits every submission (keyed or not, single
    # or batch), serve answers.
    d = sqlite_deployment
    d.env["IPLEDGER_API_WRITER_PROCESS"] = "true"
    server = ServeProcess(d, tmp_path / "serve.log")
    try:
        server.wait_healthy()
        c, auth = server.client, {"Authorization": f"Bearer {d.key}"}
        info = c.get("/v1/log").json()
        assert info["verifier_key"] == d.log_key and info["origin"] == ORIGIN
        (writer,) = [p for p in _children(server.process.pid) if "spawn_main" in _cmdline(p)]
        shown = c.get("/v1/health").json()["writer"]
        assert (shown["mode"], shown["state"], shown["pid"], shown["starts"]) == (
            "process", "ok", writer, 1)

        files = stamp(tmp_path, 4)
        meta = {"office": "EP", "application": "EP24000001"}
        single = c.post(
            "/v1/entries",
            json={"digest": sha256_of(files[0]), "metadata": meta},
            headers={**auth, "Idempotency-Key": "first-filing"},
        )
        assert single.status_code == 201, single.text
        verify_entry_receipt(single.json(), d.log_key)
        again = c.post(
            "/v1/entries",
            json={"digest": sha256_of(files[0]), "metadata": meta},
            headers={**auth, "Idempotency-Key": "first-filing"},
        )
        assert again.headers["idempotent-replayed"] == "true"
        assert again.content == single.content

        batch = c.post(
            "/v1/entries/batch",
            json={"entries": [{"digest": sha256_of(f)} for f in files[1:]]},
            headers=auth,
        )
        assert batch.status_code == 201, batch.text
        receipt = verify_receipt(batch.json()["note"], d.log_key)
        receipt.verify_batch([bytes.fromhex(e["leaf_hash"]) for e in batch.json()["entries"]])
        metrics = c.get("/metrics").text
        assert "\nipledger_writer_process_groups_total 2.0\n" in metrics  # the keyed one, the batch

        rpc_url = chain_status(d.data_dir).rpc_url
        assert rpc_url is not None
        for index, document in enumerate(files):
            check_bundle(d, document, fetch_bundle(server, auth, index), rpc_url)

        health = wait_for(
            lambda: (h := c.get("/v1/health").json())["backlog_entries"] == 0 and h,
            what="an empty backlog",
        )
        assert health["status"] == "ok" and health["chain"]["anchoring"] == "here"
        assert c.get("/v1/entries/0", headers=auth).json()["status"] == "final"
        plain = [c.post("/v1/entries", json={"digest": "sha256:" + f"{n:064x}"}, headers=auth)
                 for n in range(3)]
        for answer in plain:
            assert answer.status_code == 201, answer.text
            verify_entry_receipt(answer.json(), d.log_key)
        assert [a.json()["index"] for a in plain] == [4, 5, 6]
    finally:
        assert server.stop() == 0, server.log_file.read_text()
    assert chain_status(d.data_dir).pid is None  # the chain serve started stopped with it
    assert not Path(f"/proc/{writer}").exists()  # the writer process stopped with serve


@pytest.fixture
def postgres_deployment(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> Iterator[ServedDataDir]:
    name = postgres_cluster.create()
    try:
        yield from deploy(tmp_path, postgres_cluster.url(name))
    finally:
        postgres_cluster.drop(name)


@pytest.mark.postgres
def test_two_servers_share_postgres_and_one_anchors(
    postgres_deployment: ServedDataDir, tmp_path: Path
) -> None:
    d = postgres_deployment
    servers = [ServeProcess(d, tmp_path / f"serve-{n}.log") for n in range(2)]
    try:
        for server in servers:
            server.wait_healthy()
        auth = {"Authorization": f"Bearer {d.key}"}
        files = stamp(tmp_path, 24)

        def submit(n: int) -> dict[str, Any]:
            r = servers[n % 2].client.post(
                "/v1/entries", json={"digest": sha256_of(files[n])}, headers=auth
            )
            assert r.status_code == 201, r.text
            body: dict[str, Any] = r.json()
            verify_entry_receipt(body, d.log_key)
            return body

        with ThreadPoolExecutor(8) as pool:
            receipts = list(pool.map(submit, range(len(files))))
        assert sorted(r["index"] for r in receipts) == list(range(len(files)))

        rpc_url = chain_status(d.data_dir).rpc_url
        assert rpc_url is not None
        for n, body in enumerate(receipts):
            server = servers[(n + 1) % 2]  # read back through the other process
            check_bundle(d, files[n], fetch_bundle(server, auth, body["index"]), rpc_url)

        healths = [s.client.get("/v1/health").json() for s in servers]
        assert sorted(h["chain"]["anchoring"] for h in healths) == ["elsewhere", "here"]
        anchors = [s.client.get("/v1/anchors", params={"limit": 1000}).json() for s in servers]
        assert anchors[0] == anchors[1]
        sizes = [a["size"] for a in anchors[0] if a["state"] in ("included", "final")]
        assert len(sizes) == len(set(sizes)) and max(sizes) == len(files)
        infos = [s.client.get("/v1/log").json() for s in servers]
        assert infos[0] == infos[1] and infos[0]["size"] == len(files)
        assert infos[0]["log_address"] == healths[0]["chain"]["operator"]

        # One keyed single sent to both processes at once: one of them records the key, the
        # other's commit is refused by it and replays that answer, byte for byte.
        def keyed(job: tuple[int, int]) -> tuple[int, bytes]:
            n, server = job
            r = servers[server].client.post(
                "/v1/entries", json={"digest": "sha256:" + f"{n:064x}"},
                headers={**auth, "Idempotency-Key": f"both-{n}"},
            )
            assert r.status_code == 201, r.text
            return n, r.content

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(keyed, [(n, s) for n in range(12) for s in (0, 1)]))
        for n in range(12):
            first, second = (content for m, content in answers if m == n)
            assert first == second
            verify_entry_receipt(json.loads(first), d.log_key)
        assert servers[0].client.get("/v1/log").json()["size"] == len(files) + 12
    finally:
        codes = [server.stop() for server in servers]
        assert codes == [0, 0], [s.log_file.read_text() for s in servers]


def test_cli_client_stamps_through_the_server(
    sqlite_deployment: ServedDataDir, tmp_path: Path
) -> None:
    """`ipledger stamp --server` writes verified receipts; `evidence --server` upgrades them."""
    d = sqlite_deployment
    server = ServeProcess(d, tmp_path / "serve.log")
    try:
        server.wait_healthy()
        folder = tmp_path / "filing"
        folder.mkdir()
        files = stamp(folder, 3)
        env = {**d.env, "IPLEDGER_API_KEY": d.key}
        meta = '{"office": "EP", "application": "EP24000002"}'
        done = subprocess.run(
            [
                str(BIN / "ipledger"),
                "stamp",
                "--server",
                server.url,
                str(folder),
                "--metadata",
                meta,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        for path in files:
            record = json.loads((path.parent / (path.name + ".ipledger-receipt.json")).read_text())
            assert record["verifier_key"] == d.log_key
            entry = verify_entry_receipt(record["entry_receipt"], d.log_key)
            assert entry.digest.hex() == sha256_of(path).removeprefix("sha256:")

        def upgraded() -> bool:
            run = subprocess.run(
                [str(BIN / "ipledger"), "evidence", "--server", server.url, *map(str, files)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert run.returncode in (0, 3), run.stderr
            return run.returncode == 0

        wait_for(upgraded, what="the receipts to be upgraded to bundles")
        rpc_url = chain_status(d.data_dir).rpc_url
        assert rpc_url is not None
        for path in files:
            bundle = (path.parent / (path.name + ".evidence.json")).read_bytes()
            check_bundle(d, path, bundle, rpc_url)
    finally:
        assert server.stop() == 0, server.log_file.read_text()


def test_the_origin_chosen_at_init_is_served_and_settings_cannot_change_it(
    tmp_path: Path,
) -> None:
    """`init --origin X`, then `serve` with no origin set: /v1/log and receipts say X.

    A server started with another IPLEDGER_ORIGIN refuses to start, on one line. Stopped
    with SIGTERM, the server stops the managed chain it started.
    """
    data_dir = tmp_path / "office"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    env["IPLEDGER_API_RATE_PER_SECOND"] = "0"
    d = ServedDataDir(data_dir, env, key="", log_key="")
    try:
        d.ipledger("init", "--origin", "patents.example-office.int/log")
        created = d.ipledger("keys", "create", "office-a")
        d.key = next(line for line in created.splitlines() if line.startswith("ipl_"))
        d.log_key = (data_dir / "log.pub").read_text().strip()
        server = ServeProcess(d, tmp_path / "serve.log")
        try:
            wait_for(lambda: _answers(server), what="the server to answer")
            info = server.client.get("/v1/log").json()
            assert info["origin"] == "patents.example-office.int/log"
            auth = {"Authorization": f"Bearer {d.key}"}
            posted = server.client.post(
                "/v1/entries", json={"digest": "sha256:" + "ab" * 32}, headers=auth
            )
            assert posted.status_code == 201, posted.text
            document = posted.json()
            assert document["receipt"]["note"].splitlines()[1] == info["origin"]
            verify_entry_receipt(document, d.log_key)
            again = server.client.get(f"/v1/entries/{document['index']}/receipt", headers=auth)
            assert again.json()["receipt"]["note"].splitlines()[1] == info["origin"]
        finally:
            # SIGTERM, as systemd or docker stop it: the managed chain it started stops too.
            server.process.send_signal(signal.SIGTERM)
            assert server.process.wait(timeout=30) == 0, server.log_file.read_text()
            assert server.stop() == 0
        assert "Started the managed local chain" in server.log_file.read_text()  # stdout
        assert chain_status(data_dir).pid is None
        refused = subprocess.run(
            [str(BIN / "ipledger"), "serve", "--dir", str(data_dir), "--port", "0"],
            env={**env, "IPLEDGER_ORIGIN": "ipledger.local/log"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        assert "origin is 'patents.example-office.int/log'" in refused.stderr
        assert "unset IPLEDGER_ORIGIN" in refused.stderr
    finally:
        chain_down(data_dir)


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()]


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _answers(server: ServeProcess) -> bool:
    assert server.process.poll() is None, server.log_file.read_text()
    try:
        return server.client.get("/v1/log").status_code == 200
    except httpx.TransportError:
        return False
