"""SSZ types of the mainnet beacon block of Capella, Deneb, Electra and Fulu (consensus-specs)."""

from typing import Any

from remerkleable.basic import uint64, uint256
from remerkleable.bitfields import Bitlist, Bitvector
from remerkleable.byte_arrays import ByteList, Bytes32, Bytes48, Bytes96, ByteVector
from remerkleable.complex import Container, List, Vector

# Mainnet preset values (consensus-specs presets/mainnet).
MAX_VALIDATORS_PER_COMMITTEE = 2048
MAX_COMMITTEES_PER_SLOT = 64
SLOTS_PER_HISTORICAL_ROOT = 8192
DEPOSIT_CONTRACT_TREE_DEPTH = 32
SYNC_COMMITTEE_SIZE = 512
MAX_PROPOSER_SLASHINGS = 16
MAX_ATTESTER_SLASHINGS = 2
MAX_ATTESTATIONS = 128
MAX_DEPOSITS = 16
MAX_VOLUNTARY_EXITS = 16
MAX_BLS_TO_EXECUTION_CHANGES = 16
MAX_BYTES_PER_TRANSACTION = 2**30
MAX_TRANSACTIONS_PER_PAYLOAD = 2**20
BYTES_PER_LOGS_BLOOM = 256
MAX_EXTRA_DATA_BYTES = 32
MAX_WITHDRAWALS_PER_PAYLOAD = 16
MAX_BLOB_COMMITMENTS_PER_BLOCK = 4096
MAX_ATTESTER_SLASHINGS_ELECTRA = 1
MAX_ATTESTATIONS_ELECTRA = 8
MAX_DEPOSIT_REQUESTS_PER_PAYLOAD = 8192
MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD = 16
MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD = 2
HISTORICAL_SUMMARIES_LIMIT = 2**24


class Bytes20(ByteVector[20]):
    """An execution address (ExecutionAddress of the specs)."""


class Eth1Data(Container):
    """Eth1Data (phase0)."""

    deposit_root: Bytes32
    deposit_count: uint64
    block_hash: Bytes32


class BeaconBlockHeader(Container):
    """BeaconBlockHeader (phase0)."""

    slot: uint64
    proposer_index: uint64
    parent_root: Bytes32
    state_root: Bytes32
    body_root: Bytes32


class SignedBeaconBlockHeader(Container):
    """SignedBeaconBlockHeader (phase0)."""

    message: BeaconBlockHeader
    signature: Bytes96


class ProposerSlashing(Container):
    """ProposerSlashing (phase0)."""

    signed_header_1: SignedBeaconBlockHeader
    signed_header_2: SignedBeaconBlockHeader


class FfgCheckpoint(Container):
    """Checkpoint (phase0): an epoch and its block root."""

    epoch: uint64
    root: Bytes32


class AttestationData(Container):
    """AttestationData (phase0)."""

    slot: uint64
    index: uint64
    beacon_block_root: Bytes32
    source: FfgCheckpoint
    target: FfgCheckpoint


class IndexedAttestation(Container):
    """IndexedAttestation (phase0 to Deneb)."""

    attesting_indices: List[uint64, MAX_VALIDATORS_PER_COMMITTEE]
    data: AttestationData
    signature: Bytes96


class AttesterSlashing(Container):
    """AttesterSlashing (phase0 to Deneb)."""

    attestation_1: IndexedAttestation
    attestation_2: IndexedAttestation


class Attestation(Container):
    """Attestation (phase0 to Deneb)."""

    aggregation_bits: Bitlist[MAX_VALIDATORS_PER_COMMITTEE]
    data: AttestationData
    signature: Bytes96


class IndexedAttestationElectra(Container):
    """IndexedAttestation of Electra (EIP-7549: indices of every committee of the slot)."""

    attesting_indices: List[uint64, MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]
    data: AttestationData
    signature: Bytes96


class AttesterSlashingElectra(Container):
    """AttesterSlashing of Electra."""

    attestation_1: IndexedAttestationElectra
    attestation_2: IndexedAttestationElectra


class AttestationElectra(Container):
    """Attestation of Electra (EIP-7549: committee_bits, bits of every committee)."""

    aggregation_bits: Bitlist[MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]
    data: AttestationData
    signature: Bytes96
    committee_bits: Bitvector[MAX_COMMITTEES_PER_SLOT]


class DepositData(Container):
    """DepositData (phase0)."""

    pubkey: Bytes48
    withdrawal_credentials: Bytes32
    amount: uint64
    signature: Bytes96


