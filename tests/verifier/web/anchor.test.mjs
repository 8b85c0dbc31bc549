// Unit tests of the browser verifier's anchor part (verifier/web/src, mirrors of the Python
// core's rlp, mpt, ethereum, transaction, ssz, beacon, anchoring): against the vectors' own
// expectations, and against the Python core's answers in $ANCHOR_CASES (test_anchor_js.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromHex, toHex } from '../../../verifier/web/src/bytes.js';
import { keccak256 } from '../../../verifier/web/src/hex.js';
import { parseCheckpoint, parseNote } from '../../../verifier/web/src/note.js';
import { VerifyError } from '../../../verifier/web/src/errors.js';
import { parseJson } from '../../../verifier/web/src/jsontext.js';
import { decode, encode } from '../../../verifier/web/src/rlp.js';
import { verifyMptProof } from '../../../verifier/web/src/mpt.js';
import { decodeHeader, decodeReceipt, verifyReceiptProof } from '../../../verifier/web/src/ethereum.js';
import { decodeTransaction } from '../../../verifier/web/src/transaction.js';
import { CAPELLA_SLOT, historicalSummaries, verifyHeaderProof } from '../../../verifier/web/src/beacon.js';
import { parseAnchor, shippedTrustRoot, verifyAnchor, verifyAnchorBlock } from '../../../verifier/web/src/anchoring.js';

const VECTORS = new URL('../../vectors/', import.meta.url);
const vector = (name) => JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8'));
const hex = (text) => fromHex(text.replace(/^0x/i, '').toLowerCase());
const CASES = process.env.ANCHOR_CASES ? JSON.parse(readFileSync(process.env.ANCHOR_CASES, 'utf8')) : null;

// What a call gives, in the cases' terms: {ok: value} or {error: the Python class name, message}.
function outcome(run) {
  try {
    return { ok: run() };
  } catch (error) {
    if (error instanceof VerifyError) return { error: error.type, message: error.message };
    throw error;
  }
}

function agree(kind, run) {
  const wrong = [];
  for (const c of CASES[kind]) {
    const got = outcome(() => run(c));
    const want = 'error' in c ? { error: c.error, message: c.message } : { ok: c.ok };
    try {
      assert.deepStrictEqual(got, want);
    } catch {
      wrong.push(`${c.name}: got ${JSON.stringify(got).slice(0, 400)}, want ${JSON.stringify(want).slice(0, 400)}`);
    }
  }
  assert.deepStrictEqual(wrong, [], `${wrong.length} of ${CASES[kind].length} ${kind} cases differ`);
}

const parseObject = (text) =>
  parseJson(text, { type: 'InvalidBundle', what: 'bundle', duplicate: () => {}, constant: () => {} });

const tree = (item) => (Array.isArray(item) ? item.map(tree) : toHex(item));

// ethereum/tests RLPTests: every valid encoding decodes and re-encodes to itself.
test('RLP: the valid vectors of ethereum/tests round-trip, the invalid ones are refused', () => {
  for (const [name, v] of Object.entries(vector('ethereum_rlp_valid.json'))) {
    const raw = hex(v.out);
    assert.equal(toHex(encode(decode(raw))), toHex(raw), name);
  }
  for (const [name, v] of Object.entries(vector('ethereum_rlp_invalid.json'))) {
    assert.throws(() => decode(hex(v.out)), (e) => e.type === 'InvalidRLP', name);
  }
});

// anvil's blocks: the header ipledger encoded hashes to anvil's block hash; receipts are proven.
test('headers and receipt proofs: anvil blocks hash to the hash anvil reported', () => {
  for (const name of ['berlin', 'london', 'shanghai', 'cancun', 'prague', 'big']) {
    const data = vector(`anvil_block_${name}.json`);
    const header = decodeHeader(hex(data.block_header));
    assert.equal('0x' + toHex(header.hash), data.block.hash, name);
    assert.equal(header.number, BigInt(data.block.number), name);
    for (const receipt of data.receipts.filter((r) => r.proof)) {
      const decoded = verifyReceiptProof(header.receiptsRoot, BigInt(receipt.transactionIndex), hex(receipt.encoded), receipt.proof.map(hex));
      assert.equal(decoded.status, Number(receipt.status), `${name} receipt ${receipt.transactionIndex}`);
      assert.equal(decoded.logs.length, receipt.logs.length);
    }
  }
});

