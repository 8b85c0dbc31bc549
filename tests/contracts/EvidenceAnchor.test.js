// EvidenceAnchor: anchoring, the on-chain RFC 9162 checks, and the attacks they must stop.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const vectors = require("../vectors/rfc9162.json");
const { hashLeaf, MerkleTree, UniformTree, consistencyShape, inclusionShape } = require("./helpers/rfc9162.js");

const ZERO = ethers.ZeroHash;
const hex = (b) => `0x${Buffer.from(b).toString("hex")}`;
const hexes = (proof) => proof.map(hex);
const MAX_U64 = 2n ** 64n - 1n;
const OTHER = hex(hashLeaf(Buffer.from("a root of no tree here")));

// Two histories that agree on their first 40 leaves and differ from leaf 40 on.
const TREE = MerkleTree.ofSize(300);
const FORK = new MerkleTree([...Array(300).keys()].map((i) => (i < 40 ? TREE.leaf(i) : hashLeaf(Buffer.from(`fork ${i}`)))));

async function deployFixture() {
  const [operator, other, third] = await ethers.getSigners();
  const anchor = await ethers.deployContract("EvidenceAnchor");
  return { anchor, operator, other, third };
}

/** A log already anchored at `size` leaves of TREE. */
async function anchoredFixture() {
  const f = await deployFixture();
  await f.anchor.anchor(100, hex(TREE.root(100)), []);
  return f;
}

