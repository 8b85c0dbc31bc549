"""A Beacon API server on a real socket, answering from recorded mainnet beacon data.

It serves the routes a real consensus client serves, in their formats: SSZ blocks with
Eth-Consensus-Version, per-slot headers (404 for an empty slot), finality checkpoints, and
Lodestar's historical_summaries route. Empty slots are read off the recorded block_roots:
a slot whose root repeats the previous slot's had no block; a block's parent is the root
before it. The recorded data stops at the period's edges: the last block before it and the
first after it are stand-ins (their roots are made up, and no proof contains them).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ipledger.ledger.beacon import proofs
from tests.ledger.beacon import vectors

SUMMARIES_SLOT = 11476992


def signed(block: bytes) -> bytes:
    """Wrap an unsigned SSZ BeaconBlock as a SignedBeaconBlock with an all-zero signature.

    The recorded block.ssz files are unsigned. The signature is in no proof: the execution
    proof runs from the block's hash_tree_root (which excludes it) and the beacon proof from
    block_roots, which hold that same root; the client strips the signature before use.
    """
    return (4 + 96).to_bytes(4, "little") + b"\x00" * 96 + block


@dataclass
class RecordedNode:
    """What the server answers; tests change the fields while it runs."""

    finalized_epoch: int = SUMMARIES_SLOT // 32
    delay: float = 0.0
    first_slot_empty: int | None = None  # a period start answered as empty (test walk-back)
    blocks: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # slot -> (fork, block)
    # slot -> (root, parent_root), for each slot with a block
    headers: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)
    requests: int = 0

    def add_block(self, number: int) -> int:
        """Serve the recorded block of execution block `number` and its period; its slot."""
        fork = vectors.BLOCKS[number]
        block = vectors.block_ssz(number)
        slot = int(proofs.decode_block(block, fork).slot)
        self.blocks[slot] = (fork, block)
        start, end = proofs.period_bounds(slot)
        period = proofs.split_roots(vectors.block_roots_ssz(number))
        before = hashlib.sha256(b"stand-in block before slot %d" % start).digest()
        self.headers[start - 1] = (before, hashlib.sha256(before).digest())
        previous = before
        for i, root in enumerate(period):
            if root != previous:
                self.headers[start + i] = (root, previous)
                previous = root
        self.headers[end] = (hashlib.sha256(b"stand-in block %d" % end).digest(), previous)
        return slot


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each answer waits for a delayed ACK (40 ms)
    node: RecordedNode

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, doc: object) -> None:
        self._send(status, json.dumps(doc).encode(), "application/json")

    def _not_found(self) -> None:
        self._json(404, {"code": 404, "message": "NOT_FOUND: beacon block at slot"})

    def do_GET(self) -> None:
        node = self.node
        node.requests += 1
        if node.delay:
            time.sleep(node.delay)
        parts = self.path.strip("/").split("/")
        if parts[:4] == ["eth", "v2", "beacon", "blocks"] and len(parts) == 5:
            found = node.blocks.get(int(parts[4]))
            if found is None:
                return self._not_found()
            fork, block = found
            return self._send(
                200, signed(block), "application/octet-stream", Eth_Consensus_Version=fork
            )
        if parts[:4] == ["eth", "v1", "beacon", "headers"] and len(parts) == 5:
            slot = int(parts[4])
            header = node.headers.get(slot)
            if node.first_slot_empty is not None:
                if slot == node.first_slot_empty:
                    header = None
                elif slot == node.first_slot_empty - 1:
                    header = (node.headers[node.first_slot_empty][0], b"\x00" * 32)
            if header is None:
                return self._not_found()
            root, parent = header
            message = {
                "slot": str(slot),
                "proposer_index": "1",
                "parent_root": "0x" + parent.hex(),
                "state_root": "0x" + "00" * 32,
                "body_root": "0x" + "00" * 32,
            }
            return self._json(
                200,
                {
                    "execution_optimistic": False,
                    "finalized": True,
                    "data": {
                        "root": "0x" + root.hex(),
                        "canonical": True,
                        "header": {"message": message, "signature": "0x" + "00" * 96},
                    },
                },
            )
        if self.path == "/eth/v1/beacon/states/head/finality_checkpoints":
            checkpoint = {"epoch": str(node.finalized_epoch), "root": "0x" + "00" * 32}
            return self._json(
                200,
                {
                    "data": {
                        "previous_justified": checkpoint,
                        "current_justified": checkpoint,
                        "finalized": checkpoint,
                    }
                },
            )
        if self.path == f"/eth/v1/lodestar/states/{SUMMARIES_SLOT}/historical_summaries":
            data = (
                vectors.BEACON_DATA / f"historical_summaries_at_slot_{SUMMARIES_SLOT}.ssz"
            ).read_bytes()
            items = [
                {
                    "block_summary_root": "0x" + data[i : i + 32].hex(),
                    "state_summary_root": "0x" + data[i + 32 : i + 64].hex(),
                }
                for i in range(0, len(data), 64)
            ]
            return self._json(
                200,
                {"data": {"slot": str(SUMMARIES_SLOT), "historical_summaries": items, "proof": []}},
            )
        return self._json(404, {"code": 404, "message": "route not found"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out closed its socket: that is the test, not a failure


@contextmanager
def serve(node: RecordedNode) -> Iterator[str]:
    """Run the server on a free local port for the block; yield its URL."""
    handler = type("Handler", (_Handler,), {"node": node})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
