// Mirrors verifier/core/bundle.py's chain spellings: 0x-hex fields and EIP-55 addresses.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { VerifyError } from './errors.js';
import { fromHex, toHex } from './bytes.js';

const CHAIN_HEX = /^0x[0-9a-fA-F]*$/;

function invalid(message) {
  return new VerifyError('InvalidBundle', message);
}

export function keccak256(data) {
  return keccak_256(data);
}

// '0x' and the lowercase hex of `bytes`.
export function hex0x(bytes) {
  return '0x' + toHex(bytes);
}

// Big-endian bytes to a BigInt (empty -> 0n).
export function bytesToBigInt(bytes) {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

// A non-negative BigInt as `size` big-endian bytes (the caller checked it fits).
export function bigIntToBytes(value, size) {
  const out = new Uint8Array(size);
  let n = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(n & 255n);
    n >>= 8n;
  }
  return out;
}

// bundle.py _chain_hex: 0x-prefixed lowercase hex of `size` bytes, or of 1..limit bytes.
export function chainHex(value, where, size = null, limit = 1 << 18) {
  if (typeof value !== 'string' || !CHAIN_HEX.test(value) || value.length % 2) {
    throw invalid(`${where} must be 0x-prefixed hex with an even number of digits`);
  }
  const digits = value.slice(2);
  if (digits !== digits.toLowerCase()) throw invalid(`${where} must be lowercase hex`);
  const raw = fromHex(digits);
  if (size !== null && raw.length !== size) throw invalid(`${where} must be ${size} bytes, got ${raw.length}`);
  if (size === null && !(raw.length > 0 && raw.length <= limit)) {
    throw invalid(`${where} must hold between 1 and ${limit} bytes`);
  }
  return raw;
}

// bundle.py _address: a 0x 20-byte address, all lower, all upper or with a right EIP-55 checksum.
export function address(value, where) {
  if (typeof value !== 'string' || !CHAIN_HEX.test(value) || value.length !== 42) {
    throw invalid(`${where} must be a 0x-prefixed 20-byte address`);
  }
  const digits = value.slice(2);
  const raw = fromHex(digits);
  if (digits !== digits.toLowerCase() && digits !== digits.toUpperCase() && toChecksumAddress(raw) !== value) {
    throw invalid(`${where} has a wrong EIP-55 checksum`);
  }
  return raw;
}

// bundle.py to_checksum_address: the EIP-55 mixed-case form of a 20-byte address.
export function toChecksumAddress(raw) {
  if (raw.length !== 20) throw invalid(`an address is 20 bytes, got ${raw.length}`);
  const digits = toHex(raw);
  const check = toHex(keccak_256(new TextEncoder().encode(digits)));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(check[i], 16) >= 8 ? digits[i].toUpperCase() : digits[i];
  return out;
}
