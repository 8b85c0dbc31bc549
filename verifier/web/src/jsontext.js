// Mirrors verifier/core/jsontext.py and Python's json.loads as the core calls it: integers
// exact (BigInt), duplicate keys and NaN/Infinity refused by the caller's hooks, depth bounded.
import { VerifyError } from './errors.js';

// Whether arrays and objects nest deeper than maxDepth (strings skipped), in linear time.
export function exceedsDepth(text, maxDepth) {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > maxDepth) return true;
    } else if (c === ']' || c === '}') {
      depth--;
    }
  }
  return false;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parse JSON text as Python's json.loads does. Objects are null-prototype plain objects,
 * integers (no fraction, no exponent) BigInt, other numbers number. `hooks.duplicate(key)` and
 * `hooks.constant(name)` throw the caller's error; malformed text throws
 * VerifyError(hooks.type, `${hooks.what} is not valid JSON (...)`).
 */
export function parseJson(text, hooks) {
  let i = 0;
  const fail = (why) => {
    throw new VerifyError(hooks.type, `${hooks.what} is not valid JSON (${why}: char ${i})`);
  };
  const skip = () => {
    while (i < text.length && WS.has(text[i])) i++;
  };
  const value = () => {
    skip();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (text.startsWith('null', i)) return (i += 4), null;
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('NaN', i)) return hooks.constant('NaN');
    if (text.startsWith('Infinity', i)) return hooks.constant('Infinity');
    if (text.startsWith('-Infinity', i)) return hooks.constant('-Infinity');
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) fail('Expecting value');
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      if (m[0].replace('-', '').length > 4300) fail('Exceeds the limit for integer string conversion');
      return BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const string = () => {
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('Unterminated string starting at');
      const c = text[i++];
      if (c === '"') return out;
      if (c === '\\') {
        const e = text[i++];
        if (e === 'u') {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
        } else {
          fail('Invalid \\escape');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        fail('Invalid control character at');
      } else {
        out += c;
      }
    }
  };
  const object = () => {
    i++;
    const out = Object.create(null);
    skip();
    if (text[i] === '}') return i++, out;
    for (;;) {
      skip();
      if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
      const key = string();
      skip();
      if (text[i++] !== ':') fail("Expecting ':' delimiter");
      const item = value();
      if (Object.prototype.hasOwnProperty.call(out, key)) hooks.duplicate(key);
      out[key] = item;
      skip();
      const c = text[i++];
      if (c === '}') return out;
      if (c !== ',') fail("Expecting ',' delimiter");
    }
  };
  const array = () => {
    i++;
    const out = [];
    skip();
    if (text[i] === ']') return i++, out;
    for (;;) {
      out.push(value());
      skip();
      const c = text[i++];
      if (c === ']') return out;
      if (c !== ',') fail("Expecting ',' delimiter");
    }
  };
  const result = value();
  skip();
  if (i !== text.length) fail('Extra data');
  return result;
}

export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}
