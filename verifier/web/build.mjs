// Bundles verifier/web/src/main.js and the pinned @noble packages into one classic script
// (IIFE) that loads from file://; the same sources give the same bytes. Usage: node build.mjs OUT
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = await build({
  entryPoints: [join(here, 'src', 'main.js')],
  absWorkingDir: join(here, '..', '..'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'eof',
  banner: { js: '// ipledger browser verifier: built by `make web-verifier` from verifier/web/src; do not edit.' },
  write: false,
  logLevel: 'warning',
});
writeFileSync(process.argv[2] ?? join(here, 'ipledger-verify.js'), out.outputFiles[0].contents);
