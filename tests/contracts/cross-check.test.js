// The contract's proof helpers against verifier/proof.py (the reference) on random and broken proofs.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { expect } = require("chai");
const { ethers, config } = require("hardhat");
const { loadFixture } = require("@nomicfoundation/hardhat-network-helpers");
const { hashLeaf, MerkleTree } = require("./helpers/rfc9162.js");

const PYTHON = process.env.IPLEDGER_PYTHON || path.join(config.paths.root, ".venv", "bin", "python");
const SCRIPT = path.join(__dirname, "helpers", "verify_with_python.py");

// verifier error class -> EvidenceAnchor custom error
const ERRORS = {
  ProofLengthError: "EvidenceAnchorInvalidProofLength",
  RootMismatchError: "EvidenceAnchorRootMismatch",
  IndexOutOfRangeError: "EvidenceAnchorIndexOutOfRange",
  TreeSizeError: "EvidenceAnchorInvalidTreeSizes",
};

/** Deterministic pseudo-random integers (mulberry32), so failures reproduce. */
function rng(seed) {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** Valid proofs and broken variants: one hash changed, cut, extended, reordered, other sizes. */
function makeCases(tree, count, seed) {
  const rand = rng(seed);
  const raw = (b) => Buffer.from(b).toString("hex");
  const mutate = (proof, kind) => {
    const p = [...proof];
    if (kind === 1 && p.length > 0) p[rand(p.length)] = raw(hashLeaf(Buffer.from(`x${rand(1e9)}`)));
    if (kind === 2) p.pop();
    if (kind === 3) p.push(raw(hashLeaf(Buffer.from("extra"))));
    if (kind === 4 && p.length > 1) [p[0], p[p.length - 1]] = [p[p.length - 1], p[0]];
    return p;
  };
  const cases = [];
  for (let i = 0; i < count; i++) {
    const kind = rand(7); // 0: valid, 1-4: mutated proof, 5: other sizes, 6: index = size
    const size2 = 1 + rand(tree.size);
    const size1 = 1 + rand(size2);
    const index = rand(size2);
    const shift = kind === 5 ? rand(3) - 1 : 0;
    cases.push({
      kind: "consistency",
      size1: Math.max(0, size1 + shift),
      size2,
      proof: mutate(tree.consistencyProof(size1, size2).map(raw), kind),
      root1: raw(tree.root(size1)),
    });
    cases.push({
      kind: "inclusion",
      index: kind === 6 ? size2 : index + (kind === 5 ? 1 : 0),
      size: size2,
      leaf: raw(tree.leaf(index)),
      proof: mutate(tree.inclusionProof(index, size2).map(raw), kind),
    });
  }
  return cases;
}

async function deployFixture() {
  return ethers.deployContract("EvidenceAnchor");
}

async function contractResult(anchor, c) {
  const proof = c.proof.map((h) => `0x${h}`);
  try {
    const root =
      c.kind === "inclusion"
        ? await anchor.rootFromInclusionProof(c.index, c.size, `0x${c.leaf}`, proof)
        : await anchor.rootFromConsistencyProof(c.size1, c.size2, proof, `0x${c.root1}`);
    return { root: root.slice(2) };
  } catch (e) {
    const parsed = e.data ? anchor.interface.parseError(e.data) : null;
    if (parsed === null) throw e;
    return { error: parsed.name };
  }
}

describe("EvidenceAnchor proof helpers against verifier/proof.py", function () {
  before(function () {
    if (!fs.existsSync(PYTHON)) {
      throw new Error(`no Python at ${PYTHON}: run make install (or set IPLEDGER_PYTHON)`);
    }
  });

  it("give the same root or the same failure for 1,600 proofs", async function () {
    const anchor = await loadFixture(deployFixture);
    const cases = makeCases(MerkleTree.ofSize(1500), 800, 9162);
    const python = JSON.parse(
      execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(cases), cwd: config.paths.root, encoding: "utf8" }),
    );
    expect(python).to.have.length(cases.length);
    const seen = new Set();
    for (let i = 0; i < cases.length; i++) {
      const expected = python[i].error ? { error: ERRORS[python[i].error] } : python[i];
      expect(await contractResult(anchor, cases[i]), JSON.stringify(cases[i])).to.deep.equal(expected);
      seen.add(expected.error ?? "ok");
    }
    // The cases must exercise every outcome, or the comparison proves less than it claims.
    expect([...seen].sort()).to.deep.equal(["ok", ...Object.values(ERRORS)].sort());
  });
});
