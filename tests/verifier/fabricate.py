"""Self-consistent bundles on a made-up block: what steps 0-7 alone cannot tell from real ones."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

import rlp
from trie.hexary import HexaryTrie

from ipledger.ledger.evidence.chainproof import trie_proof
from ipledger.ledger.keys import LogSigner
from ipledger.verifier import EvidenceBundle, root_from_inclusion_proof
from ipledger.verifier.core.bundle import AnchorEvidence, BundleEntry, Inclusion
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.ethereum import Log, logs_bloom
from ipledger.verifier.core.keccak import keccak256
from ipledger.verifier.core.leaf import canonical_metadata, entry_leaf_hash, metadata_hash
from ipledger.verifier.core.proof import inclusion_proof_length
from ipledger.verifier.core.verify import ANCHORED_TOPIC
from tests.verifier.golden import load


@dataclass(frozen=True)
class Fabricated:
    """A bundle whose every offline check passes, with its document and the log's key."""

    bundle: EvidenceBundle
    document: bytes
    log_key: str


def fabricate(
    *,
    index: int = 0,
    tree_size: int = 1,
    received_at: int = 1_795_996_865_123,
    block_number: int = 123,
    block_time: int = 1_795_996_900,
    tx_index: int = 0,
    other_receipts: int = 0,
    chain_id: int = 31337,
    metadata: dict[str, Any] | None = None,
    origin: str = "forged.example/log",
    key_name: str | None = None,
) -> Fabricated:
    """Sign a checkpoint with a fresh key and invent a block whose receipt anchors it.

    The header is a real anvil header (from the golden bundles) with its number, time
    and receiptsRoot replaced, so it hashes to a block hash no chain has.
    """
    document = os.urandom(40)
    digest, nonce = hashlib.sha256(document).digest(), os.urandom(16)
    leaf = entry_leaf_hash(digest, nonce, metadata_hash(metadata), received_at)
    proof = tuple(os.urandom(32) for _ in range(inclusion_proof_length(index, tree_size)))
    root = root_from_inclusion_proof(index, tree_size, leaf, proof)
    signer = LogSigner.generate(origin if key_name is None else key_name)
    note = signer.sign_note(format_checkpoint(origin, tree_size, root))
    contract, operator = os.urandom(20), os.urandom(20)
    event = Log(
        contract,
        (ANCHORED_TOPIC, bytes(12) + operator, tree_size.to_bytes(32, "big")),
        root + (tree_size - 1).to_bytes(32, "big"),
    )
    payload = [
        b"\x01",
        60_000,
        logs_bloom([event]),
        [[event.address, list(event.topics), event.data]],
    ]
    receipt = b"\x02" + rlp.encode(payload)
    filler = b"\x02" + rlp.encode([b"\x01", 21_000, bytes(256), []])
    trie = HexaryTrie({})
    for i in {tx_index, *range(other_receipts)}:  # a made-up block need not be contiguous
        trie.set(rlp.encode(i), receipt if i == tx_index else filler)  # type: ignore[no-untyped-call]
    fields = rlp.decode(bytes.fromhex(load("single").data()["anchor"]["block_header"][2:]))
    fields[5] = trie.root_hash
    fields[8] = block_number.to_bytes(8, "big").lstrip(b"\0")
    fields[11] = block_time.to_bytes(8, "big").lstrip(b"\0")
    header = rlp.encode(fields)
    bundle = EvidenceBundle(
        entry=BundleEntry(
            index=index,
            digest=digest,
            nonce=nonce,
            metadata=None if metadata is None else canonical_metadata(metadata),
            received_at=received_at,
        ),
        inclusion=Inclusion(tree_size=tree_size, proof=proof),
        checkpoint=note,
        anchor=AnchorEvidence(
            chain_id=chain_id,
            contract=contract,
            log=operator,
            tx_hash=os.urandom(32),
            tx_index=tx_index,
            log_index=0,
            block_number=block_number,
            block_hash=keccak256(header),
            block_time=block_time,
            block_header=header,
            receipt=receipt,
            receipt_proof=trie_proof(trie, rlp.encode(tx_index)),
        ),
    )
    return Fabricated(bundle, document, signer.verifier_key)
