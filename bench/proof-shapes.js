// Search for the consistency proofs that cost the most gas to verify on-chain.
//
// The gas of EvidenceAnchor.anchor grows with the proof length (calldata, loop turns) and with
// the number of SHA-256 calls, and depends on nothing else that varies with the sizes. So the
// worst cases over a range of sizes are the Pareto-maximal (length, hashes) shapes there.
"use strict";

const { consistencyShape } = require("../tests/contracts/helpers/rfc9162.js");

const bitLength = (x) => (x === 0n ? 0 : x.toString(2).length);
const popCount = (x) => [...x.toString(2)].filter((c) => c === "1").length;

/** Largest popcount of an integer in [0, x] (x >= 0), and one integer that has it. */
function maxPopAtMost(x) {
  let best = x;
  for (let j = 1; j < bitLength(x); j++) {
    const bit = 1n << BigInt(j);
    if (x & bit) {
      const candidate = (x & ~(bit * 2n - 1n)) | (bit - 1n); // clear bit j, set every bit below
      if (popCount(candidate) > popCount(best)) best = candidate;
    }
  }
  return best;
}

/** Even integer in [0, x] (x >= 0) with the largest popcount. */
function maxPopEvenAtMost(x) {
  return maxPopAtMost(x >> 1n) << 1n;
}

/**
 * Worst consistency-proof shapes over 1 <= size1 <= maxSize1, size1 < size2 <= maxSize2.
 * Returns the Pareto-maximal {length, hashes} shapes, each with one (size1, size2) reaching it
 * (the smallest size2 among those found).
 *
 * How: write index = size1 - 1 and n = size2 - 1. The proof depends on k = bitLength(index ^ n)
 * (index has 0 and n has 1 at bit k-1, both share the prefix P = n >> k) and on the low bits L
 * of index: length = 1 + k + popcount(P) and hashes = popcount(L) + k + 2 popcount(P) when L is
 * even; an odd L (index ending in t ones) is dominated by L - 1. For each k, every prefix P
 * whose whole L range fits under maxSize1 is summed up by the largest popcount(P), and the one
 * prefix cut by maxSize1 is tried on its own. Checked against bruteForceWorst in the tests.
 */
function worstShapes(maxSize1, maxSize2) {
  const S = BigInt(maxSize1);
  const M = BigInt(maxSize2);
  const candidates = [];
  const consider = (k, prefix, lowMax) => {
    if (lowMax < 0n) return;
    const kk = BigInt(k);
    const low = maxPopEvenAtMost(lowMax);
    const index = (prefix << kk) | low;
    const size2 = (prefix << kk) + (1n << (kk - 1n)) + 1n; // smallest size2 with this prefix and k
    if (index + 1n > S || size2 > M) return;
    candidates.push({ size1: index + 1n, size2 });
  };
  for (let k = 1; k <= bitLength(M - 1n); k++) {
    const kk = BigInt(k);
    const half = 1n << (kk - 1n);
    // prefixes whose n fits under maxSize2
    const prefixLimitM = M - 1n - half < 0n ? -1n : (M - 1n - half) >> kk;
    // prefixes whose whole low range [0, half - 1] fits under maxSize1
    const prefixLimitFull = S - half < 0n ? -1n : (S - half) >> kk;
    const full = prefixLimitFull < prefixLimitM ? prefixLimitFull : prefixLimitM;
    if (full >= 0n) consider(k, maxPopAtMost(full), half - 1n);
    // the prefix that maxSize1 cuts short
    const cut = (S - 1n) >> kk;
    if (cut > full && cut <= prefixLimitM) consider(k, cut, S - 1n - (cut << kk));
  }
  return paretoMax(candidates);
}

/** Exhaustive version of worstShapes, for small sizes only (it tries every pair). */
function bruteForceWorst(maxSize1, maxSize2) {
  const candidates = [];
  for (let size1 = 1; size1 <= maxSize1; size1++) {
    for (let size2 = size1 + 1; size2 <= maxSize2; size2++) candidates.push({ size1, size2 });
  }
  return paretoMax(candidates);
}

function paretoMax(pairs) {
  const byShape = new Map();
  for (const { size1, size2 } of pairs) {
    const shape = consistencyShape(size1, size2);
    const key = `${shape.length}/${shape.hashes}`;
    const seen = byShape.get(key);
    if (seen === undefined || BigInt(size2) < BigInt(seen.size2)) {
      byShape.set(key, { ...shape, size1: BigInt(size1), size2: BigInt(size2) });
    }
  }
  const shapes = [...byShape.values()];
  return shapes
    .filter((a) => !shapes.some((b) => b !== a && b.length >= a.length && b.hashes >= a.hashes))
    .sort((a, b) => b.length - a.length || b.hashes - a.hashes);
}

module.exports = { worstShapes, bruteForceWorst, paretoMax };
