// Step 9 in JavaScript (Node) against the Python core's verdicts: run by test_timestamp_js.py (node --test
// with IPLEDGER_TSA_CASES), not by test_web_units.py's *.test.mjs glob, which has no cases.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import { runCase } from './timestamp_cases.mjs';

test('step 9 in JavaScript gives the Python verdict for every case', async () => {
  const cases = JSON.parse(readFileSync(process.env.IPLEDGER_TSA_CASES, 'utf8'));
  const wrong = [];
  for (const item of cases) {
    const got = await runCase(item);
    if (!isDeepStrictEqual(got, item.expected)) wrong.push({ id: item.id, got, expected: item.expected });
  }
  console.log(`compared ${cases.length} cases, ${wrong.length} differ`);
  assert.deepStrictEqual(wrong.slice(0, 12), [], `${wrong.length} cases differ`);
});
