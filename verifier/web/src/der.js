// Mirrors verifier/core/der.py: a strict DER reader (X.690 section 10), anything else refused.
import { concat as concatBytes, equal as bytesEqual, toHex } from './bytes.js';
import { VerifyError } from './errors.js';

export const MAX_SIZE = 1 << 20; // a token or certificate chain is a few KiB
export const UNIVERSAL = 0, APPLICATION = 1, CONTEXT = 2, PRIVATE = 3;
export const BOOLEAN = 1, INTEGER = 2, BIT_STRING = 3, OCTET_STRING = 4, NULL = 5, OID = 6;
export const SEQUENCE = 16, SET = 17, UTC_TIME = 23, GENERALIZED_TIME = 24;

const UTC_RE = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d*[1-9]))?Z$/;

export function invalid(message) {
  return new VerifyError('InvalidDer', message);
}

// One home for bytes helpers: x509.js and timestamp.js reach them through this module.
export { concatBytes, bytesEqual, toHex };

/** One TLV: its tag's class, constructed bit and number, its contents and whole encoding. */
export class Element {
  constructor(cls, constructed, number, content, raw) {
    this.cls = cls;
    this.constructed = constructed;
    this.number = number;
    this.content = content;
    this.raw = raw;
  }

  children() {
    if (!this.constructed) {
      throw invalid(`expected a constructed value, found primitive tag ${this.number}`);
    }
    return readAll(this.content);
  }

  is(cls, number) {
    return this.cls === cls && this.number === number;
  }
}

function readOne(data, at) {
  if (at + 2 > data.length) throw invalid('truncated DER: a tag and a length are missing');
  const first = data[at];
  const cls = first >> 6, constructed = (first & 0x20) !== 0, number = first & 0x1f;
  let pos = at + 1;
  if (number === 0x1f) {
    throw invalid('a tag number above 30 (high-tag form): no token or certificate has one');
  }
  let length = data[pos];
  pos += 1;
  if (length === 0x80) throw invalid('an indefinite length is not DER');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || pos + count > data.length) throw invalid('a length is too long or truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + data[pos + i];
    if (length < 0x80 || data[pos] === 0) throw invalid('a length is not minimally encoded');
    pos += count;
  }
  if (pos + length > data.length) throw invalid('truncated DER: a value is shorter than its length');
  const end = pos + length;
  return [new Element(cls, constructed, number, data.subarray(pos, end), data.subarray(at, end)), end];
}

/** Every element of `data`, one after another, to its last byte. */
export function readAll(data) {
  const out = [];
  let at = 0;
  while (at < data.length) {
    const [element, end] = readOne(data, at);
    out.push(element);
    at = end;
  }
  return out;
}

/** Exactly one DER element that is all of `data` (no trailing bytes). */
export function read(data) {
  if (data.length > MAX_SIZE) {
    throw invalid(`the DER value is ${data.length} bytes, over the ${MAX_SIZE}-byte limit`);
  }
  const [element, end] = readOne(data, 0);
  if (end !== data.length) throw invalid(`${data.length - end} trailing bytes after the DER value`);
  return element;
}

/** `element` itself if its tag is `number` of class `cls` (and constructed as asked). */
export function expect(element, number, cls = UNIVERSAL, constructed = null) {
  if (constructed === null) {
    constructed = cls === UNIVERSAL ? number === SEQUENCE || number === SET : element.constructed;
  }
  if (!element.is(cls, number) || element.constructed !== constructed) {
    throw invalid(
      `expected tag ${number} of class ${cls}, found tag ${element.number} of class ${element.cls}`,
    );
  }
  return element;
}

/** The one value inside the EXPLICIT context tag [number]. */
export function explicit(element, number) {
  const items = expect(element, number, CONTEXT, true).children();
  if (items.length !== 1) throw invalid(`an EXPLICIT [${number}] holds ${items.length} values, not one`);
  return items[0];
}

/** The children of a SEQUENCE, between `lo` and `hi` of them. */
export function sequence(element, lo = 0, hi = 1 << 16) {
  const items = expect(element, SEQUENCE).children();
  if (!(lo <= items.length && items.length <= hi)) {
    throw invalid(`a SEQUENCE has ${items.length} elements, expected ${lo} to ${hi}`);
  }
  return items;
}

/** The children of a SET OF (their order is not checked: OpenSSL does not sort). */
export function setOf(element) {
  return expect(element, SET).children();
}

/** A minimally encoded INTEGER (two's complement, big-endian) as a BigInt. */
export function integer(element, cls = UNIVERSAL, number = INTEGER) {
  const content = expect(element, number, cls, false).content;
  if (content.length === 0) throw invalid('an INTEGER has no contents');
  if (
    content.length > 1 &&
    ((content[0] === 0 && !(content[1] & 0x80)) || (content[0] === 0xff && content[1] & 0x80))
  ) {
    throw invalid('an INTEGER is not minimally encoded');
  }
  let value = BigInt('0x' + toHex(content));
  if (content[0] & 0x80) value -= 1n << BigInt(content.length * 8);
  return value;
}

