"""Turn ledger views into the public response models (hex hashes, status words)."""

from __future__ import annotations

import json
from typing import Any

from ipledger.api.context import AnchorView, CheckpointView, EntryView
from ipledger.api.models import AnchorPublic, CheckpointPublic, CheckpointRef, EntryPublic

# Anchor states at which an entry counts as anchored (in a block) or final.
ANCHORED_STATES = frozenset(("included", "final"))


def anchor_public(view: AnchorView) -> AnchorPublic:
    """Return the public form of an anchor."""
    return AnchorPublic(
        size=view.size,
        root=view.root.hex(),
        state=view.state,
        chain_id=view.chain_id,
        contract=view.contract,
        tx_hash=view.tx_hash,
        block_number=view.block_number,
        block_hash=view.block_hash,
        block_time=view.block_time,
    )


def checkpoint_public(view: CheckpointView) -> CheckpointPublic:
    """Return the public form of a checkpoint."""
    return CheckpointPublic(size=view.size, root=view.root.hex(), note=view.note)


def entry_status(anchor: AnchorView | None) -> str:
    """Return pending, anchored or final for the earliest anchor covering an entry."""
    if anchor is None or anchor.state not in ANCHORED_STATES:
        return "pending"
    return "final" if anchor.state == "final" else "anchored"


def entry_fields(entry: EntryView) -> dict[str, Any]:
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
    entry: EntryView, checkpoint: CheckpointView | None, anchor: AnchorView | None
) -> EntryPublic:
    """Return the public form of one of the caller's entries."""
    return EntryPublic(
        **entry_fields(entry),
        status=entry_status(anchor),
        checkpoint=None
        if checkpoint is None
        else CheckpointRef(size=checkpoint.size, root=checkpoint.root.hex()),
        anchor=None if anchor is None else anchor_public(anchor),
    )
