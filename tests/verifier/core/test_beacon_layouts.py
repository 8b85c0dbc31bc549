# No `from __future__ import annotations`: remerkleable reads the container's field types.
"""The execution branch's position per fork, re-derived from the containers by remerkleable.

Only the position of `block_hash` matters to the branch, so fields before and after
`execution_payload` and `block_hash` stand in as Bytes32 (a field's root is one chunk
whatever its type); the field counts and orders are those of consensus-specs for each fork.
This checks the claim that Electra and Fulu keep the Deneb proof type with blocks that
remerkleable builds and proves, where Portal's vectors stop before Electra (May 2025).
"""

import hashlib

import pytest
from remerkleable.byte_arrays import Bytes32
from remerkleable.complex import Container
from remerkleable.tree import NavigationError

from ipledger.verifier.core.beacon import CAPELLA, DENEB, EXECUTION_PROOF
from ipledger.verifier.core.ssz import verify_merkle_branch

PAYLOAD_FIELDS = [  # Bellatrix's 14, Capella's withdrawals, Deneb's two blob-gas fields
    "parent_hash", "fee_recipient", "state_root", "receipts_root", "logs_bloom", "prev_randao",
    "block_number", "gas_limit", "gas_used", "timestamp", "extra_data", "base_fee_per_gas",
    "block_hash", "transactions", "withdrawals", "blob_gas_used", "excess_blob_gas",
]
BODY_FIELDS = [  # Capella's 11, Deneb's blob_kzg_commitments, Electra's execution_requests
    "randao_reveal", "eth1_data", "graffiti", "proposer_slashings", "attester_slashings",
    "attestations", "deposits", "voluntary_exits", "sync_aggregate", "execution_payload",
    "bls_to_execution_changes", "blob_kzg_commitments", "execution_requests",
]
LAYOUTS = {  # fork: (proof type, body fields, payload fields)
    "capella": (CAPELLA, 11, 15),
    "deneb": (DENEB, 12, 17),
    "electra": (DENEB, 13, 17),
    "fulu": (DENEB, 13, 17),  # Fulu changes no block container
}
# A body grown past 16 leaves (one more level) would move block_hash: the test must notice.
MOVED = ("moved", DENEB, 17, 17)


def _container(name: str, fields: dict[str, type]) -> type:
    return type(name, (Container,), {"__annotations__": fields})


def _value(label: str) -> bytes:
    return hashlib.sha256(label.encode()).digest()


def _check(fork: str, proof_type: str, body_count: int, payload_count: int) -> None:
    payload_type = _container(f"Payload{fork}", dict.fromkeys(PAYLOAD_FIELDS[:payload_count],
                                                              Bytes32))
    names = BODY_FIELDS + [f"future_{i}" for i in range(body_count - len(BODY_FIELDS))]
    body_fields: dict[str, type] = dict.fromkeys(names[:body_count], Bytes32)
    body_fields["execution_payload"] = payload_type
    body_type = _container(f"Body{fork}", body_fields)
    block_type = _container(f"Block{fork}", {"slot": Bytes32, "proposer_index": Bytes32,
                                             "parent_root": Bytes32, "state_root": Bytes32,
                                             "body": body_type})
    payload = payload_type(**{f: _value(f) for f in PAYLOAD_FIELDS[:payload_count]})
    body = body_type(**{f: _value(f) for f in names[:body_count]
                        if f != "execution_payload"}, execution_payload=payload)
    block = block_type(slot=_value("slot"), proposer_index=_value("p"), parent_root=_value("pr"),
                       state_root=_value("sr"), body=body)
    depth, index = EXECUTION_PROOF[proof_type]
    gindex = 2**depth + index
    backing = block.get_backing()
    assert backing.getter(gindex).merkle_root() == _value("block_hash")
    branch = [backing.getter((gindex >> height) ^ 1).merkle_root() for height in range(depth)]
    verify_merkle_branch(_value("block_hash"), branch, depth, index, block.hash_tree_root(),
                         what=f"{fork} execution branch")


@pytest.mark.parametrize("fork", sorted(LAYOUTS))
def test_block_hash_sits_where_the_proof_type_says(fork: str) -> None:
    _check(fork, *LAYOUTS[fork])


def test_a_moved_block_hash_is_noticed() -> None:
    with pytest.raises((AssertionError, NavigationError)):  # no node, or another node, there
        _check(*MOVED)
