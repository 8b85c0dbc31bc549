// Mirrors verifier/core/ethereum.py: block headers and EIP-2718 receipts, strictly decoded.
import { VerifyError } from './errors.js';
import { equal, toHex } from './bytes.js';
import { keccak256 } from './hex.js';
import { verifyMptProof } from './mpt.js';
import { decode, decodeUint, encode } from './rlp.js';

export const HASH_SIZE = 32;
export const ADDRESS_SIZE = 20;
const BLOOM_SIZE = 256;
const MAX_TOPICS = 4;
const RECEIPT_TYPES = [1, 2, 3, 4];
export const FORKS_BY_FIELD_COUNT = { 15: 'frontier', 16: 'london', 17: 'shanghai', 20: 'cancun', 21: 'prague' };

function headerItems(raw) {
  let item;
  try {
    item = decode(raw);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'InvalidRLP') {
      throw new VerifyError('InvalidHeader', `block header is not canonical RLP: ${error.message}`);
    }
    throw error;
  }
  if (!Array.isArray(item)) throw new VerifyError('InvalidHeader', 'block header is an RLP string, not a list');
  if (!(item.length in FORKS_BY_FIELD_COUNT)) {
    const counts = Object.entries(FORKS_BY_FIELD_COUNT).map(([n, fork]) => `${n} (${fork})`).join(', ');
    throw new VerifyError('InvalidHeader', `block header has ${item.length} fields; known layouts have ${counts}`);
  }
  return item;
}

export function fixed(item, size, name, type) {
  if (Array.isArray(item)) throw new VerifyError(type, `${name} is an RLP list, expected ${size} bytes`);
  if (item.length !== size) throw new VerifyError(type, `${name} is ${item.length} bytes, expected ${size}`);
  return item;
}

export function uintField(item, maxBytes, name, type) {
  if (Array.isArray(item)) throw new VerifyError(type, `${name} is an RLP list, expected an integer`);
  try {
    return decodeUint(item, maxBytes);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'InvalidRLP') throw new VerifyError(type, `${name}: ${error.message}`);
    throw error;
  }
}

export function bytesField(item, name, type) {
  if (Array.isArray(item)) throw new VerifyError(type, `${name} is an RLP list, expected bytes`);
  return item;
}

/**
 * Decode a block header's RLP (frontier 15 fields .. prague 21), checking every field's size and
 * canonical form; integers are BigInt. `hash` is keccak256 of `encoded`. Throws InvalidHeader.
 */
export function decodeHeader(raw) {
  if (!(raw instanceof Uint8Array)) throw new VerifyError('InvalidHeader', `block header must be bytes, got ${typeof raw}`);
  const f = headerItems(raw);
  const e = 'InvalidHeader';
  const n = f.length;
  const header = {
    parentHash: fixed(f[0], HASH_SIZE, 'parentHash', e),
    ommersHash: fixed(f[1], HASH_SIZE, 'ommersHash', e),
    coinbase: fixed(f[2], ADDRESS_SIZE, 'coinbase', e),
    stateRoot: fixed(f[3], HASH_SIZE, 'stateRoot', e),
    transactionsRoot: fixed(f[4], HASH_SIZE, 'transactionsRoot', e),
    receiptsRoot: fixed(f[5], HASH_SIZE, 'receiptsRoot', e),
    logsBloom: fixed(f[6], BLOOM_SIZE, 'logsBloom', e),
    difficulty: uintField(f[7], 32, 'difficulty', e),
    number: uintField(f[8], 8, 'number', e),
    gasLimit: uintField(f[9], 8, 'gasLimit', e),
    gasUsed: uintField(f[10], 8, 'gasUsed', e),
    timestamp: uintField(f[11], 8, 'timestamp', e),
    extraData: bytesField(f[12], 'extraData', e),
    mixHash: fixed(f[13], HASH_SIZE, 'mixHash', e),
    nonce: fixed(f[14], 8, 'nonce', e),
    encoded: raw,
  };
  header.baseFeePerGas = n > 15 ? uintField(f[15], 32, 'baseFeePerGas', e) : null;
  header.withdrawalsRoot = n > 16 ? fixed(f[16], HASH_SIZE, 'withdrawalsRoot', e) : null;
  header.blobGasUsed = n > 17 ? uintField(f[17], 8, 'blobGasUsed', e) : null;
  header.excessBlobGas = n > 18 ? uintField(f[18], 8, 'excessBlobGas', e) : null;
  header.parentBeaconBlockRoot = n > 19 ? fixed(f[19], HASH_SIZE, 'parentBeaconBlockRoot', e) : null;
  header.requestsHash = n > 20 ? fixed(f[20], HASH_SIZE, 'requestsHash', e) : null;
  header.hash = keccak256(raw);
  header.fork = FORKS_BY_FIELD_COUNT[n];
  return header;
}

/** Decode `raw` and check it hashes to `blockHash`; throws InvalidHeader or HeaderMismatch. */
export function verifyHeader(raw, blockHash) {
  if (!(blockHash instanceof Uint8Array) || blockHash.length !== HASH_SIZE) {
    throw new VerifyError('InvalidHeader', 'the block hash must be 32 bytes');
  }
  const header = decodeHeader(raw);
  if (!equal(header.hash, blockHash)) {
    throw new VerifyError(
      'HeaderMismatch',
      `block header hashes to 0x${toHex(header.hash)}, not the block hash 0x${toHex(blockHash)}`,
    );
  }
  return header;
}

