"""`ipledger check`: re-derive the whole log from its entries and compare it with what is stored."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, select

from ipledger.ledger import tiles
from ipledger.ledger.anchoring.models import Anchor
from ipledger.ledger.checkpoints import list_checkpoints
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import LogIntegrityError
from ipledger.verifier.core.checkpoint import verify_checkpoint
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.leaf import (
    canonical_metadata,
    entry_leaf_hash,
    metadata_hash,
    parse_metadata_json,
)
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT

CHUNK = 1 << 16  # entries read at a time: whole tier-0 and tier-1 tiles


@dataclass(frozen=True)
class IntegrityReport:
    """What was checked: the tree, and how many entries, tiles, checkpoints and anchors."""

    size: int
    root: bytes
    with_metadata: int
    tiles: int
    checkpoints: int
    anchors: int


def check_log(
    deployment: Deployment, progress: Callable[[int, int], None] | None = None
) -> IntegrityReport:
    """Recompute the log from its entries and compare every stored derivation with it.

    For the tree of the size read at the start (entries appended meanwhile are left for the next
    check): every entry's index is in sequence, its metadata canonical (RFC 8785) with the
    stored metadata hash, its leaf hash recomputed from its fields, received times never
    decrease; every hash tile equals the one rebuilt from the leaves; the stored root, every
    checkpoint's root (and its signature by the log key) and every anchor's root equal the
    roots rebuilt at their sizes. Raises IntegrityError at the first disagreement.
    `progress(done, size)` is called after each chunk.
    """
    store = deployment.store
    # Anchors, then checkpoints, then the head: each is cut from what the next one holds,
    # so a worker cutting and anchoring meanwhile never yields one beyond the size read.
    with Session(store.engine) as session:
        anchors = [(a.tree_size, bytes(a.root), a.id) for a in session.exec(select(Anchor))]
    checkpoints = sorted(list_checkpoints(store, limit=1 << 62), key=lambda c: c.tree_size)
    size, stored_root = store.head()
    expected: dict[int, list[tuple[str, bytes]]] = {}
    for cp in checkpoints:
        try:
            verify_checkpoint(cp.note, deployment.verifier_key, origin=deployment.origin)
        except VerifierError as exc:
            raise LogIntegrityError(f"checkpoint {cp.tree_size}: {exc}") from None
        expected.setdefault(cp.tree_size, []).append((f"checkpoint {cp.tree_size}", cp.root))
    for tree_size, root, anchor_id in anchors:
        expected.setdefault(tree_size, []).append((f"anchor {anchor_id}", root))
    if size == 0 and stored_root != EMPTY_ROOT:
        raise LogIntegrityError("the stored root of the empty log is not the empty tree's")
    if expected.get(0):
        raise LogIntegrityError(f"{expected[0][0][0]} is for the empty tree")
    expected.setdefault(size, []).append(("the stored root", stored_root))
    beyond = [name for s, found in expected.items() if s > size for name, _ in found]
    if beyond:
        raise LogIntegrityError(f"{beyond[0]} is for a tree larger than the log ({size})")
    stops = sorted(s for s in expected if s > 0)

    partials: dict[tiles.TileID, bytes] = {}  # the rightmost tile of each tier, as rebuilt
    tile_ids: set[tiles.TileID] = set()
    done, last_time, with_metadata = 0, 0, 0
    while done < size:
        end = min(size, (done // CHUNK + 1) * CHUNK, stops[bisect.bisect_right(stops, done)])
        leaves: list[bytes] = []
        for entry in store.entries(done, end):
            where = f"entry {entry.index}"
            if entry.index != done + len(leaves):
                raise LogIntegrityError(f"entry {done + len(leaves)} is missing")
            if entry.metadata_jcs is None:
                meta = None
            else:
                with_metadata += 1
                try:
                    meta = parse_metadata_json(entry.metadata_jcs)
                    canonical = canonical_metadata(meta)
                except VerifierError as exc:
                    raise LogIntegrityError(f"{where}: its metadata: {exc}") from None
                if canonical != entry.metadata_jcs.encode():
                    raise LogIntegrityError(f"{where}: its metadata is not in RFC 8785 form")
            if metadata_hash(meta) != entry.metadata_hash:
                raise LogIntegrityError(f"{where}: the stored metadata hash is not its metadata's")
            leaf = entry_leaf_hash(entry.digest, entry.nonce, entry.metadata_hash,
                                   entry.received_at)
            if leaf != entry.leaf_hash:
                raise LogIntegrityError(f"{where}: the stored leaf hash is not its fields' hash")
            if entry.received_at < last_time:
                raise LogIntegrityError(f"{where}: received before the entry ahead of it")
            last_time = entry.received_at
            leaves.append(leaf)
        if len(leaves) != end - done:
            raise LogIntegrityError(f"entry {done + len(leaves)} is missing")
        ext = tiles.extend(done, partials, leaves)
        stored = store.stored_tiles(tile for tile, _ in ext.writes)
        for tile, blob in ext.writes:
            # a partial tile may have grown since (appends after the size read first)
            if not stored.get(tile, b"").startswith(blob) or (
                len(blob) == tiles.FULL_TILE_BYTES and stored[tile] != blob
            ):
                raise LogIntegrityError(f"tile {tile} differs from the one rebuilt from the leaves")
            tile_ids.add(tile)
            partials[tile] = blob
        partials = {tile: partials[tile] for tile, _ in tiles.partial_tiles(ext.size)}
        done = ext.size
        for name, root in expected.get(done, []):
            if root != ext.root:
                raise LogIntegrityError(f"{name} differs from the root rebuilt at size {done}")
        if progress is not None:
            progress(done, size)
    entry_rows, tile_rows = store.row_counts()
    if store.size() == size and (entry_rows, tile_rows) != (size, len(tile_ids)):
        raise LogIntegrityError(
            f"the database holds {entry_rows} entry rows and {tile_rows} tile rows; a log of "
            f"{size} entries has {size} and {len(tile_ids)}"
        )
    return IntegrityReport(size, stored_root, with_metadata, len(tile_ids), len(checkpoints),
                           len(anchors))
