// The JS RFC 9162 tree used by the contract tests, checked against the published vectors.
"use strict";

const { expect } = require("chai");
const vectors = require("../vectors/rfc9162.json");
const { hashLeaf, hashChildren, MerkleTree, UniformTree, consistencyShape } = require("./helpers/rfc9162.js");

const hex = (b) => Buffer.from(b).toString("hex");

describe("RFC 9162 test helper (JS) against published vectors", function () {
  const leaves = vectors.tree.leaves.map((x) => hashLeaf(Buffer.from(x, "hex")));
  const tree = new MerkleTree(leaves);

  it("hashes leaves and nodes like the vectors", function () {
    for (const c of vectors.hasher.leaf) expect(hex(hashLeaf(Buffer.from(c.input, "hex")))).to.equal(c.hash);
    for (const c of vectors.hasher.node) {
      expect(hex(hashChildren(Buffer.from(c.left, "hex"), Buffer.from(c.right, "hex")))).to.equal(c.hash);
    }
  });

  it("builds the published roots", function () {
    for (const [size, root] of Object.entries(vectors.tree.roots_by_size)) {
      expect(hex(tree.root(Number(size)))).to.equal(root);
    }
  });

  it("builds the published inclusion and consistency proofs", function () {
    for (const c of vectors.tree.inclusion) {
      expect(tree.inclusionProof(c.leaf_index, c.tree_size).map(hex)).to.deep.equal(c.proof);
    }
    for (const c of vectors.tree.consistency) {
      expect(tree.consistencyProof(c.size1, c.size2).map(hex)).to.deep.equal(c.proof);
    }
  });

  it("predicts the proof length that the recursive definition produces", function () {
    const big = MerkleTree.ofSize(70);
    for (let s2 = 2; s2 <= 70; s2++) {
      for (let s1 = 1; s1 < s2; s1++) {
        expect(big.consistencyProof(s1, s2).length, `${s1}->${s2}`).to.equal(consistencyShape(s1, s2).length);
      }
    }
  });

  it("gives a uniform tree the same root as a real tree of equal leaves", function () {
    const leaf = hashLeaf(Buffer.from("same"));
    for (const size of [1, 2, 3, 7, 8, 13, 33]) {
      const real = new MerkleTree(Array(size).fill(leaf));
      const uniform = new UniformTree(size, leaf);
      expect(hex(uniform.root())).to.equal(hex(real.root()));
      expect(uniform.consistencyProof(1, size).map(hex)).to.deep.equal(real.consistencyProof(1, size).map(hex));
    }
  });
});