describe("EvidenceAnchor", function () {
  describe("anchor", function () {
    it("starts every log empty", async function () {
      const { anchor, operator } = await loadFixture(deployFixture);
      const [size, root] = await anchor.latest(operator.address);
      expect(size).to.equal(0n);
      expect(root).to.equal(ZERO);
    });

    it("takes a first anchor with an empty proof and emits Anchored", async function () {
      const { anchor, operator } = await loadFixture(deployFixture);
      const root = hex(TREE.root(7));
      await expect(anchor.anchor(7, root, [])).to.emit(anchor, "Anchored").withArgs(operator.address, 7, root, 0);
      const [size, stored] = await anchor.latest(operator.address);
      expect(size).to.equal(7n);
      expect(stored).to.equal(root);
    });

    it("extends a log through many sizes, each with its consistency proof", async function () {
      const { anchor, operator } = await loadFixture(deployFixture);
      const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 257, 300];
      let previous = 0;
      for (const size of sizes) {
        const root = hex(TREE.root(size));
        const proof = previous === 0 ? [] : hexes(TREE.consistencyProof(previous, size));
        await expect(anchor.anchor(size, root, proof))
          .to.emit(anchor, "Anchored")
          .withArgs(operator.address, size, root, previous);
        previous = size;
      }
      const [size, root] = await anchor.latest(operator.address);
      expect(size).to.equal(300n);
      expect(root).to.equal(hex(TREE.root(300)));
    });

    it("logs the event with the layout of docs/design.md section 5", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      const root = hex(TREE.root(150));
      const receipt = await (await anchor.anchor(150, root, hexes(TREE.consistencyProof(100, 150)))).wait();
      expect(receipt.logs).to.have.length(1);
      const [log] = receipt.logs;
      const coder = ethers.AbiCoder.defaultAbiCoder();
      expect(log.topics).to.deep.equal([
        ethers.id("Anchored(address,uint64,bytes32,uint64)"),
        coder.encode(["address"], [operator.address]),
        coder.encode(["uint256"], [150]),
      ]);
      expect(log.data).to.equal(coder.encode(["bytes32", "uint256"], [root, 100]));
    });

    it("keeps logs of different operators apart", async function () {
      const { anchor, operator, other } = await loadFixture(anchoredFixture);
      await expect(anchor.connect(other).anchor(3, hex(FORK.root(3)), []))
        .to.emit(anchor, "Anchored")
        .withArgs(other.address, 3, hex(FORK.root(3)), 0);
      expect(await anchor.latest(operator.address)).to.deep.equal([100n, hex(TREE.root(100))]);
      expect(await anchor.latest(other.address)).to.deep.equal([3n, hex(FORK.root(3))]);
    });

    it("accepts sizes up to 2^64 - 1", async function () {
      const { anchor, operator } = await loadFixture(deployFixture);
      const big = new UniformTree(2 ** 53);
      const [s1, s2] = [2 ** 52 + 5, 2 ** 53];
      await anchor.anchor(s1, hex(big.root(s1)), []);
      await expect(anchor.anchor(BigInt(s2), hex(big.root(s2)), hexes(big.consistencyProof(s1, s2))))
        .to.emit(anchor, "Anchored")
        .withArgs(operator.address, BigInt(s2), hex(big.root(s2)), s1);
      await expect(anchor.anchor(MAX_U64, ZERO, [])).to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength");
      expect((await anchor.latest(operator.address))[0]).to.equal(2n ** 53n);
    });
  });

  describe("anchor rejects", function () {
    /** Every rejection leaves the stored tree head as it was. */
    async function expectUnchanged(anchor, log) {
      expect(await anchor.latest(log)).to.deep.equal([100n, hex(TREE.root(100))]);
    }

    it("a size of 0 for a new log", async function () {
      const { anchor } = await loadFixture(deployFixture);
      await expect(anchor.anchor(0, ZERO, []))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorSizeNotIncreasing")
        .withArgs(0, 0);
    });

    it("a first anchor with a non-empty proof", async function () {
      const { anchor } = await loadFixture(deployFixture);
      await expect(anchor.anchor(8, hex(TREE.root(8)), hexes(TREE.consistencyProof(4, 8))))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(0, 1);
    });

    it("an equal or smaller size", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      for (const size of [100, 99, 1]) {
        await expect(anchor.anchor(size, hex(TREE.root(size)), []))
          .to.be.revertedWithCustomError(anchor, "EvidenceAnchorSizeNotIncreasing")
          .withArgs(100, size);
      }
      await expectUnchanged(anchor, operator.address);
    });

    it("a forked history (the proof cannot reach the stored root)", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      // FORK shares only the first 40 leaves: its own consistency proof from 100 leads to
      // FORK's root at 100, not to the stored one.
      await expect(anchor.anchor(200, hex(FORK.root(200)), hexes(FORK.consistencyProof(100, 200))))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorRootMismatch")
        .withArgs(hex(FORK.root(100)), hex(TREE.root(100)));
      await expectUnchanged(anchor, operator.address);
    });

    it("a new root that the proof does not lead to", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      await expect(anchor.anchor(200, hex(FORK.root(200)), hexes(TREE.consistencyProof(100, 200))))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorRootMismatch")
        .withArgs(hex(TREE.root(200)), hex(FORK.root(200)));
      await expectUnchanged(anchor, operator.address);
    });

    it("a proof for other sizes, with a matching or wrong length", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      // 100 -> 128 and 100 -> 127 need proofs of the same length (4) but different content.
      expect(consistencyShape(100, 127).length).to.equal(consistencyShape(100, 128).length);
      await expect(
        anchor.anchor(127, hex(TREE.root(127)), hexes(TREE.consistencyProof(100, 128))),
      ).to.be.revertedWithCustomError(anchor, "EvidenceAnchorRootMismatch");
      const proof = hexes(TREE.consistencyProof(100, 300));
      await expect(anchor.anchor(200, hex(TREE.root(200)), proof))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(consistencyShape(100, 200).length, proof.length);
      await expectUnchanged(anchor, operator.address);
    });

    it("a truncated or extended proof", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      const proof = hexes(TREE.consistencyProof(100, 250));
      const root = hex(TREE.root(250));
      for (const bad of [proof.slice(0, -1), [...proof, proof[0]], [], proof.slice(1)]) {
        await expect(anchor.anchor(250, root, bad))
          .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
          .withArgs(proof.length, bad.length);
      }
      await expectUnchanged(anchor, operator.address);
    });

    it("a proof with any one hash changed", async function () {
      const { anchor, operator } = await loadFixture(anchoredFixture);
      const proof = hexes(TREE.consistencyProof(100, 250));
      for (let i = 0; i < proof.length; i++) {
        const bad = [...proof];
        bad[i] = hex(hashLeaf(Buffer.from(`tampered ${i}`)));
        await expect(anchor.anchor(250, hex(TREE.root(250)), bad)).to.be.revertedWithCustomError(
          anchor,
          "EvidenceAnchorRootMismatch",
        );
      }
      await expectUnchanged(anchor, operator.address);
    });

    it("another sender extending someone else's log", async function () {
      const { anchor, operator, other } = await loadFixture(anchoredFixture);
      // The proof is right for the operator's log, but `other` has no log of its own yet.
      await expect(anchor.connect(other).anchor(200, hex(TREE.root(200)), hexes(TREE.consistencyProof(100, 200))))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(0, consistencyShape(100, 200).length);
      // Anchoring with an empty proof starts other's own log; the operator's is untouched.
      await anchor.connect(other).anchor(200, hex(FORK.root(200)), []);
      await expectUnchanged(anchor, operator.address);
    });
  });

  describe("pure proof helpers", function () {
    const leaves = vectors.tree.leaves.map((x) => hashLeaf(Buffer.from(x, "hex")));
    const roots = Object.fromEntries(Object.entries(vectors.tree.roots_by_size).map(([k, v]) => [k, `0x${v}`]));

    it("agree with the published inclusion vectors", async function () {
      const { anchor } = await loadFixture(deployFixture);
      for (const c of vectors.tree.inclusion) {
        const proof = c.proof.map((h) => `0x${h}`);
        const leaf = hex(leaves[c.leaf_index]);
        expect(await anchor.rootFromInclusionProof(c.leaf_index, c.tree_size, leaf, proof)).to.equal(roots[c.tree_size]);
        await anchor.verifyInclusion(c.leaf_index, c.tree_size, leaf, proof, roots[c.tree_size]);
      }
    });

    it("agree with the published consistency vectors", async function () {
      const { anchor } = await loadFixture(deployFixture);
      for (const c of vectors.tree.consistency) {
        const proof = c.proof.map((h) => `0x${h}`);
        expect(await anchor.rootFromConsistencyProof(c.size1, c.size2, proof, roots[c.size1])).to.equal(roots[c.size2]);
        await anchor.verifyConsistency(c.size1, c.size2, proof, roots[c.size1], roots[c.size2]);
      }
    });

    it("verify inclusion of every leaf in trees of 1 to 64 leaves", async function () {
      const { anchor } = await loadFixture(deployFixture);
      for (let size = 1; size <= 64; size++) {
        const root = hex(TREE.root(size));
        for (let index = 0; index < size; index++) {
          await anchor.verifyInclusion(index, size, hex(TREE.leaf(index)), hexes(TREE.inclusionProof(index, size)), root);
        }
      }
    });

    it("verify consistency between every pair of sizes up to 64", async function () {
      const { anchor } = await loadFixture(deployFixture);
      for (let size2 = 1; size2 <= 64; size2++) {
        for (let size1 = 1; size1 <= size2; size1++) {
          const proof = hexes(TREE.consistencyProof(size1, size2));
          await anchor.verifyConsistency(size1, size2, proof, hex(TREE.root(size1)), hex(TREE.root(size2)));
        }
      }
    });

    it("verify consistency for sizes up to 2^53 (real proof lengths)", async function () {
      const { anchor } = await loadFixture(deployFixture);
      const big = new UniformTree(2 ** 53);
      const pairs = [
        [1, 2 ** 53],
        [2 ** 32 - 1, 2 ** 32 + 1],
        [2 ** 40 + 12345, 2 ** 52 + 3],
        [2 ** 52 - 1, 2 ** 53],
        [786431, 1048577],
      ];
      for (const [s1, s2] of pairs) {
        const proof = hexes(big.consistencyProof(s1, s2));
        expect(proof.length).to.equal(consistencyShape(s1, s2).length);
        await anchor.verifyConsistency(BigInt(s1), BigInt(s2), proof, hex(big.root(s1)), hex(big.root(s2)));
      }
    });

    it("require the RFC 9162 proof length at 64-bit sizes", async function () {
      const { anchor } = await loadFixture(deployFixture);
      for (const [s1, s2] of [
        [MAX_U64 - 1n, MAX_U64],
        [2n ** 63n + 1n, MAX_U64],
        [1n, MAX_U64],
        [2n ** 32n, 2n ** 63n],
      ]) {
        await expect(anchor.rootFromConsistencyProof(s1, s2, [], ZERO))
          .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
          .withArgs(consistencyShape(s1, s2).length, 0);
      }
      await expect(anchor.rootFromInclusionProof(MAX_U64 - 1n, MAX_U64, ZERO, []))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(inclusionShape(MAX_U64 - 1n, MAX_U64).length, 0);
      await expect(anchor.rootFromInclusionProof(0, MAX_U64, ZERO, []))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(inclusionShape(0, MAX_U64).length, 0);
    });

    it("reject bad inclusion input", async function () {
      const { anchor } = await loadFixture(deployFixture);
      const proof = hexes(TREE.inclusionProof(5, 10));
      const leaf = hex(TREE.leaf(5));
      const root = hex(TREE.root(10));
      await expect(anchor.rootFromInclusionProof(10, 10, leaf, proof))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorIndexOutOfRange")
        .withArgs(10, 10);
      await expect(anchor.rootFromInclusionProof(0, 0, leaf, []))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorIndexOutOfRange")
        .withArgs(0, 0);
      await expect(anchor.verifyInclusion(5, 10, leaf, proof.slice(1), root))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(proof.length, proof.length - 1);
      await expect(anchor.verifyInclusion(5, 10, leaf, [...proof, ZERO], root))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(proof.length, proof.length + 1);
      await expect(anchor.verifyInclusion(5, 10, hex(TREE.leaf(6)), proof, root)).to.be.revertedWithCustomError(
        anchor,
        "EvidenceAnchorRootMismatch",
      );
      await expect(anchor.verifyInclusion(5, 10, leaf, proof, OTHER))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorRootMismatch")
        .withArgs(root, OTHER);
    });

    it("reject bad consistency input", async function () {
      const { anchor } = await loadFixture(deployFixture);
      const proof = hexes(TREE.consistencyProof(10, 20));
      const [r10, r20] = [hex(TREE.root(10)), hex(TREE.root(20))];
      await expect(anchor.rootFromConsistencyProof(0, 20, proof, r10))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidTreeSizes")
        .withArgs(0, 20);
      await expect(anchor.rootFromConsistencyProof(20, 10, proof, r20))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidTreeSizes")
        .withArgs(20, 10);
      await expect(anchor.rootFromConsistencyProof(10, 10, [r10], r10))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorInvalidProofLength")
        .withArgs(0, 1);
      expect(await anchor.rootFromConsistencyProof(10, 10, [], r10)).to.equal(r10);
      await expect(anchor.verifyConsistency(10, 20, proof, OTHER, r20))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorRootMismatch")
        .withArgs(r10, OTHER);
      await expect(anchor.verifyConsistency(10, 20, proof, r10, OTHER))
        .to.be.revertedWithCustomError(anchor, "EvidenceAnchorRootMismatch")
        .withArgs(r20, OTHER);
    });
  });
});
