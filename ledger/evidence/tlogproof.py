"""C2SP tlog-proof files of entries: index, inclusion path, a cosigned checkpoint, the entry."""

from __future__ import annotations

import json
from collections.abc import Sequence

import rfc8785
from sqlalchemy import and_, func, or_, select

from ipledger.ledger.checkpoints import (
    SignedCheckpoint,
    checkpoint_at,
    latest_checkpoint,
)
from ipledger.ledger.cosigning.store import CosignatureRow, note_with_cosignatures
from ipledger.ledger.cosigning.witnesses import WitnessEndpoint
from ipledger.ledger.errors import BundleSelfCheckFailed, BundleUnavailable
from ipledger.ledger.evidence.bundle import bundle_entry
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.leaf import (
    check_received_at,
    entry_leaf_hash,
    metadata_hash,
    parse_digest,
    parse_nonce,
)
from ipledger.verifier.core.proof import verify_inclusion
from ipledger.verifier.core.tlogproof import TlogProof, parse_tlog_proof

_cosignatures = CosignatureRow.__table__  # type: ignore[attr-defined]


def proof_checkpoint(
    store: LogStore, index: int, witnesses: Sequence[WitnessEndpoint] = ()
) -> SignedCheckpoint:
    """Return the checkpoint a tlog-proof of entry `index` uses.

    The newest checkpoint covering the entry among those cosigned by the most of
    `witnesses` (a policy's quorum counts them); the newest when none is.
    Raises `BundleUnavailable` while no checkpoint covers the entry.
    """
    newest = latest_checkpoint(store)  # if the newest does not cover the entry, none does
    if newest is None or newest.tree_size <= index:
        raise BundleUnavailable(
            f"entry {index} is in no checkpoint yet: run `ipledger checkpoint` (or wait for the "
            "worker's next one) and ask again"
        )
    keys = [
        and_(_cosignatures.c.witness_name == w.key.name, _cosignatures.c.key_id == w.key.key_id)
        for w in witnesses
    ]
    if keys:
        count = func.count()
        query = (
            select(_cosignatures.c.tree_size, count)
            .where(_cosignatures.c.tree_size > index, or_(*keys))
            .group_by(_cosignatures.c.tree_size)
            .order_by(count.desc(), _cosignatures.c.tree_size.desc())
            .limit(1)
        )
        with store.engine.connect() as conn:
            best = conn.execute(query).first()
        if best is not None:
            found = checkpoint_at(store, best.tree_size)
            if found is not None:
                return found
    return newest


def entry_extra(store: LogStore, index: int) -> bytes:
    """Return the UTF-8 RFC 8785 JSON of entry `index` exactly as a bundle has it under "entry"."""
    return rfc8785.dumps(bundle_entry(store.entry(index)).to_dict())


def tlog_proof(
    store: LogStore,
    index: int,
    witnesses: Sequence[WitnessEndpoint] = (),
    tree_size: int | None = None,
) -> TlogProof:
    """Return the tlog-proof of entry `index` (`OutOfRange` for an entry not in the log).

    Under the checkpoint of `tree_size` when given, else the one `proof_checkpoint`
    chooses; its note is the cosigned one; `extra` is the entry (`entry_extra`), from
    which a verifier recomputes the leaf hash and checks the document's digest.
    """
    extra = entry_extra(store, index)
    if tree_size is None:
        checkpoint = proof_checkpoint(store, index, witnesses)
    else:
        found = checkpoint_at(store, tree_size)
        if found is None or found.tree_size <= index:
            raise BundleUnavailable(f"no checkpoint of size {tree_size} covers entry {index}")
        checkpoint = found
    path = tuple(store.inclusion_proof(index, checkpoint.tree_size))
    return TlogProof(index, path, note_with_cosignatures(store, checkpoint), extra)


def check_tlog_proof(text: str | bytes, verifier_key: str, digest: bytes) -> TlogProof:
    """Check a tlog-proof before it is written: the log's signature, the leaf, the path.

    The checkpoint must be signed by `verifier_key`, the `extra` entry must be of `digest`,
    and the inclusion path must lead from the entry's leaf hash to the checkpoint's root.
    Raises a `VerifierError` (or `BundleSelfCheckFailed` for a missing or foreign entry).
    """
    proof = parse_tlog_proof(text)
    checkpoint = verify_checkpoint(proof.checkpoint, verifier_key)
    if proof.extra is None:
        raise BundleSelfCheckFailed("the tlog-proof carries no entry (no extra line)")
    entry = json.loads(proof.extra)
    if not isinstance(entry, dict) or entry.get("index") != proof.index:
        raise BundleSelfCheckFailed("the tlog-proof's entry is not of its index")
    leaf = entry_leaf_hash(
        parse_digest(entry.get("digest")),
        parse_nonce(entry.get("nonce")),
        metadata_hash(entry.get("metadata")),
        check_received_at(entry.get("received_at")),
    )
    if parse_digest(entry.get("digest")) != digest:
        raise BundleSelfCheckFailed(
            f"the tlog-proof of entry {proof.index} is of another digest "
            f"({entry.get('digest')})"
        )
    verify_inclusion(proof.index, checkpoint.size, leaf, proof.inclusion_path, checkpoint.root)
    return proof
