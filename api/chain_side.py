"""The chain side of an API process: background connection, anchoring worker, health, bundles."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from web3 import HTTPProvider, Web3

from ipledger.ledger.anchoring import AnchoringWorker, AnchorRecord
from ipledger.ledger.cosigning.store import cosignature_count
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.errors import BundleSelfCheckFailed, ChainPartNotKept, LedgerError
from ipledger.ledger.lru import LruCache
from ipledger.ledger.timestamping.store import timestamp_count

log = logging.getLogger("ipledger.api")

PROBE_TIMEOUT_S = 2.0
RECONNECT_MAX_S = 60.0


@dataclass(frozen=True)
class ChainStatus:
    """The chain as one API process sees it, for /v1/health."""

    state: str  # ok, unavailable, connecting
    chain_id: int | None = None
    head: int | None = None
    signer_address: str | None = None
    signer_balance_wei: int | None = None
    anchoring: str = "off"  # here, elsewhere, idle, off
    error: str | None = None


class ChainSide:
    """The deployment's chain for one API process, and (optionally) its anchoring worker.

    A thin layer over `Deployment`: a background thread opens the deployment's chain (on
    the managed local chain: starts anvil, deploys the contract once) without delaying the
    API, retrying with backoff; until then anchors are unknown, evidence is pending and
    /v1/health says `connecting`. With `run_worker`, the process also cuts checkpoints and
    anchors them (the worker's database lease lets one process of a log do so at a time).
    Bundles of final anchors are kept in memory (LRU): they never change.
    """

    def __init__(self, deployment: Deployment, *, run_worker: bool = True) -> None:
        """Prepare; nothing connects before `start()` unless the chain is open already."""
        self.deployment = deployment
        self.run_worker = run_worker
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._probe: Web3 | None = None
        self._worker: AnchoringWorker | None = None
        self._error: str | None = None
        self._cache: LruCache[tuple[int, str, str | None, int, int], bytes] = LruCache(
            deployment.settings.api_evidence_cache
        )
        if deployment.open_chain_or_none() is not None:
            self._connected()  # opened by the caller (`ipledger serve` fails fast on a bad one)

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        """Connect and anchor in a daemon thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ipledger-chain", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the worker (it releases its lease) and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        delay = 1.0
        while self._probe is None and not self._stop.is_set():
            try:
                self._connected()
            except Exception as exc:  # retried: the API keeps serving without the chain
                self._error = f"{type(exc).__name__}: {exc}"
                log.warning("chain not reachable, retrying in %.0f s: %s", delay, self._error)
                self._stop.wait(delay)
                delay = min(RECONNECT_MAX_S, delay * 2)
        if self._worker is not None and not self._stop.is_set():
            poll = self.deployment.settings.anchor_poll_interval
            self._worker.run(self._stop, poll_interval=poll)

    def _connected(self) -> None:
        chain = self.deployment.chain
        if self.run_worker:
            self._worker = self.deployment.worker()
        self._error = None
        target = chain.target
        log.info(
            "chain %s connected: contract %s, log %s",
            chain.preset.name,
            target.contract,
            target.log_address,
        )
        self._probe = Web3(
            HTTPProvider(
                chain.rpc_url,
                request_kwargs={"timeout": PROBE_TIMEOUT_S},
                exception_retry_configuration=None,
            )
        )

    # -- health ----------------------------------------------------------------------

    def status(self) -> ChainStatus:
        """Ask the node for its head and the operator's balance (2 s timeout each)."""
        probe, target = self._probe, self.deployment.target
        if probe is None or target is None:
            return ChainStatus(state="connecting", error=self._error)
        anchoring = "off"
        if self._worker is not None:
            holder = self._worker.lease.holder()
            if holder is None:
                anchoring = "idle"
            else:
                anchoring = "here" if holder.owner == self._worker.owner else "elsewhere"
        try:
            head = int(probe.eth.block_number)
            balance = int(probe.eth.get_balance(target.log_address))  # type: ignore[arg-type]
        except Exception as exc:
            return ChainStatus(
                state="unavailable",
                chain_id=target.chain_id,
                signer_address=target.log_address,
                anchoring=anchoring,
                error=f"the node does not answer ({type(exc).__name__})",
            )
        return ChainStatus(
            state="ok",
            chain_id=target.chain_id,
            head=head,
            signer_address=target.log_address,
            signer_balance_wei=balance,
            anchoring=anchoring,
            # e.g. "account 0x.. cannot pay for gas ...; fund it", or an anchor that failed
            error=self._worker.stalled if self._worker is not None else None,
        )

    # -- evidence --------------------------------------------------------------------

    def evidence(self, index: int, anchor: AnchorRecord, *, ask_node: bool = True) -> bytes | None:
        """Return the bundle of entry `index` under the final `anchor`, as JSON bytes.

        Built by `Deployment.evidence_bundle` (assembled from the node and verified offline
        before it leaves); None when the chain is not connected yet or the node cannot be
        asked now (the route answers 503 + Retry-After). `ask_node=False`: without asking
        the node (`ChainPartNotKept` when that would be needed).
        """
        if self._probe is None or anchor.tx_hash is None:
            return None
        # The block too: after a reorg deeper than finality the same transaction is mined
        # again in another block, and a bundle naming the old one would no longer verify.
        # And the cosignatures and TSA tokens: a witness or TSA that answers late (after an
        # outage) adds its line or token to the bundle.
        cosigned = cosignature_count(self.deployment.engine, anchor.tree_size)
        stamped = timestamp_count(self.deployment.engine, anchor.tree_size)
        key = (index, anchor.tx_hash, anchor.block_hash, cosigned, stamped)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            assembled = self.deployment.evidence_assembled(
                index, anchor=anchor, ask_node=ask_node
            )
        except ChainPartNotKept:
            raise
        except BundleSelfCheckFailed:
            log.exception("evidence bundle of entry %d failed its own check", index)
            return None
        except LedgerError as exc:
            log.warning("evidence bundle of entry %d not assembled: %s", index, exc)
            return None
        body = assembled.json.encode("utf-8")  # the very text the self-check parsed back
        if anchor.state == "final":  # IPLEDGER_API_EVIDENCE_CACHE=0 keeps none
            self._cache.put(key, body)
        return body
