"""A real ipledger witness for the log side's tests: its own data dir, keys and server."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path

import uvicorn

from ipledger.api.cli import main
from ipledger.api.main import create_app
from ipledger.api.server import server_config
from ipledger.ledger.checkpoints import SignedCheckpoint, cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.cosigning.witnesses import WitnessEndpoint, parse_witnesses
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.witness.cosigning import ensure_witness_key
from tests.ports import free_port


class WitnessOffice:
    """Another office's ipledger (`ipledger init`, `witness key`, `witness add`) serving its
    witness routes on a real uvicorn server; it can be stopped, restarted, rolled back."""

    def __init__(self, folder: Path, name: str, log_vkey: str | None = None) -> None:
        self.data_dir = folder / name
        assert main(["init", "--dir", str(self.data_dir), "--origin", f"{name}/log"]) == 0
        if log_vkey is not None:
            self.witness(log_vkey)
        self.settings = Settings(data_dir=self.data_dir)
        self.vkey = ensure_witness_key(self.settings, f"{name}/log")[0].verifier_key
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/witness"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._deployment: Deployment | None = None

    def witness(self, log_vkey: str) -> None:
        """`ipledger witness add LOG_VKEY`: cosign that log's checkpoints from now on."""
        assert main(["witness", "add", log_vkey, "--dir", str(self.data_dir)]) == 0

    @property
    def endpoint(self) -> WitnessEndpoint:
        return parse_witnesses(f"{self.url} {self.vkey}")[0]

    @property
    def config(self) -> str:
        """This witness as one IPLEDGER_WITNESSES entry."""
        return f"{self.url} {self.vkey}"

    def start(self) -> WitnessOffice:
        self._deployment = Deployment.open(self.settings)
        app = create_app(self._deployment)
        self._server = uvicorn.Server(server_config(app, self.settings, "127.0.0.1", self.port))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            assert time.monotonic() < deadline and self._thread.is_alive(), "no witness server"
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
        if self._deployment is not None:
            self._deployment.close()
        self._server = self._thread = self._deployment = None

    def snapshot(self, to: Path) -> None:
        """Copy the witness's database (stopped): a backup to restore later."""
        shutil.copy2(self.data_dir / "ledger.db", to)

    def restore(self, backup: Path) -> None:
        """Put an older copy of the database back (stopped): the witness forgets newer trees."""
        shutil.copy2(backup, self.data_dir / "ledger.db")
        for extra in ("ledger.db-wal", "ledger.db-shm"):
            (self.data_dir / extra).unlink(missing_ok=True)


class OfficeLog:
    """The witnessed log: a store and a log key, growing and cutting checkpoints."""

    def __init__(self, store: LogStore, origin: str = "office-a.example/log") -> None:
        self.store = store
        self.signer = LogSigner(origin, hashlib.sha256(origin.encode()).digest())

    def grow(self, n: int) -> SignedCheckpoint:
        start = self.store.size()
        self.store.append(
            [{"digest": "sha256:" + hashlib.sha256(b"%d" % (start + i)).hexdigest()}
             for i in range(n)]
        )
        cut = cut_checkpoint(self.store, self.signer)
        assert cut is not None
        return cut
