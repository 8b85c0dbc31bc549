// Mirrors verifier/core/rfc9162.py and the inclusion part of verifier/core/proof.py (RFC 9162).
import { sha256 } from '@noble/hashes/sha2.js';
import { VerifyError } from './errors.js';
import { concat } from './bytes.js';

const MAX_TREE_SIZE = 2n ** 64n - 1n;

export function hashLeaf(leafInput) {
  return sha256(concat(Uint8Array.of(0), leafInput));
}

export function hashChildren(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}

function popcount(n) {
  return [...n.toString(2)].filter((c) => c === '1').length;
}

// (inner, border): the proof's part below the split and its right border (proof.py _decompose).
export function decompose(index, size) {
  const inner = bitLength(index ^ (size - 1n));
  return [inner, popcount(index >> BigInt(inner))];
}

function checkHash(name, value) {
  if (!(value instanceof Uint8Array)) throw new VerifyError('HashLengthError', `${name} must be bytes`);
  if (value.length !== 32) throw new VerifyError('HashLengthError', `${name} must be 32 bytes, got ${value.length}`);
  return value;
}

// The root that `proof` yields for leaf `index` (bigint) with `leafHash` in a tree of `size`.
export function rootFromInclusionProof(index, size, leafHash, proof) {
  if (size < 1n || size > MAX_TREE_SIZE) {
    throw new VerifyError('TreeSizeError', `tree size must be between 1 and 2^64-1, got ${size}`);
  }
  if (index < 0n || index >= size) {
    throw new VerifyError('IndexOutOfRangeError', `leaf index ${index} is not in 0..${size - 1n} (tree size ${size})`);
  }
  checkHash('leaf hash', leafHash);
  const [inner, border] = decompose(index, size);
  if (proof.length !== inner + border) {
    throw new VerifyError(
      'ProofLengthError',
      `proof has ${proof.length} hashes, RFC 9162 requires ${inner + border} for these sizes`,
    );
  }
  proof.forEach((h, i) => checkHash(`proof[${i}]`, h));
  let seed = leafHash;
  for (let i = 0; i < inner; i++) {
    seed = (index >> BigInt(i)) & 1n ? hashChildren(proof[i], seed) : hashChildren(seed, proof[i]);
  }
  for (const h of proof.slice(inner)) seed = hashChildren(h, seed);
  return seed;
}
