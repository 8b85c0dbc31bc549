"""Evidence bundle assembly: an anchored entry's proof, checkpoint and chain evidence, checked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from web3 import Web3

from ipledger.ledger.checkpoints import checkpoint_at
from ipledger.ledger.cosigning.store import note_with_cosignatures
from ipledger.ledger.entries import LogEntry
from ipledger.ledger.errors import BundleSelfCheckFailed, BundleUnavailable, ChainPartNotKept
from ipledger.ledger.evidence.chainproof import (
    ChainEvidence,
    fetch_chain_evidence,
    find_log,
)
from ipledger.ledger.lru import LruCache
from ipledger.ledger.store import LogStore
from ipledger.ledger.timestamping.store import timestamps_for
from ipledger.verifier.core.beacon import BlockProof
from ipledger.verifier.core.bundle import (
    VERSION,
    AnchorEvidence,
    BundleEntry,
    EvidenceBundle,
    Inclusion,
)
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from ipledger.verifier.core.proof import root_from_inclusion_proof, verify_inclusion
from ipledger.verifier.core.verify import ANCHORED_TOPIC, verify
from ipledger.verifier.trust import shipped_trust_root

if TYPE_CHECKING:
    from ipledger.ledger.anchoring import AnchorRecord

CHAIN_PARTS_KEPT = 64


class AssembledBundle(NamedTuple):
    """A bundle that passed its self-check, and the JSON text it was checked in."""

    bundle: EvidenceBundle
    json: str


def assemble_bundle(
    store: LogStore,
    w3: Web3,
    index: int,
    *,
    tree_size: int,
    tx_hash: bytes | str,
    contract: bytes | str,
    verifier_key: str | None = None,
    chain_evidence: ChainEvidence | None = None,
    block_proof: BlockProof | None = None,
    checkpoint_note: str | None = None,
    timestamps: Sequence[bytes] | None = None,
    checked: CheckedAnchors | None = None,
) -> AssembledBundle:
    """Build the evidence bundle of entry `index`, anchored at `tree_size` by `tx_hash`.

    The inclusion proof is to the anchored tree size, the checkpoint is the signed one of
    that size, and the chain part is re-read from the node and checked (header hash, the
    receipts trie rebuilt from every receipt of the block). The bundle is then verified
    offline, with `verifier_key` when given, before it is returned. Bundles of entries
    under one anchor share its chain part: pass it as `chain_evidence` (fetched once for
    `tx_hash` by `fetch_chain_evidence`) instead of re-reading the block for each entry.
    The bundle is version 3: it carries the anchoring transaction with its trie proof,
    `block_proof` (the block's canonicality proof, once the operator has built it) and
    `timestamps`, the RFC 3161 tokens external TSAs gave on that checkpoint (maybe none;
    default the stored ones, `timestamps_for`), each checked against the checkpoint here.
    The checkpoint is the cosigned note (`note_with_cosignatures`: the witnesses' cosignature lines
    after the log's), or `checkpoint_note` when given: the same checkpoint, read once for
    the bundles of many entries under one anchor. With `checked`, the parts every bundle
    under the anchor shares are checked once, not once per entry (`CheckedAnchors`).
    Returned with its JSON text, the one that parsed back to it: hand out that text.
    """
    entry = store.entry(index)
    if index >= tree_size:
        raise BundleUnavailable(f"entry {index} is not in the tree of {tree_size} entries")
    checkpoint = checkpoint_at(store, tree_size)
    if checkpoint is None:
        raise BundleUnavailable(f"no signed checkpoint at the anchored size {tree_size}")
    if checkpoint_note is None:
        checkpoint_note = note_with_cosignatures(store, checkpoint)
    if timestamps is None:
        timestamps = timestamps_for(store, tree_size)
    if chain_evidence is None:
        chain = fetch_chain_evidence(w3, tx_hash)
    else:
        tx_raw = bytes.fromhex(tx_hash[2:]) if isinstance(tx_hash, str) else bytes(tx_hash)
        if chain_evidence.tx_hash != tx_raw:
            raise ValueError("the chain evidence given is of another transaction")
        chain = chain_evidence
    contract_raw = bytes.fromhex(contract[2:]) if isinstance(contract, str) else contract
    log_index, event = find_log(chain.receipt, contract_raw, ANCHORED_TOPIC)
    bundle = EvidenceBundle(
        entry=bundle_entry(entry),
        inclusion=Inclusion(
            tree_size=tree_size, proof=tuple(store.inclusion_proof(index, tree_size))
        ),
        checkpoint=checkpoint_note,
        anchor=AnchorEvidence(
            chain_id=chain.chain_id,
            contract=contract_raw,
            log=event.topics[1][12:],
            tx_hash=chain.tx_hash,
            tx_index=chain.tx_index,
            log_index=log_index,
            block_number=chain.block_number,
            block_hash=chain.block_hash,
            block_time=chain.block_time,
            block_header=chain.block_header,
            receipt=chain.receipt,
            receipt_proof=chain.receipt_proof,
            transaction=chain.transaction,
            transaction_proof=chain.transaction_proof,
            block_proof=block_proof,
        ),
        version=VERSION,
        timestamps=tuple(timestamps),
    )
    try:
        # Step 9 checks every TSA token: for this checkpoint, signed by its TSA's certificate.
        if checked is None:
            verify(bundle, log_key=verifier_key, trust_root=shipped_trust_root())
        else:
            checked.verify(bundle, verifier_key)
        # The JSON form is what leaves the building: it must parse back to the same bundle.
        text = bundle.to_json()
        if EvidenceBundle.from_json(text) != bundle:
            raise BundleSelfCheckFailed("the bundle does not survive its own JSON encoding")
    except VerifierError as exc:
        raise BundleSelfCheckFailed(f"entry {index}: the assembled bundle fails: {exc}") from exc
    return AssembledBundle(bundle, text)


def bundle_entry(entry: LogEntry) -> BundleEntry:
    """Return a stored entry as bundles (and tlog-proof files) carry it."""
    return BundleEntry(
        index=entry.index,
        digest=entry.digest,
        nonce=entry.nonce,
        metadata=None if entry.metadata_jcs is None else entry.metadata_jcs.encode(),
        received_at=entry.received_at,
    )


class ChainParts:
    """The chain parts of final anchors, each read from the node once (the newest kept).

    Only final anchors' are kept: the block of one merely included may still change.
    """

    def __init__(self, kept: int = CHAIN_PARTS_KEPT) -> None:
        self._parts: LruCache[tuple[str, str], ChainEvidence] = LruCache(kept)

    def of(self, w3: Web3, anchor: AnchorRecord, *, ask_node: bool = True) -> ChainEvidence | None:
        """Return the anchor's chain part, read once per final anchor; None: read it afresh.

        With `ask_node=False` only a kept part is returned, else `ChainPartNotKept` (for a
        caller that may not wait on the network: the API's event loop).
        """
        key = _part_key(anchor)
        part = None if key is None else self._parts.get(key)
        if part is not None:
            return part
        if not ask_node:
            raise ChainPartNotKept(f"the chain part of anchor {anchor.id} is not kept")
        if key is None or anchor.tx_hash is None:
            return None
        part = fetch_chain_evidence(w3, anchor.tx_hash)
        if "0x" + part.block_hash.hex() != key[1]:
            return part  # the node sees another block now: use it, keep nothing
        self._parts.put(key, part)
        return part


def _part_key(anchor: AnchorRecord) -> tuple[str, str] | None:
    # Only a final anchor's part is kept: the block of one merely included may still change.
    if anchor.state != "final" or anchor.tx_hash is None or anchor.block_hash is None:
        return None
    return anchor.tx_hash.lower(), anchor.block_hash.lower()


class CheckedAnchors:
    """The anchor-wide parts of bundles that passed the whole offline check (the newest kept).

    Bundles under one anchor share their checkpoint note, chain part, block proof and TSA
    tokens; of `verify`'s work (most of it the checkpoint's signature, the transaction's
    sender recovered and the tokens' signatures) only the entry's leaf hash and inclusion
    proof differ between them. A bundle whose shared parts equal, byte for byte and with
    the same log key, those of a bundle that passed `verify` gets only its entry checked,
    with the verifier's own functions, against the root that bundle proved.
    """

    def __init__(self, kept: int = CHAIN_PARTS_KEPT) -> None:
        self._roots: LruCache[tuple[Any, ...], bytes] = LruCache(kept)

    def verify(self, bundle: EvidenceBundle, log_key: str | None) -> None:
        """Check `bundle` offline as `verify` does; raise its `VerifierError` if it fails."""
        key = (log_key, bundle.version, bundle.checkpoint, bundle.inclusion.tree_size,
               bundle.anchor, bundle.timestamps)
        root = self._roots.get(key)
        entry, inclusion = bundle.entry, bundle.inclusion
        leaf = entry_leaf_hash(
            entry.digest, entry.nonce, metadata_hash(entry.metadata_object()), entry.received_at
        )
        if root is not None:
            verify_inclusion(entry.index, inclusion.tree_size, leaf, inclusion.proof, root)
            return
        verify(bundle, log_key=log_key, trust_root=shipped_trust_root())
        # It passed: its proof leads to the checkpoint's root, the root the others must reach.
        root = root_from_inclusion_proof(entry.index, inclusion.tree_size, leaf, inclusion.proof)
        self._roots.put(key, root)
