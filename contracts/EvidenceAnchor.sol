// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title EvidenceAnchor
/// @author ipledger
/// @notice Anchors the tree heads of append-only RFC 9162 Merkle logs, one log per operator
/// address, and checks on-chain that every new tree head extends the previous one.
/// @dev A log is keyed by `msg.sender`, so only its operator can extend it. Each anchor after
/// the first carries an RFC 9162 consistency proof from the stored tree head, checked with the
/// SHA-256 precompile (address 0x02), so no operator can fork or rewrite its own history. The
/// proof algorithms are ports of transparency-dev/merkle (`proof/verify.go`) and agree with
/// `verifier/proof.py`: the exact proof length is required and every failure reverts.
/// Gas: an anchor extending a log of up to 1,000,000 entries costs at most 60,000 gas in
/// total (measured by `bench/gas.js`), which is why the hashing loops are in assembly.
contract EvidenceAnchor {
    /// @notice The newest anchored tree head of a log.
    /// @dev Two storage slots: `root`, then `size`. `size` fills its slot (it is below 2^64)
    /// so that updating it is one SSTORE, with no read-modify-write of a packed slot.
    /// @param root RFC 9162 root hash of the first `size` entries.
    /// @param size Number of entries in the tree; 0 while nothing has been anchored.
    struct TreeHead {
        bytes32 root;
        uint256 size;
    }

    /// @dev The newest tree head of each log, keyed by its operator address.
    mapping(address log => TreeHead head) private _heads;

    /// @notice Emitted when `log` anchors a tree of `size` entries with root `root`.
    /// @param log Operator address of the log (the anchoring `msg.sender`).
    /// @param size Number of entries in the anchored tree.
    /// @param root RFC 9162 root hash of the anchored tree.
    /// @param previousSize Size of the tree head this one replaced; 0 for a log's first anchor.
    event Anchored(address indexed log, uint64 indexed size, bytes32 root, uint64 previousSize);

    /// @notice The new tree size does not exceed the size already anchored for this log.
    /// @param storedSize Size currently anchored for the log.
    /// @param newSize Size that was offered.
    error EvidenceAnchorSizeNotIncreasing(uint64 storedSize, uint64 newSize);

    /// @notice A proof has more or fewer hashes than RFC 9162 prescribes for its sizes.
    /// @param expected Number of hashes RFC 9162 requires.
    /// @param actual Number of hashes supplied.
    error EvidenceAnchorInvalidProofLength(uint256 expected, uint256 actual);

    /// @notice A root recomputed from a proof differs from the root it should equal.
    /// @param computed Root the proof leads to.
    /// @param expected Root it should have led to.
    error EvidenceAnchorRootMismatch(bytes32 computed, bytes32 expected);

    /// @notice A leaf index is not below the tree size.
    /// @param index Leaf index that was offered.
    /// @param size Tree size it should be below.
    error EvidenceAnchorIndexOutOfRange(uint64 index, uint64 size);

    /// @notice Tree sizes for which RFC 9162 defines no consistency proof: size1 is 0, or
    /// size2 is smaller than size1.
    /// @param size1 Size of the older tree.
    /// @param size2 Size of the newer tree.
    error EvidenceAnchorInvalidTreeSizes(uint64 size1, uint64 size2);

    /// @notice Anchor the caller's log at (`newSize`, `newRoot`).
    /// @dev The first anchor of a log takes an empty proof. Later anchors need the RFC 9162
    /// consistency proof from the stored tree head to the new one. Emits {Anchored}.
    /// @param newSize Number of entries in the new tree; must exceed the stored size.
    /// @param newRoot RFC 9162 root hash of the new tree.
    /// @param consistencyProof RFC 9162 consistency proof from the stored tree head to the new
    /// one; empty for the first anchor.
    function anchor(uint64 newSize, bytes32 newRoot, bytes32[] calldata consistencyProof) external {
        TreeHead storage head = _heads[msg.sender];
        uint64 size = uint64(head.size);
        if (newSize <= size) revert EvidenceAnchorSizeNotIncreasing(size, newSize);
        if (size == 0) {
            if (consistencyProof.length != 0) {
                revert EvidenceAnchorInvalidProofLength(0, consistencyProof.length);
            }
        } else {
            bytes32 computed = _rootFromConsistencyProof(size, newSize, consistencyProof, head.root);
            if (computed != newRoot) revert EvidenceAnchorRootMismatch(computed, newRoot);
        }
        head.root = newRoot;
        head.size = newSize;
        emit Anchored(msg.sender, newSize, newRoot, size);
    }

    /// @notice The newest tree head anchored by `log`.
    /// @param log Operator address of the log.
    /// @return size Number of entries in the anchored tree; 0 if the log never anchored.
    /// @return root RFC 9162 root hash of that tree; zero if the log never anchored.
    function latest(address log) external view returns (uint64 size, bytes32 root) {
        TreeHead storage head = _heads[log];
        return (uint64(head.size), head.root);
    }

    /// @notice Recompute the root of the tree of `size` leaves from an inclusion proof.
    /// @dev Reverts with {EvidenceAnchorIndexOutOfRange} unless index < size, and with
    /// {EvidenceAnchorInvalidProofLength} unless the proof has the exact RFC 9162 length.
    /// @param index Zero-based index of the leaf.
    /// @param size Number of leaves in the tree.
    /// @param leafHash RFC 9162 leaf hash, SHA-256(0x00 || leaf input).
    /// @param proof RFC 9162 inclusion proof (audit path), from the leaf up.
    /// @return root Root hash the proof leads to.
    function rootFromInclusionProof(uint64 index, uint64 size, bytes32 leafHash, bytes32[] calldata proof)
        external
        pure
        returns (bytes32 root)
    {
        return _pure(_rootFromInclusionProof)(index, size, leafHash, proof);
    }

    /// @notice Check that leaf `index` with hash `leafHash` belongs to the tree (`size`, `root`).
    /// @dev Reverts as {rootFromInclusionProof} does, and with {EvidenceAnchorRootMismatch}
    /// when the proof leads to another root; returns nothing when the proof holds.
    /// @param index Zero-based index of the leaf.
    /// @param size Number of leaves in the tree.
    /// @param leafHash RFC 9162 leaf hash, SHA-256(0x00 || leaf input).
    /// @param proof RFC 9162 inclusion proof (audit path), from the leaf up.
    /// @param root Root hash the proof must lead to.
    function verifyInclusion(
        uint64 index,
        uint64 size,
        bytes32 leafHash,
        bytes32[] calldata proof,
        bytes32 root
    ) external pure {
        bytes32 computed = _pure(_rootFromInclusionProof)(index, size, leafHash, proof);
        if (computed != root) revert EvidenceAnchorRootMismatch(computed, root);
    }

    /// @notice Recompute the root of the tree of `size2` leaves that `proof` shows to extend
    /// the tree (`size1`, `root1`).
    /// @dev Reverts with {EvidenceAnchorInvalidTreeSizes} unless 0 < size1 <= size2, with
    /// {EvidenceAnchorInvalidProofLength} unless the proof has the exact RFC 9162 length (0
    /// when size1 == size2), and with {EvidenceAnchorRootMismatch} when the proof does not
    /// lead to `root1`.
    /// @param size1 Number of leaves in the older tree.
    /// @param size2 Number of leaves in the newer tree.
    /// @param proof RFC 9162 consistency proof from size1 to size2.
    /// @param root1 Root hash of the older tree.
    /// @return root2 Root hash of the newer tree that the proof leads to.
    function rootFromConsistencyProof(uint64 size1, uint64 size2, bytes32[] calldata proof, bytes32 root1)
        external
        pure
        returns (bytes32 root2)
    {
        return _checkedRootFromConsistencyProof(size1, size2, proof, root1);
    }

    /// @notice Check that the tree (`size2`, `root2`) extends the tree (`size1`, `root1`).
    /// @dev Reverts as {rootFromConsistencyProof} does, and with {EvidenceAnchorRootMismatch}
    /// when the proof leads to another `root2`; returns nothing when the proof holds.
    /// @param size1 Number of leaves in the older tree.
    /// @param size2 Number of leaves in the newer tree.
    /// @param proof RFC 9162 consistency proof from size1 to size2.
    /// @param root1 Root hash of the older tree.
    /// @param root2 Root hash of the newer tree.
    function verifyConsistency(
        uint64 size1,
        uint64 size2,
        bytes32[] calldata proof,
        bytes32 root1,
        bytes32 root2
    ) external pure {
        bytes32 computed = _checkedRootFromConsistencyProof(size1, size2, proof, root1);
        if (computed != root2) revert EvidenceAnchorRootMismatch(computed, root2);
    }

    /// @dev Size checks of {rootFromConsistencyProof} around {_rootFromConsistencyProof}.
    /// @param size1 Number of leaves in the older tree.
    /// @param size2 Number of leaves in the newer tree.
    /// @param proof RFC 9162 consistency proof from size1 to size2.
    /// @param root1 Root hash of the older tree.
    /// @return Root hash of the newer tree that the proof leads to.
    function _checkedRootFromConsistencyProof(uint64 size1, uint64 size2, bytes32[] calldata proof, bytes32 root1)
        private
        pure
        returns (bytes32)
    {
        if (size1 == 0 || size2 < size1) revert EvidenceAnchorInvalidTreeSizes(size1, size2);
        if (size1 == size2) {
            if (proof.length != 0) revert EvidenceAnchorInvalidProofLength(0, proof.length);
            return root1;
        }
        return _pure(_rootFromConsistencyProof)(size1, size2, proof, root1);
    }

    /// @dev transparency-dev/merkle RootFromInclusionProof: checks index and proof length,
    /// then hashes up the inner path and the right border.
    /// @param index Zero-based index of the leaf.
    /// @param size Number of leaves in the tree.
    /// @param leafHash RFC 9162 leaf hash.
    /// @param proof RFC 9162 inclusion proof, from the leaf up.
    /// @return res Root hash the proof leads to.
    function _rootFromInclusionProof(uint64 index, uint64 size, bytes32 leafHash, bytes32[] calldata proof)
        private
        view
        returns (bytes32 res)
    {
        if (index >= size) revert EvidenceAnchorIndexOutOfRange(index, size);
        uint256 inner = _bitLength(uint256(index) ^ (size - 1));
        uint256 border = _popCount(uint256(index) >> inner);
        if (proof.length != inner + border) {
            revert EvidenceAnchorInvalidProofLength(inner + border, proof.length);
        }
        assembly ("memory-safe") {
            // SHA-256(0x01 || left || right) is computed with the input at 0x3f..0x7f: constant
            // addresses keep the loops short (this decides whether {anchor} meets its gas
            // target). It borrows the free memory pointer and the zero slot, both restored below.
            let fmp := mload(0x40)
            mstore8(0x3f, 1)
            let ok := 1
            res := leafHash
            let p := proof.offset
            // chainInner: the leaf is a left child where its index bit is 0.
            let innerEnd := add(p, shl(5, inner))
            for { let bits := index } lt(p, innerEnd) {
                p := add(p, 0x20)
                bits := shr(1, bits)
            } {
                switch and(bits, 1)
                case 0 {
                    mstore(0x40, res)
                    mstore(0x60, calldataload(p))
                }
                default {
                    mstore(0x40, calldataload(p))
                    mstore(0x60, res)
                }
                ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                res := mload(0x00)
            }
            // chainBorderRight.
            let end := add(proof.offset, shl(5, proof.length))
            for {} lt(p, end) { p := add(p, 0x20) } {
                mstore(0x40, calldataload(p))
                mstore(0x60, res)
                ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                res := mload(0x00)
            }
            mstore(0x40, fmp)
            mstore(0x60, 0)
            // The precompile fails only when out of gas.
            if iszero(ok) { revert(0, 0) }
        }
    }

    /// @dev transparency-dev/merkle RootFromConsistencyProof for 0 < size1 < size2: checks the
    /// proof length, recomputes both roots in one pass (hash1 by chainInnerRight, hash2 by
    /// chainInner, both then by chainBorderRight) and reverts unless hash1 is `root1`.
    /// @param size1 Number of leaves in the older tree, above 0.
    /// @param size2 Number of leaves in the newer tree, above size1.
    /// @param proof RFC 9162 consistency proof from size1 to size2.
    /// @param root1 Root hash of the older tree.
    /// @return hash2 Root hash of the newer tree that the proof leads to.
    function _rootFromConsistencyProof(uint64 size1, uint64 size2, bytes32[] calldata proof, bytes32 root1)
        private
        view
        returns (bytes32 hash2)
    {
        uint256 index;
        uint256 inner;
        uint256 start;
        uint256 mask;
        unchecked {
            index = size1 - 1;
            inner = _bitLength(index ^ (size2 - 1));
            uint256 border = _popCount(index >> inner);
            uint256 low = uint256(size1) & (~uint256(size1) + 1);
            uint256 shift = _bitLength(low) - 1;
            // inner > shift: index ends in `shift` ones, and size2 - 1 > index differs above them.
            inner -= shift;
            start = size1 == low ? 0 : 1;
            if (proof.length != start + inner + border) {
                revert EvidenceAnchorInvalidProofLength(start + inner + border, proof.length);
            }
            mask = index >> shift;
        }
        bytes32 hash1;
        assembly ("memory-safe") {
            // Hashing as in _rootFromInclusionProof.
            let fmp := mload(0x40)
            mstore8(0x3f, 1)
            let ok := 1
            let p := proof.offset
            switch start
            case 0 { hash1 := root1 }
            default {
                hash1 := calldataload(p)
                p := add(p, 0x20)
            }
            hash2 := hash1
            // chainInnerRight (hash1) and chainInner (hash2) over the inner part of the path.
            let innerEnd := add(p, shl(5, inner))
            for {} lt(p, innerEnd) {
                p := add(p, 0x20)
                mask := shr(1, mask)
            } {
                switch and(mask, 1)
                case 0 {
                    mstore(0x40, hash2)
                    mstore(0x60, calldataload(p))
                    ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                    hash2 := mload(0x00)
                }
                default {
                    mstore(0x40, calldataload(p))
                    mstore(0x60, hash1)
                    ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                    hash1 := mload(0x00)
                    mstore(0x60, hash2)
                    ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                    hash2 := mload(0x00)
                }
            }
            // chainBorderRight for both.
            let end := add(proof.offset, shl(5, proof.length))
            for {} lt(p, end) { p := add(p, 0x20) } {
                mstore(0x40, calldataload(p))
                mstore(0x60, hash1)
                ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                hash1 := mload(0x00)
                mstore(0x60, hash2)
                ok := and(ok, staticcall(gas(), 0x02, 0x3f, 65, 0x00, 0x20))
                hash2 := mload(0x00)
            }
            mstore(0x40, fmp)
            mstore(0x60, 0)
            if iszero(ok) { revert(0, 0) }
        }
        if (hash1 != root1) revert EvidenceAnchorRootMismatch(hash1, root1);
    }

    /// @dev Number of bits needed to write x (0 for 0), by binary search over 64 bits.
    /// @param x Value below 2^64.
    /// @return n Its bit length.
    function _bitLength(uint256 x) private pure returns (uint256 n) {
        assembly ("memory-safe") {
            if gt(x, 0xffffffff) {
                x := shr(32, x)
                n := 32
            }
            if gt(x, 0xffff) {
                x := shr(16, x)
                n := add(n, 16)
            }
            if gt(x, 0xff) {
                x := shr(8, x)
                n := add(n, 8)
            }
            if gt(x, 0xf) {
                x := shr(4, x)
                n := add(n, 4)
            }
            if gt(x, 0x3) {
                x := shr(2, x)
                n := add(n, 2)
            }
            if gt(x, 0x1) {
                x := shr(1, x)
                n := add(n, 1)
            }
            n := add(n, x)
        }
    }

    /// @dev Number of one bits in x (at most 64 here: x is below 2^64).
    /// @param x Value below 2^64.
    /// @return n Its population count.
    function _popCount(uint256 x) private pure returns (uint256 n) {
        unchecked {
            while (x != 0) {
                x &= x - 1;
                ++n;
            }
        }
    }

    /// @dev The SHA-256 precompile is a pure function, but Solidity treats any `staticcall`
    /// as a state read; this cast lets the pure helpers share the proof code with {anchor}.
    /// @param f {_rootFromInclusionProof}.
    /// @return g The same function, typed pure.
    function _pure(function(uint64, uint64, bytes32, bytes32[] calldata) view returns (bytes32) f)
        private
        pure
        returns (function(uint64, uint64, bytes32, bytes32[] calldata) pure returns (bytes32) g)
    {
        assembly ("memory-safe") {
            g := f
        }
    }

    /// @dev As above, for the consistency proof function type.
    /// @param f {_rootFromConsistencyProof}.
    /// @return g The same function, typed pure.
    function _pure(function(uint64, uint64, bytes32[] calldata, bytes32) view returns (bytes32) f)
        private
        pure
        returns (function(uint64, uint64, bytes32[] calldata, bytes32) pure returns (bytes32) g)
    {
        assembly ("memory-safe") {
            g := f
        }
    }
}
