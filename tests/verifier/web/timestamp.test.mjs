// Step 9 in JavaScript against the Python core's verdicts (cases from test_timestamp_js.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as der from '../../../verifier/web/src/der.js';
import { VerifyError } from '../../../verifier/web/src/errors.js';
import { checkTimestamps } from '../../../verifier/web/src/clocks.js';
import { verifyTimestampToken } from '../../../verifier/web/src/timestamp.js';

const bytes = (b64) => new Uint8Array(Buffer.from(b64, 'base64'));
const list = (items) => (items === null ? null : items.map(bytes));

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

async function run(item) {
  if (item.mode === 'der') {
    const out = [];
    try {
      walk(der.read(Uint8Array.from(Buffer.from(item.data, 'hex'))), out);
    } catch (exc) {
      if (!(exc instanceof VerifyError)) throw exc;
      out.push(exc.type);
    }
    return out;
  }
  try {
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
    if (check !== null) assert.equal(check.step, 9);
    return { error_type: null, detail: check === null ? null : check.detail, trusted: tokens.map((t) => t.trusted) };
  } catch (exc) {
    if (!(exc instanceof VerifyError)) throw exc;
    return { error_type: exc.type };
  }
}

test('step 9 in JavaScript gives the Python verdict for every case', async () => {
  const cases = JSON.parse(readFileSync(process.env.IPLEDGER_TSA_CASES, 'utf8'));
  const wrong = [];
  for (const item of cases) {
    let got;
    try {
      got = await run(item);
    } catch (exc) {
      got = { crashed: String(exc && exc.stack) };
    }
    try {
      assert.deepStrictEqual(got, item.expected);
    } catch {
      wrong.push({ id: item.id, got, expected: item.expected });
    }
  }
  console.log(`compared ${cases.length} cases, ${wrong.length} differ`);
  assert.deepStrictEqual(wrong.slice(0, 12), [], `${wrong.length} cases differ`);
});
