// Mirrors verifier/core/mpt.py: Merkle-Patricia trie proofs in the eth_getProof convention.
import { VerifyError } from './errors.js';
import { equal, toHex } from './bytes.js';
import { keccak256 } from './hex.js';
import { decode, encode } from './rlp.js';

const HASH_SIZE = 32;
const BRANCH_WIDTH = 17;

function trie(message) {
  return new VerifyError('TrieProofError', message);
}

function absent(message) {
  return new VerifyError('KeyNotInTrie', message);
}

// errors.py RootMismatchError: keeps both roots so a caller can re-raise it under another name.
export function rootMismatch(computed, expected, what = 'root') {
  const error = new VerifyError(
    'RootMismatchError',
    `${what} mismatch: the proof leads to ${toHex(computed)}, expected ${toHex(expected)}`,
  );
  error.computed = computed;
  error.expected = expected;
  return error;
}

/** Hex-prefix decoding (appendix C): [nibbles, isLeaf]; malformed flags or padding throw. */
export function hexPrefixDecode(raw) {
  if (!raw.length) throw trie('a leaf or extension path is empty (no hex-prefix byte)');
  const flag = raw[0] >> 4;
  const first = raw[0] & 0x0f;
  if (flag > 3) throw trie(`hex-prefix flag nibble ${flag} is not 0-3`);
  if (!(flag & 1) && first !== 0) throw trie('hex-prefix padding nibble of an even-length path is not zero');
  const nibbles = flag & 1 ? [first] : [];
  for (const byte of raw.subarray(1)) nibbles.push(byte >> 4, byte & 0x0f);
  return [nibbles, Boolean(flag & 2)];
}

export function keyNibbles(key) {
  const out = [];
  for (const byte of key) out.push(byte >> 4, byte & 0x0f);
  return out;
}

function sameNibbles(a, b) {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * The value stored at `key` in the trie whose root hash is `root`, as mpt.py's
 * verify_mpt_proof: `proof` is the RLP of every hashed node on the path, root first. Throws
 * RootMismatchError, KeyNotInTrie (the proof shows the key absent) or TrieProofError.
 */
export function verifyMptProof(root, key, proof) {
  if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) throw trie('the trie root must be 32 bytes');
  if (!Array.isArray(proof) || !proof.length) throw trie('the proof must be a non-empty sequence of RLP nodes');
  if (proof.length > 2 * key.length + 1) {
    throw trie(`the proof has ${proof.length} nodes, more than any path for the key`);
  }
  const computed = keccak256(proof[0]);
  if (!equal(computed, root)) throw rootMismatch(computed, root, 'trie root');

  const nibbles = keyNibbles(key);
  let used = 1;
  let node = nodeOf(proof[0], 0);
  let pos = 0;
  let afterExtension = false;
  for (;;) {
    let ref;
    if (node.length === BRANCH_WIDTH) {
      if (pos === nibbles.length) {
        const value = valueOf(node[16], 'branch');
        if (!value.length) {
          finish(proof, used);
          throw absent('the key ends at a branch node that holds no value');
        }
        return finish(proof, used, value);
      }
      ref = node[nibbles[pos]];
      pos += 1;
      afterExtension = false;
    } else {
      if (afterExtension) throw trie('an extension node points to another leaf or extension');
      const [path, isLeaf] = hexPrefixDecode(valueOf(node[0], 'path'));
      if (isLeaf) {
        if (!sameNibbles(nibbles.slice(pos), path)) {
          finish(proof, used);
          throw absent('the proof reaches a leaf for a different key');
        }
        const value = valueOf(node[1], 'leaf');
        if (!value.length) throw trie('a leaf node holds an empty value');
        return finish(proof, used, value);
      }
      if (!path.length) throw trie('an extension node has an empty path');
      if (!sameNibbles(nibbles.slice(pos, pos + path.length), path)) {
        finish(proof, used);
        throw absent('the key leaves the path of an extension node');
      }
      pos += path.length;
      ref = node[1];
      afterExtension = true;
    }
    if (Array.isArray(ref)) {
      if (encode(ref).length >= HASH_SIZE) throw trie('a child node of 32 bytes or more is embedded, not hashed');
      node = checkShape(ref, `embedded node after proof node ${used - 1}`);
      continue;
    }
    if (!ref.length) {
      finish(proof, used);
      throw absent("the key's branch slot is empty");
    }
    if (ref.length !== HASH_SIZE) throw trie(`a child reference is ${ref.length} bytes, not 0 or 32`);
    if (used === proof.length) throw trie(`the proof ends after ${used} nodes; the path continues`);
    const raw = proof[used];
    if (!equal(keccak256(raw), ref)) throw trie(`proof node ${used} does not hash to its parent's reference`);
    if (raw.length < HASH_SIZE) throw trie(`proof node ${used} is under 32 bytes and must be embedded`);
    node = nodeOf(raw, used);
    used += 1;
  }
}

function nodeOf(raw, index) {
  let item;
  try {
    item = decode(raw);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'InvalidRLP') {
      throw trie(`proof node ${index} is not canonical RLP: ${error.message}`);
    }
    throw error;
  }
  if (!Array.isArray(item)) throw trie(`proof node ${index} is an RLP string, not a list`);
  return checkShape(item, `proof node ${index}`);
}

function checkShape(node, what) {
  if (node.length !== 2 && node.length !== BRANCH_WIDTH) {
    throw trie(`${what} has ${node.length} items; trie nodes have 2 or 17`);
  }
  return node;
}

function valueOf(item, what) {
  if (Array.isArray(item)) throw trie(`the ${what} field of a trie node is a list, not a byte string`);
  return item;
}

function finish(proof, used, value = new Uint8Array(0)) {
  if (used !== proof.length) throw trie(`the proof has ${proof.length - used} nodes beyond the key's path`);
  return value;
}
