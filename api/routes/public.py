"""Turn ledger values into the public response models (hex hashes, status words)."""

from __future__ import annotations

import json
from typing import Any

from ipledger.api.models import AnchorPublic, CheckpointPublic, CheckpointRef, EntryPublic
from ipledger.ledger.anchoring import AnchorRecord, AnchorState
from ipledger.ledger.checkpoints import SignedCheckpoint
from ipledger.ledger.entries import LogEntry

# Anchor states at which an entry counts as anchored (in a block) or final.
ANCHORED_STATES = frozenset((AnchorState.INCLUDED, AnchorState.FINAL))


def anchor_public(anchor: AnchorRecord) -> AnchorPublic:
    """Return the public form of an anchor."""
    return AnchorPublic(
        size=anchor.tree_size,
        root=anchor.root.hex(),
        state=anchor.state.value,
        chain_id=anchor.chain_id,
        contract=anchor.contract,
        tx_hash=anchor.tx_hash,
        block_number=anchor.block_number,
        block_hash=anchor.block_hash,
        block_time=anchor.block_time,
    )


def checkpoint_public(checkpoint: SignedCheckpoint, cosignatures: str) -> CheckpointPublic:
    """Return the public form of a checkpoint: its note with the witnesses' `cosignatures`.

    `cosignatures` are the stored lines (`cosignature_lines`), appended after the log's.
    """
    return CheckpointPublic(
        size=checkpoint.tree_size,
        root=checkpoint.root.hex(),
        note=checkpoint.note + cosignatures,
    )


def entry_status(anchor: AnchorRecord | None) -> str:
    """Return pending, anchored or final for the earliest anchor covering an entry."""
    if anchor is None or anchor.state not in ANCHORED_STATES:
        return "pending"
    return "final" if anchor.state is AnchorState.FINAL else "anchored"


def entry_fields(entry: LogEntry) -> dict[str, Any]:
    """Return the fields every answer about one of the caller's entries starts with."""
    return {
        "index": entry.index,
        "digest": "sha256:" + entry.digest.hex(),
        "nonce": entry.nonce.hex(),
        "metadata": None if entry.metadata_jcs is None else json.loads(entry.metadata_jcs),
        "metadata_hash": entry.metadata_hash.hex(),
        "received_at": entry.received_at,
        "leaf_hash": entry.leaf_hash.hex(),
    }


def entry_public(
    entry: LogEntry, checkpoint: SignedCheckpoint | None, anchor: AnchorRecord | None
) -> EntryPublic:
    """Return the public form of one of the caller's entries."""
    return EntryPublic(
        **entry_fields(entry),
        status=entry_status(anchor),
        checkpoint=None
        if checkpoint is None
        else CheckpointRef(size=checkpoint.tree_size, root=checkpoint.root.hex()),
        anchor=None if anchor is None else anchor_public(anchor),
    )
