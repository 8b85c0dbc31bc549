"""A proof the upgrade stored is what a bundle of that anchor carries, and it proves the block.

Needs anchor rows for real mainnet blocks (tests/ledger/beacon/anchors.py): ipledger cannot
anchor on mainnet in a test. The proof is built from the recorded beacon data by the real
upgrade through a real HTTP Beacon API, then checked by the verifier core against the trust
root the verifier ships.
"""

from __future__ import annotations

from sqlmodel import Session

from ipledger.ledger.anchoring.queries import get_anchor
from ipledger.ledger.deployment import Deployment
from ipledger.verifier.core.beacon import verify_block_proof
from ipledger.verifier.trust import shipped_trust_root
from tests.ledger.beacon.anchors import add_final_anchor, block_hash_of, block_time_of
from tests.ledger.beacon.beacon_node import RecordedNode, serve


def test_the_stored_proof_is_the_bundles_and_proves_the_block(deployment: Deployment) -> None:
    anchor_id = add_final_anchor(deployment.engine, 22162263)
    with Session(deployment.engine) as session:
        anchor = get_anchor(session, anchor_id)
    assert anchor is not None
    assert deployment._block_proof(anchor) is None  # not upgraded yet: bundles carry null
    node = RecordedNode()
    node.add_block(22162263)
    with serve(node) as url:
        assert [o.status for o in deployment.upgrade_proofs(url)] == ["stored"]
    proof = deployment._block_proof(anchor)
    assert proof is not None
    proven = verify_block_proof(
        bytes.fromhex(block_hash_of(22162263)[2:]),
        block_time_of(22162263),
        22162263,
        proof,
        shipped_trust_root(),
    )
    assert proven.number == 22162263 and proven.chain_id == 1
