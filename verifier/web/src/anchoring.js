// Mirrors verifier/core/anchoring.py, the anchor parsing of core/bundle.py and steps 5-8 of
// core/verify.py: block header, transaction and receipt, the Anchored event, canonicality.
import mainnet from '../../trust/mainnet.json' with { type: 'json' };
import { VerifyError } from './errors.js';
import { concat, equal, pyRepr, toHex } from './bytes.js';
import { chainBase64, object, uint } from './bundle.js';
import { CAPELLA_SLOT, CHAIN_ID, GENESIS_TIME, SECONDS_PER_SLOT, blockProofFromSsz, parseTrustRoot, periodCloses, verifyBlockProof } from './beacon.js';
import { verifyHeader, verifyReceiptProof } from './ethereum.js';
import { address, bigIntToBytes, bytesToBigInt, chainHex, hex0x, keccak256, toChecksumAddress } from './hex.js';
import { verifyTransactionProof } from './transaction.js';

const MAX_TRIE_NODES = 64;
const ANCHOR_KEYS_V1 = ['chain_id', 'contract', 'log', 'tx_hash', 'tx_index', 'log_index', 'block_number',
  'block_hash', 'block_time', 'block_header', 'receipt', 'receipt_proof'];
const ANCHOR_KEYS_V2 = [...ANCHOR_KEYS_V1, 'transaction', 'transaction_proof', 'block_proof'];
const BLOCK_PROOF_KEYS = ['type', 'proof'];
export const ANCHORED_TOPIC = keccak256(new TextEncoder().encode('Anchored(address,uint64,bytes32,uint64)'));
const MAX_DATETIME_SECONDS = 253402300799n;

let shipped = null;

/** The trust root shipped with the verifier (verifier/trust/mainnet.json), checked once. */
export function shippedTrustRoot() {
  if (shipped === null) shipped = parseTrustRoot(JSON.stringify(mainnet));
  return shipped;
}

function invalid(message) {
  return new VerifyError('InvalidBundle', message);
}

function trieNodes(value, where, version) {
  if (!Array.isArray(value) || !(value.length > 0 && value.length <= MAX_TRIE_NODES)) {
    throw invalid(`${where} must be a list of 1 to ${MAX_TRIE_NODES} trie nodes`);
  }
  return value.map((n, i) => (version < 2 ? chainHex(n, `${where}[${i}]`, null, 1 << 12) : chainBase64(n, `${where}[${i}]`, null, 1 << 12)));
}

function parseBlockProof(value) {
  if (value === null) return null;
  const obj = object(value, 'anchor.block_proof', BLOCK_PROOF_KEYS);
  if (typeof obj.type !== 'string') throw invalid('anchor.block_proof.type must be a string');
  try {
    return blockProofFromSsz(obj.type, chainBase64(obj.proof, 'anchor.block_proof.proof'));
  } catch (error) {
    if (error instanceof VerifyError && error.type === 'InvalidBlockProof') throw invalid(`anchor.block_proof: ${error.message}`);
    throw error;
  }
}

/**
 * Parse a bundle's "anchor" value (as src/jsontext.js parses JSON: integers BigInt) for bundle
 * `version` (1, 2 or 3), as bundle.py's _parse_anchor. Returns {chainId, contract, log, txHash,
 * txIndex, logIndex, blockNumber, blockHash, blockTime, blockHeader, receipt, receiptProof,
 * transaction (null in v1), transactionProof ([] in v1), blockProof (null or the proof)}:
 * integers BigInt, byte strings Uint8Array. Throws VerifyError('InvalidBundle').
 */
export function parseAnchor(value, version) {
  const obj = object(value, 'anchor', version < 2 ? ANCHOR_KEYS_V1 : ANCHOR_KEYS_V2);
  const read = (v, where, limit = 1 << 18) => (version < 2 ? chainHex(v, where, null, limit) : chainBase64(v, where, null, limit));
  const v2 = version >= 2;
  return {
    chainId: uint(obj.chain_id, 'anchor.chain_id'),
    contract: address(obj.contract, 'anchor.contract'),
    log: address(obj.log, 'anchor.log'),
    txHash: chainHex(obj.tx_hash, 'anchor.tx_hash', 32),
    txIndex: uint(obj.tx_index, 'anchor.tx_index'),
    logIndex: uint(obj.log_index, 'anchor.log_index'),
    blockNumber: uint(obj.block_number, 'anchor.block_number'),
    blockHash: chainHex(obj.block_hash, 'anchor.block_hash', 32),
    blockTime: uint(obj.block_time, 'anchor.block_time'),
    blockHeader: read(obj.block_header, 'anchor.block_header', 1 << 12),
    receipt: read(obj.receipt, 'anchor.receipt'),
    receiptProof: trieNodes(obj.receipt_proof, 'anchor.receipt_proof', version),
    transaction: v2 ? read(obj.transaction, 'anchor.transaction') : null,
    transactionProof: v2 ? trieNodes(obj.transaction_proof, 'anchor.transaction_proof', version) : [],
    blockProof: v2 ? parseBlockProof(obj.block_proof) : null,
  };
}

