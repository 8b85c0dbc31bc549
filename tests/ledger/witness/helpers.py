"""A real witnessed log (LogStore + LogSigner) and a witness on a real database, for tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from tlog_scales.signing import NoteSignature as ScalesSignature
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint

from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.witness.cosigning import Witness
from ipledger.ledger.witness.requests import format_add_checkpoint
from ipledger.verifier.core.checkpoint import format_checkpoint

LOG_ORIGIN = "office-b.example/log"
WITNESS_NAME = "office-a.example/log/witness"


@dataclass
class SubmittingLog:
    """A log whose checkpoints are submitted: its own store, signed by its own key."""

    store: LogStore
    signer: LogSigner = field(default_factory=lambda: LogSigner.generate(LOG_ORIGIN))

    @classmethod
    def on_sqlite(cls, folder: Path, signer: LogSigner | None = None) -> SubmittingLog:
        store = LogStore.open(f"sqlite:///{folder / f'log-{secrets.token_hex(4)}.db'}")
        return cls(store) if signer is None else cls(store, signer)

    def grow(self, n: int) -> int:
        self.store.append([{"digest": "sha256:" + secrets.token_hex(32)} for _ in range(n)])
        return self.store.size()

    def note(self, size: int | None = None, signer: LogSigner | None = None) -> str:
        size = self.store.size() if size is None else size
        text = format_checkpoint(self.signer.name, size, self.store.root(size))
        return (signer or self.signer).sign_note(text)

    def body(self, old: int, size: int | None = None, note: str | None = None) -> bytes:
        size = self.store.size() if size is None else size
        proof = self.store.consistency_proof(old, size) if 0 < old < size else []
        return format_add_checkpoint(old, proof, note or self.note(size)).encode()


def make_witness(engine: Engine, key: WitnessSigner | None = None) -> Witness:
    signer = key or WitnessSigner.generate(WITNESS_NAME)
    assert isinstance(signer, WitnessSigner)
    return Witness(engine, lambda: signer)


def scales_verified(note: str, cosignature_lines: str, witness_vkey: str) -> list[str]:
    """Names of the witnesses whose lines tlog-scales (a third party) finds valid on `note`."""
    checkpoint = ScalesCheckpoint.from_text(note)
    signatures = [ScalesSignature.from_line(line) for line in cosignature_lines.splitlines()]
    valid = VkeySet(Vkey.from_string(witness_vkey)).verify(signatures, checkpoint)
    return [v.name for v, _ in valid]
