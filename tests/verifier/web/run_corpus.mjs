// Runs corpus cases through the browser verifier in headless Debian Chromium (playwright-core,
// never a downloaded browser), from file://, and fails on any request that is not file://.
// Usage: node run_corpus.mjs PAGE.html CASES.json OUT.json [--screenshots DIR UI.json]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page, casesPath, outPath, ...rest] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
const profile = mkdtempSync(join(tmpdir(), 'ipledger-chromium-'));
const requests = [];
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1100, height: 900 },
});
try {
  const tab = context.pages()[0] || (await context.newPage());
  tab.on('request', (request) => requests.push(request.url()));
  const consoleErrors = [];
  tab.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  tab.on('pageerror', (error) => consoleErrors.push(String(error)));
  await tab.goto(pathToFileURL(resolve(page)).href);
  const results = await tab.evaluate(async (all) => {
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const out = [];
    for (const c of all) {
      out.push(await globalThis.ipledgerVerify({
        bundle: c.bundle,
        document: c.document === null ? null : bytes(c.document),
        logKey: c.log_key,
        trustedBlocks: c.trusted_blocks,
        tsaCa: c.tsa_ca ? bytes(c.tsa_ca) : null,
      }));
    }
    return out;
  }, cases);
  // The page's Content-Security-Policy must refuse a connection before any request leaves.
  const csp = await tab.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let outcome;
    try {
      await fetch('http://127.0.0.1:9/ipledger-csp-probe');
      outcome = 'fetched';
    } catch (error) {
      outcome = 'refused';
    }
    await new Promise((r) => setTimeout(r, 50));
    return { outcome, violations };
  });
  const ui = [];
  if (rest[0] === '--screenshots') {
    // Each: {name, document, bundle, trusted_blocks_file, log_key, png, drop}: the real file
    // inputs (or, with drop, files dropped on their zones), then a click on Verify.
    for (const shot of JSON.parse(readFileSync(rest[2], 'utf8'))) {
      await tab.goto(pathToFileURL(resolve(page)).href);
      if (shot.drop) {
        for (const [input, path] of [['#document', shot.document], ['#bundle', shot.bundle]]) {
          const file = { name: basename(path), b64: readFileSync(path).toString('base64') };
          const transfer = await tab.evaluateHandle(({ name, b64 }) => {
            const data = new DataTransfer();
            data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
            return data;
          }, file);
          const zone = `.drop:has(${input})`;
          await tab.dispatchEvent(zone, 'dragover', { dataTransfer: transfer });
          await tab.dispatchEvent(zone, 'drop', { dataTransfer: transfer });
        }
      } else {
        if (shot.document) await tab.setInputFiles('#document', shot.document);
        await tab.setInputFiles('#bundle', shot.bundle);
      }
      if (shot.trusted_blocks_file) await tab.setInputFiles('#trusted-file', shot.trusted_blocks_file);
      if (shot.log_key) await tab.fill('#log-key', shot.log_key);
      await tab.click('#verify');
      await tab.waitForSelector('body[data-result]');
      const status = await tab.textContent('#status');
      if (shot.png) await tab.screenshot({ path: join(rest[1], shot.png), fullPage: true });
      ui.push({ name: shot.name, status, result: await tab.getAttribute('body', 'data-result') });
    }
  }
  const foreign = requests.filter((url) => !url.startsWith('file://'));
  writeFileSync(outPath, JSON.stringify({ results, ui, csp, requests, foreign, console: consoleErrors }, null, 1));
  if (foreign.length) {
    console.error(`the page made ${foreign.length} non-file:// request(s): ${foreign.join(' ')}`);
    process.exitCode = 3;
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
