// Mirrors verifier/cli.py's --json report (exit, result, error) and the words of
// verifier/core/verify.py's claim() and verifier/statement.py's checks not made.
import { VerifyError, isA } from './errors.js';
import { isObject, parseJson } from './jsontext.js';
import { fromHex, toHex } from './bytes.js';
import { parseVerifierKey } from './note.js';
import { developmentCaveat, remainingWords, statementRows } from './statement.js';
import { verify } from './verify.js';
import { parseCertificate } from './x509.js';

export const EXIT_PROVEN = 0;
export const EXIT_FAILED = 1;
export const EXIT_UNUSABLE = 2;
export const EXIT_UNCONFIRMED = 3;
const UNUSABLE = [
  'UsageError', 'InvalidBundle', 'InvalidVerifierKey', 'InvalidTrustRoot', 'InvalidPolicy',
  'InvalidTlogProof', 'InvalidCoseReceipt',
];
const MAX_DATETIME_SECONDS = 253402300799n;

export function utc(seconds) {
  if (seconds > MAX_DATETIME_SECONDS) {
    return `${seconds} seconds after 1970-01-01 00:00:00 UTC (after the year 9999)`;
  }
  return new Date(Number(seconds) * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function receivedAtUtc(ms) {
  const seconds = ms / 1000n;
  if (seconds > MAX_DATETIME_SECONDS) return utc(seconds);
  return utc(seconds).replace(' UTC', `.${String(ms % 1000n).padStart(3, '0')} UTC`);
}

// cli_inputs.py trusted_blocks on the already-read JSON: {chain, blocks (Map bigint -> bytes)}.
export function readTrustedBlocks(value) {
  const usage =
    'the trusted blocks must be a JSON object {"<block number>": "0x<64 hex block hash>", ...} (or {"chain_id": <id>, "blocks": {...}})';
  const bad = (why) => new VerifyError('UsageError', why);
  let data = value;
  if (typeof data === 'string') {
    data = parseJson(data, {
      type: 'UsageError',
      what: 'the trusted blocks',
      duplicate: () => {},
      constant: () => {
        throw bad(usage);
      },
    });
  }
  let chain = null;
  if (isObject(data) && 'blocks' in data) {
    chain = data.chain_id;
    if (typeof chain === 'number' && Number.isInteger(chain)) chain = BigInt(chain);
    const keys = Object.keys(data).sort().join(',');
    if (keys !== 'blocks,chain_id' || typeof chain !== 'bigint' || chain < 0n) {
      throw bad('with "blocks", give exactly a "chain_id" integer too');
    }
    data = data.blocks;
  }
  if (!isObject(data)) throw bad(usage);
  const blocks = new Map();
  for (const [key, hash] of Object.entries(data)) {
    if (!/^(0|[1-9][0-9]{0,19})$/.test(key)) throw bad(`${key.slice(0, 30)} is not a block number; ${usage}`);
    if (typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
      throw bad(`the hash of block ${key} is not 0x and 64 hex digits`);
    }
    blocks.set(BigInt(key), fromHex(hash.slice(2)));
  }
  return { chain, blocks };
}

// tsa_files.py read_tsa_roots on the file's bytes (--tsa-ca): PEM certificates, or one DER.
export function readTsaRoots(raw) {
  const usage = "--tsa-ca: give the TSA's (or its CA's) certificates, PEM or DER";
  const bad = (why) => new VerifyError('UsageError', `${usage}; ${why}`);
  if (raw.length > 4 << 20) throw bad('this file is larger than 4 MiB');
  const text = new TextDecoder('latin1').decode(raw);
  let ders = [raw];
  if (text.includes('-----BEGIN')) {
    const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]);
    if (!blocks.length) throw bad('it holds no PEM CERTIFICATE block');
    ders = blocks.map((b) => {
      const clean = b.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4) throw bad('a PEM block is not base64');
      return Uint8Array.from(atob(clean), (c) => c.charCodeAt(0));
    });
  }
  ders.forEach((der, i) => {
    try {
      parseCertificate(der);
    } catch (error) {
      if (error instanceof VerifyError) throw bad(`certificate ${i + 1} of ${ders.length}: ${error.message}`);
      throw error;
    }
  });
  return ders;
}

