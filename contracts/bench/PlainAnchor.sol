// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title PlainAnchor (benchmark baseline only)
/// @author ipledger
/// @notice The straightforward Solidity version of EvidenceAnchor, kept to show in `bench/gas.js`
/// what the assembly hashing loops save. Never deploy it for real use.
/// @dev Same checks as EvidenceAnchor: (uint64 size, bytes32 root) in two slots, the RFC 9162
/// consistency proof checked with `sha256(abi.encodePacked(...))` in the three loops of
/// transparency-dev/merkle (chainInnerRight, chainInner, chainBorderRight).
contract PlainAnchor {
    /// @notice The newest anchored tree head of a log.
    /// @param size Number of entries in the tree.
    /// @param root RFC 9162 root hash of the tree.
    struct TreeHead {
        uint64 size;
        bytes32 root;
    }

    /// @notice The newest tree head of each log, keyed by its operator address.
    mapping(address log => TreeHead head) public heads;

    /// @notice Emitted when `log` anchors a tree of `size` entries with root `root`.
    /// @param log Operator address of the log.
    /// @param size Number of entries in the anchored tree.
    /// @param root RFC 9162 root hash of the anchored tree.
    /// @param previousSize Size of the tree head this one replaced.
    event Anchored(address indexed log, uint64 indexed size, bytes32 root, uint64 previousSize);

    /// @notice The new size does not exceed the stored one.
    error PlainAnchorSizeNotIncreasing();

    /// @notice The proof has the wrong number of hashes.
    error PlainAnchorInvalidProofLength();

    /// @notice The proof does not lead to the stored or to the new root.
    error PlainAnchorRootMismatch();

    /// @notice Anchor the caller's log at (`newSize`, `newRoot`).
    /// @param newSize Number of entries in the new tree.
    /// @param newRoot RFC 9162 root hash of the new tree.
    /// @param proof RFC 9162 consistency proof from the stored tree head; empty the first time.
    function anchor(uint64 newSize, bytes32 newRoot, bytes32[] calldata proof) external {
        TreeHead memory head = heads[msg.sender];
        if (newSize <= head.size) revert PlainAnchorSizeNotIncreasing();
        if (head.size == 0) {
            if (proof.length != 0) revert PlainAnchorInvalidProofLength();
        } else if (_rootFromConsistencyProof(head.size, newSize, proof, head.root) != newRoot) {
            revert PlainAnchorRootMismatch();
        }
        heads[msg.sender] = TreeHead(newSize, newRoot);
        emit Anchored(msg.sender, newSize, newRoot, head.size);
    }

    /// @dev transparency-dev/merkle RootFromConsistencyProof for 0 < size1 < size2.
    function _rootFromConsistencyProof(uint64 size1, uint64 size2, bytes32[] calldata proof, bytes32 root1)
        private
        pure
        returns (bytes32)
    {
        uint256 index = size1 - 1;
        uint256 inner = _bitLength(index ^ (size2 - 1));
        uint256 border = _popCount(index >> inner);
        uint256 shift = _trailingZeros(size1);
        inner -= shift;
        uint256 start = size1 == uint256(1) << shift ? 0 : 1;
        if (proof.length != start + inner + border) revert PlainAnchorInvalidProofLength();
        bytes32 seed = start == 0 ? root1 : proof[0];
        uint256 mask = index >> shift;
        bytes32 hash1 = seed;
        for (uint256 i = 0; i < inner; i++) {
            if ((mask >> i) & 1 == 1) hash1 = _hashChildren(proof[start + i], hash1);
        }
        for (uint256 i = start + inner; i < proof.length; i++) {
            hash1 = _hashChildren(proof[i], hash1);
        }
        if (hash1 != root1) revert PlainAnchorRootMismatch();
        bytes32 hash2 = seed;
        for (uint256 i = 0; i < inner; i++) {
            hash2 = (mask >> i) & 1 == 0
                ? _hashChildren(hash2, proof[start + i])
                : _hashChildren(proof[start + i], hash2);
        }
        for (uint256 i = start + inner; i < proof.length; i++) {
            hash2 = _hashChildren(proof[i], hash2);
        }
        return hash2;
    }

    /// @dev SHA-256(0x01 || left || right).
    function _hashChildren(bytes32 left, bytes32 right) private pure returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x01), left, right));
    }

    /// @dev Number of bits needed to write x.
    function _bitLength(uint256 x) private pure returns (uint256 n) {
        while (x != 0) {
            x >>= 1;
            n++;
        }
    }

    /// @dev Number of one bits in x.
    function _popCount(uint256 x) private pure returns (uint256 n) {
        while (x != 0) {
            n += x & 1;
            x >>= 1;
        }
    }

    /// @dev Number of trailing zero bits of x (x > 0).
    function _trailingZeros(uint256 x) private pure returns (uint256 n) {
        while (x & 1 == 0) {
            x >>= 1;
            n++;
        }
    }
}
