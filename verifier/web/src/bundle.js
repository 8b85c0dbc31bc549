// Mirrors verifier/core/bundle.py (step 0): the top level, entry, inclusion, checkpoint and
// timestamps of a v1/v2/v3 bundle; the anchor object is parsed by anchoring.js's parseAnchor.
import { VerifyError } from './errors.js';
import { b64decodeStrict, fromHex, pyRepr } from './bytes.js';
import { exceedsDepth, isObject, parseJson } from './jsontext.js';
import { MAX_METADATA_DEPTH, canonicalMetadata, checkReceivedAt, parseDigest, parseNonce } from './leaf.js';
import { parseCheckpoint, parseNote } from './note.js';
import { parseAnchor } from './anchoring.js';

export const FORMAT = 'ipledger-evidence';
export const VERSION = 3;
const MAX_BUNDLE_BYTES = 1 << 20;
const MAX_PROOF_HASHES = 64;
const MAX_TIMESTAMPS = 16;
const MAX_TOKEN_BYTES = 1 << 16;
const MAX_UINT64 = 2n ** 64n - 1n;
const TOP_KEYS = ['format', 'version', 'entry', 'inclusion', 'checkpoint', 'anchor'];
const TOP_KEYS_V3 = [...TOP_KEYS, 'timestamps'];
const ENTRY_KEYS = ['index', 'digest', 'nonce', 'metadata', 'received_at'];
const INCLUSION_KEYS = ['tree_size', 'proof'];

function invalid(message) {
  return new VerifyError('InvalidBundle', message);
}

// bundle.py _object: a JSON object with exactly `keys` (shared with the anchor part).
export function object(value, where, keys) {
  if (!isObject(value)) throw invalid(`${where} must be a JSON object`);
  const unknown = Object.keys(value).filter((k) => !keys.includes(k)).sort();
  if (unknown.length) throw invalid(`${where} has unknown key(s) ${unknown.map(pyRepr).join(', ')}`);
  const missing = keys.filter((k) => !Object.prototype.hasOwnProperty.call(value, k));
  if (missing.length) throw invalid(`${where} lacks key(s) ${missing.map(pyRepr).join(', ')}`);
  return value;
}

// bundle.py _uint: an integer (BigInt from parseJson) from 0 to maximum.
export function uint(value, where, maximum = MAX_UINT64) {
  if (typeof value !== 'bigint' || value < 0n || value > maximum) {
    throw invalid(`${where} must be an integer from 0 to ${maximum}`);
  }
  return value;
}

function plainHex(value, where, size) {
  if (typeof value !== 'string' || value.length !== 2 * size || !/^[0-9a-f]*$/.test(value)) {
    throw invalid(`${where} must be ${2 * size} lowercase hex characters`);
  }
  return fromHex(value);
}

// bundle.py _chain_base64: canonical padded base64 of `size` bytes, or 1..limit bytes.
export function chainBase64(value, where, size = null, limit = 1 << 18) {
  const raw = typeof value === 'string' && value ? b64decodeStrict(value) : null;
  if (raw === null) {
    const spelled = typeof value === 'string' && value && /^[A-Za-z0-9+/=]*$/.test(value) && value.length % 4 === 0;
    throw invalid(spelled && !/=[^=]/.test(value) ? `${where} is not in canonical base64` : `${where} must be base64 text (RFC 4648, with padding)`);
  }
  if (size !== null && raw.length !== size) throw invalid(`${where} must be ${size} bytes, got ${raw.length}`);
  if (size === null && !(raw.length > 0 && raw.length <= limit)) throw invalid(`${where} must hold between 1 and ${limit} bytes`);
  return raw;
}

/**
 * Parse and validate a bundle (string, or Uint8Array of UTF-8) as EvidenceBundle.from_json:
 * {version, entry: {index, digest, nonce, metadata (canonical bytes | null), receivedAt},
 * inclusion: {treeSize, proof}, checkpoint (the note text), anchor (parseAnchor's),
 * timestamps (Uint8Array[])}. Throws VerifyError('InvalidBundle').
 */
