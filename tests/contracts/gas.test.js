// The gas target of docs/design.md section 5: at most 60,000 gas per anchor for logs up to 1M entries.
// Gas is deterministic, so this is a test; the search for the worst case is bench/gas.js.
"use strict";

const { expect } = require("chai");
const { ethers } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { MerkleTree, consistencyShape } = require("./helpers/rfc9162.js");

const TARGET = 60000n;
const hex = (b) => `0x${Buffer.from(b).toString("hex")}`;

async function deployFixture() {
  return { anchor: await ethers.deployContract("EvidenceAnchor"), signers: await ethers.getSigners() };
}

describe("EvidenceAnchor gas", function () {
  let tree;

  before(function () {
    this.timeout(60000);
    tree = MerkleTree.ofSize(1048577); // real distinct leaves, so proofs are real 32-byte hashes
  });

  async function anchorGas(anchor, signer, size1, size2) {
    await (await anchor.connect(signer).anchor(size1, hex(tree.root(size1)), [])).wait();
    const proof = tree.consistencyProof(size1, size2).map(hex);
    const receipt = await (await anchor.connect(signer).anchor(size2, hex(tree.root(size2)), proof)).wait();
    return receipt.gasUsed;
  }

  it("stays within 60,000 for the worst case of docs/design.md (786,431 -> 1,048,577, 22 hashes)", async function () {
    const { anchor, signers } = await loadFixture(deployFixture);
    expect(consistencyShape(786431, 1048577)).to.deep.equal({ length: 22, hashes: 39 });
    expect(await anchorGas(anchor, signers[1], 786431, 1048577)).to.be.at.most(TARGET);
  });

  it("stays within 60,000 from 1,048,575 entries (the most SHA-256 calls below 2^20)", async function () {
    const { anchor, signers } = await loadFixture(deployFixture);
    expect(consistencyShape(1048575, 1048577)).to.deep.equal({ length: 22, hashes: 40 });
    expect(await anchorGas(anchor, signers[2], 1048575, 1048577)).to.be.at.most(TARGET);
  });
});
