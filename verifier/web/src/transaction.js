// Mirrors verifier/core/transaction.py: EIP-2718 transactions (types 0-4), sender, trie proofs.
import { VerifyError } from './errors.js';
import { concat } from './bytes.js';
import { ADDRESS_SIZE, HASH_SIZE, checkBlockTrieValue } from './ethereum.js';
import { bytesToBigInt, keccak256 } from './hex.js';
import { decode, decodeUint, encode } from './rlp.js';
import { recoverAddress } from './secp256k1.js';

// Fields before the signature, in RLP order, as name:kind (transaction.py _SPECS).
const SPECS = {
  0: 'nonce:u8 gasPrice:u32 gasLimit:u8 to:to value:u32 data:bytes',
  1: 'chainId:u32 nonce:u8 gasPrice:u32 gasLimit:u8 to:to value:u32 data:bytes accessList:access',
  2: 'chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:to value:u32 data:bytes accessList:access',
  3: 'chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:addr value:u32 data:bytes accessList:access maxFeePerBlobGas:u32 blobVersionedHashes:blobs',
  4: 'chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:addr value:u32 data:bytes accessList:access authorizationList:auths',
  '-1': 'chainId:u32 address:addr nonce:u8 yParity:u1 r:u32 s:u32',
};
const FIELDS = Object.fromEntries(Object.entries(SPECS).map(([t, spec]) => [t, spec.split(' ').map((f) => f.split(':'))]));
const BLOB_HASH_VERSION = 0x01;

function bad(message) {
  return new VerifyError('InvalidTransaction', message);
}

function check(item, kind, name) {
  if (kind === 'access' || kind === 'blobs' || kind === 'auths') {
    if (!Array.isArray(item)) throw bad(`${name} is an RLP string, expected a list`);
    if (kind !== 'access' && !item.length) throw bad(`${name} is empty; this transaction type requires entries`);
    item.forEach((entry, i) => entryOf(entry, kind, `${name}[${i}]`));
    return item;
  }
  if (Array.isArray(item)) throw bad(`${name} is an RLP list, expected bytes`);
  if (kind[0] === 'u') {
    try {
      decodeUint(item, Number(kind.slice(1)));
    } catch (error) {
      if (error instanceof VerifyError && error.type === 'InvalidRLP') throw bad(`${name}: ${error.message}`);
      throw error;
    }
  } else if ((kind === 'to' || kind === 'addr') && item.length !== ADDRESS_SIZE && (kind === 'addr' || item.length)) {
    throw bad(`${name} is ${item.length} bytes, expected ${ADDRESS_SIZE}`);
  }
  return item;
}

function entryOf(entry, kind, name) {
  if (kind === 'blobs') {
    if (Array.isArray(entry) || entry.length !== HASH_SIZE) throw bad(`${name} is not a 32-byte versioned hash`);
    if (entry[0] !== BLOB_HASH_VERSION) {
      throw bad(`${name} has version 0x${entry[0].toString(16).padStart(2, '0')}, not 0x01 (KZG)`);
    }
    return;
  }
  const fields = kind === 'auths' ? FIELDS['-1'] : [['address', 'addr'], ['storageKeys', 'keys']];
  if (!Array.isArray(entry) || entry.length !== fields.length) {
    throw bad(`${name} must be an RLP list of ${fields.length} fields`);
  }
  fields.forEach(([field, sub], i) => {
    const item = entry[i];
    if (sub !== 'keys') check(item, sub, `${name}.${field}`);
    else if (!Array.isArray(item) || item.some((key) => Array.isArray(key) || key.length !== HASH_SIZE)) {
      throw bad(`${name}.storageKeys must be a list of 32-byte keys`);
    }
  });
}

/**
 * Decode a signed EIP-2718 transaction and recover its sender, as transaction.py's
 * decode_transaction: {txType, chainId (BigInt | null), nonce, to (| null), value, data, sender,
 * hash}. Throws InvalidTransaction or InvalidSignature.
 */
export function decodeTransaction(raw) {
  if (!(raw instanceof Uint8Array) || !raw.length) throw bad('a transaction must be non-empty bytes');
  let txType;
  let payload;
  if (raw[0] >= 0xc0) [txType, payload] = [0, raw];
  else if (raw[0] > 0 && raw[0] < 5) [txType, payload] = [raw[0], raw.subarray(1)];
  else throw bad(`transaction type 0x${raw[0].toString(16).padStart(2, '0')} is not legacy or one of 1-4`);
  let item;
  try {
    item = decode(payload);
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'InvalidRLP') {
      throw bad(`transaction is not canonical RLP: ${error.message}`);
    }
    throw error;
  }
  const spec = FIELDS[txType];
  if (txType === 3 && Array.isArray(item) && item.length && Array.isArray(item[0])) {
    throw bad('a blob transaction in its network form (with blobs) is not the form blocks hold');
  }
  if (!Array.isArray(item) || item.length !== spec.length + 3) {
    throw bad(`a type ${txType} transaction is an RLP list of ${spec.length + 3} fields`);
  }
  const fields = spec.map(([name, kind], i) => check(item[i], kind, name));
  const named = Object.fromEntries(spec.map(([name], i) => [name, fields[i]]));
  const n = item.length;
  const v = bytesToBigInt(check(item[n - 3], txType === 0 ? 'u32' : 'u1', txType === 0 ? 'v' : 'yParity'));
  const r = bytesToBigInt(check(item[n - 2], 'u32', 'r'));
  const s = bytesToBigInt(check(item[n - 1], 'u32', 's'));
  let chainId;
  let yParity;
  let signing;
  if (txType) {
    chainId = bytesToBigInt(named.chainId);
    yParity = v;
    signing = concat(Uint8Array.of(txType), encode(fields));
  } else if (v === 27n || v === 28n) {
    [chainId, yParity] = [null, v - 27n];
    signing = encode(fields);
  } else if (v >= 35n) {
    [chainId, yParity] = [(v - 35n) / 2n, (v - 35n) % 2n];
    signing = encode([...fields, chainId, 0n, 0n]);
  } else {
    throw bad(`legacy v is ${v}; it must be 27, 28 or 35 + 2 * chainId + 0/1`);
  }
  const to = named.to;
  return {
    txType,
    chainId,
    nonce: bytesToBigInt(named.nonce),
    to: to.length ? to : null,
    value: bytesToBigInt(named.value),
    data: named.data,
    sender: recoverAddress(keccak256(signing), yParity, r, s),
    hash: keccak256(raw),
  };
}

/** Check `proof` proves `raw` at RLP(txIndex) under `transactionsRoot`; the decoded transaction. */
export function verifyTransactionProof(transactionsRoot, txIndex, raw, proof) {
  if (typeof txIndex !== 'bigint' || txIndex < 0n || txIndex >= 2n ** 64n) {
    throw new VerifyError('TransactionProofError', `tx_index must be an integer in [0, 2^64), got ${txIndex}`);
  }
  checkBlockTrieValue([transactionsRoot, 'transactionsRoot'], txIndex, raw, proof, ['TransactionProofError', 'transaction']);
  return decodeTransaction(raw);
}
