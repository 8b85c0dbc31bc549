// The browser verifier's log part against outside references: RFC 8785 (tests/vectors/jcs.json),
// RFC 9162 / transparency-dev (rfc9162.json) and C2SP / golang.org/x/mod signed notes
// (signed_note.json). Run by test_web_units.py: node --test tests/verifier/web/*.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromHex, toHex } from '../../../verifier/web/src/bytes.js';
import { canonicalize } from '../../../verifier/web/src/jcs.js';
import { parseJson } from '../../../verifier/web/src/jsontext.js';
import { hashChildren, hashLeaf, rootFromInclusionProof } from '../../../verifier/web/src/merkle.js';
import { parseCheckpoint, parseNote, parseVerifierKey, verifyNote } from '../../../verifier/web/src/note.js';

const vectors = (name) => JSON.parse(readFileSync(new URL(`../../vectors/${name}.json`, import.meta.url), 'utf8'));
const hooks = {
  type: 'InvalidBundle', what: 'test',
  duplicate: () => { throw new Error('duplicate'); },
  constant: () => { throw new Error('constant'); },
};

function double(bits) {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt('0x' + bits));
  return view.getFloat64(0);
}

test('JCS numbers: RFC 8785 appendix B and the ES6 samples', () => {
  const jcs = vectors('jcs');
  for (const { bits, expected } of [...jcs.numbers, ...jcs.number_samples]) {
    assert.equal(canonicalize(double(bits)), expected, bits);
  }
  for (const { bits } of jcs.numbers_rejected) assert.throws(() => canonicalize(double(bits)), /cannot be canonicalized/);
});

test('JCS documents: cyberphone/json-canonicalization inputs and outputs', () => {
  for (const { name, input, output } of vectors('jcs').documents) {
    // The vectors' numbers are JSON numbers; a plain integer literal parses as BigInt here.
    assert.equal(canonicalize(parseJson(input, hooks)), output, name);
  }
});

test('RFC 9162 leaf and node hashes', () => {
  const { hasher } = vectors('rfc9162');
  for (const { input, hash } of hasher.leaf) assert.equal(toHex(hashLeaf(fromHex(input))), hash);
  for (const { left, right, hash } of hasher.node) assert.equal(toHex(hashChildren(fromHex(left), fromHex(right))), hash);
});

test('RFC 9162 inclusion proofs lead to the published roots, and a flipped bit does not', () => {
  const { tree } = vectors('rfc9162');
  let checked = 0;
  for (const { leaf_index, tree_size, proof } of tree.inclusion) {
    const leaf = hashLeaf(fromHex(tree.leaves[leaf_index]));
    const hashes = proof.map(fromHex);
    const root = rootFromInclusionProof(BigInt(leaf_index), BigInt(tree_size), leaf, hashes);
    assert.equal(toHex(root), tree.roots_by_size[String(tree_size)]);
    if (hashes.length) {
      hashes[0][0] ^= 1;
      assert.notEqual(toHex(rootFromInclusionProof(BigInt(leaf_index), BigInt(tree_size), leaf, hashes)), toHex(root));
    }
    assert.throws(() => rootFromInclusionProof(BigInt(leaf_index), BigInt(tree_size), leaf, [...hashes, leaf]), { type: 'ProofLengthError' });
    checked++;
  }
  assert.ok(checked >= 5);
  assert.throws(() => rootFromInclusionProof(8n, 8n, new Uint8Array(32), []), { type: 'IndexOutOfRangeError' });
});

test('signed notes: golang.org/x/mod sumdb/note and C2SP examples', () => {
  const v = vectors('signed_note');
  const peter = parseVerifierKey(v.keys.PeterNeumann.verifier_key);
  assert.equal(verifyNote(v.signed_by_peter, peter).text, v.text);
  assert.equal(verifyNote(v.signed_by_both, peter).signatures.length, 2);
  const enoch = parseVerifierKey(v.keys.EnochRoot.verifier_key);
  assert.throws(() => verifyNote(v.signed_by_peter, enoch), { type: 'UnknownKeyError' });
  assert.throws(() => verifyNote(v.invalid_signature.note, peter), (e) => ['SignatureError', 'InvalidNote'].includes(e.type));
  for (const { note } of v.unknown_key_notes) assert.throws(() => verifyNote(note, peter), { type: 'UnknownKeyError' });
  for (const { note, why } of v.malformed_notes) assert.throws(() => parseNote(note), { type: 'InvalidNote' }, why);
  for (const { key, why } of v.bad_verifier_keys) assert.throws(() => parseVerifierKey(key), { type: 'InvalidVerifierKey' }, why);
  assert.throws(() => parseVerifierKey(v.keys.PeterNeumann.signer_key), { type: 'InvalidVerifierKey' });
  const c2sp = v.c2sp_signed_note_example;
  assert.equal(parseNote(c2sp.note).text, c2sp.text);
  const cp = v.c2sp_checkpoint_example;
  const parsed = parseCheckpoint(parseNote(cp.note).text);
  assert.equal(parsed.origin, cp.origin);
  assert.equal(parsed.size, BigInt(cp.size));
  const go = v.go_tlog_tree;
  assert.equal(parseCheckpoint(go.body).size, BigInt(go.size));
  for (const body of go.bad_bodies) assert.throws(() => parseCheckpoint(body), { type: 'InvalidCheckpoint' });
});
