// Mirrors verifier/core/ssz.py: SHA-256 merkleization, Merkle branches, two ByteLists.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { VerifyError } from './errors.js';
import { concat, equal } from './bytes.js';
import { rootMismatch } from './mpt.js';
import { bigIntToBytes } from './hex.js';

export const CHUNK = 32;
const OFFSET_SIZE = 4;
const MAX_DEPTH = 64;

export function sha256(data) {
  return nobleSha256(data);
}

// ZERO_HASHES[d]: the root of a subtree of depth d whose 2**d chunks are all zero.
const ZERO_HASHES = [new Uint8Array(CHUNK)];
for (let d = 0; d < MAX_DEPTH; d++) ZERO_HASHES.push(sha256(concat(ZERO_HASHES[d], ZERO_HASHES[d])));

function checkHash(value, what) {
  if (!(value instanceof Uint8Array) || value.length !== CHUNK) throw new VerifyError('HashLengthError', `${what} must be 32 bytes`);
}

/** The root a Merkle branch leads to (consensus-specs is_valid_merkle_branch); index a BigInt. */
export function rootFromMerkleBranch(leaf, branch, depth, index) {
  checkHash(leaf, 'leaf');
  if (!(depth >= 0 && depth <= MAX_DEPTH) || branch.length !== depth) {
    throw new VerifyError('ProofLengthError', `a branch of depth ${depth} has ${depth} hashes, got ${branch.length}`);
  }
  const at = BigInt(index);
  if (!(at >= 0n && at < 2n ** BigInt(depth))) throw new VerifyError('IndexOutOfRangeError', `index ${index} is not below 2**${depth}`);
  let node = leaf;
  branch.forEach((sibling, height) => {
    checkHash(sibling, `branch hash ${height}`);
    node = (at >> BigInt(height)) & 1n ? sha256(concat(sibling, node)) : sha256(concat(node, sibling));
  });
  return node;
}

/** Check that `branch` proves `leaf` at `index` under `root`; throws RootMismatchError. */
export function verifyMerkleBranch(leaf, branch, depth, index, root, what) {
  checkHash(root, `${what} root`);
  const computed = rootFromMerkleBranch(leaf, branch, depth, index);
  if (!equal(computed, root)) throw rootMismatch(computed, root, what);
}

/** The SSZ merkleization of `chunks`, padded with zero chunks to `limit` (>= 1, a number). */
export function merkleize(chunks, limit) {
  if (!(limit >= 1 && limit <= 2 ** MAX_DEPTH) || chunks.length > limit) {
    throw new VerifyError('ProofLengthError', `${chunks.length} chunks do not fit a limit of ${limit}`);
  }
  const depth = (limit - 1).toString(2).replace(/^0$/, '').length;
  let layer = [...chunks];
  for (let height = 0; height < depth; height++) {
    if (layer.length % 2) layer.push(ZERO_HASHES[height]);
    const next = [];
    for (let i = 0; i < layer.length; i += 2) next.push(sha256(concat(layer[i], layer[i + 1])));
    layer = next;
  }
  return layer.length ? layer[0] : ZERO_HASHES[depth];
}

/** SHA-256(root || uint256-le(length)): the root of an SSZ list of that length. */
export function mixInLength(root, length) {
  return sha256(concat(root, bigIntToBytes(BigInt(length), CHUNK).reverse()));
}

function le(bytes) {
  let n = 0;
  for (let i = bytes.length - 1; i >= 0; i--) n = n * 256 + bytes[i];
  return n;
}

/** Split the SSZ of a container of two ByteLists; throws InvalidBlockProof. */
export function decodeTwoByteLists(data, limits, what) {
  if (!(data instanceof Uint8Array) || data.length < 2 * OFFSET_SIZE) {
    throw new VerifyError('InvalidBlockProof', `${what}: SSZ shorter than its two offsets`);
  }
  const first = le(data.subarray(0, OFFSET_SIZE));
  const second = le(data.subarray(OFFSET_SIZE, 2 * OFFSET_SIZE));
  if (first !== 2 * OFFSET_SIZE || !(first <= second && second <= data.length)) {
    throw new VerifyError('InvalidBlockProof', `${what}: SSZ offsets ${first}, ${second} are not in order`);
  }
  const parts = [data.slice(first, second), data.slice(second)];
  parts.forEach((part, i) => {
    if (part.length > limits[i]) {
      throw new VerifyError('InvalidBlockProof', `${what}: a field of ${part.length} bytes exceeds ${limits[i]}`);
    }
  });
  return parts;
}
