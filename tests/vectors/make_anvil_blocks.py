"""Regenerate tests/vectors/anvil_block_*.json from real anvil blocks (needs `make install`).

Run from the repository root: `.venv/bin/python tests/vectors/make_anvil_blocks.py`.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ipledger.ledger.evidence.chainproof import fetch_chain_evidence  # noqa: E402
from ipledger.ledger.testing import BlockFiller, mine, rpc, running_anvil  # noqa: E402

RECEIPT_KEYS = (
    "transactionHash", "transactionIndex", "type", "status", "cumulativeGasUsed", "logsBloom",
    "logs", "contractAddress", "to",
)
LOG_KEYS = ("address", "topics", "data", "logIndex")
# name -> (anvil --hardfork, tx types, transaction count, indices to store proofs for)
BLOCKS: dict[str, tuple[str | None, tuple[int, ...], int, tuple[int, ...] | None]] = {
    "berlin": ("berlin", (0, 1), 8, None),
    "london": ("london", (0, 1, 2), 8, None),
    "shanghai": ("shanghai", (0, 1, 2), 8, None),
    "cancun": ("cancun", (0, 1, 2, 3), 8, None),
    "prague": ("prague", (0, 1, 2, 3, 4), 10, None),
    "big": (None, (0, 1, 2, 3, 4), 135, (0, 1, 2, 15, 16, 17, 126, 127, 128, 129, 136)),
}


def generate(name: str, workdir: Path) -> dict[str, Any]:
    hardfork, types, count, proven = BLOCKS[name]
    with running_anvil(hardfork, workdir) as w3:
        filler = BlockFiller(w3, seed=len(name))
        deploy = filler.deploy_emitter()
        mine(w3)
        emitter = w3.to_checksum_address(
            rpc(w3, "eth_getTransactionReceipt", [deploy])["contractAddress"]
        )
        filler.sent.clear()
        filler.mixed(count, emitter, tuple(t for t in types if t < 3))
        if 3 in types:
            filler.blob(emitter)
        if 4 in types:
            filler.delegate(emitter)
        block = mine(w3)
        version = rpc(w3, "web3_clientVersion", [])
        receipts = []
        for index, tx_hash in enumerate(block["transactions"]):
            node = rpc(w3, "eth_getTransactionReceipt", [tx_hash])
            entry: dict[str, Any] = {k: node[k] for k in RECEIPT_KEYS}
            entry["logs"] = [{k: log[k] for k in LOG_KEYS} for log in node["logs"]]
            evidence = fetch_chain_evidence(w3, tx_hash)
            entry["encoded"] = "0x" + evidence.receipt.hex()
            if proven is None or index in proven:
                entry["proof"] = ["0x" + n.hex() for n in evidence.receipt_proof]
            else:  # keep the file small: the encoding alone still rebuilds the trie
                entry = {"transactionIndex": entry["transactionIndex"], "encoded": entry["encoded"]}
            receipts.append(entry)
        header = "0x" + evidence.block_header.hex()
        return {
            "source": f"{version} --hardfork {hardfork or '(default)'}, by "
            "tests/vectors/make_anvil_blocks.py; `block` and receipt fields are the node's "
            "JSON-RPC answers, `encoded`/`proof`/`block_header` what ipledger derived from them",
            "hardfork": hardfork,
            "chain_id": evidence.chain_id,
            "block": block,
            "block_header": header,
            "receipts": receipts,
        }


def main() -> None:
    out = ROOT / "tests" / "vectors"
    names = sys.argv[1:] or list(BLOCKS)
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            data = generate(name, Path(tmp))
        path = out / f"anvil_block_{name}.json"
        path.write_text(json.dumps(data, indent=1) + "\n")
        print(f"{path}: {len(data['receipts'])} receipts")


if __name__ == "__main__":
    main()
