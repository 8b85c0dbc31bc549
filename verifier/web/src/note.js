// Mirrors verifier/core/note.py and checkpoint.py (C2SP signed-note, tlog-checkpoint) and step
// 4 of policy.py's check_checkpoint without a policy; Ed25519 by @noble/curves (RFC 8032 strict).
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { VerifyError } from './errors.js';
import { b64decodeStrict, concat, equal, pyRepr, toHex } from './bytes.js';

const ALG_ED25519 = 0x01;
const ALG_COSIGNATURE_V1 = 0x04;
const MAX_SIGNATURES = 100;
const MAX_NOTE_BYTES = 1 << 20;
const SIGNATURE_PREFIX = '\u2014 ';
const ED25519_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const MAX_TREE_SIZE = 2n ** 64n - 1n;
const WHITE_SPACE = new Set(
  '\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000',
);
const EMPTY_ROOT = sha256(new Uint8Array(0));
const utf8 = new TextEncoder();

function nameProblem(name) {
  if (!name) return 'must not be empty';
  if (name.includes('+')) return `${pyRepr(name)} must not contain '+'`;
  for (const ch of name) {
    const c = ch.codePointAt(0);
    if (WHITE_SPACE.has(ch)) return `${pyRepr(name)} must not contain spaces (found U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
    if (c < 0x20 || c === 0x7f) return `${pyRepr(name)} must not contain control characters`;
  }
  if (!name.isWellFormed()) return `${pyRepr(name)} is not valid UTF-8 (lone surrogate)`;
  return null;
}

export function computeKeyId(name, publicKey, algorithm = ALG_ED25519) {
  return sha256(concat(utf8.encode(name), Uint8Array.of(0x0a, algorithm), publicKey)).slice(0, 4);
}

function validPoint(publicKey) {
  try {
    ed25519.Point.fromBytes(publicKey, false);
    return true;
  } catch {
    return false;
  }
}

export function ed25519Verify(publicKey, message, signature) {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]);
  if (s >= ED25519_ORDER) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

// A C2SP verifier key `<name>+<8 hex key id>+<base64(alg || key)>`: {name, keyId, publicKey,
// algorithm, text}; throws VerifyError('InvalidVerifierKey').
export function parseVerifierKey(text) {
  const bad = (why) => new VerifyError('InvalidVerifierKey', why);
  if (typeof text !== 'string') throw bad('a verifier key is a string');
  if (text.startsWith('PRIVATE+KEY+')) {
    throw bad(
      'this is a private signing key, not a verifier key: give the public key string (and keep the private one secret)',
    );
  }
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (first < 0 || second < 0) {
    throw bad(
      'a verifier key reads <name>+<8 hex key id>+<base64 key>, e.g. example.com/log+c74f20a3+ARpc...; check that the whole string was copied',
    );
  }
  const name = text.slice(0, first);
  const hexId = text.slice(first + 1, second);
  const encoded = text.slice(second + 1);
  const problem = nameProblem(name);
  if (problem !== null) throw bad(`key name ${problem}`);
  if (!/^[0-9a-f]{8}$/.test(hexId)) throw bad(`key id ${pyRepr(hexId)} must be 8 lowercase hex characters`);
  const raw = b64decodeStrict(encoded);
  if (raw === null || raw.length === 0) throw bad('the key data is not canonical standard base64');
  if (raw[0] !== ALG_ED25519 && raw[0] !== ALG_COSIGNATURE_V1) {
    throw bad(
      `unknown key algorithm 0x${raw[0].toString(16).padStart(2, '0')}; only Ed25519 note keys (0x01) and Ed25519 cosigner keys (0x04)`,
    );
  }
  if (raw.length !== 33) throw bad(`an Ed25519 key is 32 bytes, got ${raw.length - 1}`);
  const publicKey = raw.slice(1);
  const expected = computeKeyId(name, publicKey, raw[0]);
  if (toHex(expected) !== hexId) {
    throw bad(
      `key id ${hexId} does not match the name and public key (they give ${toHex(expected)}): the key string is corrupt`,
    );
  }
  if (!validPoint(publicKey)) throw bad('the public key is not a valid Ed25519 point');
  return { name, keyId: expected, publicKey, algorithm: raw[0], text: `${name}+${hexId}+${encoded}` };
}

function checkCharacters(note) {
  const bad = (why) => new VerifyError('InvalidNote', why);
  if (!note.isWellFormed()) throw bad('the note is not valid UTF-8 (lone surrogate)');
  const size = utf8.encode(note).length;
  if (size > MAX_NOTE_BYTES) throw bad(`the note is ${size} bytes, the limit is ${MAX_NOTE_BYTES}`);
  note.split('\n').forEach((line, n) => {
    for (const ch of line) {
      const c = ch.codePointAt(0);
      if (c < 0x20) throw bad(`line ${n + 1} holds the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  });
}