class Deposit(Container):
    """Deposit (phase0)."""

    proof: Vector[Bytes32, DEPOSIT_CONTRACT_TREE_DEPTH + 1]
    data: DepositData


class VoluntaryExit(Container):
    """VoluntaryExit (phase0)."""

    epoch: uint64
    validator_index: uint64


class SignedVoluntaryExit(Container):
    """SignedVoluntaryExit (phase0)."""

    message: VoluntaryExit
    signature: Bytes96


class SyncAggregate(Container):
    """SyncAggregate (Altair)."""

    sync_committee_bits: Bitvector[SYNC_COMMITTEE_SIZE]
    sync_committee_signature: Bytes96


class Withdrawal(Container):
    """Withdrawal (Capella)."""

    index: uint64
    validator_index: uint64
    address: Bytes20
    amount: uint64


class BLSToExecutionChange(Container):
    """BLSToExecutionChange (Capella)."""

    validator_index: uint64
    from_bls_pubkey: Bytes48
    to_execution_address: Bytes20


class SignedBLSToExecutionChange(Container):
    """SignedBLSToExecutionChange (Capella)."""

    message: BLSToExecutionChange
    signature: Bytes96


Transaction = ByteList[MAX_BYTES_PER_TRANSACTION]


class ExecutionPayloadCapella(Container):
    """ExecutionPayload of Capella (15 fields: block_hash is leaf 12 of 16)."""

    parent_hash: Bytes32
    fee_recipient: Bytes20
    state_root: Bytes32
    receipts_root: Bytes32
    logs_bloom: ByteVector[BYTES_PER_LOGS_BLOOM]
    prev_randao: Bytes32
    block_number: uint64
    gas_limit: uint64
    gas_used: uint64
    timestamp: uint64
    extra_data: ByteList[MAX_EXTRA_DATA_BYTES]
    base_fee_per_gas: uint256
    block_hash: Bytes32
    transactions: List[Transaction, MAX_TRANSACTIONS_PER_PAYLOAD]
    withdrawals: List[Withdrawal, MAX_WITHDRAWALS_PER_PAYLOAD]


class ExecutionPayloadDeneb(Container):
    """ExecutionPayload of Deneb and Electra (17 fields: block_hash is leaf 12 of 32)."""

    parent_hash: Bytes32
    fee_recipient: Bytes20
    state_root: Bytes32
    receipts_root: Bytes32
    logs_bloom: ByteVector[BYTES_PER_LOGS_BLOOM]
    prev_randao: Bytes32
    block_number: uint64
    gas_limit: uint64
    gas_used: uint64
    timestamp: uint64
    extra_data: ByteList[MAX_EXTRA_DATA_BYTES]
    base_fee_per_gas: uint256
    block_hash: Bytes32
    transactions: List[Transaction, MAX_TRANSACTIONS_PER_PAYLOAD]
    withdrawals: List[Withdrawal, MAX_WITHDRAWALS_PER_PAYLOAD]
    blob_gas_used: uint64
    excess_blob_gas: uint64


class DepositRequest(Container):
    """DepositRequest (Electra, EIP-6110)."""

    pubkey: Bytes48
    withdrawal_credentials: Bytes32
    amount: uint64
    signature: Bytes96
    index: uint64


class WithdrawalRequest(Container):
    """WithdrawalRequest (Electra, EIP-7002)."""

    source_address: Bytes20
    validator_pubkey: Bytes48
    amount: uint64


class ConsolidationRequest(Container):
    """ConsolidationRequest (Electra, EIP-7251)."""

    source_address: Bytes20
    source_pubkey: Bytes48
    target_pubkey: Bytes48


class ExecutionRequests(Container):
    """ExecutionRequests (Electra, EIP-7685)."""

    deposits: List[DepositRequest, MAX_DEPOSIT_REQUESTS_PER_PAYLOAD]
    withdrawals: List[WithdrawalRequest, MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD]
    consolidations: List[ConsolidationRequest, MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD]


class BeaconBlockBodyCapella(Container):
    """BeaconBlockBody of Capella (11 fields: execution_payload is leaf 9 of 16)."""

    randao_reveal: Bytes96
    eth1_data: Eth1Data
    graffiti: Bytes32
    proposer_slashings: List[ProposerSlashing, MAX_PROPOSER_SLASHINGS]
    attester_slashings: List[AttesterSlashing, MAX_ATTESTER_SLASHINGS]
    attestations: List[Attestation, MAX_ATTESTATIONS]
    deposits: List[Deposit, MAX_DEPOSITS]
    voluntary_exits: List[SignedVoluntaryExit, MAX_VOLUNTARY_EXITS]
    sync_aggregate: SyncAggregate
    execution_payload: ExecutionPayloadCapella
    bls_to_execution_changes: List[SignedBLSToExecutionChange, MAX_BLS_TO_EXECUTION_CHANGES]


