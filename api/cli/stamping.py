"""Stamping without giving evidence up: a file already recorded keeps its earliest receipt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ipledger.api.cli.common import APPEND_BATCH
from ipledger.api.cli.errors import CommandError
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import LogEntry, prepare_entries
from ipledger.ledger.hashing import RECEIPT_KIND, HashedFile, free_sidecar, sidecars
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.leaf import format_digest
from ipledger.verifier.receipts import verify_entry_receipt

RECEIPT_FILE_FORMAT = "ipledger-receipt-file"


class ReceiptNotWritten(CommandError):
    """Entries were recorded but some receipt files could not be written beside them."""


@dataclass(frozen=True)
class EarliestEntry:
    """The first entry of a digest in a log, and whether the caller may read it."""

    index: int
    received_at: int
    yours: bool


class StampTarget(Protocol):
    """A log to stamp into: the one in the data directory, or a server's."""

    verifier_key: str
    where: dict[str, str | None]

    def earliest_of_many(self, digests: Sequence[str]) -> list[EarliestEntry | None]:
        """Return the first entry of each digest (None where none), in few requests."""

    def receipt_of(self, index: int) -> dict[str, Any]:
        """Return a verified receipt document of entry `index` (the caller's own)."""

    def append(
        self, digests: Sequence[str], meta: dict[str, Any] | None, *, again: bool = False
    ) -> list[dict[str, Any]]:
        """Record `digests` as new entries; return their verified receipt documents."""


