"""Regenerate tests/vectors/bundles_v3/: real evidence bundles made on a fresh anvil node.

The producer writes bundle format v3 (design section 8). tests/vectors/bundles/ (v1) and
bundles_v2/ hold the bundles this script wrote before v2 and v3 existed; they are kept byte
for byte, never regenerated, so that every later verifier is tested on bundles handed out
in the old formats. Each v3 checkpoint is time-stamped by two test TSAs, OpenSSL's
`openssl ts -reply` with their own CAs (tests/openssl_tsa.py): `tsa-a` (ECDSA P-256) and
`tsa-b` (RSA-2048); their CA and TSA keys and certificates are kept in the vector directory.

Run from the repository root after `make install`:
`.venv/bin/python tests/vectors/make_bundles.py`. Each bundle is assembled by
`ledger.evidence.bundle.assemble_bundle` (which verifies it before handing it out) from a
real log, a real signed checkpoint and a real EvidenceAnchor transaction mined by anvil;
the manifest records each log's verifier key and the anchor block's hash as the
node reported it, so the tests can verify the bundles with no chain at all.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eth_account import Account  # noqa: E402
from eth_account.signers.local import LocalAccount  # noqa: E402
from web3 import Web3  # noqa: E402

from ipledger.ledger.chain.contract import load_artifact  # noqa: E402
from ipledger.ledger.checkpoints import cut_checkpoint  # noqa: E402
from ipledger.ledger.evidence.bundle import assemble_bundle  # noqa: E402
from ipledger.ledger.keys import LogSigner  # noqa: E402
from ipledger.ledger.store import LogStore  # noqa: E402
from ipledger.ledger.testing import BlockFiller, FifoNode, mine, rpc  # noqa: E402
from ipledger.verifier.core.bundle import EvidenceBundle  # noqa: E402
from ipledger.verifier.core.clocks import stamped_message  # noqa: E402
from ipledger.verifier.core.verify import verify  # noqa: E402
from tests.openssl_tsa import OpenSslTsa  # noqa: E402

OUT = ROOT / "tests" / "vectors" / "bundles_v3"
# The two test TSAs: directory, key type, name. Their files are copied into OUT/<directory>.
TSAS = (("tsa-a", "ec", "Golden TSA A"), ("tsa-b", "rsa", "Golden TSA B"))
TSA_FILES = ("ca.pem", "ca.key", "tsa.pem", "tsa.key")
# Bundles whose checkpoint no TSA answered for: a v3 bundle with an empty token list.
UNSTAMPED = ("legacy-tx",)
ANCHOR_GAS = 300_000
# Metadata with unicode, nesting, numbers and key orders JCS must sort.
METADATA = {
    "title": "Dispositif à ressort — spring device \u2713",
    "office": "EP",
    "application": "EP23123456",
    "applicant_ref": "ACME-2023-17",
    "claims": 12,
    "priority": [
        {"office": "FR", "application_number": "FR2212345", "date": "2022-12-30"},
        {"office": "DE", "application_number": "DE102023000001", "date": "2023-01-02"},
    ],
    "details": {"b": 1.5, "a": [True, None, -0.0], "\u00e9": "e-acute"},
}


@dataclass
class GoldenLog:
    """One log of the run: its store, signer and operator account (its address on-chain)."""

    name: str
    store: LogStore
    signer: LogSigner
    operator: LocalAccount
    docs: list[bytes]
    tokens: dict[int, tuple[bytes, ...]] = field(default_factory=dict)  # by tree size

    def append(self, count: int, metadata: dict[int, dict[str, Any]] | None = None) -> None:
        """Append `count` documents (their SHA-256), with metadata on the indices given."""
        start = len(self.docs)
        docs = [f"{self.name}: document {i}\n".encode() for i in range(start, start + count)]
        items: list[dict[str, Any]] = []
        for i, doc in enumerate(docs, start=start):
            item: dict[str, Any] = {"digest": "sha256:" + hashlib.sha256(doc).hexdigest()}
            if metadata and i in metadata:
                item["metadata"] = metadata[i]
            items.append(item)
        self.store.append(items)
        self.docs += docs


class Run:
    """A fresh --no-mining anvil with EvidenceAnchor deployed; blocks are mined on demand."""

    def __init__(self, w3: Web3, workdir: Path) -> None:
        self.w3 = w3
        self.workdir = workdir
        rpc(w3, "evm_setBlockGasLimit", [hex(60_000_000)])
        self.filler = BlockFiller(w3, seed=2026)
        self.artifact = load_artifact()
        deployer = self.account()
        tx = self.filler.send(2, deployer, None, self.artifact.bytecode, gas=3_000_000)
        mine(w3)
        receipt = rpc(w3, "eth_getTransactionReceipt", [tx])
        assert receipt["status"] == "0x1", receipt
        self.contract_address = Web3.to_checksum_address(receipt["contractAddress"])
        self.contract = w3.eth.contract(address=self.contract_address, abi=self.artifact.abi)
        emitter_tx = self.filler.deploy_emitter()
        mine(w3)
        self.emitter = Web3.to_checksum_address(
            rpc(w3, "eth_getTransactionReceipt", [emitter_tx])["contractAddress"]
        )
        self.manifest: dict[str, Any] = {}
        self.tsas = [OpenSslTsa(workdir, key, name) for _, key, name in TSAS]  # type: ignore[arg-type]
        for (directory, _, _), tsa in zip(TSAS, self.tsas, strict=True):
            (OUT / directory).mkdir()
            for file in TSA_FILES:
                shutil.copyfile(tsa.dir / file, OUT / directory / file)

    def account(self) -> LocalAccount:
        """Return a fresh account holding 1000 ether on the node."""
        account: LocalAccount = Account.create()
        rpc(self.w3, "anvil_setBalance", [account.address, hex(10**21)])
        return account

    def log(self, name: str) -> GoldenLog:
        store = LogStore.open(f"sqlite:///{self.workdir / (name + '.db')}")
        signer = LogSigner.generate(f"golden.ipledger.test/{name}")
        return GoldenLog(name, store, signer, self.account(), [])

    def queue_anchor(self, log: GoldenLog, previous: int, tx_type: int) -> str:
        """Cut a checkpoint of the whole log and queue its anchor transaction; return its hash."""
        checkpoint = cut_checkpoint(log.store, log.signer)
        assert checkpoint is not None
        # As the collector does: the TSAs stamp the checkpoint when it is cut, before its anchor.
        message = stamped_message(checkpoint.note)
        log.tokens[checkpoint.tree_size] = tuple(tsa.stamp(message) for tsa in self.tsas)
        proof = log.store.consistency_proof(previous, checkpoint.tree_size) if previous else []
        data = self.contract.encode_abi("anchor", [checkpoint.tree_size, checkpoint.root, proof])
        return self.filler.send(
            tx_type, log.operator, self.contract_address, bytes.fromhex(data[2:]), gas=ANCHOR_GAS
        )

    def mine(self, expected_txs: int) -> dict[str, Any]:
        block = mine(self.w3)
        assert len(block["transactions"]) == expected_txs, (len(block["transactions"]), block)
        for tx_hash in block["transactions"]:
            if tx_hash in self.filler.sent[-expected_txs:]:
                continue
            raise AssertionError(f"unexpected transaction {tx_hash} in block")
        return block

    def save(
        self, name: str, log: GoldenLog, index: int, tree_size: int, tx_hash: str, description: str
    ) -> None:
        tokens = () if name in UNSTAMPED else log.tokens[tree_size]
        bundle = assemble_bundle(
            log.store,
            self.w3,
            index,
            tree_size=tree_size,
            tx_hash=tx_hash,
            contract=self.contract_address,
            verifier_key=log.signer.verifier_key,
            timestamps=tokens,
        ).bundle
        assert bundle.version == 3 and bundle.timestamps == tokens
        message = stamped_message(bundle.checkpoint)
        for token, tsa in zip(tokens, self.tsas, strict=False):
            assert tsa.verifies(token, message), name  # OpenSSL accepts what it issued
        text = bundle.to_json()
        assert EvidenceBundle.from_json(text) == bundle
        block = rpc(self.w3, "eth_getBlockByNumber", [hex(bundle.anchor.block_number), False])
        tx = rpc(self.w3, "eth_getTransactionByHash", [tx_hash])
        trusted = {str(bundle.anchor.block_number): block["hash"]}
        verdict = verify(
            text,
            document=log.docs[index],
            log_key=log.signer.verifier_key,
            trusted={int(k): bytes.fromhex(v[2:]) for k, v in trusted.items()},
            tsa_roots=[self.tsas[0].ca_der] if tokens else None,
        )
        assert verdict.proven and verdict.log_authenticated
        assert [t.trusted for t in verdict.timestamps] == [True, False][: len(tokens)]
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")
        (OUT / f"{name}.doc").write_bytes(log.docs[index])
        self.manifest[name] = {
            "description": description,
            "log_key": log.signer.verifier_key,
            "trusted_blocks": trusted,
            "entry_index": index,
            "tree_size": tree_size,
            "metadata": bundle.entry.metadata is not None,
            "inclusion_proof_hashes": len(bundle.inclusion.proof),
            "tx_type": int(tx["type"], 16),
            "tx_index": bundle.anchor.tx_index,
            "block_transactions": len(block["transactions"]),
            "receipt_proof_nodes": len(bundle.anchor.receipt_proof),
            "transaction_proof_nodes": len(bundle.anchor.transaction_proof),
            "sender": log.operator.address,
            "timestamps": [
                {"tsa": directory, "gen_time": t.gen_time.isoformat(), "serial": t.serial}
                for (directory, _, _), t in zip(TSAS, verdict.timestamps, strict=False)
            ],
            "bytes": len(text.encode("utf-8")),
        }
        print(f"{name}: {self.manifest[name]}")


def generate(w3: Web3, workdir: Path) -> dict[str, Any]:
    run = Run(w3, workdir)

    # A log of one entry, anchored alone in its block by an EIP-1559 transaction.
    single = run.log("single")
    single.append(1)
    tx = run.queue_anchor(single, 0, 2)
    run.mine(1)
    run.save("single", single, 0, 1, tx, "entry 0 of a log of 1; type-2 anchor alone in a block")

    # A log of 1,000 entries anchored twice: at 700, then at 1,000 with a consistency proof,
    # the second time in a block of 200 transactions of every legacy and typed kind.
    big = run.log("thousand")
    big.append(700, metadata={123: METADATA})
    first = run.queue_anchor(big, 0, 2)
    run.mine(1)
    big.append(300)
    run.filler.sent.clear()
    # Mined first in, first out: the anchor lands at index 150, whose trie key is two bytes.
    run.filler.mixed(150, run.emitter, (0, 1, 2))
    second = run.queue_anchor(big, 700, 2)
    run.filler.mixed(49, run.emitter, (0, 1, 2))
    run.mine(200)
    run.save(
        "thousand-first-anchor",
        big,
        123,
        700,
        first,
        "entry 123 (with metadata) of a log of 1,000, covered by the first anchor at size 700",
    )
    run.save(
        "thousand-second-anchor",
        big,
        999,
        1000,
        second,
        "entry 999 of a log of 1,000, covered by the second anchor (700 -> 1,000, with a "
        "consistency proof), in a block of 200 transactions",
    )
    run.save(
        "thousand-early-entry-second-anchor",
        big,
        5,
        1000,
        second,
        "entry 5, also covered by the first anchor, proven here by the second (a later, "
        "weaker but valid claim)",
    )

    # Two logs anchored in the same block of 6 transactions, by a legacy (type 0) and an
    # EIP-2930 (type 1) transaction: unprefixed and 0x01-prefixed receipts.
    legacy = run.log("legacy")
    legacy.append(3, metadata={2: {"office": "US", "n": 2}})
    access = run.log("access-list")
    access.append(5)
    run.filler.sent.clear()
    run.filler.mixed(2, run.emitter, (0, 2))
    legacy_tx = run.queue_anchor(legacy, 0, 0)
    access_tx = run.queue_anchor(access, 0, 1)
    run.filler.mixed(2, run.emitter, (1,))
    run.mine(6)
    run.save("legacy-tx", legacy, 2, 3, legacy_tx, "entry 2 (with metadata); legacy anchor tx")
    run.save("access-list-tx", access, 4, 5, access_tx, "entry 4 of 5; EIP-2930 anchor tx")

    version = rpc(w3, "web3_clientVersion", [])
    return {
        "source": f"{version} (default hardfork, --no-mining --order fifo) by "
        "tests/vectors/make_bundles.py: bundles from "
        "ipledger.ledger.evidence.bundle.assemble_bundle, "
        "trusted_blocks from eth_getBlockByNumber on the same node",
        "chain_id": w3.eth.chain_id,
        "contract": run.contract_address,
        "tsas": {
            directory: {"key": key, "name": name, "ca": f"{directory}/ca.pem",
                        "tsa": f"{directory}/tsa.pem", "source": "tests/openssl_tsa.py "
                        f"(openssl ts -reply; {openssl_version()})"}
            for directory, key, name in TSAS
        },
        "bundles": run.manifest,
    }


def openssl_version() -> str:
    from tests.openssl_tsa import openssl

    return openssl("version").decode().strip()


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with FifoNode(workdir / "anvil", None) as node:
            w3 = Web3(Web3.HTTPProvider(node.rpc_url, request_kwargs={"timeout": 30}))
            manifest = generate(w3, workdir)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
