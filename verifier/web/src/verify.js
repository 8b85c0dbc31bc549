// Mirrors verifier/core/verify.py: steps 0-4 here, the anchor (5-8, anchoring.js) and time-stamps (9, clocks.js).
import { sha256 } from '@noble/hashes/sha2.js';
import { parseBundle } from './bundle.js';
import { VerifyError, isA } from './errors.js';
import { toHex } from './bytes.js';
import { entryLeafHash, metadataHash } from './leaf.js';
import { rootFromInclusionProof } from './merkle.js';
import { checkCheckpoint, parseNote } from './note.js';
import { verifyAnchor } from './anchoring.js';
import { checkTimestamps } from './clocks.js';

export const LATE_ANCHOR_WARNING_SECONDS = 24n * 3600n;
const FIVE_MINUTES_MS = 5n * 60n * 1000n;

/**
 * Check an evidence bundle offline, as verifier/core/verify.py's verify() does.
 *
 * bundleText: the bundle's JSON text. Options: document (Uint8Array | null), logKey (string |
 * null), trusted (Map<bigint, Uint8Array> | null: block number -> hash), trustedChainId (bigint
 * | null), logAddress (string | null), tsaRoots (Uint8Array[] | null: DER certificates).
 * Returns a verdict: {version, entry, checkpoint, checks, remaining, warnings, anchor (the
 * AnchorResult), tokens, logAuthenticated, documentChecked}. Throws VerifyError.
 *
 * Calls into the other parts, exactly:
 *   parseAnchor(obj, version) -> Anchor            (inside parseBundle, step 0; `obj` is the
 *       bundle's "anchor" value as src/jsontext.js parses JSON: null-prototype objects,
 *       integers as BigInt, other numbers as number; throws VerifyError('InvalidBundle', ...))
 *   await checkTimestamps(tokens, noteText, {roots}) -> {check, tokens}
 *       tokens: Uint8Array[] (DER), noteText: Uint8Array (the checkpoint note's UTF-8 bytes),
 *       roots: Uint8Array[] | null. check: {step: 9, title, detail} or null when no token;
 *       tokens: [{genTimeSeconds: number, genTimeText: string (clocks.stamp_time), subject:
 *       string (tsa.subject_text), trusted: boolean}]
 *   await verifyAnchor(anchor, {size, root, logAddress, trustedBlocks, trustedChainId,
 *       trustRoot, version}) -> AnchorResult
 *       size: bigint, root: Uint8Array(32) (the checkpoint's), logAddress: string | null,
 *       trustedBlocks: Map<bigint, Uint8Array> | null, trustedChainId: bigint | null,
 *       trustRoot: null (the embedded verifier/trust/mainnet.json, as the CLI without
 *       --trust-root), version: 1 | 2 | 3.
 *       AnchorResult: {checks: [{step, title, detail}] (steps 5-8 in verify.py's order),
 *       remaining: string[], warnings: string[] (verify.py's, before its block-time ones),
 *       canonicalBy: string | null, provenBlock: boolean (proven by the beacon chain proof),
 *       transactionProven: boolean, sender: string | null, chainId: bigint, blockNumber:
 *       bigint, blockHash: '0x..', blockTime: bigint, contract: EIP-55, log: EIP-55,
 *       txHash: '0x..'}
 */