def when(received_at: int) -> str:
    """Return a `received_at` (milliseconds since 1970) as an ISO time in UTC."""
    moment = datetime.fromtimestamp(received_at / 1000, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def entry_receipt_document(entry: LogEntry, note: str, proof: Sequence[bytes]) -> dict[str, Any]:
    """Return an entry's receipt document in the form the API answers it."""
    return {
        "index": entry.index,
        "digest": format_digest(entry.digest),
        "nonce": entry.nonce.hex(),
        "metadata": None if entry.metadata_jcs is None else json.loads(entry.metadata_jcs),
        "metadata_hash": entry.metadata_hash.hex(),
        "received_at": entry.received_at,
        "leaf_hash": entry.leaf_hash.hex(),
        "receipt": {"note": note, "proof": [h.hex() for h in proof]},
    }


class LocalTarget:
    """The log in the data directory: receipts signed with its log key, as the server does."""

    def __init__(self, deployment: Deployment) -> None:
        """Stamp into `deployment`'s log."""
        self.deployment = deployment
        self.verifier_key = deployment.verifier_key
        self.where: dict[str, str | None] = {
            "server": None,
            "data_dir": str(deployment.settings.data_dir.resolve()),
        }

    def earliest_of_many(self, digests: Sequence[str]) -> list[EarliestEntry | None]:
        """Return the first entry of each digest (None where none)."""
        entries = [self.deployment.store.earliest(d) for d in digests]
        return [None if e is None else EarliestEntry(e.index, e.received_at, True) for e in entries]

    def receipt_of(self, index: int) -> dict[str, Any]:
        """Sign a receipt of entry `index` alone."""
        entry = self.deployment.store.entry(index)
        return self._signed([entry])[0]

    def append(
        self, digests: Sequence[str], meta: dict[str, Any] | None, *, again: bool = False
    ) -> list[dict[str, Any]]:
        """Append in one transaction per 10,000 and sign one receipt note per transaction."""
        out: list[dict[str, Any]] = []
        for start in range(0, len(digests), APPEND_BATCH):
            chunk = digests[start : start + APPEND_BATCH]
            prepared = prepare_entries([{"digest": d, "metadata": meta} for d in chunk])
            out.extend(self._signed(self.deployment.store.append(prepared)))
        return out

    def _signed(self, entries: list[LogEntry]) -> list[dict[str, Any]]:
        # One transaction's entries are consecutive: one note over their tree signs them all.
        first = entries[0].index
        if [e.index for e in entries] != list(range(first, first + len(entries))):
            raise ValueError("a receipt covers consecutive entries")
        tree = ReceiptTree([e.leaf_hash for e in entries])
        note = self.deployment.log_signer.sign_note(
            receipt_note_text(self.deployment.origin, first, tree)
        )
        documents = []
        for position, entry in enumerate(entries):
            document = entry_receipt_document(entry, note, tree.proof(position))
            verify_entry_receipt(document, self.verifier_key)
            documents.append(document)
        return documents


@dataclass
class StampOutcome:
    """What became of one file or digest: its entry, its receipt, and what was said."""

    path: Path | None
    digest: str
    status: str = "stamped"
    receipt: dict[str, Any] | None = None
    receipt_file: Path | None = None
    notes: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """Return the JSON line printed for it."""
        assert self.receipt is not None
        return {
            "path": None if self.path is None else str(self.path),
            "status": self.status,
            **self.receipt,
            "receipt_file": None if self.receipt_file is None else str(self.receipt_file),
            "notes": self.notes,
        }


def receipt_record(target: StampTarget, document: dict[str, Any]) -> dict[str, Any]:
    """Return the receipt file's content (docs/design.md section 4) for an entry's receipt."""
    return {
        "format": RECEIPT_FILE_FORMAT,
        "version": 1,
        **target.where,
        "verifier_key": target.verifier_key,
        "entry_receipt": document,
    }


def _receipts_beside(outcome: StampOutcome, verifier_key: str) -> dict[str, Any] | None:
    """Return the earliest receipt beside the file that is this log's and of its bytes.

    Every other receipt there is kept untouched; one of other bytes is noted (the file
    changed since), an unreadable one too.
    """
    assert outcome.path is not None
    best: dict[str, Any] | None = None
    changed: list[str] = []
    for path in sidecars(outcome.path, RECEIPT_KIND):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            document = record["entry_receipt"]
            if record.get("verifier_key") != verifier_key:
                continue  # another log's receipt: it says nothing about this one
            verify_entry_receipt(document, verifier_key)
        except (OSError, ValueError, KeyError, TypeError, VerifierError) as exc:
            outcome.notes.append(f"{path.name} is not a readable receipt of this log ({exc}); "
                                 "it is kept as it is")
            continue
        if document["digest"] != outcome.digest:
            changed.append(
                f"the file changed since {path.name} (entry {document['index']} of "
                f"{when(document['received_at'])}); that receipt is kept"
            )
        elif best is None or document["index"] < best["document"]["index"]:
            best = {"document": document, "path": path}
    if best is None:
        outcome.notes.extend(changed[-1:])
    return best


def plan_and_stamp(
    target: StampTarget,
    outcomes: list[StampOutcome],
    meta: dict[str, Any] | None,
    *,
    again: bool,
) -> None:
    """Decide each outcome (kept, recorded before, stamped) and record what must be new.

    Without `again`, a digest the log already holds is never recorded twice: its receipt
    beside the file is kept, or the receipt of its earliest entry is written. With
    `again` every digest becomes a new entry. No existing receipt file is overwritten.
    """
    new: list[StampOutcome] = []
    besides = [
        None if o.path is None else _receipts_beside(o, target.verifier_key) for o in outcomes
    ]
    # One question for all the digests without a receipt beside them, not one per file.
    unknown = [o.digest for o, b in zip(outcomes, besides, strict=True) if b is None]
    firsts = {} if again else dict(zip(unknown, target.earliest_of_many(unknown), strict=True))
    for outcome, beside in zip(outcomes, besides, strict=True):
        if again:
            if beside is not None:
                outcome.notes.append(
                    f"recorded again on purpose (--again); {beside['path'].name} (entry "
                    f"{beside['document']['index']}) is kept"
                )
            new.append(outcome)
            continue
        if beside is not None:
            outcome.status, outcome.receipt = "kept", beside["document"]
            outcome.receipt_file = beside["path"]
            continue
        earliest = firsts.get(outcome.digest)
        if earliest is not None and earliest.yours:
            outcome.status, outcome.receipt = "recorded", target.receipt_of(earliest.index)
            continue
        if earliest is not None:
            outcome.notes.append(
                f"another account recorded this digest first (entry {earliest.index}, "
                f"{when(earliest.received_at)}); recording it for you too"
            )
        new.append(outcome)
    if new:
        documents = target.append([o.digest for o in new], meta, again=again)
        for outcome, document in zip(new, documents, strict=True):
            outcome.status = "again" if again else "stamped"
            outcome.receipt = document


def write_receipts(target: StampTarget, outcomes: list[StampOutcome]) -> None:
    """Write the receipt of each file that has none of its entry beside it yet.

    Raises `ReceiptNotWritten` after trying them all if some could not be written; their
    entries are recorded, and stamping again writes their receipts without new entries.
    """
    failed = []
    for outcome in outcomes:
        if outcome.path is None or outcome.receipt_file is not None or outcome.receipt is None:
            continue
        path = free_sidecar(outcome.path, RECEIPT_KIND)
        text = json.dumps(receipt_record(target, outcome.receipt), indent=2) + "\n"
        try:
            with path.open("x", encoding="utf-8") as f:  # never over a receipt already there
                f.write(text)
        except OSError as exc:
            failed.append(f"{path} ({exc.strerror or exc})")
            continue
        outcome.receipt_file = path
    if failed:
        raise ReceiptNotWritten(
            f"{len(failed)} receipts could not be written, e.g. {failed[0]}; their entries are "
            "recorded: make the folder writable and stamp again to get the receipts (nothing "
            "is recorded twice)"
        )


def file_outcomes(hashed: Sequence[HashedFile]) -> list[StampOutcome]:
    """Return one undecided outcome per hashed file."""
    return [StampOutcome(path=h.path, digest=h.digest) for h in hashed]
