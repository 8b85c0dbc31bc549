// Mirrors verifier/core/beacon.py: Portal BlockHeaderWithProof against historical_summaries.
import { VerifyError } from './errors.js';
import { b64decodeStrict, concat, pyRepr, toHex } from './bytes.js';
import { decodeHeader } from './ethereum.js';
import { isObject, parseJson } from './jsontext.js';
import { CHUNK, decodeTwoByteLists, merkleize, mixInLength, sha256, verifyMerkleBranch } from './ssz.js';

export const NETWORK = 'mainnet';
export const CHAIN_ID = 1n;
export const GENESIS_TIME = 1606824023n;
export const SECONDS_PER_SLOT = 12n;
const SLOTS_PER_EPOCH = 32n;
const SLOTS_PER_HISTORICAL_ROOT = 8192n;
export const CAPELLA_SLOT = 194048n * SLOTS_PER_EPOCH;
const DENEB_SLOT = 269568n * SLOTS_PER_EPOCH;
const HISTORICAL_SUMMARIES_LIMIT = 2 ** 24;
const MAX_HEADER_LENGTH = 2048;
const MAX_HEADER_PROOF_LENGTH = 1024;
const MAX_SLOT = 2n ** 64n - 1n;
const MAX_ISO_TIME = 253402300800n;
export const CAPELLA = 'historical_summaries_capella';
export const DENEB = 'historical_summaries_deneb';
// Proof type -> [depth, index] of block_hash under the beacon block root (see beacon.py).
const EXECUTION_PROOF = { [CAPELLA]: [11, (4 * 16 + 9) * 16 + 12], [DENEB]: [12, (4 * 16 + 9) * 32 + 12] };
const BEACON_PROOF_DEPTH = 13;
const SLOT_SIZE = 8;
const TRUST_ROOT_KEYS = ['format', 'version', 'network', 'chain_id', 'slot', 'historical_summaries_root', 'historical_summaries'];

const floorDiv = (a, b) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

export function slotTime(slot) {
  return GENESIS_TIME + SECONDS_PER_SLOT * slot;
}