/** A BOOLEAN: DER allows only 0x00 and 0xFF. */
export function boolean(element) {
  const content = expect(element, BOOLEAN, UNIVERSAL, false).content;
  if (content.length !== 1 || (content[0] !== 0 && content[0] !== 0xff)) {
    throw invalid('a BOOLEAN is not 0x00 or 0xFF');
  }
  return content[0] === 0xff;
}

/** A NULL: no contents. */
export function nullValue(element) {
  if (expect(element, NULL, UNIVERSAL, false).content.length) throw invalid('a NULL has contents');
  return null;
}

/** An OCTET STRING's bytes (primitive: DER has no constructed strings). */
export function octetString(element) {
  return expect(element, OCTET_STRING, UNIVERSAL, false).content;
}

/** A BIT STRING of whole octets (signatures and public keys are: no unused bits). */
export function bitString(element) {
  const content = expect(element, BIT_STRING, UNIVERSAL, false).content;
  if (content.length === 0 || content[0] !== 0) {
    throw invalid('a BIT STRING has unused bits where whole octets are required');
  }
  return content.subarray(1);
}

/** A named-bit BIT STRING (X.690 11.2.2) as a BigInt mask: bit 0, the first, is the lowest. */
export function namedBits(element) {
  const content = expect(element, BIT_STRING, UNIVERSAL, false).content;
  if (content.length === 0 || content[0] > 7 || (content.length === 1 && content[0])) {
    throw invalid("a BIT STRING's unused-bit count is invalid");
  }
  const unused = content[0], bits = content.subarray(1);
  if (bits.length) {
    const last = bits[bits.length - 1];
    if (last & ((1 << unused) - 1) || !((last >> unused) & 1)) {
      throw invalid('a named-bit BIT STRING is not in its DER form (trailing bits)');
    }
  }
  let mask = 0n;
  const width = bits.length * 8 - unused;
  for (let i = 0; i < width; i++) {
    if ((bits[i >> 3] >> (7 - (i & 7))) & 1) mask |= 1n << BigInt(i);
  }
  return mask;
}

/** An OBJECT IDENTIFIER in dotted form, its arcs minimally encoded. */
export function oid(element) {
  const content = expect(element, OID, UNIVERSAL, false).content;
  if (content.length === 0 || content[content.length - 1] & 0x80) {
    throw invalid('an OBJECT IDENTIFIER is empty or truncated');
  }
  const arcs = [];
  let value = 0n, start = true;
  for (const byte of content) {
    if (start && byte === 0x80) throw invalid('an OBJECT IDENTIFIER arc is not minimally encoded');
    value = (value << 7n) | BigInt(byte & 0x7f);
    start = !(byte & 0x80);
    if (start) {
      arcs.push(value);
      value = 0n;
    }
  }
  let first = arcs[0] / 40n;
  if (first > 2n) first = 2n;
  return [first, arcs[0] - 40n * first, ...arcs.slice(1)].map(String).join('.');
}

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** A UTC instant as Python's aware datetime holds it: microseconds since 1970 (BigInt). */
export function utcMicros(year, month, day, hour, minute, second, micro) {
  if (!(year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
        day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59)) {
    return null;
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return BigInt(seconds) * 1000000n + BigInt(micro);
}

/** The calendar fields of microseconds since 1970: [year, month, day, h, m, s, micro]. */
export function civil(micros) {
  let seconds = micros / 1000000n, micro = micros % 1000000n;
  if (micro < 0n) {
    micro += 1000000n;
    seconds -= 1n;
  }
  let days = seconds / 86400n, rest = seconds % 86400n;
  if (rest < 0n) {
    rest += 86400n;
    days -= 1n;
  }
  const z = Number(days) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const r = Number(rest);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, Math.floor(r / 3600), Math.floor(r / 60) % 60,
    r % 60, Number(micro)];
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Python's datetime.isoformat() of an aware UTC datetime, for messages. */
export function isoformat(micros) {
  const [y, mo, d, h, mi, s, us] = civil(micros);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}` +
    (us ? `.${pad(us, 6)}` : '') + '+00:00';
}

function latin1(bytes) {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** A DER UTCTime or GeneralizedTime (seconds, `Z`) as microseconds since 1970 (BigInt). */
export function time(element) {
  const content = expect(element, element.number, UNIVERSAL, false).content;
  const text = latin1(content);
  let fields, fraction = '', match;
  if (element.is(UNIVERSAL, UTC_TIME) && (match = UTC_RE.exec(text))) {
    const year = Number(match[1]);
    fields = [year + (year >= 50 ? 1900 : 2000), ...match.slice(2, 7).map(Number)];
  } else if (element.is(UNIVERSAL, GENERALIZED_TIME) && (match = GENERALIZED_RE.exec(text))) {
    fields = match.slice(1, 7).map(Number);
    fraction = match[7] || '';
  } else {
    throw invalid(`a time is not a DER UTCTime or GeneralizedTime: ${JSON.stringify(text)}`);
  }
  const micro = Number(fraction.slice(0, 6).padEnd(6, '0') || 0);
  const value = utcMicros(...fields, micro);
  if (value === null) throw invalid(`a time is not a calendar date: ${JSON.stringify(text)}`);
  return value;
}