export async function verify(bundleText, options = {}) {
  const { document = null, logKey = null, trusted = null, trustedChainId = null } = options;
  const bundle = parseBundle(bundleText);
  const { entry } = bundle;
  // `progress` (optional array) receives the checks as they pass, for a failure's report.
  const checks = options.progress ?? [];
  checks.push({ step: 0, title: 'Bundle is well formed', detail: `ipledger evidence bundle v${bundle.version}` });
  const remaining = [];
  const warnings = [];
  const { checkpoint, used } = checkLogSteps(entry, document, bundle.checkpoint, bundle.inclusion, {
    checks, remaining, logKey,
  });
  // Step 9 needs only the checkpoint: made before the chain part, reported after it.
  const stamped = await checkTimestamps(bundle.timestamps, new TextEncoder().encode(bundle.checkpoint), {
    roots: options.tsaRoots ?? null,
    size: checkpoint.size,
  });
  const anchor = await verifyAnchor(bundle.anchor, {
    size: checkpoint.size,
    root: checkpoint.root,
    logAddress: options.logAddress ?? null,
    trustedBlocks: trusted,
    trustedChainId,
    trustRoot: null,
    version: bundle.version,
  });
  checks.push(...anchor.checks);
  remaining.push(...anchor.remaining);
  warnings.push(...anchor.warnings);
  const receivedAt = entry.receivedAt;
  if (anchor.blockTime * 1000n + FIVE_MINUTES_MS < receivedAt) {
    warnings.push('the block time is earlier than the time the log says it received it');
  } else if (anchor.blockTime - receivedAt / 1000n > LATE_ANCHOR_WARNING_SECONDS) {
    warnings.push(
      'the anchor came more than a day after the log received the entry; an earlier ' +
        'anchor covering it would give a stronger claim',
    );
  }
  if (stamped.check !== null) checks.push(stamped.check);
  for (const token of stamped.tokens) {
    if (token.genTimeSeconds * 1000 + 5 * 60 * 1000 < Number(entry.receivedAt)) {
      warnings.push(
        `TSA ${token.subject} time-stamped the checkpoint at ${token.genTimeText}, before the ` +
          'log says it received the entry',
      );
    }
  }
  return {
    version: bundle.version,
    bundle,
    entry,
    checkpoint,
    checks,
    remaining,
    warnings,
    anchor,
    tokens: stamped.tokens,
    signatures: parseNote(bundle.checkpoint).signatures,
    trustedChainId,
    logAuthenticated: used !== null,
    documentChecked: document !== null,
  };
}

// Steps 1-4, as verify.py's check_log_steps (without a policy: the page takes none).
export function checkLogSteps(entry, document, note, inclusion, { checks, remaining, logKey }) {
  const digest = 'sha256:' + toHex(entry.digest);
  if (document !== null) {
    const actual = toHex(sha256(document));
    if ('sha256:' + actual !== digest) {
      throw new VerifyError(
        'DocumentMismatch',
        `the document's SHA-256 is sha256:${actual}, but the evidence is for ${digest}: this ` +
          'evidence is not about this document (or the file was changed)',
      );
    }
    checks.push({ step: 1, title: 'Document matches', detail: `SHA-256 of the document is ${digest}` });
  } else {
    remaining.push(`that the document in question has SHA-256 ${digest}`);
  }
  const leafHash = entryLeafHash(entry.digest, entry.nonce, metadataHash(entry.metadata), entry.receivedAt);
  checks.push({ step: 2, title: 'Log entry rebuilt', detail: `leaf hash ${toHex(leafHash)}` });
  const { checkpoint, used } = checkCheckpoint(note, logKey);
  if (inclusion.treeSize !== checkpoint.size) {
    throw new VerifyError(
      'InclusionError',
      `the inclusion proof is for a tree of ${inclusion.treeSize} entries, the checkpoint is for ${checkpoint.size}`,
    );
  }
  let root;
  try {
    root = rootFromInclusionProof(entry.index, checkpoint.size, leafHash, inclusion.proof);
  } catch (error) {
    if (error instanceof VerifyError && isA(error.type, 'ProofInputError')) {
      throw new VerifyError('InclusionError', `the inclusion proof is malformed: ${error.message}`);
    }
    throw error;
  }
  if (toHex(root) !== toHex(checkpoint.root)) {
    throw new VerifyError(
      'InclusionError',
      'the inclusion proof does not lead to the checkpoint\'s root: the entry, the proof or the ' +
        'checkpoint was altered',
    );
  }
  const detail = `entry ${entry.index} is in the tree of ${checkpoint.size} entries with root ${toHex(checkpoint.root)}`;
  checks.push({ step: 3, title: 'Entry is in the log', detail });
  if (used !== null) {
    checks.push({ step: 4, title: 'Checkpoint signed by the log', detail: `${checkpoint.origin}, key ${used}` });
  } else {
    remaining.push('that the checkpoint was signed by the log (give its verifier key)');
  }
  return { checkpoint, used };
}
