"""add-checkpoint as tlog-witness v1.0.0 says, independent of HTTP; the office's cosigner key."""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from ipledger.ledger.config import Settings
from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import KeyFileError
from ipledger.ledger.keys import WitnessSigner
from ipledger.ledger.store import now_ms
from ipledger.ledger.witness.errors import WitnessKeyMissing
from ipledger.ledger.witness.logs import FORKS, STATES, trusted_key
from ipledger.ledger.witness.requests import (
    SIZE_MEDIA_TYPE,
    AddCheckpointRequest,
    MalformedRequest,
    WitnessAnswer,
    parse_add_checkpoint,
)
from ipledger.ledger.witness.tables import WitnessCheckpoint
from ipledger.verifier.core.checkpoint import parse_checkpoint
from ipledger.verifier.core.errors import (
    InvalidCheckpoint,
    InvalidNote,
    ProofInputError,
    RootMismatchError,
    SignatureError,
)
from ipledger.verifier.core.note import (
    SignedNote,
    VerifierKey,
    b64decode_strict,
    parse_note,
    verify_note,
)
from ipledger.verifier.core.proof import verify_consistency
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT, HASH_SIZE

log = logging.getLogger("ipledger.witness")
HISTORY = WitnessCheckpoint.__table__  # type: ignore[attr-defined]
SAME_SIZE = "same-size"
_EMPTY_B64 = base64.b64encode(EMPTY_ROOT).decode("ascii")
INCONSISTENT = "inconsistent"


def witness_key_name(settings: Settings, origin: str) -> str:
    """Return the name a new witness key gets: IPLEDGER_WITNESS_NAME, or `<origin>/witness`."""
    return settings.witness_name or f"{origin}/witness"


def load_witness_key(settings: Settings) -> WitnessSigner:
    """Load this office's cosigner key; `WitnessKeyMissing` says how to create it."""
    path = settings.resolved_witness_key_file
    if not path.exists():
        raise WitnessKeyMissing(
            f"no witness key at {path}: run `ipledger witness key` to create it (or set "
            "IPLEDGER_WITNESS_KEY_FILE)"
        )
    signer = WitnessSigner.load(path)
    assert isinstance(signer, WitnessSigner)  # load() builds the class it is called on
    return signer


def ensure_witness_key(settings: Settings, origin: str) -> tuple[WitnessSigner, bool]:
    """Return this office's cosigner key, creating it (mode 0600) if missing; and if created."""
    path = settings.resolved_witness_key_file
    if path.exists():
        return load_witness_key(settings), False
    signer = WitnessSigner.generate(witness_key_name(settings, origin))
    try:
        signer.save(path)
    except KeyFileError:
        if not path.exists():
            raise
        return load_witness_key(settings), False  # another process made it first
    assert isinstance(signer, WitnessSigner)
    return signer, True


@dataclass(frozen=True)
class _Submitted:
    """The checkpoint submitted: origin, size, root, and whether a size 0 has a wrong root."""

    origin: str
    size: int
    root: bytes
    text: str
    empty_root_wrong: bool = False