// A signed note's text and signature lines [{name, keyId, signature}], no signature checked.
export function parseNote(note) {
  const bad = (why) => new VerifyError('InvalidNote', why);
  if (typeof note !== 'string') throw bad('a note is text');
  checkCharacters(note);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw bad('no blank line separates the note text from its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!text.replace(/^\n+|\n+$/g, '')) throw bad('the note text is empty');
  if (!block) throw bad('the note has no signature lines');
  if (!block.endsWith('\n')) throw bad('the last signature line does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw bad(`the note has ${lines.length} signatures, the limit is ${MAX_SIGNATURES}`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

function parseSignatureLine(line) {
  const bad = (why) => new VerifyError('InvalidNote', why);
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    throw bad(`signature line ${pyRepr(line.slice(0, 40))} does not start with an em dash and space`);
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const problem = nameProblem(name);
  if (problem !== null) throw bad(`signature key name ${problem}`);
  const raw = space < 0 ? null : b64decodeStrict(rest.slice(space + 1));
  if (raw === null) throw bad(`the signature of ${name} is not canonical standard base64`);
  if (raw.length <= 4) throw bad(`the signature of ${name} is too short (${raw.length} bytes)`);
  return { name, keyId: raw.slice(0, 4), signature: raw.slice(4) };
}

// Check the note's signature(s) by `key` (parsed); return the parsed note (note.py verify_note).
export function verifyNote(note, key) {
  if (key.algorithm !== ALG_ED25519) {
    throw new VerifyError(
      'InvalidVerifierKey',
      `${key.name}+${toHex(key.keyId)} is a witness's cosigner key (0x04), not a log's note key: give the log's verifier key (cosigner keys go in a policy file)`,
    );
  }
  const parsed = parseNote(note);
  const mine = parsed.signatures.filter((s) => s.name === key.name && equal(s.keyId, key.keyId));
  const id = `${key.name}+${toHex(key.keyId)}`;
  if (mine.length === 0) {
    const found = parsed.signatures.map((s) => `${s.name}+${toHex(s.keyId)}`).join(', ');
    throw new VerifyError(
      'UnknownKeyError',
      `the note is not signed by ${id} (signed by: ${found}); check that you were given this log's verifier key`,
    );
  }
  const message = utf8.encode(parsed.text);
  for (const sig of mine) {
    if (!ed25519Verify(key.publicKey, message, sig.signature)) {
      throw new VerifyError(
        'SignatureError',
        `the signature by ${id} does not verify: the note text or the signature was altered`,
      );
    }
  }
  return parsed;
}

// A checkpoint body {origin, size (bigint), root, extensions}; throws InvalidCheckpoint.
export function parseCheckpoint(body) {
  const bad = (why) => new VerifyError('InvalidCheckpoint', why);
  if (!body.endsWith('\n')) throw bad('the checkpoint text must end with a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('a checkpoint has at least 3 lines: origin, tree size, root hash');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) {
    throw bad(`tree size ${pyRepr(sizeText.slice(0, 30))} is not a decimal number without leading zeros`);
  }
  const root = b64decodeStrict(rootText);
  if (root === null) throw bad('the root hash is not canonical standard base64');
  if (root.length !== 32) throw bad(`the root hash is ${root.length} bytes, expected 32`);
  if (sizeText.length > 20) throw bad(`tree size ${sizeText.slice(0, 30)}... is above 2^64-1`);
  const size = BigInt(sizeText);
  const line = (what, value) => {
    if (!value) throw bad(`${what} must not be empty`);
    for (const ch of value) if (ch.codePointAt(0) < 0x20) throw bad(`${what} must not hold control characters or newlines`);
    if (!value.isWellFormed()) throw bad(`${what} is not valid UTF-8 (lone surrogate)`);
  };
  line('origin', origin);
  if (size > MAX_TREE_SIZE) throw bad(`tree size ${size} is outside 0..2^64-1`);
  if (size === 0n && !equal(root, EMPTY_ROOT)) throw bad("the empty tree's root must be SHA-256 of the empty string");
  extensions.forEach((e, i) => line(`extension line ${i + 1}`, e));
  return { origin, size, root, extensions };
}

// Step 4 without a policy: {checkpoint, used (the key's string, or null)} (policy.py).
export function checkCheckpoint(note, logKey) {
  let checkpoint = parseCheckpoint(parseNote(note).text);
  let used = null;
  if (logKey !== null) {
    const key = parseVerifierKey(logKey);
    checkpoint = parseCheckpoint(verifyNote(note, key).text);
    if (checkpoint.origin !== key.name) {
      throw new VerifyError(
        'InvalidCheckpoint',
        `the checkpoint is from origin ${pyRepr(checkpoint.origin)}, expected ${pyRepr(key.name)}`,
      );
    }
    used = key.text;
  }
  return { checkpoint, used };
}
