// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title AttestationBaseline (benchmark baseline only)
/// @author ipledger
/// @notice One EAS-style attestation stored per document, the usual alternative to anchoring a
/// Merkle root; `bench/gas.js` measures it beside EvidenceAnchor. Never deploy it for real use.
/// @dev Stores the same record as the Ethereum Attestation Service's `Attestation` struct and
/// emits its `Attested` event, without schemas, resolvers or revocation logic.
contract AttestationBaseline {
    /// @notice One attestation, laid out as EAS's `Attestation`.
    /// @param uid Unique identifier of the attestation.
    /// @param schema Identifier of the schema the data follows.
    /// @param time Block timestamp at creation.
    /// @param expirationTime Expiry timestamp; 0 for none.
    /// @param revocationTime Revocation timestamp; 0 while valid.
    /// @param refUID Attestation this one refers to; 0 for none.
    /// @param recipient Address the attestation is about.
    /// @param attester Address that made the attestation.
    /// @param revocable Whether it may be revoked.
    /// @param data Attested data: here the document's SHA-256 digest.
    struct Attestation {
        bytes32 uid;
        bytes32 schema;
        uint64 time;
        uint64 expirationTime;
        uint64 revocationTime;
        bytes32 refUID;
        address recipient;
        address attester;
        bool revocable;
        bytes data;
    }

    /// @notice Schema identifier used for every attestation made here.
    bytes32 public constant SCHEMA = keccak256("bytes32 documentDigest");

    /// @notice Attestations by uid.
    mapping(bytes32 uid => Attestation attestation) public attestations;

    /// @notice Number of attestations made, mixed into each uid.
    uint256 public count;

    /// @notice Emitted for each attestation, as EAS does.
    /// @param recipient Address the attestation is about.
    /// @param attester Address that made it.
    /// @param uid Identifier of the new attestation.
    /// @param schemaUID Schema identifier.
    event Attested(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID);

    /// @notice Attest one document digest.
    /// @param digest SHA-256 of the document.
    /// @return uid Identifier of the new attestation.
    function attest(bytes32 digest) external returns (bytes32 uid) {
        uint256 n = count++;
        uid = keccak256(abi.encodePacked(SCHEMA, msg.sender, block.timestamp, digest, n));
        attestations[uid] = Attestation({
            uid: uid,
            schema: SCHEMA,
            time: uint64(block.timestamp),
            expirationTime: 0,
            revocationTime: 0,
            refUID: bytes32(0),
            recipient: msg.sender,
            attester: msg.sender,
            revocable: true,
            data: abi.encodePacked(digest)
        });
        emit Attested(msg.sender, msg.sender, uid, SCHEMA);
    }
}