class BeaconBlockBodyDeneb(Container):
    """BeaconBlockBody of Deneb (12 fields)."""

    randao_reveal: Bytes96
    eth1_data: Eth1Data
    graffiti: Bytes32
    proposer_slashings: List[ProposerSlashing, MAX_PROPOSER_SLASHINGS]
    attester_slashings: List[AttesterSlashing, MAX_ATTESTER_SLASHINGS]
    attestations: List[Attestation, MAX_ATTESTATIONS]
    deposits: List[Deposit, MAX_DEPOSITS]
    voluntary_exits: List[SignedVoluntaryExit, MAX_VOLUNTARY_EXITS]
    sync_aggregate: SyncAggregate
    execution_payload: ExecutionPayloadDeneb
    bls_to_execution_changes: List[SignedBLSToExecutionChange, MAX_BLS_TO_EXECUTION_CHANGES]
    blob_kzg_commitments: List[Bytes48, MAX_BLOB_COMMITMENTS_PER_BLOCK]


class BeaconBlockBodyElectra(Container):
    """BeaconBlockBody of Electra (13 fields)."""

    randao_reveal: Bytes96
    eth1_data: Eth1Data
    graffiti: Bytes32
    proposer_slashings: List[ProposerSlashing, MAX_PROPOSER_SLASHINGS]
    attester_slashings: List[AttesterSlashingElectra, MAX_ATTESTER_SLASHINGS_ELECTRA]
    attestations: List[AttestationElectra, MAX_ATTESTATIONS_ELECTRA]
    deposits: List[Deposit, MAX_DEPOSITS]
    voluntary_exits: List[SignedVoluntaryExit, MAX_VOLUNTARY_EXITS]
    sync_aggregate: SyncAggregate
    execution_payload: ExecutionPayloadDeneb
    bls_to_execution_changes: List[SignedBLSToExecutionChange, MAX_BLS_TO_EXECUTION_CHANGES]
    blob_kzg_commitments: List[Bytes48, MAX_BLOB_COMMITMENTS_PER_BLOCK]
    execution_requests: ExecutionRequests


class BeaconBlockCapella(Container):
    """BeaconBlock of Capella."""

    slot: uint64
    proposer_index: uint64
    parent_root: Bytes32
    state_root: Bytes32
    body: BeaconBlockBodyCapella


class BeaconBlockDeneb(Container):
    """BeaconBlock of Deneb."""

    slot: uint64
    proposer_index: uint64
    parent_root: Bytes32
    state_root: Bytes32
    body: BeaconBlockBodyDeneb


class BeaconBlockElectra(Container):
    """BeaconBlock of Electra."""

    slot: uint64
    proposer_index: uint64
    parent_root: Bytes32
    state_root: Bytes32
    body: BeaconBlockBodyElectra


class SignedBeaconBlockCapella(Container):
    """SignedBeaconBlock of Capella."""

    message: BeaconBlockCapella
    signature: Bytes96


class SignedBeaconBlockDeneb(Container):
    """SignedBeaconBlock of Deneb."""

    message: BeaconBlockDeneb
    signature: Bytes96


class SignedBeaconBlockElectra(Container):
    """SignedBeaconBlock of Electra."""

    message: BeaconBlockElectra
    signature: Bytes96


class HistoricalSummaryView(Container):
    """HistoricalSummary (Capella): the roots of one period's block_roots and state_roots."""

    block_summary_root: Bytes32
    state_summary_root: Bytes32


BlockRoots = Vector[Bytes32, SLOTS_PER_HISTORICAL_ROOT]
HistoricalSummariesList = List[HistoricalSummaryView, HISTORICAL_SUMMARIES_LIMIT]

# fork name (as in Eth-Consensus-Version) -> (BeaconBlock, SignedBeaconBlock)
BLOCK_TYPES: dict[str, tuple[Any, Any]] = {
    "capella": (BeaconBlockCapella, SignedBeaconBlockCapella),
    "deneb": (BeaconBlockDeneb, SignedBeaconBlockDeneb),
    "electra": (BeaconBlockElectra, SignedBeaconBlockElectra),
    # Fulu changed the state and the blob sidecars, not the block: Electra's block it is.
    "fulu": (BeaconBlockElectra, SignedBeaconBlockElectra),
}