// go-ethereum's blocks (ethereum/execution-apis): the header built from the node's JSON fields
// with rlp.js's encoder decodes to those fields and hashes to the node's block hash.
const HEADER_FIELDS = ['parentHash', 'sha3Uncles', 'miner', 'stateRoot', 'transactionsRoot', 'receiptsRoot',
  'logsBloom', 'difficulty', 'number', 'gasLimit', 'gasUsed', 'timestamp', 'extraData', 'mixHash', 'nonce',
  'baseFeePerGas', 'withdrawalsRoot', 'blobGasUsed', 'excessBlobGas', 'parentBeaconBlockRoot', 'requestsHash'];
const QUANTITIES = new Set(['difficulty', 'number', 'gasLimit', 'gasUsed', 'timestamp', 'baseFeePerGas', 'blobGasUsed', 'excessBlobGas']);

test('headers: geth blocks rebuilt from their JSON hash to the hash geth reported', () => {
  const blocks = vector('geth_blocks.json').blocks;
  assert.ok(Object.keys(blocks).length >= 5);
  for (const [name, block] of Object.entries(blocks)) {
    const fields = HEADER_FIELDS.filter((f) => f in block).map((f) => (QUANTITIES.has(f) ? BigInt(block[f]) : hex(block[f])));
    const header = decodeHeader(encode(fields));
    assert.equal('0x' + toHex(header.hash), block.hash, name);
    assert.equal(header.number, BigInt(block.number), name);
    assert.equal(header.timestamp, BigInt(block.timestamp), name);
    assert.equal('0x' + toHex(header.receiptsRoot), block.receiptsRoot.toLowerCase(), name);
  }
});

// go-ethereum's eth_getProof answers: the account proof yields RLP([nonce, balance, storageHash,
// codeHash]) at keccak256(address); a storage slot holding zero is shown absent.
test('trie proofs: geth account proofs yield the accounts geth reported', () => {
  for (const [name, p] of Object.entries(vector('geth_proofs.json').proofs)) {
    const proof = p.accountProof.map(hex);
    const value = verifyMptProof(keccak256(proof[0]), keccak256(hex(p.address)), proof);
    const account = encode([BigInt(p.nonce), BigInt(p.balance), hex(p.storageHash), hex(p.codeHash)]);
    assert.equal(toHex(value), toHex(account), name);
    for (const slot of p.storageProof) {
      const key = keccak256(fromHex(BigInt(slot.key).toString(16).padStart(64, '0')));
      const nodes = slot.proof.map(hex);
      if (BigInt(slot.value) === 0n) {
        assert.throws(() => verifyMptProof(hex(p.storageHash), key, nodes), (e) => e.type === 'KeyNotInTrie', name);
      } else {
        assert.equal(toHex(verifyMptProof(hex(p.storageHash), key, nodes)), toHex(encode(BigInt(slot.value))), name);
      }
    }
  }
});

// The golden bundles, without Python: every anchor verifies against the block hashes and the
// sender anvil reported (manifest.json), with steps 5-8 in verify.py's order and titles.
test('golden anchors verify against the block hashes and senders anvil reported', () => {
  for (const dir of ['bundles', 'bundles_v2', 'bundles_v3']) {
    const manifest = vector(`${dir}/manifest.json`);
    for (const [name, info] of Object.entries(manifest.bundles)) {
      const bundle = parseObject(readFileSync(new URL(`${dir}/${name}.json`, VECTORS), 'utf8'));
      const version = Number(bundle.version ?? 1n);
      const checkpoint = parseCheckpoint(parseNote(bundle.checkpoint).text);
      const trusted = new Map(Object.entries(info.trusted_blocks).map(([k, v]) => [BigInt(k), hex(v)]));
      const r = verifyAnchor(parseAnchor(bundle.anchor, version), {
        size: checkpoint.size, root: checkpoint.root, trustedBlocks: trusted,
        trustedChainId: BigInt(manifest.chain_id), trustRoot: null, version,
      });
      const where = `${dir}/${name}`;
      assert.deepEqual(r.checks.map((c) => c.step), [5, 6, 7, 8], where);
      assert.equal(r.checks[1].title, version >= 2 ? 'Transaction and receipt are in the block' : 'Transaction receipt is in the block', where);
      assert.equal(r.canonicalBy, 'trusted block hashes', where);
      assert.equal(r.blockHash, Object.values(info.trusted_blocks)[0], where);
      assert.equal(r.chainId, BigInt(manifest.chain_id), where);
      if (version >= 2) assert.equal(r.sender, info.sender, where);
      assert.deepEqual(r.remaining, [], where);
    }
  }
});

