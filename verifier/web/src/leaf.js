// Mirrors verifier/core/leaf.py: entry fields, canonical metadata, the 89-byte leaf and its hash.
import { sha256 } from '@noble/hashes/sha2.js';
import { VerifyError } from './errors.js';
import { fromHex } from './bytes.js';
import { canonicalize } from './jcs.js';
import { isObject } from './jsontext.js';
import { hashLeaf } from './merkle.js';

export const METADATA_MAX_BYTES = 4096;
export const MAX_METADATA_DEPTH = 64;
const MAX_SAFE_INTEGER = 2 ** 53 - 1;
const MAX_RECEIVED_AT = 2n ** 64n - 1n;

function entryError(field, reason) {
  return new VerifyError('EntryError', `${field}: ${reason}`);
}

function pyType(value) {
  if (value === null) return 'NoneType';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

export function parseDigest(text) {
  if (typeof text !== 'string') {
    throw entryError('digest', `must be a string 'sha256:<64 hex>', got ${pyType(text)}`);
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(text)) {
    throw entryError('digest', "must be 'sha256:' followed by 64 lowercase hex characters");
  }
  return fromHex(text.slice(7));
}

export function parseNonce(text) {
  if (typeof text !== 'string' || !/^[0-9a-f]{32}$/.test(text)) {
    throw entryError('nonce', 'must be 32 lowercase hex characters (16 bytes)');
  }
  return fromHex(text);
}

export function checkReceivedAt(value) {
  if (typeof value !== 'bigint') {
    throw entryError('received_at', 'must be an integer number of milliseconds since 1970');
  }
  if (value < 0n || value > MAX_RECEIVED_AT) throw entryError('received_at', 'must fit an unsigned 64-bit integer');
  return value;
}

function checkValues(value, depth) {
  if (depth > MAX_METADATA_DEPTH) throw entryError('metadata', `nests deeper than ${MAX_METADATA_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (const item of value) checkValues(item, depth + 1);
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) checkValues(value[key], depth + 1);
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    throw entryError('metadata', 'numbers must be finite');
  } else if (typeof value === 'number' && MAX_SAFE_INTEGER < Math.abs(value) && Math.abs(value) < 1e21) {
    throw entryError('metadata', `number ${value} is an integer beyond ±(2^53-1); send it as a string`);
  }
}

// The RFC 8785 UTF-8 bytes of a metadata object, at most 4 KiB.
export function canonicalMetadata(metadata) {
  if (!isObject(metadata)) throw entryError('metadata', 'must be a JSON object');
  checkValues(metadata, 0);
  const canonical = new TextEncoder().encode(canonicalize(metadata));
  if (canonical.length > METADATA_MAX_BYTES) {
    throw entryError('metadata', `is ${canonical.length} bytes in canonical form, the limit is ${METADATA_MAX_BYTES}`);
  }
  return canonical;
}

// SHA-256 of the canonical metadata bytes, or 32 zero bytes without metadata.
export function metadataHash(canonical) {
  return canonical === null ? new Uint8Array(32) : sha256(canonical);
}

export function leafInput(digest, nonce, metaHash, receivedAt) {
  const out = new Uint8Array(89);
  out[0] = 1; // leaf format v1
  out.set(digest, 1);
  out.set(nonce, 33);
  out.set(metaHash, 49);
  new DataView(out.buffer).setBigUint64(81, receivedAt, false);
  return out;
}

export function entryLeafHash(digest, nonce, metaHash, receivedAt) {
  return hashLeaf(leafInput(digest, nonce, metaHash, receivedAt));
}
