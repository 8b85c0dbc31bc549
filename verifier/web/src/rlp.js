// Mirrors verifier/core/rlp.py: strict RLP (Yellow Paper appendix B), canonical-only decoding.
import { VerifyError } from './errors.js';
import { concat } from './bytes.js';
import { bytesToBigInt } from './hex.js';

export const MAX_DEPTH = 32;
const SHORT_LIMIT = 56;

function bad(message) {
  return new VerifyError('InvalidRLP', message);
}

const hex2 = (b) => b.toString(16).padStart(2, '0');

/**
 * Decode one RLP item spanning all of `data` (Uint8Array): a string is a Uint8Array, a list an
 * Array. Throws VerifyError('InvalidRLP') for non-canonical, truncated or trailing bytes.
 */
export function decode(data, maxDepth = MAX_DEPTH) {
  if (!(data instanceof Uint8Array)) throw bad(`RLP input must be bytes, got ${typeof data}`);
  const [item, end] = decodeAt(data, 0, data.length, 0, maxDepth);
  if (end !== data.length) throw bad(`${data.length - end} trailing bytes after the RLP item at offset ${end}`);
  return item;
}

function decodeAt(data, pos, end, depth, maxDepth) {
  if (pos >= end) throw bad(`truncated: an item was expected at offset ${pos}`);
  const prefix = data[pos];
  if (prefix < 0x80) return [data.slice(pos, pos + 1), pos + 1];
  if (prefix < 0xb8) {
    const length = prefix - 0x80;
    const start = pos + 1;
    checkRoom(start, length, end, pos);
    if (length === 1 && data[start] < 0x80) {
      throw bad(`non-canonical: byte 0x${hex2(data[start])} at offset ${pos} must be encoded as itself`);
    }
    return [data.slice(start, start + length), start + length];
  }
  if (prefix < 0xc0) {
    const [length, start] = longLength(data, pos, prefix - 0xb7, end);
    checkRoom(start, length, end, pos);
    return [data.slice(start, start + Number(length)), start + Number(length)];
  }
  let length;
  let start;
  if (prefix < 0xf8) [length, start] = [prefix - 0xc0, pos + 1];
  else [length, start] = longLength(data, pos, prefix - 0xf7, end);
  checkRoom(start, length, end, pos);
  if (depth >= maxDepth) throw bad(`lists nest deeper than ${maxDepth} levels at offset ${pos}`);
  const stop = start + Number(length);
  const items = [];
  let cursor = start;
  while (cursor < stop) {
    let item;
    [item, cursor] = decodeAt(data, cursor, stop, depth + 1, maxDepth);
    items.push(item);
  }
  return [items, stop];
}

// A long form's length, exact as a BigInt (up to 8 length bytes), and where the payload starts.
function longLength(data, pos, sizeLen, end) {
  const start = pos + 1 + sizeLen;
  if (start > end) throw bad(`truncated: the length of the item at offset ${pos} is cut off`);
  if (data[pos + 1] === 0) throw bad(`non-canonical: the length at offset ${pos} has leading zero bytes`);
  const length = bytesToBigInt(data.subarray(pos + 1, start));
  if (length < BigInt(SHORT_LIMIT)) {
    throw bad(`non-canonical: long form used for a length of ${length} at offset ${pos} (under 56)`);
  }
  return [length, start];
}

function checkRoom(start, length, end, pos) {
  if (BigInt(start) + BigInt(length) > BigInt(end)) {
    const remain = Math.max(end - start, 0);
    throw bad(`truncated: the item at offset ${pos} needs ${length} bytes, ${remain} left`);
  }
}

/** Encode a Uint8Array, a non-negative integer (BigInt or number) or a nested Array as RLP. */
export function encode(item) {
  if (typeof item === 'bigint' || typeof item === 'number') item = encodeUint(BigInt(item));
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return item.slice();
    return concat(lengthPrefix(0x80, item.length), item);
  }
  if (Array.isArray(item)) {
    const payload = concat(...item.map(encode));
    return concat(lengthPrefix(0xc0, payload.length), payload);
  }
  throw new TypeError(`cannot RLP-encode a ${typeof item}`);
}

function lengthPrefix(offset, length) {
  if (length < SHORT_LIMIT) return Uint8Array.of(offset + length);
  const size = encodeUint(BigInt(length));
  return concat(Uint8Array.of(offset + 55 + size.length), size);
}

/** The minimal big-endian bytes of a non-negative BigInt (0n -> empty). */
export function encodeUint(value) {
  if (value < 0n) throw new RangeError('RLP integers are non-negative');
  const out = [];
  for (let n = value; n > 0n; n >>= 8n) out.unshift(Number(n & 255n));
  return Uint8Array.from(out);
}

/** The BigInt of a canonical RLP scalar: no leading zero byte, at most `maxBytes` bytes. */
export function decodeUint(raw, maxBytes = 32) {
  if (raw.length > maxBytes) throw bad(`integer of ${raw.length} bytes exceeds ${maxBytes} bytes`);
  if (raw.length && raw[0] === 0) throw bad('non-canonical integer: leading zero byte');
  return bytesToBigInt(raw);
}
