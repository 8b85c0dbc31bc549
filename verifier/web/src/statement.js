// Mirrors verifier/statement.py (verdict_checks, _remaining, the development-chain caveat),
// verifier/tsa_words.py (not_made, remaining) and verifier/chains.py: what the CLI prints
// around the checks, offline (no node was asked: the page never asks one).
import { toHex } from './bytes.js';

const NEEDS_NODE = 'needs a node of the chain (ipledger-verify --rpc URL)';
const NAME_THE_TSA = 'pass --tsa-ca FILE with the certificate of a TSA (or its CA) you trust';
const PUBLIC_CHAINS = new Set([1n, 11155111n, 137n, 8453n, 42161n, 10n]);
const DEVELOPMENT_CHAINS = new Set([31337n, 1337n]);

// The note's cosignature/v1 lines no policy names (policy.py cosignature_lines without one).
function cosignatureCount(signatures) {
  return signatures.filter((s) => {
    if (s.signature.length !== 72) return false;
    const time = BigInt('0x' + toHex(s.signature.subarray(0, 8)));
    return time > 0n && time < 2n ** 63n;
  }).length;
}

function chainBound(v) {
  const a = v.anchor;
  return a.provenBlock || (a.canonicalBy !== null && (v.trustedChainId !== null || a.transactionProven));
}

function canonicalNotMade(v) {
  const a = v.anchor;
  const without = `no node (--rpc) or trusted block hashes (--trusted-blocks) were given, or they did not cover block ${a.blockNumber}`;
  if (v.bundle.anchor.blockProof) return `the bundle's canonicality proof is past the trust root (see what remains); ${without}`;
  if (v.version >= 2 && a.chainId === 1n) return `the bundle carries no canonicality proof yet (see what remains); ${without}`;
  return without;
}

/**
 * statement.py's rows beyond the verdict's checks, for a verdict `v` (verify.js's, with
 * trustedChainId, logAddressGiven, tsaRootsGiven and signatures (the checkpoint note's)):
 * {rows: [{step, title, detail | reason, made}], passed, notMade} in the CLI's order (rows
 * come after the verdict's checks of the same step).
 */
export function statementRows(v) {
  const a = v.anchor;
  const rows = [];
  const notMade = (step, title, reason) => rows.push({ step, title, reason, made: false });
  const passed = (step, title, detail) => rows.push({ step, title, detail, made: true });
  const digest = 'sha256:' + toHex(v.entry.digest);
  if (!v.documentChecked) {
    notMade(1, 'Document matches', `the document itself was not given, only its SHA-256 (${digest}), which is the entry's digest`);
  }
  if (!v.logAuthenticated) notMade(4, 'Checkpoint signed by the log', "the log's verifier key was not given (--log-key)");
  const cosigned = cosignatureCount(v.signatures);
  if (cosigned) {
    notMade(4, 'Checkpoint witnessed per the policy', `the checkpoint carries ${cosigned} cosignature(s); no policy (--policy) to check them`);
  }
  if (!v.logAddressGiven) {
    notMade(7, "Anchored by the log's published operator address", `no address was given (--log-address); the bundle's ${a.log} is taken as it states it (the time claim does not depend on it)`);
  }
  if (v.tokens.length && !v.tsaRootsGiven) {
    notMade(9, 'TSA certificates chain to a TSA you trust', `the tokens' signatures were verified, not who signed them: ${NAME_THE_TSA}`);
  }
  if (a.canonicalBy === null) notMade(8, "Block is on the chain's canonical history", canonicalNotMade(v));
  if (a.provenBlock) {
    passed(8, 'Chain id', 'the block is on Ethereum mainnet (chain id 1) by the beacon chain\'s proof, and the anchoring transaction is signed for chain id 1');
  } else if (chainBound(v) && a.transactionProven) {
    passed(8, 'Chain id', `the anchoring transaction in this block is signed for chain id ${a.chainId}, and the block is on the trusted chain`);
  } else if (chainBound(v)) {
    passed(8, 'Chain id', `the trusted block list is of chain ${a.chainId}`);
  } else if (a.transactionProven) {
    notMade(8, 'Chain id', `the anchoring transaction is signed for chain id ${a.chainId}; that the block is on that chain is shown once the block is shown canonical`);
  } else {
    notMade(8, 'Chain id', `the bundle says chain id ${a.chainId}; nothing in the evidence binds it: it ${NEEDS_NODE} or a trusted block list naming its chain`);
  }
  if (a.transactionProven) {
    passed(6, 'Transaction hash', `${a.txHash} is the hash of the transaction proven in the block`);
  } else {
    notMade(8, 'Transaction hash', `the receipt is proven by its place in the block (transaction ${v.bundle.anchor.txIndex}), not by the hash ${a.txHash} the bundle gives; checking the hash ${NEEDS_NODE}`);
  }
  notMade(8, 'Contract is the published EvidenceAnchor', `checking its code ${NEEDS_NODE}; the time claim does not depend on it`);
  const sorted = rows.map((r, i) => [r, i]).sort((x, y) => x[0].step - y[0].step || x[1] - y[1]).map(([r]) => r);
  return {
    rows: sorted,
    passed: sorted.filter((r) => r.made).map(({ step, title, detail }) => ({ step, title, detail })),
    notMade: sorted.filter((r) => !r.made).map(({ step, title, reason }) => ({ step, title, reason })),
  };
}

// statement.py _remaining and tsa_words.remaining: what is left for the reader to trust.
export function remainingWords(v) {
  const a = v.anchor;
  const items = [...v.remaining];
  const bound = chainBound(v);
  const proven = a.canonicalBy !== null;
  if (!bound && a.transactionProven && !proven) {
    items.push(`that the anchor is on chain id ${a.chainId}: the anchoring transaction is signed for it, which binds the chain once the block is shown canonical (above)`);
  } else if (!bound && !(proven && v.trustedChainId === null)) {
    items.push(`that the anchor is on chain id ${a.chainId}, as the bundle says: nothing in the evidence binds the chain id; checking it ${NEEDS_NODE}`);
  }
  if (!a.transactionProven) {
    items.push(`that the anchoring transaction's hash is ${a.txHash}, as the bundle says: the evidence proves transaction ${v.bundle.anchor.txIndex} of block ${a.blockNumber} by its receipt, not by its hash; checking it ${NEEDS_NODE}; the time claim does not depend on it`);
  }
  if (DEVELOPMENT_CHAINS.has(a.chainId)) {
    items.push(`the operator of chain id ${a.chainId}: it is a local development chain (anvil, Hardhat), not a public blockchain, and whoever runs it can rewrite its history and its block times; anchor on a public chain for evidence that needs no such trust`);
  } else if (!PUBLIC_CHAINS.has(a.chainId)) {
    items.push(`that chain id ${a.chainId} is a public chain no single party can rewrite: this verifier does not know it`);
  }
  if (v.tokens.length && !v.tsaRootsGiven) {
    const names = [...new Set(v.tokens.map((t) => t.subject))].sort().join(', ');
    items.push(`that the time-stamp authorities (${names}) are ones you trust: their tokens' signatures were verified, their certificates were not; ${NAME_THE_TSA}`);
  }
  return items;
}

// statement.py _caveats' development-chain sentence, or null.
export function developmentCaveat(v) {
  const a = v.anchor;
  if (!DEVELOPMENT_CHAINS.has(a.chainId)) return null;
  const words = chainBound(v) ? 'is anchored on' : 'names';
  return `The evidence ${words} chain id ${a.chainId}, a local development chain, NOT a public blockchain: whoever runs it can rewrite it, so the time rests on trusting its operator.`;
}
