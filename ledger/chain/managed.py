"""The managed local chain of a data directory: `chain up`, `chain down`, status, local use."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ipledger.ledger.chain.anvil import (
    DEFAULT_CHAIN_ID,
    AnvilNode,
    reap_detached,
    require_posix,
    rpc_call,
    terminate,
)
from ipledger.ledger.chain.chaindir import live_node, pid_file, start_lock, state_file
from ipledger.ledger.errors import AnvilAlreadyRunning, RpcUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NodeStatus:
    """What `chain_status` found: whether a node runs for a data directory, and where."""

    running: bool
    state_file: Path
    pid: int | None = None
    rpc_url: str | None = None
    chain_id: int | None = None
    block_number: int | None = None
    # Set by `chain_up`: this call started the node (not another process, not earlier).
    started: bool = False

    @property
    def answering(self) -> bool:
        """Tell whether the running node answered JSON-RPC."""
        return self.block_number is not None

    def describe(self) -> str:
        """Return one line for the CLI."""
        if not self.running:
            saved = "saved" if self.state_file.exists() else "none yet"
            return f"anvil is not running (state: {self.state_file}, {saved})"
        if not self.answering:
            return f"anvil (pid {self.pid}) runs at {self.rpc_url} but does not answer JSON-RPC"
        return (
            f"anvil (pid {self.pid}) serves {self.rpc_url}: chain {self.chain_id}, "
            f"block {self.block_number}, state in {self.state_file}"
        )


def chain_status(data_dir: Path) -> NodeStatus:
    """Return the status of the managed node of `data_dir` (found through its pid file)."""
    record = live_node(data_dir)
    if record is None:
        return NodeStatus(running=False, state_file=state_file(data_dir))
    block: int | None
    try:
        block = int(rpc_call(record.rpc_url, "eth_blockNumber"), 16)
    except RpcUnavailable:
        block = None
    return NodeStatus(
        running=True,
        state_file=state_file(data_dir),
        pid=record.pid,
        rpc_url=record.rpc_url,
        chain_id=record.chain_id,
        block_number=block,
    )


def chain_up(
    data_dir: Path,
    port: int | None = None,
    block_time: float | None = None,
    chain_id: int = DEFAULT_CHAIN_ID,
    *,
    no_mining: bool = False,
    state_interval: int | None = 10,
) -> NodeStatus:
    """Start the managed node detached (it outlives the caller); idempotent.

    When a node already runs for `data_dir`, return its status unchanged (the arguments
    are then ignored), once the process starting it, if any, has seen it answer. The
    status says `started` only when this call started the node.
    """
    started = False
    if live_node(data_dir) is None:
        node = AnvilNode(
            data_dir,
            port=port,
            block_time=block_time,
            chain_id=chain_id,
            no_mining=no_mining,
            state_interval=state_interval,
        )
        with contextlib.suppress(AnvilAlreadyRunning):  # another `chain up` won the race
            node.start(detach=True)
            started = True
    # A node another process is starting has its pid file before it answers; its starter
    # holds the start lock until it does, so wait for the lock before reading the status.
    with start_lock(data_dir):
        return replace(chain_status(data_dir), started=started)


def chain_down(data_dir: Path, timeout: float = 10.0) -> bool:
    """Stop the managed node of `data_dir` (state dumped); False when none was running."""
    require_posix()
    record = live_node(data_dir)
    if record is None:
        return False
    if not terminate(record.pid, timeout):
        log.warning("anvil was killed; its state is as of its last dump")
    reap_detached(record.pid)
    pid_file(data_dir).unlink(missing_ok=True)
    return True


@contextlib.contextmanager
def local_chain(data_dir: Path, **node_options: Any) -> Iterator[str]:
    """Yield the JSON-RPC URL of the managed chain of `data_dir` for the `with` block.

    Uses the node `chain up` runs when there is one (and leaves it running); otherwise starts
    one with `node_options` (AnvilNode's keyword arguments) and stops it after the block.
    """
    record = live_node(data_dir)
    if record is not None:
        yield record.rpc_url
        return
    with AnvilNode(data_dir, **node_options) as node:
        yield node.rpc_url
