// Mirrors the rfc8785 package (RFC 8785 JSON Canonicalization Scheme) on parseJson's values.
import { VerifyError } from './errors.js';

const INT_MAX = 2n ** 53n - 1n;

function canonError(reason) {
  return new VerifyError('EntryError', `metadata: cannot be canonicalized per RFC 8785 (${reason})`);
}

function str(text) {
  // rfc8785 encodes to UTF-8, which refuses lone surrogates.
  if (!text.isWellFormed()) throw canonError('input contains non-UTF-8 codepoints');
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function serialize(value) {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'bigint') {
    if (value > INT_MAX || value < -INT_MAX) throw canonError(`${value} exceeds safe integer domain for JSON floats`);
    return value.toString();
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw canonError(`${value} is not representable in JCS`);
    return String(value); // ECMA-262 Number::toString, which RFC 8785 adopts; -0 gives "0"
  }
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value)) return '[' + value.map(serialize).join(',') + ']';
  const keys = Object.keys(value).sort(); // UTF-16 code unit order, as RFC 8785 3.2.3
  return '{' + keys.map((k) => str(k) + ':' + serialize(value[k])).join(',') + '}';
}

// The canonical JSON text of a value (a string; encode it as UTF-8 for the bytes).
export function canonicalize(value) {
  return serialize(value);
}
