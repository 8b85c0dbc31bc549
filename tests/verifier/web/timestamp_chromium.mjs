// Step 9 in JavaScript in headless Debian Chromium (its WebCrypto, not Node's) against the
// Python core's verdicts: the cases' runner bundled by esbuild, run in a file:// page.
// Usage: IPLEDGER_TSA_CASES=cases.json node timestamp_chromium.mjs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(process.env.IPLEDGER_TSA_CASES, 'utf8'));
const script = await build({
  stdin: { contents: "import { runCase } from './timestamp_cases.mjs'; globalThis.runCase = runCase;", resolveDir: here },
  bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'warning',
});
const work = mkdtempSync(join(tmpdir(), 'ipledger-tsa-chromium-'));
writeFileSync(join(work, 'cases.js'), script.outputFiles[0].contents);
writeFileSync(join(work, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="cases.js"></script>');
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const tab = context.pages()[0] || (await context.newPage());
  await tab.goto(pathToFileURL(join(work, 'index.html')).href);
  const results = await tab.evaluate(async (all) => {
    const out = [];
    for (const item of all) out.push(await globalThis.runCase(item));
    return out;
  }, cases);
  const wrong = cases.flatMap((item, i) => (isDeepStrictEqual(results[i], item.expected) ? []
    : [{ id: item.id, got: results[i], expected: item.expected }]));
  console.log(`compared ${cases.length} cases in Chromium, ${wrong.length} differ`);
  if (wrong.length) {
    console.log(JSON.stringify(wrong.slice(0, 12), null, 1));
    process.exitCode = 1;
  }
} finally {
  await context.close();
  rmSync(work, { recursive: true, force: true });
}