// verify.py Verdict.claim(): the plain-language claim a verdict supports.
export function claim(v) {
  const a = v.anchor;
  const digest = 'sha256:' + toHex(v.entry.digest);
  const subject = v.documentChecked ? 'the document' : `the document with ${digest}`;
  const clocks = v.tokens.filter((t) => t.trusted).map((t) => [t.genTimeSeconds, `no later than ${t.genTimeText} (TSA ${t.subject})`]);
  const proven = a.canonicalBy !== null;
  const chain = a.provenBlock ? 'Ethereum mainnet' : `chain ${a.chainId}`;
  if (proven) clocks.push([Number(a.blockTime), `no later than ${utc(a.blockTime)} (block ${a.blockNumber} on ${chain})`]);
  clocks.sort((x, y) => x[0] - y[0]);
  const existed = `${subject[0].toUpperCase()}${subject.slice(1)} existed ` + clocks.map((c) => c[1]).join(', ');
  const says = `no later than ${utc(a.blockTime)} (block ${a.blockNumber} of the chain it names as chain id ${a.chainId})`;
  let text;
  if (clocks.length && !proven) text = `${existed}; the evidence says it existed ${says}`;
  else if (proven) text = existed;
  else text = `The evidence says ${subject} existed ${says}`;
  if (v.logAuthenticated) text += `; it was received by the log ${v.checkpoint.origin} at ${receivedAtUtc(v.entry.receivedAt)}`;
  else text += '; the log that recorded it is unauthenticated (no verifier key given)';
  return text + '.';
}

/**
 * The JS API: globalThis.ipledgerVerify({bundle, document, logKey, trustedBlocks}) (and, as the
 * CLI's --log-address and --tsa-ca, logAddress: string and tsaCa: the file's bytes) resolves to
 * the CLI's --json shape {exit, result, error_type, message, checks, not_made} (plus claim,
 * remaining, warnings, rows: the statement's rows beyond the checks, caveat,
 * and, on a failure, `passed`: the checks made before it, for the page).
 */
export async function ipledgerVerify({ bundle, document = null, logKey = null, trustedBlocks = null, logAddress = null, tsaCa = null }) {
  const passed = [];
  try {
    if (logKey !== null) parseVerifierKey(logKey);
    const tsaRoots = tsaCa === null ? null : readTsaRoots(tsaCa);
    const trusted = trustedBlocks === null ? null : readTrustedBlocks(trustedBlocks);
    const text = typeof bundle === 'string' ? bundle : new TextDecoder().decode(bundle);
    if (text.startsWith('c2sp.org/tlog-proof@v1\n') || (bundle instanceof Uint8Array && bundle[0] === 0xd2 && bundle[1] === 0x84)) {
      throw new VerifyError('UsageError', 'this page reads evidence bundles (JSON); check a tlog-proof file or a COSE Receipt with ipledger-verify');
    }
    const v = await verify(bundle, {
      document,
      logKey,
      trusted: trusted === null ? null : trusted.blocks,
      trustedChainId: trusted === null ? null : trusted.chain,
      logAddress,
      tsaRoots,
      progress: passed,
    });
    const proven = v.anchor.canonicalBy !== null;
    const given = { ...v, logAddressGiven: logAddress !== null, tsaRootsGiven: tsaRoots !== null };
    const rows = statementRows(given);
    return {
      exit: proven ? EXIT_PROVEN : EXIT_UNCONFIRMED,
      result: proven ? 'proven' : 'self-consistent',
      error_type: null,
      message: null,
      claim: claim(v),
      checks: v.checks,
      not_made: rows.notMade,
      rows: rows.rows,
      remaining: remainingWords(given),
      caveat: developmentCaveat(given),
      warnings: v.warnings,
    };
  } catch (error) {
    if (!(error instanceof VerifyError)) {
      return { exit: null, result: 'error', error_type: 'InternalError', message: String(error && error.stack || error), checks: [], not_made: [], passed };
    }
    const unusable = UNUSABLE.some((kind) => isA(error.type, kind));
    return {
      exit: unusable ? EXIT_UNUSABLE : EXIT_FAILED,
      result: unusable ? 'unusable' : 'failed',
      error_type: error.type,
      message: error.message,
      checks: [],
      not_made: [],
      passed,
    };
  }
}