class Witness:
    """The office as a witness: checks, stores and cosigns checkpoints of the logs it trusts.

    The key is loaded on first use (`key_loader`), so a server started before `ipledger
    witness key` answers 503 until the key exists, then cosigns.
    """

    def __init__(
        self,
        engine: Engine,
        key_loader: Callable[[], WitnessSigner],
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Use the deployment's `engine`; `clock` gives POSIX seconds for the timestamps."""
        self.engine = engine
        self._key_loader = key_loader
        self._key: WitnessSigner | None = None
        self._lock = threading.Lock()
        self._clock = clock

    @classmethod
    def from_settings(cls, engine: Engine, settings: Settings) -> Witness:
        """Return the witness of a deployment, its key read from the settings' key file."""
        return cls(engine, lambda: load_witness_key(settings))

    def key(self) -> WitnessSigner:
        """Return the cosigner key, loading it once; raises `WitnessKeyMissing`."""
        with self._lock:
            if self._key is None:
                self._key = self._key_loader()
            return self._key

    def add_checkpoint(self, body: bytes) -> WitnessAnswer:
        """Answer one add-checkpoint request body as tlog-witness v1.0.0 says.

        Signature checks come first (404 unknown origin, 403 no valid trusted signature),
        then, under the origin's state row lock, the request checks (400, 409, 422) and the
        update, in one transaction: the state and the history of accepted checkpoints
        change together or not at all, and nothing is answered before the commit.
        """
        try:
            request = parse_add_checkpoint(body)
            parsed = parse_note(request.note)
            submitted = _read_checkpoint(parsed.text)
        except (MalformedRequest, InvalidNote, InvalidCheckpoint) as exc:
            return WitnessAnswer(400, f"malformed add-checkpoint request: {exc}")
        key = trusted_key(self.engine, submitted.origin)
        if key is None:
            return WitnessAnswer(404, f"this witness does not witness the log {submitted.origin!r}")
        try:
            verify_note(request.note, key)
        except SignatureError as exc:  # UnknownKeyError too: no line by the trusted key
            return WitnessAnswer(403, str(exc))
        signer = self.key()
        with write_connection(self.engine) as conn, conn.begin():
            return self._check_and_cosign(
                conn, signer, request=request, parsed=parsed, cp=submitted, key=key
            )

    def _check_and_cosign(
        self,
        conn: Connection,
        signer: WitnessSigner,
        *,
        request: AddCheckpointRequest,
        parsed: SignedNote,
        cp: _Submitted,
        key: VerifierKey,
    ) -> WitnessAnswer:
        state = conn.execute(
            select(STATES).where(STATES.c.origin == cp.origin).with_for_update()
        ).first()
        if state is None:  # `add_log` creates it with the log; absent only if edited by hand
            return WitnessAnswer(404, f"this witness does not witness the log {cp.origin!r}")
        same = conn.execute(
            select(HISTORY.c.root, HISTORY.c.note).where(
                HISTORY.c.origin == cp.origin, HISTORY.c.size == cp.size
            )
        ).first()
        if same is not None and bytes(same.root) != cp.root:
            self._caught(conn, cp, SAME_SIZE, same.note, request)
        old = request.old_size
        if old > cp.size:
            return WitnessAnswer(400, f"old size {old} is above the checkpoint's size {cp.size}")
        if old != state.size:
            return WitnessAnswer(409, f"{state.size}\n", SIZE_MEDIA_TYPE)
        if cp.empty_root_wrong:
            return WitnessAnswer(422, "a checkpoint of size 0 must carry the empty tree's root")
        if old == 0 and request.proof:
            return WitnessAnswer(422, "old size 0 takes no consistency proof lines")
        if old == cp.size:
            if cp.root != bytes(state.root):
                return WitnessAnswer(
                    422, f"size {old} was cosigned with another root hash: the log forked"
                )
            if request.proof:
                return WitnessAnswer(422, "a proof between two equal sizes has no lines")
        elif old > 0:
            try:
                verify_consistency(old, cp.size, request.proof, bytes(state.root), cp.root)
            except RootMismatchError:
                self._caught(conn, cp, INCONSISTENT, state.note, request)
                return WitnessAnswer(
                    422, f"the consistency proof from size {old} to {cp.size} does not verify"
                )
            except ProofInputError as exc:
                return WitnessAnswer(422, f"the consistency proof is not usable: {exc}")
        timestamp = max(1, int(self._clock()))
        cosignature = signer.cosign(cp.text, timestamp)
        trusted = [s for s in parsed.signatures if (s.name, s.key_id) == (key.name, key.key_id)]
        note = cp.text + "\n" + "".join(s.line() for s in trusted) + cosignature.line()
        now = now_ms()
        conn.execute(
            update(STATES)
            .where(STATES.c.origin == cp.origin)
            .values(size=cp.size, root=cp.root, note=note, updated_at=now)
        )
        if same is None:
            conn.execute(
                insert(HISTORY).values(
                    origin=cp.origin, size=cp.size, root=cp.root, note=note, received_at=now
                )
            )
        return WitnessAnswer(200, cosignature.line())

    def _caught(
        self,
        conn: Connection,
        cp: _Submitted,
        kind: str,
        accepted: str,
        request: AddCheckpointRequest,
    ) -> None:
        """Keep a fork's evidence (both notes, the proof given) once, and say so in the log."""
        seen = conn.execute(
            select(FORKS.c.id).where(
                FORKS.c.origin == cp.origin,
                FORKS.c.kind == kind,
                FORKS.c.conflicting_note == request.note,
            )
        ).first()
        if seen is not None:
            return
        conn.execute(
            insert(FORKS).values(
                origin=cp.origin,
                size=cp.size,
                kind=kind,
                accepted_note=accepted,
                conflicting_note=request.note,
                proof=request.proof_text(),
                detected_at=now_ms(),
            )
        )
        log.error(
            "equivocation caught: the log %s signed a checkpoint of size %d that contradicts "
            "one this witness accepted (%s); both notes are kept, see GET "
            "/v1/witness/equivocations",
            cp.origin,
            cp.size,
            kind,
        )


def _read_checkpoint(text: str) -> _Submitted:
    """Parse the note text as a checkpoint; a size-0 tree with a wrong root is flagged (422)."""
    try:
        checkpoint = parse_checkpoint(text)
    except InvalidCheckpoint:
        lines = text[:-1].split("\n") if text.endswith("\n") else []
        root = b64decode_strict(lines[2]) if len(lines) >= 3 and lines[1] == "0" else None
        if root is None or len(root) != HASH_SIZE or root == EMPTY_ROOT:
            raise
        parse_checkpoint("\n".join([lines[0], "0", _EMPTY_B64, *lines[3:]]) + "\n")
        return _Submitted(lines[0], 0, root, text, empty_root_wrong=True)
    return _Submitted(checkpoint.origin, checkpoint.size, checkpoint.root, text)
