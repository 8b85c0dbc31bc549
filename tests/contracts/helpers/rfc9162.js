// RFC 9162 section 2.1 Merkle trees in JavaScript: a second implementation for the contract tests.
// Proofs follow the RFC's recursive PATH/SUBPROOF definitions (not the iterative algorithm
// the contract and verifier/proof.py use), so agreement between them means something.
"use strict";

const crypto = require("node:crypto");

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

// crypto.hash (Node >= 20.12) is about twice as fast as createHash for small inputs.
const sha256 =
  typeof crypto.hash === "function"
    ? (data) => crypto.hash("sha256", data, "buffer")
    : (data) => crypto.createHash("sha256").update(data).digest();

/** MTH({d}) = SHA-256(0x00 || d). */
function hashLeaf(input) {
  return sha256(Buffer.concat([LEAF_PREFIX, Buffer.from(input)]));
}

/** SHA-256(0x01 || left || right). */
function hashChildren(left, right) {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

/** Largest power of two strictly smaller than n (n >= 2), as RFC 9162 splits trees. */
function splitPoint(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A Merkle tree over leaf hashes. `subtree(lo, hi)` is MTH(D[lo:hi]); the class keeps the
 * hashes of complete, aligned subtrees level by level, so any range costs O(log n) hashes.
 */
class MerkleTree {
  /** @param {Buffer[]} leafHashes 32-byte leaf hashes, in order. */
  constructor(leafHashes) {
    this.size = leafHashes.length;
    // levels[k] holds the hashes of the complete subtrees of 2^k leaves, 32 bytes each.
    this.levels = [Buffer.concat(leafHashes)];
    const buf = Buffer.alloc(65);
    buf[0] = 0x01;
    for (let k = 0; this.levels[k].length >= 64; k++) {
      const below = this.levels[k];
      const count = Math.floor(below.length / 64);
      const level = Buffer.allocUnsafe(count * 32);
      for (let j = 0; j < count; j++) {
        below.copy(buf, 1, j * 64, j * 64 + 64);
        sha256(buf).copy(level, j * 32);
      }
      this.levels.push(level);
    }
  }

  /** Build a tree of `size` distinct leaves: leaf i hashes the 8-byte big-endian i. */
  static ofSize(size, salt = "") {
    const leaves = new Array(size);
    const input = Buffer.alloc(9 + Buffer.byteLength(salt));
    input.write(salt, 9);
    for (let i = 0; i < size; i++) {
      input.writeBigUInt64BE(BigInt(i), 1);
      leaves[i] = sha256(input);
    }
    return new MerkleTree(leaves);
  }

  leaf(i) {
    return this.levels[0].subarray(i * 32, i * 32 + 32);
  }

  /** MTH(D[lo:hi]) for 0 <= lo < hi <= size. */
  subtree(lo, hi) {
    const n = hi - lo;
    if ((n & (n - 1)) === 0 && lo % n === 0) {
      const k = Math.log2(n);
      const j = lo / n;
      return this.levels[k].subarray(j * 32, j * 32 + 32);
    }
    const k = splitPoint(n);
    return hashChildren(this.subtree(lo, lo + k), this.subtree(lo + k, hi));
  }

  /** Root of the first `size` leaves (size >= 1). */
  root(size = this.size) {
    return Buffer.from(this.subtree(0, size));
  }

  /** RFC 9162 PATH(m, D[0:size]), leaf first. */
  inclusionProof(index, size = this.size) {
    const path = (m, lo, hi) => {
      const n = hi - lo;
      if (n === 1) return [];
      const k = splitPoint(n);
      if (m < k) return [...path(m, lo, lo + k), this.subtree(lo + k, hi)];
      return [...path(m - k, lo + k, hi), this.subtree(lo, lo + k)];
    };
    return path(index, 0, size).map((h) => Buffer.from(h));
  }

  /** RFC 9162 PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  consistencyProof(size1, size2 = this.size) {
    const subproof = (m, lo, hi, b) => {
      const n = hi - lo;
      if (m === n) return b ? [] : [this.subtree(lo, hi)];
      const k = splitPoint(n);
      if (m <= k) return [...subproof(m, lo, lo + k, b), this.subtree(lo + k, hi)];
      return [...subproof(m - k, lo + k, hi, false), this.subtree(lo, lo + k)];
    };
    if (size1 === size2) return [];
    return subproof(size1, 0, size2, true).map((h) => Buffer.from(h));
  }
}

/**
 * The tree whose leaves all have the same hash. MTH of a range depends only on its length,
 * so roots and proofs of any size up to 2^53 cost O(log^2 n): used for real-length proofs of
 * logs too large to build (1G entries) in the gas benchmark.
 */
class UniformTree extends MerkleTree {
  constructor(size, leafHash = hashLeaf(Buffer.from("ipledger uniform leaf"))) {
    super([leafHash]);
    this.size = size;
    this.memo = new Map([[1, leafHash]]);
  }

  subtree(lo, hi) {
    const n = hi - lo;
    let h = this.memo.get(n);
    if (h === undefined) {
      const k = splitPoint(n);
      h = hashChildren(this.subtree(0, k), this.subtree(0, n - k));
      this.memo.set(n, h);
    }
    return h;
  }
}

function bitLength(x) {
  return x === 0n ? 0 : x.toString(2).length;
}

function popCount(x) {
  return [...x.toString(2)].filter((c) => c === "1").length;
}

function trailingZeros(x) {
  return bitLength(x & -x) - 1;
}

/** Length of the inclusion proof for leaf `index` of `size` (a port of verifier/proof.py). */
function inclusionShape(index, size) {
  const i = BigInt(index);
  const inner = bitLength(i ^ (BigInt(size) - 1n));
  return { length: inner + popCount(i >> BigInt(inner)) };
}

/**
 * Shape of the consistency proof from size1 to size2 (0 < size1 < size2 < 2^64), a port of
 * verifier/proof.py: its length, and how many SHA-256 calls a verifier makes for it.
 */
function consistencyShape(size1, size2) {
  const s1 = BigInt(size1);
  const s2 = BigInt(size2);
  const index = s1 - 1n;
  let inner = bitLength(index ^ (s2 - 1n));
  const border = popCount(index >> BigInt(inner));
  const shift = trailingZeros(s1);
  inner -= shift;
  const start = s1 === 1n << BigInt(shift) ? 0 : 1;
  const mask = index >> BigInt(shift);
  const innerRight = popCount(mask & ((1n << BigInt(inner)) - 1n));
  return { length: start + inner + border, hashes: innerRight + inner + 2 * border };
}

module.exports = {
  sha256,
  hashLeaf,
  hashChildren,
  MerkleTree,
  UniformTree,
  consistencyShape,
  inclusionShape,
};
