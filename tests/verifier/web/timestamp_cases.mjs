// Runs one case of test_timestamp_js.py through step 9 in JavaScript (in Node or Chromium).
import * as der from '../../../verifier/web/src/der.js';
import { VerifyError } from '../../../verifier/web/src/errors.js';
import { checkTimestamps } from '../../../verifier/web/src/clocks.js';
import { verifyTimestampToken } from '../../../verifier/web/src/timestamp.js';
import { certificatePath, parseCertificate } from '../../../verifier/web/src/x509.js';

const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const list = (items) => (items === null ? null : items.map(bytes));
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

const READERS = {
  integer: (e) => String(der.integer(e)),
  oid: der.oid,
  time: (e) => der.isoformat(der.time(e)),
  boolean: der.boolean,
  null: der.nullValue,
  bit_string: (e) => der.toHex(der.bitString(e)),
  named_bits: (e) => String(der.namedBits(e)),
  octet_string: (e) => der.toHex(der.octetString(e)),
};

// Every element and what each reader makes of a primitive one, as the pytest side's _walk.
function walk(element, out, depth = 0) {
  out.push([element.cls, element.constructed, element.number]);
  if (element.constructed && depth < 32) {
    for (const child of element.children()) walk(child, out, depth + 1);
    return;
  }
  for (const [name, reader] of Object.entries(READERS)) {
    try {
      out.push([name, reader(element)]);
    } catch (exc) {
      if (!(exc instanceof VerifyError)) throw exc;
      out.push([name, exc.type]);
    }
  }
}

async function answer(item) {
  if (item.mode === 'der') {
    const out = [];
    try {
      walk(der.read(fromHex(item.data)), out);
    } catch (exc) {
      if (!(exc instanceof VerifyError)) throw exc;
      out.push(exc.type);
    }
    return out;
  }
  try {
    if (item.mode === 'path') {
      const path = await certificatePath(parseCertificate(bytes(item.leaf)),
        item.chain.map((c) => parseCertificate(bytes(c))), [parseCertificate(bytes(item.root))], BigInt(item.at));
      return { error_type: null, path: path.map((c) => c.subjectText) };
    }
    if (item.mode === 'verify') {
      const t = await verifyTimestampToken(bytes(item.token), {
        message: bytes(item.message), roots: list(item.roots), certificates: list(item.certificates),
      });
      return {
        error_type: null, trusted: t.trusted, serial: '0x' + t.serial.toString(16),
        gen_time: der.isoformat(t.genTime), subject: t.tsa.subjectText, issuer: t.tsa.issuerText,
        policy: t.policy, hash_algorithm: t.hashAlgorithm, nonce: t.nonce === null ? null : String(t.nonce),
      };
    }
    const { check, tokens } = await checkTimestamps(item.tokens.map(bytes), bytes(item.note), {
      roots: list(item.roots),
    });
    if (check !== null && (check.step !== 9 || check.title !== 'Time-stamped by RFC 3161 TSAs')) {
      return { wrong_check: check };
    }
    return { error_type: null, detail: check === null ? null : check.detail, trusted: tokens.map((t) => t.trusted) };
  } catch (exc) {
    if (!(exc instanceof VerifyError)) throw exc;
    return { error_type: exc.type };
  }
}

/** What JavaScript answers for `item`: its expected shape, or {crashed} for a non-VerifyError. */
export async function runCase(item) {
  try {
    return await answer(item);
  } catch (exc) {
    return { crashed: String(exc && exc.stack) };
  }
}