export function parseBundle(input) {
  let text = input;
  if (input instanceof Uint8Array) {
    if (input.length > MAX_BUNDLE_BYTES) throw invalid(`bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      throw invalid('bundle is not UTF-8 text (invalid start byte)');
    }
  }
  if (typeof text !== 'string') throw invalid('bundle must be JSON text');
  if ([...text].length > MAX_BUNDLE_BYTES) throw invalid(`bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
  if (exceedsDepth(text, MAX_METADATA_DEPTH + 2)) throw invalid('bundle nests arrays or objects too deeply');
  const data = parseJson(text, {
    type: 'InvalidBundle',
    what: 'bundle',
    duplicate: (key) => {
      throw invalid(`duplicate key ${pyRepr(key)}`);
    },
    constant: (name) => {
      throw invalid(`${name} is not a JSON number`);
    },
  });
  const version = isObject(data) && 'version' in data ? data.version : 1n;
  if (typeof version !== 'bigint' || version < 1n || version > 3n) {
    throw invalid(
      `version must be 1, 2 or 3; this verifier reads versions 1 to ${VERSION} (a newer bundle needs a newer ipledger-verifier)`,
    );
  }
  const v = Number(version);
  const top = object(data, 'bundle', v >= 3 ? TOP_KEYS_V3 : TOP_KEYS);
  if (top.format !== FORMAT) throw invalid(`format must be ${pyRepr(FORMAT)}`);
  const entry = parseEntry(top.entry);
  const inclusion = parseInclusion(top.inclusion, v);
  const checkpoint = parseCheckpointText(top.checkpoint);
  const anchor = parseAnchor(top.anchor, v);
  const timestamps = v >= 3 ? parseTimestamps(top.timestamps) : [];
  return { version: v, entry, inclusion, checkpoint, anchor, timestamps };
}

function parseEntry(value) {
  const obj = object(value, 'entry', ENTRY_KEYS);
  let digest, nonce, receivedAt, metadata;
  try {
    digest = parseDigest(obj.digest);
    nonce = parseNonce(obj.nonce);
    receivedAt = checkReceivedAt(obj.received_at);
    if (obj.metadata === null) metadata = null;
    else if (!isObject(obj.metadata)) throw new VerifyError('EntryError', 'metadata: must be a JSON object or null');
    else metadata = canonicalMetadata(obj.metadata);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'EntryError') throw invalid(`entry.${error.message}`);
    throw error;
  }
  return { index: uint(obj.index, 'entry.index'), digest, nonce, metadata, receivedAt };
}

function parseTimestamps(value) {
  if (!Array.isArray(value) || value.length > MAX_TIMESTAMPS) {
    throw invalid(`timestamps must be a list of at most ${MAX_TIMESTAMPS} tokens`);
  }
  const tokens = value.map((t, i) => chainBase64(t, `timestamps[${i}]`, null, MAX_TOKEN_BYTES));
  if (new Set(value).size !== value.length) throw invalid('timestamps carries the same token twice');
  return tokens;
}

function parseInclusion(value, version) {
  const obj = object(value, 'inclusion', INCLUSION_KEYS);
  const proof = obj.proof;
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) {
    throw invalid(`inclusion.proof must be a list of at most ${MAX_PROOF_HASHES} hashes`);
  }
  const read = version < 2 ? plainHex : chainBase64;
  return {
    treeSize: uint(obj.tree_size, 'inclusion.tree_size'),
    proof: proof.map((h, i) => read(h, `inclusion.proof[${i}]`, 32)),
  };
}

function parseCheckpointText(value) {
  if (typeof value !== 'string' || !value || [...value].length > 1 << 16) {
    throw invalid('checkpoint must be the signed note text (a non-empty string)');
  }
  try {
    parseCheckpoint(parseNote(value).text);
  } catch (error) {
    if (error instanceof VerifyError && (error.type === 'InvalidNote' || error.type === 'InvalidCheckpoint')) {
      throw invalid(`checkpoint is not a signed checkpoint note: ${error.message}`);
    }
    throw error;
  }
  return value;
}