/** A Unix time (BigInt) as ISO 8601 UTC text, e.g. 2025-03-30T12:00:23Z. */
export function utc(unixTime) {
  if (!(unixTime >= 0n && unixTime < MAX_ISO_TIME)) return `Unix time ${unixTime}`;
  return new Date(Number(unixTime) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function periodOf(slot) {
  return floorDiv(slot - CAPELLA_SLOT, SLOTS_PER_HISTORICAL_ROOT);
}

export function periodCloses(slot) {
  return utc(slotTime(CAPELLA_SLOT + (periodOf(slot) + 1n) * SLOTS_PER_HISTORICAL_ROOT));
}

export function proofTypeFor(timestamp) {
  if (timestamp >= slotTime(DENEB_SLOT)) return DENEB;
  if (timestamp >= slotTime(CAPELLA_SLOT)) return CAPELLA;
  throw new VerifyError(
    'UnsupportedBlockProof',
    `the block of ${utc(timestamp)} is before Capella: its proof (historical_roots or the ` +
      'pre-merge accumulator) is not implemented; verify it with --rpc',
  );
}

function untrusted(message) {
  return new VerifyError('InvalidTrustRoot', message);
}

/**
 * Mainnet's historical_summaries at `slot` (BigInt): {slot, summaries: [[blockRoot, stateRoot]],
 * root (hash_tree_root, computed once)}. Checks beacon.py's __post_init__; throws InvalidTrustRoot.
 */
export function historicalSummaries(slot, summaries) {
  if (typeof slot !== 'bigint' || !(slot >= CAPELLA_SLOT && slot <= MAX_SLOT)) {
    throw untrusted(`the trust root's slot must be an integer >= ${CAPELLA_SLOT}`);
  }
  if (BigInt(summaries.length) !== periodOf(slot)) {
    throw untrusted(`the state at slot ${slot} has ${periodOf(slot)} historical summaries, not ${summaries.length}`);
  }
  const leaves = summaries.map(([block, state]) => sha256(concat(block, state)));
  const root = mixInLength(merkleize(leaves, HISTORICAL_SUMMARIES_LIMIT), leaves.length);
  return { slot, summaries, root };
}

/** Parse a trust-root file's text (beacon.py HistoricalSummaries.from_json). */
export function parseTrustRoot(text) {
  const doc = parseJson(text, {
    type: 'InvalidTrustRoot',
    what: 'the trust root',
    duplicate: () => {},
    constant: (name) => {
      throw untrusted(`the trust root is not JSON text: ${name}`);
    },
  });
  const keys = isObject(doc) ? Object.keys(doc) : [];
  if (!isObject(doc) || keys.length !== TRUST_ROOT_KEYS.length || !TRUST_ROOT_KEYS.every((k) => keys.includes(k))) {
    throw untrusted(`a trust root has exactly the keys [${[...TRUST_ROOT_KEYS].sort().map(pyRepr).join(', ')}]`);
  }
  const expected = [['format', 'ipledger-trust-root'], ['version', 1n], ['network', NETWORK], ['chain_id', CHAIN_ID]];
  for (const [key, value] of expected) {
    if (doc[key] !== value) throw untrusted(`the trust root's ${key} must be ${typeof value === 'string' ? pyRepr(value) : value}`);
  }
  if (typeof doc.slot !== 'bigint') throw untrusted("the trust root's slot must be an integer");
  const stated = doc.historical_summaries_root;
  if (typeof stated !== 'string' || !/^0x[0-9a-f]{64}$/.test(stated)) {
    throw untrusted('historical_summaries_root must be 0x and 64 lowercase hex');
  }
  const data = typeof doc.historical_summaries === 'string' ? b64decodeStrict(doc.historical_summaries) : null;
  if (data === null) throw untrusted("historical_summaries must be the list's SSZ in base64");
  if (data.length % (2 * CHUNK)) throw untrusted('historical_summaries SSZ is not a whole number of 64 bytes');
  if (data.length / (2 * CHUNK) > HISTORICAL_SUMMARIES_LIMIT) throw untrusted('historical_summaries SSZ holds more than 2**24 summaries');
  const pairs = [];
  for (let i = 0; i < data.length; i += 2 * CHUNK) pairs.push([data.slice(i, i + CHUNK), data.slice(i + CHUNK, i + 2 * CHUNK)]);
  const summaries = historicalSummaries(doc.slot, pairs);
  if ('0x' + toHex(summaries.root) !== stated) {
    throw untrusted(`historical_summaries hash to 0x${toHex(summaries.root)}, not the stated historical_summaries_root ${stated}`);
  }
  return summaries;
}

/** Whether a block at `slot` is provable: its period closed before this trust root. */
export function coversSlot(trustRoot, slot) {
  return slot >= CAPELLA_SLOT && periodOf(slot) < BigInt(trustRoot.summaries.length);
}

/** Portal's BlockProofHistoricalSummaries{Capella,Deneb} from its SSZ, as the given type. */
export function blockProofFromSsz(type, data) {
  if (!(type in EXECUTION_PROOF)) throw new VerifyError('InvalidBlockProof', `unknown block proof type ${pyRepr(type)}`);
  const depth = EXECUTION_PROOF[type][0];
  const size = (BEACON_PROOF_DEPTH + 1 + depth) * CHUNK + SLOT_SIZE;
  if (!(data instanceof Uint8Array) || data.length !== size) {
    throw new VerifyError('InvalidBlockProof', `a ${type} proof is ${size} bytes of SSZ`);
  }
  const hashes = [];
  for (let i = 0; i < size - SLOT_SIZE; i += CHUNK) hashes.push(data.slice(i, i + CHUNK));
  let slot = 0n;
  for (let i = size - 1; i >= size - SLOT_SIZE; i--) slot = (slot << 8n) | BigInt(data[i]);
  return {
    type,
    beaconBlockProof: hashes.slice(0, BEACON_PROOF_DEPTH),
    beaconBlockRoot: hashes[BEACON_PROOF_DEPTH],
    executionBlockProof: hashes.slice(BEACON_PROOF_DEPTH + 1),
    slot,
  };
}

function branch(leaf, hashes, [depth, index], root, what) {
  try {
    verifyMerkleBranch(leaf, hashes, depth, index, root, what);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'RootMismatchError') throw new VerifyError('CanonicalityError', error.message);
    throw error;
  }
}

/**
 * Check that `proof` puts the block in the history `trustRoot` commits to (beacon.py
 * verify_block_proof); returns the ProvenBlock. Throws InvalidBlockProof, CanonicalityError or
 * BlockAfterTrustRoot (with slot, trustRootSlot, periodCloses).
 */
export function verifyBlockProof(blockHash, timestamp, number, proof, trustRoot) {
  const expected = proofTypeFor(timestamp);
  if (proof.type !== expected) {
    throw new VerifyError('InvalidBlockProof', `a block of ${utc(timestamp)} needs a ${expected} proof, not ${proof.type}`);
  }
  if (slotTime(proof.slot) !== timestamp) {
    throw new VerifyError(
      'CanonicalityError',
      `slot ${proof.slot} starts at ${utc(slotTime(proof.slot))}, not at the header's time ${utc(timestamp)}`,
    );
  }
  branch(blockHash, proof.executionBlockProof, EXECUTION_PROOF[proof.type], proof.beaconBlockRoot,
    'execution block proof (block hash in beacon block)');
  if (!coversSlot(trustRoot, proof.slot)) {
    const closes = periodCloses(proof.slot);
    const error = new VerifyError(
      'BlockAfterTrustRoot',
      `the block at slot ${proof.slot} is after the trust root at slot ${trustRoot.slot}: ` +
        `it needs a trust root taken after ${closes} (or --rpc)`,
    );
    Object.assign(error, { slot: proof.slot, trustRootSlot: trustRoot.slot, periodCloses: closes });
    throw error;
  }
  const blockSummaryRoot = trustRoot.summaries[Number(periodOf(proof.slot))][0];
  branch(proof.beaconBlockRoot, proof.beaconBlockProof, [BEACON_PROOF_DEPTH, proof.slot % SLOTS_PER_HISTORICAL_ROOT],
    blockSummaryRoot, 'beacon block proof (beacon block in historical summary)');
  return {
    number, hash: blockHash, timestamp, slot: proof.slot, beaconBlockRoot: proof.beaconBlockRoot,
    proofType: proof.type, trustRootSlot: trustRoot.slot, trustRoot: '0x' + toHex(trustRoot.root), chainId: CHAIN_ID,
  };
}

/** Parse Portal BlockHeaderWithProof bytes: [the decoded header, its proof]. */
export function decodeHeaderWithProof(content) {
  const [headerRlp, proof] = decodeTwoByteLists(content, [MAX_HEADER_LENGTH, MAX_HEADER_PROOF_LENGTH], 'BlockHeaderWithProof');
  const header = decodeHeader(headerRlp);
  return [header, blockProofFromSsz(proofTypeFor(header.timestamp), proof)];
}

/** Verify Portal BlockHeaderWithProof bytes against `trustRoot` (see verifyBlockProof). */
export function verifyHeaderProof(content, trustRoot) {
  const [header, proof] = decodeHeaderWithProof(content);
  return verifyBlockProof(header.hash, header.timestamp, header.number, proof, trustRoot);
}