test('the shipped trust root parses and hashes to its stated root', () => {
  const root = shippedTrustRoot();
  const stated = JSON.parse(readFileSync(new URL('../../../verifier/trust/mainnet.json', import.meta.url), 'utf8'));
  assert.equal('0x' + toHex(root.root), stated.historical_summaries_root);
  assert.equal(root.slot, BigInt(stated.slot));
});

const skip = CASES === null ? 'ANCHOR_CASES is not set (run tests/verifier/web/test_anchor_js.py)' : false;

test('RLP agrees with rlp.py', { skip }, () => agree('rlp', (c) => tree(decode(fromHex(c.hex)))));

test('headers agree with ethereum.py', { skip }, () =>
  agree('header', (c) => {
    const h = decodeHeader(fromHex(c.hex));
    return { number: String(h.number), timestamp: String(h.timestamp), hash: toHex(h.hash), fork: h.fork };
  }));

test('trie proofs agree with mpt.py (geth eth_getProof vectors)', { skip }, () =>
  agree('mpt', (c) => toHex(verifyMptProof(fromHex(c.root), fromHex(c.key), c.proof.map(fromHex)))));

test('receipts and receipt proofs agree with ethereum.py', { skip }, () =>
  agree('receipt', (c) => {
    const raw = fromHex(c.hex);
    const decoded = decodeReceipt(raw);
    if (c.proof) verifyReceiptProof(fromHex(c.root), BigInt(c.index), raw, c.proof.map(hex));
    return { status: decoded.status, logs: decoded.logs.length, type: decoded.txType };
  }));

test('transactions and their senders agree with transaction.py (a mainnet block)', { skip }, () =>
  agree('transaction', (c) => {
    const tx = decodeTransaction(fromHex(c.hex));
    return { type: tx.txType, chain_id: tx.chainId === null ? null : String(tx.chainId), sender: toHex(tx.sender), hash: toHex(tx.hash) };
  }));

test('Portal header proofs agree with beacon.py against the shipped trust root', { skip }, () =>
  agree('portal', (c) => {
    const p = verifyHeaderProof(fromHex(c.hex), shippedTrustRoot());
    return { number: String(p.number), slot: String(p.slot), type: p.proofType };
  }));

test('a mainnet anchor and its block proof agree with anchoring.py', { skip }, () =>
  agree('mainnet_block', (c) => {
    const shipped = shippedTrustRoot();
    const root = c.periods === null ? shipped
      : historicalSummaries(CAPELLA_SLOT + BigInt(c.periods) * 8192n, shipped.summaries.slice(0, c.periods));
    const result = verifyAnchorBlock(parseAnchor(parseObject(JSON.stringify(c.anchor)), 2), root);
    return {
      canonical: result.canonical !== null,
      sender: result.transaction === null ? null : toHex(result.transaction.sender),
      later: result.laterThanTrustRoot === null ? null : result.laterThanTrustRoot.message,
    };
  }));

test('golden anchors and their tampered copies get verify.py\'s checks and errors', { skip }, () =>
  agree('anchor', (c) => {
    const anchor = parseAnchor(parseObject(c.anchor), c.version);
    const trusted = c.trusted === null ? null : new Map(Object.entries(c.trusted).map(([k, v]) => [BigInt(k), fromHex(v)]));
    const r = verifyAnchor(anchor, {
      size: BigInt(c.size), root: fromHex(c.root), logAddress: c.log_address, trustedBlocks: trusted,
      trustedChainId: c.trusted_chain_id === null ? null : BigInt(c.trusted_chain_id), trustRoot: null, version: c.version,
    });
    return {
      checks: r.checks.map((k) => [k.step, k.title, k.detail]), remaining: r.remaining, warnings: r.warnings,
      canonical_by: r.canonicalBy, sender: r.sender, transaction_proven: r.transactionProven,
      block_number: String(r.blockNumber), block_hash: r.blockHash, contract: r.contract, log: r.log,
      tx_hash: r.txHash, chain_id: String(r.chainId),
    };
  }));