/** The 2048-bit bloom of the logs' addresses and topics (Yellow Paper M3:2048). */
export function logsBloom(logs) {
  const bloom = new Uint8Array(BLOOM_SIZE);
  for (const log of logs) {
    for (const value of [log.address, ...log.topics]) {
      const digest = keccak256(value);
      for (const i of [0, 2, 4]) {
        const bit = ((digest[i] << 8) | digest[i + 1]) & 2047;
        bloom[BLOOM_SIZE - 1 - (bit >> 3)] |= 1 << (bit % 8);
      }
    }
  }
  return bloom;
}

/**
 * Decode an EIP-2718 consensus receipt (legacy or types 1-4): {txType, status (0 | 1),
 * cumulativeGasUsed (BigInt), logsBloom, logs: [{address, topics, data}]}. Throws InvalidReceipt.
 */
export function decodeReceipt(raw) {
  const e = 'InvalidReceipt';
  if (!(raw instanceof Uint8Array) || !raw.length) throw new VerifyError(e, 'a receipt must be non-empty bytes');
  let txType;
  let payload;
  if (raw[0] >= 0xc0) [txType, payload] = [0, raw];
  else if (RECEIPT_TYPES.includes(raw[0])) [txType, payload] = [raw[0], raw.subarray(1)];
  else throw new VerifyError(e, `receipt type 0x${raw[0].toString(16).padStart(2, '0')} is not legacy or one of 1-4`);
  let item;
  try {
    item = decode(payload);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'InvalidRLP') {
      throw new VerifyError(e, `receipt is not canonical RLP: ${error.message}`);
    }
    throw error;
  }
  if (!Array.isArray(item) || item.length !== 4) throw new VerifyError(e, 'a receipt must be an RLP list of 4 fields');
  const statusRaw = bytesField(item[0], 'status', e);
  if (!(statusRaw.length === 0 || (statusRaw.length === 1 && statusRaw[0] === 1))) {
    throw new VerifyError(
      e,
      'status must be 0 or 1 (a pre-Byzantium receipt with a state root is not supported)',
    );
  }
  if (!Array.isArray(item[3])) throw new VerifyError(e, 'logs must be an RLP list');
  const logs = item[3].map((entry, i) => logOf(entry, i));
  const bloom = fixed(item[2], BLOOM_SIZE, 'logsBloom', e);
  if (!equal(bloom, logsBloom(logs))) throw new VerifyError(e, "logsBloom does not match the receipt's logs");
  return {
    txType,
    status: statusRaw.length,
    cumulativeGasUsed: uintField(item[1], 8, 'cumulativeGasUsed', e),
    logsBloom: bloom,
    logs,
  };
}

function logOf(entry, index) {
  const e = 'InvalidReceipt';
  if (!Array.isArray(entry) || entry.length !== 3) {
    throw new VerifyError(e, `log ${index} must be an RLP list [address, topics, data]`);
  }
  const topics = entry[1];
  if (!Array.isArray(topics) || topics.length > MAX_TOPICS) {
    throw new VerifyError(e, `log ${index} topics must be a list of at most ${MAX_TOPICS}`);
  }
  return {
    address: fixed(entry[0], ADDRESS_SIZE, `log ${index} address`, e),
    topics: topics.map((t, j) => fixed(t, HASH_SIZE, `log ${index} topic ${j}`, e)),
    data: bytesField(entry[2], `log ${index} data`, e),
  };
}

/** The receipts-trie key of a transaction index (BigInt in [0, 2^64)): RLP(txIndex). */
export function receiptKey(txIndex) {
  if (typeof txIndex !== 'bigint' || txIndex < 0n || txIndex >= 2n ** 64n) {
    throw new VerifyError('ReceiptProofError', `tx_index must be an integer in [0, 2^64), got ${txIndex}`);
  }
  return encode(txIndex);
}

/** Check `proof` proves `receipt` at RLP(txIndex) under `receiptsRoot`; the decoded receipt. */
export function verifyReceiptProof(receiptsRoot, txIndex, receipt, proof) {
  checkBlockTrieValue([receiptsRoot, 'receiptsRoot'], txIndex, receipt, proof, ['ReceiptProofError', 'receipt']);
  return decodeReceipt(receipt);
}

/**
 * ethereum.py check_block_trie_value: `root` is [root, its header field's name], `fault` is
 * [the error type to throw, what the value is]. Throws RootMismatchError (named) or `fault`.
 */
export function checkBlockTrieValue(root, txIndex, value, proof, fault) {
  const [type, what] = fault;
  let proven;
  try {
    proven = verifyMptProof(root[0], receiptKey(txIndex), proof);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'RootMismatchError') {
      const renamed = new VerifyError(
        'RootMismatchError',
        `${root[1]} mismatch: the proof leads to ${toHex(error.computed)}, expected ${toHex(error.expected)}`,
      );
      Object.assign(renamed, { computed: error.computed, expected: error.expected });
      throw renamed;
    }
    if (error instanceof VerifyError && (error.type === 'TrieProofError' || error.type === 'KeyNotInTrie')) {
      throw new VerifyError(type, `${what} proof for tx_index ${txIndex}: ${error.message}`);
    }
    throw error;
  }
  if (!equal(proven, value)) {
    throw new VerifyError(type, `the proof proves a different ${what} at tx_index ${txIndex} than the one given`);
  }
}

