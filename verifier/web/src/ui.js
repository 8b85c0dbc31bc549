// Mirrors verifier/cli_output.py and failure.py: the verdict as ipledger-verify prints it; files read with the File API, never sent.
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from './bytes.js';

const $ = (id) => document.getElementById(id);
const FAILURE_ORDER = [
  [0, 'Bundle is well formed'],
  [1, 'Document matches'],
  [2, 'Log entry rebuilt'],
  [4, 'Checkpoint signed by the log'],
  [3, 'Entry is in the log'],
  [9, 'Time-stamped by RFC 3161 TSAs'],
  [5, 'Block header matches'],
  [6, 'Transaction receipt is in the block'],
  [7, 'Block anchors the checkpoint'],
  [8, "Block is on the chain's canonical history"],
];
// failure.py's step of each error type (the first that applies).
const FAILED_STEP = {
  DocumentMismatch: 1, QuorumNotMet: 4, SignatureError: 4, UnknownKeyError: 4, InvalidNote: 4,
  InvalidCheckpoint: 4, InclusionError: 3, HeaderMismatch: 5, InvalidHeader: 5, ReceiptProofError: 6,
  TransactionProofError: 6, TransactionMismatch: 6, InvalidTransaction: 6, TrieProofError: 6,
  KeyNotInTrie: 6, InvalidReceipt: 6, InvalidRLP: 6, AnchorEventError: 7, UntrustedBlock: 8,
  BlockNotFinal: 8, CanonicalityError: 8, InvalidBlockProof: 8, UnsupportedBlockProof: 8,
  InvalidTimestampToken: 9, TimestampImprintMismatch: 9, UntrustedTimestampAuthority: 9,
};

async function readFile(input) {
  const file = input.files && input.files[0];
  return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
}

function row(list, mark, cls, text) {
  const li = document.createElement('li');
  li.className = cls;
  const m = document.createElement('span');
  m.className = 'mark';
  m.textContent = mark;
  li.append(m, document.createTextNode(' ' + text));
  list.append(li);
}

function show(result, digestLine, given) {
  const panel = $('verdict');
  panel.hidden = false;
  const status = $('status');
  const list = $('checks');
  list.replaceChildren();
  const words = $('words');
  words.replaceChildren();
  const para = (text, cls = '') => {
    const p = document.createElement('p');
    p.textContent = text;
    if (cls) p.className = cls;
    words.append(p);
  };
  if (result.result === 'proven' || result.result === 'self-consistent') {
    const label = result.result === 'proven' ? 'PROVEN' : 'SELF-CONSISTENT (unconfirmed)';
    status.textContent = label;
    panel.className = result.result;
    // As ipledger-verify prints them: by step, the verdict's checks before the statement's rows.
    const all = [...result.checks.map((c) => ({ ...c, made: true })), ...result.rows].map((c, i) => [c, i]);
    all.sort((x, y) => x[0].step - y[0].step || x[1] - y[1]);
    for (const [c] of all) {
      if (c.made) row(list, '\u2714', 'passed', `${c.title}: ${c.detail}`);
      else row(list, '\u25cb', 'not-made', `${c.title}: not checked: ${c.reason}`);
    }
    if (result.claim) para(`${label}: ${result.claim}`, 'claim');
    if (result.caveat) para(result.caveat, 'warning');
    for (const w of result.warnings) para(`Warning: ${w}.`, 'warning');
    if (result.remaining.length) {
      para('What remains for you to check:');
      const ul = document.createElement('ul');
      for (const item of result.remaining) {
        const li = document.createElement('li');
        li.textContent = item;
        ul.append(li);
      }
      words.append(ul);
    }
  } else {
    const label = result.result === 'unusable' ? 'UNUSABLE INPUT' : 'NOT PROVEN';
    status.textContent = label;
    panel.className = 'failed';
    const failed = FAILED_STEP[result.error_type];
    if (result.result === 'failed' && failed !== undefined) {
      // failure.py's rows: the checks before the failing one passed (or were not made).
      const passed = result.passed || [];
      const version = Number((passed[0] && /v(\d+)$/.exec(passed[0].detail) || [0, 1])[1]);
      let reached = true;
      for (const [step, v1Title] of FAILURE_ORDER) {
        if (step === 9 && version < 3 && failed !== 9) continue;
        const title = step === 6 && version >= 2 ? 'Transaction and receipt are in the block' : v1Title;
        const made = passed.find((p) => p.step === step);
        if (step === failed) {
          row(list, '\u2718', 'failed', `${title}: ${result.message}`);
          reached = false;
        } else if (!reached) {
          row(list, '\u2013', 'not-reached', `${title}: not reached (verification stops at the first failed check)`);
        } else if (step === 1 && !given.document) {
          row(list, '\u25cb', 'not-made', `${title}: not checked: only the bundle was given`);
        } else if (step === 4 && !given.logKey) {
          row(list, '\u25cb', 'not-made', `${title}: not checked: the log's verifier key was not given`);
        } else {
          row(list, '\u2714', 'passed', `${title}: ${made ? made.detail : 'passed before the failing check'}`);
        }
      }
    }
    para(`\u2718 ${label}: ${result.message} (${result.error_type})`, 'claim');
    if (result.result === 'failed') {
      para('The evidence does not show that the document existed at the time it claims.');
    }
  }
  $('digest').textContent = digestLine;
}

export function startPage(verify) {
  const form = $('verify-form');
  for (const zone of document.querySelectorAll('.drop')) {
    const input = zone.querySelector('input[type=file]');
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      input.files = event.dataTransfer.files;
    });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const doc = await readFile($('document'));
    const bundle = await readFile($('bundle'));
    if (bundle === null) {
      show({ result: 'unusable', error_type: 'UsageError', message: 'give the evidence bundle (the .json file)' }, '', {});
      return;
    }
    const trustedText = $('trusted-blocks').value.trim();
    const trustedFile = await readFile($('trusted-file'));
    const trusted = trustedText || (trustedFile && new TextDecoder().decode(trustedFile.bytes)) || null;
    const key = $('log-key').value.trim() || null;
    const logAddress = $('log-address').value.trim() || null;
    const tsa = await readFile($('tsa-ca'));
    const result = await verify({
      bundle: bundle.bytes, document: doc && doc.bytes, logKey: key, trustedBlocks: trusted,
      logAddress, tsaCa: tsa && tsa.bytes,
    });
    const digestLine = doc ? `${doc.name}: SHA-256 ${toHex(sha256(doc.bytes))} (computed in this page; the file was not sent anywhere)` : 'No document given: only the bundle was checked.';
    show(result, digestLine, { document: doc !== null, logKey: key !== null });
    document.body.dataset.result = result.result;
  });
}