// verify.py _utc: YYYY-MM-DD HH:MM:SS UTC.
export function utcWords(seconds) {
  if (seconds > MAX_DATETIME_SECONDS) return `${seconds} seconds after 1970-01-01 00:00:00 UTC (after the year 9999)`;
  return new Date(Number(seconds) * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

function renamed(error, type, message) {
  if (error instanceof VerifyError && error.type === 'RootMismatchError') return new VerifyError(type, message);
  return error;
}

/**
 * anchoring.py verify_anchor_block: header, receipt, (v2) transaction and, with a trust root,
 * the block proof. Returns {header, receipt, transaction, canonical, laterThanTrustRoot}.
 */
export function verifyAnchorBlock(anchor, trustRoot) {
  const header = verifyHeader(anchor.blockHeader, anchor.blockHash);
  if (header.number !== anchor.blockNumber || header.timestamp !== anchor.blockTime) {
    throw new VerifyError(
      'HeaderMismatch',
      `the block header says block ${header.number} at ${header.timestamp}, the bundle says block ` +
        `${anchor.blockNumber} at ${anchor.blockTime}`,
    );
  }
  let receipt;
  try {
    receipt = verifyReceiptProof(header.receiptsRoot, anchor.txIndex, anchor.receipt, anchor.receiptProof);
  } catch (error) {
    throw renamed(error, 'ReceiptProofError', "the receipt proof does not start at the block's receiptsRoot: the proof or the header was altered");
  }
  const transaction = anchor.transaction === null ? null : checkedTransaction(anchor, header);
  let canonical = null;
  let later = null;
  if (anchor.blockProof !== null && trustRoot !== null) {
    if (anchor.chainId !== CHAIN_ID) {
      throw new VerifyError(
        'CanonicalityError',
        `the bundle carries a proof against Ethereum mainnet's beacon chain, but names chain id ${anchor.chainId}, not ${CHAIN_ID}`,
      );
    }
    try {
      canonical = verifyBlockProof(anchor.blockHash, header.timestamp, header.number, anchor.blockProof, trustRoot);
    } catch (error) {
      if (!(error instanceof VerifyError && error.type === 'BlockAfterTrustRoot')) throw error;
      later = error;
    }
  }
  return { header, receipt, transaction, canonical, laterThanTrustRoot: later };
}

function checkedTransaction(anchor, header) {
  let tx;
  try {
    tx = verifyTransactionProof(header.transactionsRoot, anchor.txIndex, anchor.transaction, anchor.transactionProof);
  } catch (error) {
    throw renamed(error, 'TransactionProofError', "the transaction proof does not start at the block's transactionsRoot: the proof or the header was altered");
  }
  if (!equal(tx.hash, anchor.txHash)) {
    throw new VerifyError(
      'TransactionMismatch',
      `the transaction proven at index ${anchor.txIndex} has hash 0x${toHex(tx.hash)}, the bundle says 0x${toHex(anchor.txHash)}`,
    );
  }
  if (tx.chainId === null) {
    throw new VerifyError(
      'TransactionMismatch',
      'the anchoring transaction was signed without a chain id (pre-EIP-155), so it does not say which chain it is for',
    );
  }
  if (tx.chainId !== anchor.chainId) {
    throw new VerifyError(
      'TransactionMismatch',
      `the anchoring transaction was signed for chain id ${tx.chainId}, the bundle says chain id ${anchor.chainId}`,
    );
  }
  return tx;
}

// verify.py _check_anchor_event (step 7).
function checkAnchorEvent(anchor, receipt, size, root) {
  const fail = (message) => new VerifyError('AnchorEventError', message);
  if (receipt.status !== 1) throw fail('the anchoring transaction failed (receipt status 0)');
  if (anchor.logIndex >= BigInt(receipt.logs.length)) {
    throw fail(`the receipt has ${receipt.logs.length} log(s); there is no log ${anchor.logIndex}`);
  }
  const event = receipt.logs[Number(anchor.logIndex)];
  const expected = [ANCHORED_TOPIC, concat(new Uint8Array(12), anchor.log), bigIntToBytes(size, 32)];
  const problems = [];
  if (!equal(event.address, anchor.contract)) problems.push('it was emitted by another contract');
  if (event.topics.length !== expected.length || !event.topics.every((t, i) => equal(t, expected[i]))) {
    problems.push('it is not Anchored(log, size) for this log and tree size');
  }
  if (event.data.length !== 64 || !equal(event.data.subarray(0, 32), root)) problems.push('it records another root');
  else if (bytesToBigInt(event.data.subarray(32)) >= size) problems.push('its previous size is not below the anchored size');
  if (problems.length) throw fail(`log ${anchor.logIndex} of the receipt: ${problems.join('; ')}`);
}

// verify.py _address_bytes.
function addressBytes(text) {
  const digits = text.startsWith('0x') ? text.slice(2) : text;
  if (digits.length !== 40) throw new VerifyError('AnchorEventError', `${pyRepr(text)} is not a 20-byte address`);
  // bytes.fromhex accepts spaces between bytes; an operator address never has them.
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw new VerifyError('AnchorEventError', `${pyRepr(text)} is not a hex address`);
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Steps 5-8 of verify.py for a parsed anchor. Options: size (BigInt) and root (Uint8Array) of
 * the checkpoint; logAddress (string | null: the log's published operator address);
 * trustedBlocks (Map<BigInt, Uint8Array> | null); trustedChainId (BigInt | null); trustRoot (a
 * parseTrustRoot() value, or null for the shipped mainnet one); version (the bundle's).
 * Returns {checks, remaining, warnings, canonicalBy, provenBlock, transactionProven, sender,
 * chainId, blockNumber, blockHash, blockTime, contract, log, txHash, proven (the ProvenBlock |
 * null)}. Throws VerifyError with verify.py's error types.
 */
export function verifyAnchor(anchor, options) {
  const { size, root, logAddress = null, trustedBlocks = null, trustedChainId = null, version = 1 } = options;
  const trustRoot = options.trustRoot ?? shippedTrustRoot();
  const checks = [];
  const remaining = [];
  const warnings = [];
  const block = verifyAnchorBlock(anchor, trustRoot);
  const { header, transaction: tx } = block;
  checks.push({
    step: 5,
    title: 'Block header matches',
    detail: `block ${anchor.blockNumber}, hash ${hex0x(anchor.blockHash)}, time ${utcWords(anchor.blockTime)}`,
  });
  if (tx === null) {
    checks.push({
      step: 6,
      title: 'Transaction receipt is in the block',
      detail: `receipt of transaction ${anchor.txIndex} proven under receiptsRoot ${hex0x(header.receiptsRoot)}`,
    });
  } else {
    checks.push({
      step: 6,
      title: 'Transaction and receipt are in the block',
      detail:
        `transaction ${anchor.txIndex} (hash ${hex0x(tx.hash)}, signed for chain id ${tx.chainId}) proven under ` +
        `transactionsRoot ${hex0x(header.transactionsRoot)}, its receipt under receiptsRoot ${hex0x(header.receiptsRoot)}`,
    });
  }
  checkAnchorEvent(anchor, block.receipt, size, root);
  if (logAddress !== null && !equal(addressBytes(logAddress), anchor.log)) {
    throw new VerifyError(
      'AnchorEventError',
      `the checkpoint was anchored by ${toChecksumAddress(anchor.log)}, not by the log's published operator address ${logAddress}`,
    );
  }
  let sentBy = '';
  if (tx !== null && equal(tx.sender, anchor.log)) {
    sentBy = '; the transaction was signed by that address';
  } else if (tx !== null) {
    warnings.push(
      `the anchoring transaction was signed by ${toChecksumAddress(tx.sender)}, not by the log's operator ` +
        `address ${toChecksumAddress(anchor.log)}: the log is operated through a contract (a multisig wallet, ` +
        'for example), which called EvidenceAnchor in that transaction',
    );
  }
  checks.push({
    step: 7,
    title: 'Block anchors the checkpoint',
    detail:
      `contract ${toChecksumAddress(anchor.contract)} recorded root ${toHex(root)} at size ${size} for log ` +
      `${toChecksumAddress(anchor.log)}${sentBy}`,
  });

  let canonicalBy = null;
  const proven = block.canonical;
  if (proven !== null) {
    canonicalBy = `Ethereum mainnet's beacon chain (historical_summaries at slot ${proven.trustRootSlot})`;
    checks.push({
      step: 8,
      title: "Block is on Ethereum mainnet's canonical chain",
      detail:
        `block ${proven.number} is in beacon block ${hex0x(proven.beaconBlockRoot)} (slot ${proven.slot}), whose ` +
        `root is in the beacon chain's historical_summaries at slot ${proven.trustRootSlot} (root ` +
        `${proven.trustRoot}); no node was asked`,
    });
  }
  if (trustedBlocks !== null && trustedBlocks.has(anchor.blockNumber)) {
    if (trustedChainId !== null && trustedChainId !== anchor.chainId) {
      throw new VerifyError(
        'UntrustedBlock',
        `the trusted block hashes are of chain ${trustedChainId}, the bundle says it is anchored on chain ${anchor.chainId}`,
      );
    }
    const trusted = trustedBlocks.get(anchor.blockNumber);
    if (!equal(trusted, anchor.blockHash)) {
      throw new VerifyError(
        'UntrustedBlock',
        `block ${anchor.blockNumber} of the trusted history has hash ${hex0x(trusted)}, not the bundle's ` +
          `${hex0x(anchor.blockHash)}: the bundle's block is not on that chain`,
      );
    }
    canonicalBy = canonicalBy ?? 'trusted block hashes';
    checks.push({ step: 8, title: 'Block is on the trusted chain', detail: `block ${anchor.blockNumber} hash matches` });
    if (trustedChainId === null && tx === null && proven === null) {
      remaining.push(
        `that the trusted block hashes are those of chain ${anchor.chainId}: the bundle's chain id is only ` +
          'checked against a node (--rpc) or a trusted list that names its chain',
      );
    }
  } else if (canonicalBy === null) {
    remaining.push(canonicalityLeft(anchor, version, block));
  }
  return {
    checks,
    remaining,
    warnings,
    canonicalBy,
    provenBlock: proven !== null,
    proven,
    transactionProven: tx !== null,
    sender: tx === null ? null : toChecksumAddress(tx.sender),
    chainId: anchor.chainId,
    blockNumber: anchor.blockNumber,
    blockHash: hex0x(anchor.blockHash),
    blockTime: anchor.blockTime,
    contract: toChecksumAddress(anchor.contract),
    log: toChecksumAddress(anchor.log),
    txHash: hex0x(anchor.txHash),
  };
}

// verify.py _canonicality_left: what is left to show the block canonical, and how.
function canonicalityLeft(anchor, version, block) {
  const unconfirmed =
    `that block ${anchor.blockNumber} with hash ${hex0x(anchor.blockHash)} is on the canonical history of ` +
    `chain ${anchor.chainId}`;
  const later = block.laterThanTrustRoot;
  if (later !== null) {
    return (
      `${unconfirmed}: the bundle's canonicality proof is for beacon slot ${later.slot}, which the trust root ` +
      `(Ethereum mainnet's historical_summaries at slot ${later.trustRootSlot}) does not reach; use a trust root ` +
      `taken after ${later.periodCloses} (ipledger-verify --trust-root FILE) or check with a node (--rpc)`
    );
  }
  if (anchor.blockProof !== null) {
    return (
      `${unconfirmed}: the bundle carries a canonicality proof, but no trust root was given to check it ` +
      'against (the ipledger-verify command uses the one it ships)'
    );
  }
  const slotDiff = anchor.blockTime - GENESIS_TIME;
  const slot = slotDiff >= 0n ? slotDiff / SECONDS_PER_SLOT : -((-slotDiff + SECONDS_PER_SLOT - 1n) / SECONDS_PER_SLOT);
  if (version >= 2 && anchor.chainId === CHAIN_ID && slot >= CAPELLA_SLOT) {
    return (
      `${unconfirmed}: this bundle has no canonicality proof yet; the log's operator can add one once the ` +
      `block's beacon-chain period has closed (${periodCloses(slot)}; \`ipledger evidence --upgrade\`), or ` +
      'check the block with a node (--rpc) or an explorer'
    );
  }
  return `${unconfirmed} (check it with a node or an explorer); until then the bundle is only self-consistent`;
}
