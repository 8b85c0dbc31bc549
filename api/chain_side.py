"""The chain side of an API process: anchoring worker thread, anchor target, bundles, health."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from web3 import HTTPProvider, Web3

from ipledger.api.context import AnchorView, ChainStatus
from ipledger.ledger.anchoring import AnchoringWorker
from ipledger.ledger.anchoring.queries import AnchorTarget
from ipledger.ledger.config import Settings
from ipledger.ledger.errors import BundleSelfCheckFailed, LedgerError
from ipledger.ledger.evidence.bundle import assemble_bundle
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.runtime import ChainContext, anchor_target, make_worker, open_chain
from ipledger.ledger.service import Ledger
from ipledger.ledger.store import LogStore

log = logging.getLogger("ipledger.api")

PROBE_TIMEOUT_S = 2.0
RECONNECT_MAX_S = 60.0


class ChainSide:
    """The deployment's chain for one API process, and (optionally) its anchoring worker.

    Given an opened `context` (what `ipledger serve` does, so that a misconfigured chain
    fails at once), it is used as is. Otherwise a background thread connects (on the
    managed local chain: starts anvil, deploys the contract once) without delaying the
    API: until it succeeds anchors are unknown, evidence is pending and /v1/health says
    `connecting`; failures are retried with backoff. With `run_worker`, the process also
    cuts checkpoints and anchors them; the worker's database lease lets one process of
    a log do so at a time.
    """

    def __init__(
        self,
        settings: Settings,
        store: LogStore,
        log_signer: LogSigner,
        *,
        run_worker: bool = True,
        context: ChainContext | None = None,
        opener: Callable[[Settings], ChainContext] = open_chain,
    ) -> None:
        """Prepare; nothing connects before `start()`."""
        self.settings = settings
        self.store = store
        self.log_signer = log_signer
        self.run_worker = run_worker
        self._opener = opener
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: ChainContext | None = None
        self._probe: Web3 | None = None
        self._worker: AnchoringWorker | None = None
        self._target: AnchorTarget | None = None
        self._error: str | None = None
        self._cache: OrderedDict[tuple[int, str, str | None], bytes] = OrderedDict()
        self._cache_lock = threading.Lock()
        if context is not None:
            self._connected(context)

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

    def target(self) -> AnchorTarget | None:
        """Return (chain id, contract, operator address) once connected, else None."""
        return self._target

    def _run(self) -> None:
        delay = 1.0
        while self._context is None and not self._stop.is_set():
            try:
                context = self._opener(self.settings)
            except Exception as exc:  # retried: the API keeps serving without the chain
                self._error = f"{type(exc).__name__}: {exc}"
                log.warning("chain not reachable, retrying in %.0f s: %s", delay, self._error)
                self._stop.wait(delay)
                delay = min(RECONNECT_MAX_S, delay * 2)
                continue
            self._connected(context)
        if self._worker is not None and not self._stop.is_set():
            self._worker.run(self._stop, poll_interval=self.settings.anchor_poll_interval)

    def _connected(self, context: ChainContext) -> None:
        self._context = context
        self._probe = Web3(
            HTTPProvider(
                context.rpc_url,
                request_kwargs={"timeout": PROBE_TIMEOUT_S},
                exception_retry_configuration=None,
            )
        )
        if self.run_worker:
            self._worker = make_worker(
                Ledger(self.settings, self.store, self.log_signer), context
            )
        target = anchor_target(context)
        self._target = AnchorTarget(
            target.chain_id,
            Web3.to_checksum_address(target.contract),
            Web3.to_checksum_address(target.log_address),
        )
        self._error = None
        log.info(
            "chain %s connected: contract %s, log %s",
            context.preset.name,
            self._target.contract,
            self._target.log_address,
        )

    # -- health ----------------------------------------------------------------------

    def status(self) -> ChainStatus:
        """Ask the node for its head and the operator's balance (2 s timeout each)."""
        context, probe, target = self._context, self._probe, self._target
        if context is None or probe is None or target is None:
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

    def evidence(self, index: int, anchor: AnchorView) -> bytes | None:
        """Return the bundle of entry `index` under the final `anchor`, as JSON bytes.

        Bundles are assembled from the node and verified offline before they leave;
        a final anchor never changes, so its bundles are kept (LRU) and served again.
        None when the node cannot be asked now (the route answers 503 + Retry-After).
        """
        context = self._context
        if context is None or anchor.tx_hash is None or anchor.contract is None:
            return None
        # The block too: after a reorg deeper than finality the same transaction is mined
        # again in another block, and a bundle naming the old one would no longer verify.
        key = (index, anchor.tx_hash, anchor.block_hash)
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        try:
            bundle = assemble_bundle(
                self.store,
                context.w3,
                index,
                tree_size=anchor.size,
                tx_hash=anchor.tx_hash,
                contract=anchor.contract,
                verifier_key=self.log_signer.verifier_key,
            )
        except BundleSelfCheckFailed:
            log.exception("evidence bundle of entry %d failed its own check", index)
            return None
        except LedgerError as exc:
            log.warning("evidence bundle of entry %d not assembled: %s", index, exc)
            return None
        body = bundle.to_json().encode("utf-8")
        limit = self.settings.api_evidence_cache
        if anchor.state == "final" and limit > 0:
            with self._cache_lock:
                self._cache[key] = body
                while len(self._cache) > limit:
                    self._cache.popitem(last=False)
        return body
