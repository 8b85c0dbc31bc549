"""The anchoring worker: newest checkpoint on chain, surviving crashes, outages and reorgs."""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from eth_account.datastructures import SignedTransaction
from eth_account.typed_transactions.typed_transaction import TypedTransaction
from eth_typing import ChecksumAddress
from hexbytes import HexBytes
from sqlalchemy import Engine, func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import BlockNotFound, ContractLogicError, TransactionNotFound, Web3RPCError
from web3.types import Nonce, TxParams, Wei

from ipledger.ledger.anchoring.chainio import (
    TRANSIENT_ERRORS,
    BroadcastOutcome,
    classify_rejection,
    decode_revert,
    revert_data,
    rpc_message,
)
from ipledger.ledger.anchoring.fees import Fees, bumped_fees, initial_fees
from ipledger.ledger.anchoring.lease import Lease, now_ms
from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt, AnchorPublic
from ipledger.ledger.anchoring.queries import AnchorTarget, anchor_covering, target_filter
from ipledger.ledger.anchoring.source import CheckpointRef, LogSource
from ipledger.ledger.anchoring.states import ON_CHAIN_STATES, AnchorState, check_transition
from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import (
    AnchoringError,
    AnchoringTimeout,
    FeeCapReached,
    LeaseLost,
    UnsupportedChain,
)
from ipledger.verifier import VerifierError, verify_consistency

log = logging.getLogger(__name__)

class TransactionSigner(Protocol):
    """Signs transactions for one address; `ledger.chain.signer.Signer` is one."""

    @property
    def address(self) -> ChecksumAddress:
        """Return the EIP-55 address of the key."""
        ...

    def sign_transaction(self, tx: Mapping[str, Any]) -> SignedTransaction:
        """Sign a full transaction dict."""
        ...


Hook = Callable[[str, AnchorPublic], None]
"""Called as hook(point, anchor) at: pending, persisted (signed attempt committed, not yet
broadcast), broadcast (node accepted it, not yet recorded), included, final, reorged,
bumped, superseded, failed."""


@dataclass(frozen=True)
class StepEvent:
    """One thing a step did to one anchor."""

    kind: str
    anchor_id: int
    tree_size: int
    detail: str = ""


@dataclass(frozen=True)
class StepResult:
    """What one `step()` did and found."""

    held_lease: bool
    events: tuple[StepEvent, ...] = ()
    holder: str | None = None
    """Owner of the lease when this worker did not hold it."""
    error: str | None = None
    """A transient failure (node unreachable, account without funds): retried with backoff."""
    halted: str | None = None
    """Why sending is halted until an operator calls `retry` (a failed anchor)."""
    unanchored: bool = False
    """The newest checkpoint is not yet final on chain."""


@dataclass
class _Step:
    events: list[StepEvent] = field(default_factory=list)
    error: str | None = None


def _fields(**kv: object) -> str:
    return " ".join(f"{k}={v}" for k, v in kv.items())


def _event(level: int, name: str, **kv: object) -> None:
    """Log one structured event: message `name k=v ...`, and the same under `extra`."""
    log.log(level, "%s %s", name, _fields(**kv),
            extra={"anchoring_event": name, "anchoring": dict(kv)}, stacklevel=2)


class AnchoringWorker:
    """Anchors a log's newest checkpoint on an EvidenceAnchor contract, one transaction at a time.

    States: pending -> sent -> included -> final (see `ledger.anchoring.states`).
    Every signed transaction is committed to the database before it is broadcast;
    on each step the worker reconciles what the chain says with what it recorded,
    so it may be killed at any point and restarted. Only the holder of the log's
    database lease sends anything.
    """

    def __init__(
        self,
        engine: Engine,
        source: LogSource,
        w3: Web3,
        contract: Contract,
        signer: TransactionSigner,
        *,
        confirmations: int = 1,
        finality: Literal["confirmations", "finalized"] = "confirmations",
        stuck_after: float = 60.0,
        rebroadcast_after: float = 15.0,
        max_fee_cap: int | None = None,
        priority_fee: int | None = None,
        gas_margin: float = 1.2,
        lease_ttl: float = 30.0,
        owner: str | None = None,
        checkpointer: Callable[[], object] | None = None,
        hook: Hook | None = None,
        clock: Callable[[], int] = now_ms,
        chain_id: int | None = None,
    ) -> None:
        """Configure a worker; nothing touches the chain or the database until `step()`.

        `confirmations` >= 1 counts the including block as the first; with
        `finality="finalized"` the chain's `finalized` block tag decides instead.
        `stuck_after` (seconds since an attempt was first broadcast) triggers an
        EIP-1559 replacement; `rebroadcast_after` resends an unmined attempt.
        `max_fee_cap` and `priority_fee` are in wei per gas. `checkpointer`, when
        given, runs at the start of every step (e.g. to cut a checkpoint when due).
        `chain_id` (e.g. from the deployment record) lets database reads such as
        `anchor_covering` work before the node has answered; the node must agree.
        """
        if confirmations < 1:
            raise ValueError("confirmations must be >= 1 (the including block counts as 1)")
        if stuck_after <= 0 or rebroadcast_after <= 0 or gas_margin < 1:
            raise ValueError("stuck_after and rebroadcast_after > 0, gas_margin >= 1")
        if contract.address is None:
            raise ValueError("the contract object has no address")
        self.engine = engine
        self.source = source
        self.w3 = w3
        self.contract = contract
        self._signer = signer
        self.address: ChecksumAddress = Web3.to_checksum_address(signer.address)
        self.contract_address: ChecksumAddress = Web3.to_checksum_address(contract.address)
        self.confirmations = confirmations
        self.finality = finality
        self.stuck_after_ms = int(stuck_after * 1000)
        self.rebroadcast_after_ms = int(rebroadcast_after * 1000)
        self.max_fee_cap = max_fee_cap
        self.priority_fee = priority_fee
        self.gas_margin = gas_margin
        self.owner = owner or f"worker-{uuid.uuid4().hex[:12]}"
        self.checkpointer = checkpointer
        self._hook = hook
        self._clock = clock
        self._chain_id: int | None = chain_id
        self._connected = False
        self._reconciled: set[int] = set()  # sent anchors rebroadcast since this process began
        self.stalled: str | None = None
        """While `run` cannot make progress: why (no funds, node down, halted); else None."""
        self.lease = Lease(
            engine, f"anchoring:{self.contract_address}:{self.address}", self.owner,
            ttl=lease_ttl, clock=clock,
        )

    # -- public API ---------------------------------------------------------------

    @property
    def target(self) -> AnchorTarget:
        """The (chain, contract, log) this worker anchors to; needs one step first."""
        return AnchorTarget(self._require_chain_id(), self.contract_address, self.address)

    def step(self) -> StepResult:
        """Run one pass: take the lease, cut a due checkpoint, reconcile, advance, maybe send."""
        if not self.lease.acquire():
            holder = self.lease.holder()
            return StepResult(held_lease=False, holder=holder.owner if holder else None)
        st = _Step()
        try:
            if self.checkpointer is not None:
                self.checkpointer()
            self._connect()
            head = int(self.w3.eth.block_number)
            self._recheck_final(st, head)
            for anchor in self._anchors(AnchorState.INCLUDED):
                self._advance_included(st, anchor, head)
            for anchor in self._anchors(AnchorState.SENT):
                self._advance_sent(st, anchor, head)
            halted = self._halt_reason()
            if halted is None and not self._anchors(AnchorState.SENT):
                self._maybe_anchor(st)
        except TRANSIENT_ERRORS as exc:
            # the exception's text may hold the RPC URL, whose path often holds an API key
            st.error = f"chain node unreachable ({type(exc).__name__}); will retry"
            _event(logging.WARNING, "rpc_unavailable", error=type(exc).__name__)
            halted = None
        except LeaseLost as exc:
            _event(logging.WARNING, "lease_lost", owner=self.owner)
            return StepResult(held_lease=False, events=tuple(st.events), error=str(exc))
        return StepResult(
            held_lease=True, events=tuple(st.events), error=st.error,
            halted=halted if halted is not None else self._halt_reason(),
            unanchored=self._unanchored(),
        )

    def run(self, stop: threading.Event, poll_interval: float = 2.0,
            max_backoff: float = 60.0) -> None:
        """Step until `stop` is set, backing off exponentially (with jitter) after errors.

        Backlog is never lost while waiting: checkpoints stay in the database and the
        next successful step anchors the newest one, covering all earlier entries.
        """
        failures = 0
        try:
            while not stop.is_set():
                try:
                    result: StepResult | None = self.step()
                except OperationalError as exc:  # database locked, full or restarting
                    orig = exc.orig if exc.orig is not None else exc
                    reason = str(orig).strip().splitlines()[0][:200] if str(orig).strip() else ""
                    result = StepResult(held_lease=False, error=(
                        f"database unavailable ({type(orig).__name__}: {reason}); will retry"))
                except Exception:  # a daemon logs and retries; state is in the database
                    log.exception("anchoring step failed owner=%s", self.owner)
                    result = None
                if result is not None:
                    # An operator must hear of a stall (no funds, node down, halted) once,
                    # when it starts, and again when it clears: not at every retry.
                    problem = result.error or result.halted
                    if problem != self.stalled:
                        if problem is not None:
                            _event(logging.WARNING, "anchoring_stalled", reason=problem)
                        else:
                            _event(logging.WARNING, "anchoring_resumed", after=self.stalled)
                        self.stalled = problem
                if result is None or result.error is not None:
                    failures += 1
                    delay = min(max_backoff, poll_interval * 2 ** min(failures - 1, 16))
                    delay *= random.uniform(0.8, 1.2)
                    _event(logging.INFO, "backoff", seconds=round(delay, 2), failures=failures)
                else:
                    failures = 0
                    delay = poll_interval
                stop.wait(delay)
        finally:
            self.lease.release()

    def run_until_final(self, timeout: float, poll_interval: float = 0.2) -> AnchorPublic:
        """Step until the newest checkpoint is covered by a final anchor; return that anchor.

        Raises `AnchoringError` if nothing can be anchored or sending is halted, and
        `AnchoringTimeout` after `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        last: StepResult | None = None
        while True:
            last = self.step()
            if last.halted is not None:
                raise AnchoringError(last.halted)
            checkpoint = self.source.latest_checkpoint()
            if checkpoint is None:
                raise AnchoringError("nothing to anchor: the log has no checkpoint yet")
            if last.held_lease and self._chain_id is not None:
                done = self._final_covering(checkpoint.tree_size)
                if done is not None:
                    return done
            if time.monotonic() >= deadline:
                raise AnchoringTimeout(
                    f"checkpoint of size {checkpoint.tree_size} not final after {timeout}s"
                    + (f"; last error: {last.error}" if last.error else "")
                    + ("" if last.held_lease else f"; lease held by {last.holder}")
                )
            time.sleep(poll_interval)

    def anchor_covering(self, index: int, final_only: bool = False) -> AnchorPublic | None:
        """Return the first anchor (smallest size) whose size exceeds `index`, on chain."""
        with Session(self.engine) as session:
            return anchor_covering(session, index, self.target, final_only=final_only)

    def retry(self, anchor_id: int) -> AnchorPublic:
        """Re-arm a failed anchor (failed -> pending) once an operator fixed the cause."""
        with write_connection(self.engine) as conn, Session(bind=conn) as session:
            row = session.get(Anchor, anchor_id)
            if row is None:
                raise AnchoringError(f"no anchor with id {anchor_id}")
            self._move(row, AnchorState.PENDING)
            row.reason = f"retried after: {row.reason}"
            row.nonce = row.tx_hash = row.block_hash = None
            row.block_number = row.tx_index = row.block_time = row.gas_used = None
            session.add(row)
            session.commit()
            session.refresh(row)
            _event(logging.WARNING, "anchor_retried", anchor=row.id, size=row.tree_size)
            return AnchorPublic.of(row)

    # -- chain helpers ------------------------------------------------------------

    def _require_chain_id(self) -> int:
        if self._chain_id is None:
            raise AnchoringError("the worker has not reached the chain yet; call step() first")
        return self._chain_id

    def _connect(self) -> None:
        if self._connected:
            return
        chain_id = int(self.w3.eth.chain_id)
        if self._chain_id is not None and chain_id != self._chain_id:
            raise UnsupportedChain(
                f"the node serves chain {chain_id}, but this log anchors on chain "
                f"{self._chain_id}: point the RPC URL at the right chain"
            )
        if not self.w3.eth.get_code(self.contract_address):
            raise UnsupportedChain(
                f"no contract code at {self.contract_address} on chain {chain_id}; "
                "deploy EvidenceAnchor first or fix the contract address"
            )
        self._chain_id = chain_id
        self._connected = True
        _event(logging.INFO, "connected", chain_id=chain_id, contract=self.contract_address,
               log=self.address, owner=self.owner)

    def _on_chain(self) -> tuple[int, bytes]:
        size, root = self.contract.functions.latest(self.address).call(block_identifier="latest")
        return int(size), bytes(root)

    def _receipt(self, tx_hash: str) -> Any | None:
        try:
            return self.w3.eth.get_transaction_receipt(HexBytes(tx_hash))
        except TransactionNotFound:
            return None

    def _block_hash_at(self, number: int) -> str | None:
        try:
            block = self.w3.eth.get_block(number)
        except BlockNotFound:
            return None
        return HexBytes(block["hash"]).to_0x_hex()

    def _fee_inputs(self) -> tuple[int, int]:
        """Return (next block's base fee, tip) in wei per gas."""
        history = self.w3.eth.fee_history(1, "latest", [])
        bases = history.get("baseFeePerGas") or []
        if not bases:
            raise UnsupportedChain("the chain reports no EIP-1559 base fee; anchoring needs one")
        base = int(bases[-1])
        latest_base = self.w3.eth.get_block("latest").get("baseFeePerGas")
        if latest_base is not None:
            base = max(base, int(latest_base))
        tip = self.priority_fee if self.priority_fee is not None else int(
            self.w3.eth.max_priority_fee)
        return base, tip

    def _consistent_with_chain(self, size: int, root: bytes) -> bool | None:
        """Whether the chain's (size, root) matches our log; None if our log is shorter."""
        if size == 0:
            return True
        if size > self.source.size():
            return None
        return self.source.root(size) == root

    # -- database helpers ---------------------------------------------------------

    def _anchors(self, state: AnchorState) -> list[Anchor]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(Anchor).where(*target_filter(self.target), Anchor.state == state.value)
                .order_by(col(Anchor.tree_size))
            ).all()
            return list(rows)

    def _attempts(self, anchor: Anchor) -> list[AnchorAttempt]:
        with Session(self.engine) as session:
            return list(session.exec(
                select(AnchorAttempt)
                .where(AnchorAttempt.anchor_id == anchor.id, AnchorAttempt.nonce == anchor.nonce)
                .order_by(col(AnchorAttempt.id))
            ).all())

    def _move(self, row: Anchor, target: AnchorState) -> None:
        row.state = check_transition(row.state, target).value
        row.updated_at = self._clock()

    def _save(self, row: Anchor, *extra: object, fenced: bool = True) -> Anchor:
        """Commit `row` (and `extra` rows) in one transaction, under the lease if `fenced`."""
        with write_connection(self.engine) as conn, Session(
                bind=conn, expire_on_commit=False) as session:
            if fenced:
                self.lease.fence(session.connection())
            merged = session.merge(row)
            for other in extra:
                session.merge(other)
            session.commit()
            return merged

    def _notify(self, point: str, row: Anchor) -> None:
        if self._hook is not None:
            self._hook(point, AnchorPublic.of(row))

    def _halt_reason(self) -> str | None:
        if self._chain_id is None:
            return None
        with Session(self.engine) as session:
            failed = session.exec(
                select(Anchor).where(*target_filter(self.target),
                                     Anchor.state == AnchorState.FAILED.value)
                .order_by(col(Anchor.tree_size))
            ).first()
        if failed is None:
            return None
        return (f"anchor {failed.id} (tree size {failed.tree_size}) failed: {failed.reason} "
                f"-- sending is halted; fix the cause, then retry anchor {failed.id}")

    def _unanchored(self) -> bool:
        checkpoint = self.source.latest_checkpoint()
        if checkpoint is None or self._chain_id is None:
            return False
        return self._final_covering(checkpoint.tree_size) is None

    def _final_covering(self, size: int) -> AnchorPublic | None:
        with Session(self.engine) as session:
            row = session.exec(
                select(Anchor).where(*target_filter(self.target),
                                     Anchor.state == AnchorState.FINAL.value,
                                     Anchor.tree_size >= size)
                .order_by(col(Anchor.tree_size))
            ).first()
            return AnchorPublic.of(row) if row is not None else None

    # -- included -> final, or back to sent -----------------------------------------

    def _advance_included(self, st: _Step, row: Anchor, head: int) -> None:
        assert row.block_number is not None
        if self._block_hash_at(row.block_number) != row.block_hash:
            self._handle_reorg(st, row, head)
            return
        if self._is_final(row.block_number, head):
            self._move(row, AnchorState.FINAL)
            row.final_at = self._clock()
            self._save(row)
            st.events.append(StepEvent("final", row.id or 0, row.tree_size, row.tx_hash or ""))
            _event(logging.INFO, "anchor_final", anchor=row.id, size=row.tree_size,
                   block=row.block_number, tx=row.tx_hash)
            self._notify("final", row)

    def _recheck_final(self, st: _Step, head: int) -> None:
        """Put final anchors whose blocks left the chain back through the reorg path.

        A reorg deeper than the finality depth (a development chain, a node restarted from
        an older state, a chain that broke its own finality) removes blocks holding final
        anchors; their nonces are then free again and a newer transaction waits behind the
        gap for ever. Blocks are ordered, so the newest final anchor's block is still
        canonical unless some final anchor's is: one block read per step. When it is not,
        final anchors are walked back to the first canonical one and each is re-included
        where its transaction now is, or sent again, oldest (lowest nonce) first.
        """
        with Session(self.engine) as session:
            finals = list(session.exec(
                select(Anchor).where(*target_filter(self.target),
                                     Anchor.state == AnchorState.FINAL.value)
                .order_by(col(Anchor.block_number).desc())
            ).all())
        lost: list[Anchor] = []
        for row in finals:
            assert row.block_number is not None
            if self._block_hash_at(row.block_number) == row.block_hash:
                break
            lost.append(row)
        for row in reversed(lost):
            _event(logging.ERROR, "finality_violated", anchor=row.id, size=row.tree_size,
                   block=row.block_number, hash=row.block_hash, head=head)
            row.final_at = None
            self._handle_reorg(st, row, head)

    def _is_final(self, block_number: int, head: int) -> bool:
        if self.finality == "finalized":
            try:
                finalized = self.w3.eth.get_block("finalized")
            except (BlockNotFound, Web3RPCError) as exc:
                raise UnsupportedChain(
                    f"the node does not serve the 'finalized' block tag ({exc}); "
                    "use confirmations instead"
                ) from exc
            return block_number <= int(finalized["number"])
        return head - block_number + 1 >= self.confirmations

    def _handle_reorg(self, st: _Step, row: Anchor, head: int) -> None:
        old_block, old_hash = row.block_number, row.block_hash
        for attempt in reversed(self._attempts(row)):
            receipt = self._receipt(attempt.tx_hash)
            if receipt is not None and receipt["status"] == 1:
                self._record_inclusion(row, attempt, receipt)
                self._save(row)
                st.events.append(StepEvent("reincluded", row.id or 0, row.tree_size,
                                           f"block {old_block} -> {row.block_number}"))
                _event(logging.WARNING, "anchor_reincluded", anchor=row.id,
                       size=row.tree_size, old_block=old_block, old_hash=old_hash,
                       block=row.block_number, hash=row.block_hash)
                return
        mined = next((a for a in self._attempts(row) if a.tx_hash == row.tx_hash), None)
        self._move(row, AnchorState.SENT)
        row.tx_hash = row.block_hash = None
        row.block_number = row.tx_index = row.block_time = row.gas_used = None
        row.included_at = None
        row.sent_at = self._clock()
        row.reason = f"block {old_block} ({old_hash}) left the canonical chain"
        self._save(row)
        st.events.append(StepEvent("reorged", row.id or 0, row.tree_size, row.reason))
        _event(logging.WARNING, "anchor_reorged", anchor=row.id, size=row.tree_size,
               block=old_block, hash=old_hash, head=head)
        self._notify("reorged", row)
        if mined is not None:
            self._broadcast(st, row, mined, force=True)

    # -- sent -> included / failed / superseded, rebroadcast, fee bump ----------------

    def _advance_sent(self, st: _Step, row: Anchor, head: int) -> None:
        assert row.nonce is not None
        # Nonce first, receipts second: a transaction mined in between then shows a
        # receipt instead of looking like a foreign use of our nonce.
        mined_nonce = int(self.w3.eth.get_transaction_count(self.address, "latest"))
        attempts = self._attempts(row)
        for attempt in reversed(attempts):
            receipt = self._receipt(attempt.tx_hash)
            if receipt is None:
                continue
            if receipt["status"] == 1:
                self._record_inclusion(row, attempt, receipt)
                self._save(row)
                st.events.append(StepEvent("included", row.id or 0, row.tree_size,
                                           attempt.tx_hash))
                _event(logging.INFO, "anchor_included", anchor=row.id, size=row.tree_size,
                       tx=attempt.tx_hash, block=row.block_number, nonce=row.nonce)
                self._notify("included", row)
                self._advance_included(st, row, max(head, row.block_number or 0))
            else:
                self._handle_revert(st, row, attempt, receipt)
            return
        if mined_nonce > row.nonce:
            self._handle_nonce_taken(st, row, attempts, mined_nonce)
            return
        if not attempts:
            raise AnchoringError(f"anchor {row.id} is sent but has no attempt at nonce {row.nonce}")
        latest = attempts[-1]
        now = self._clock()
        first_look = row.id not in self._reconciled
        self._reconciled.add(row.id or 0)
        if latest.first_broadcast_at is None:
            self._broadcast(st, row, latest)  # persisted, then crashed before broadcast
        elif first_look:
            # after a restart the node may have lost its mempool (or never got the last
            # rebroadcast): send the newest attempt again at once
            self._broadcast(st, row, latest, force=True)
        elif now - max(latest.first_broadcast_at, row.sent_at or 0) >= self.stuck_after_ms:
            self._bump(st, row, latest)
        elif now - (latest.last_broadcast_at or 0) >= self.rebroadcast_after_ms:
            self._broadcast(st, row, latest, force=True)

    def _record_inclusion(self, row: Anchor, attempt: AnchorAttempt, receipt: Any) -> None:
        block = self.w3.eth.get_block(receipt["blockHash"])
        if row.state != AnchorState.INCLUDED.value:
            self._move(row, AnchorState.INCLUDED)
        else:
            row.updated_at = self._clock()
        row.tx_hash = attempt.tx_hash
        row.block_number = int(receipt["blockNumber"])
        row.block_hash = HexBytes(receipt["blockHash"]).to_0x_hex()
        row.tx_index = int(receipt["transactionIndex"])
        row.gas_used = int(receipt["gasUsed"])
        row.block_time = int(block["timestamp"])
        row.included_at = self._clock()
        row.reason = None

    def _handle_revert(self, st: _Step, row: Anchor, attempt: AnchorAttempt,
                       receipt: Any) -> None:
        reason = self._replay_reason(attempt, int(receipt["blockNumber"]))
        row.tx_hash = attempt.tx_hash
        row.block_number = int(receipt["blockNumber"])
        row.block_hash = HexBytes(receipt["blockHash"]).to_0x_hex()
        row.gas_used = int(receipt["gasUsed"])
        why = f"transaction {attempt.tx_hash} reverted in block {row.block_number}: {reason}"
        self._settle_lost(st, row, why)

    def _handle_nonce_taken(self, st: _Step, row: Anchor, attempts: Sequence[AnchorAttempt],
                            mined_nonce: int) -> None:
        hashes = ", ".join(a.tx_hash for a in attempts)
        why = (f"nonce {row.nonce} of {self.address} was used by a transaction that is none "
               f"of this anchor's attempts ({hashes}); something else is sending with the "
               f"anchoring key")
        self._settle_lost(st, row, why)

    def _settle_lost(self, st: _Step, row: Anchor, why: str) -> None:
        """Settle an anchor our transactions can no longer put on chain.

        Superseded if the chain holds its size consistently with our log, failed otherwise.
        """
        size, root = self._on_chain()
        consistent = self._consistent_with_chain(size, root)
        if size >= row.tree_size and consistent:
            self._move(row, AnchorState.SUPERSEDED)
            row.reason = f"{why}; the chain already holds size {size}, consistent with this log"
            kind, level = "superseded", logging.WARNING
        else:
            self._move(row, AnchorState.FAILED)
            row.reason = why if consistent is not False else (
                f"{why}; the chain's root at size {size} ({root.hex()}) differs from this log's")
            kind, level = "failed", logging.ERROR
        self._save(row)
        st.events.append(StepEvent(kind, row.id or 0, row.tree_size, row.reason))
        _event(level, f"anchor_{kind}", anchor=row.id, size=row.tree_size, reason=row.reason)
        self._notify(kind, row)

    def _replay_reason(self, attempt: AnchorAttempt, block_number: int) -> str:
        """Best effort: re-run the reverted call on its block's end state for a reason.

        The state after the block is what made the call fail when the revert came from a
        transaction mined before ours (the usual cause); an out-of-gas revert replays fine.
        """
        tx = TypedTransaction.from_bytes(HexBytes(attempt.raw_tx)).as_dict()
        call = {"from": self.address, "to": self.contract_address, "data": tx["data"],
                "gas": tx["gas"]}
        try:
            self.w3.eth.call(call, block_identifier=block_number)  # type: ignore[arg-type]
        except ContractLogicError as exc:
            return decode_revert(self.contract.abi, revert_data(exc) or exc.message)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            return f"reason unavailable ({type(exc).__name__})"
        return "reason unavailable (the call succeeds when replayed; likely out of gas)"

    # -- broadcasting ----------------------------------------------------------------

    def _broadcast(self, st: _Step, row: Anchor, attempt: AnchorAttempt,
                   force: bool = False) -> BroadcastOutcome:
        self._reconciled.add(row.id or 0)
        try:
            self.w3.eth.send_raw_transaction(HexBytes(attempt.raw_tx))
            outcome = BroadcastOutcome.ACCEPTED
        except Web3RPCError as exc:
            outcome = classify_rejection(exc)
            attempt.broadcast_error = rpc_message(exc)[:500]
        self._notify("broadcast", row)
        now = self._clock()
        if outcome in (BroadcastOutcome.ACCEPTED, BroadcastOutcome.KNOWN,
                       BroadcastOutcome.NONCE_USED):
            if attempt.first_broadcast_at is None:
                attempt.first_broadcast_at = now
            attempt.last_broadcast_at = now
            if outcome is BroadcastOutcome.ACCEPTED:
                attempt.broadcast_error = None
        self._save(row, attempt)
        _event(logging.INFO if outcome is not BroadcastOutcome.REJECTED else logging.WARNING,
               "attempt_broadcast", anchor=row.id, size=row.tree_size, tx=attempt.tx_hash,
               nonce=attempt.nonce, outcome=outcome.value, rebroadcast=force)
        if outcome is BroadcastOutcome.FEE_TOO_LOW:
            self._bump(st, row, attempt)
        elif outcome is BroadcastOutcome.NO_FUNDS:
            needed = attempt.gas_limit * attempt.max_fee_per_gas
            balance = int(self.w3.eth.get_balance(self.address))
            st.error = (f"account {self.address} cannot pay for gas: it holds {balance} wei, "
                        f"anchoring needs {needed} wei ({attempt.gas_limit} gas x "
                        f"{attempt.max_fee_per_gas} wei); fund it")
            _event(logging.ERROR, "signer_unfunded", account=self.address,
                   balance_wei=balance, needed_wei=needed, anchor=row.id, size=row.tree_size)
        elif outcome is BroadcastOutcome.REJECTED:
            st.error = f"node refused transaction {attempt.tx_hash}: {attempt.broadcast_error}"
        st.events.append(StepEvent("broadcast", row.id or 0, row.tree_size,
                                   f"{attempt.tx_hash} {outcome.value}"))
        return outcome

    def _sign_and_persist(self, row: Anchor, tx: dict[str, Any], fees: Fees,
                          extra_state: Callable[[Anchor], None] | None = None) -> AnchorAttempt:
        signed = self._signer.sign_transaction(tx)
        attempt = AnchorAttempt(
            anchor_id=row.id or 0, nonce=int(tx["nonce"]),
            tx_hash=HexBytes(signed.hash).to_0x_hex(), raw_tx=bytes(signed.raw_transaction),
            max_fee_per_gas=fees.max_fee_per_gas,
            max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
            gas_limit=int(tx["gas"]), created_at=self._clock(),
        )
        if extra_state is not None:
            extra_state(row)
        with write_connection(self.engine) as conn, Session(
                bind=conn, expire_on_commit=False) as session:
            self.lease.fence(session.connection())
            session.merge(row)
            session.add(attempt)
            session.commit()
        return attempt

    def _bump(self, st: _Step, row: Anchor, previous: AnchorAttempt) -> None:
        base, tip = self._fee_inputs()
        try:
            fees = bumped_fees(
                Fees(previous.max_fee_per_gas, previous.max_priority_fee_per_gas),
                base, tip, self.max_fee_cap,
            )
        except FeeCapReached as exc:
            st.error = str(exc)
            _event(logging.WARNING, "fee_cap_reached", anchor=row.id, size=row.tree_size,
                   tx=previous.tx_hash, max_fee=previous.max_fee_per_gas, cap=self.max_fee_cap)
            return
        tx = TypedTransaction.from_bytes(HexBytes(previous.raw_tx)).as_dict()
        for key in ("v", "r", "s"):
            tx.pop(key, None)
        tx["maxFeePerGas"] = fees.max_fee_per_gas
        tx["maxPriorityFeePerGas"] = fees.max_priority_fee_per_gas
        tx["to"] = Web3.to_checksum_address(tx["to"])
        attempt = self._sign_and_persist(row, tx, fees)
        st.events.append(StepEvent("bumped", row.id or 0, row.tree_size,
                                   f"{previous.tx_hash} -> {attempt.tx_hash}"))
        _event(logging.WARNING, "attempt_bumped", anchor=row.id, size=row.tree_size,
               nonce=attempt.nonce, old_tx=previous.tx_hash, tx=attempt.tx_hash,
               max_fee=fees.max_fee_per_gas, tip=fees.max_priority_fee_per_gas, base_fee=base)
        self._notify("persisted", row)
        self._notify("bumped", row)
        self._broadcast(st, row, attempt)

    # -- choosing and sending a new anchor --------------------------------------------

    def _maybe_anchor(self, st: _Step) -> None:
        checkpoint = self.source.latest_checkpoint()
        if checkpoint is None:
            return
        pending = self._anchors(AnchorState.PENDING)
        row: Anchor | None = pending[-1] if pending else None
        for stale in pending:
            if stale.tree_size < checkpoint.tree_size:
                self._move(stale, AnchorState.SUPERSEDED)
                stale.reason = f"checkpoint of size {checkpoint.tree_size} chosen before signing"
                self._save(stale)
                st.events.append(StepEvent("superseded", stale.id or 0, stale.tree_size,
                                           stale.reason))
                if stale is row:
                    row = None
        if row is None:
            row = self._new_pending(st, checkpoint)
            if row is None:
                return
        self._send_pending(st, row)

    def _new_pending(self, st: _Step, checkpoint: CheckpointRef) -> Anchor | None:
        with Session(self.engine) as session:
            best = session.exec(
                select(func.max(Anchor.tree_size)).where(
                    *target_filter(self.target),
                    col(Anchor.state).in_([s.value for s in ON_CHAIN_STATES]))
            ).one()
            taken = session.exec(
                select(Anchor).where(*target_filter(self.target),
                                     Anchor.tree_size == checkpoint.tree_size)
            ).first()
        if (best is not None and best >= checkpoint.tree_size) or taken is not None:
            return None
        size, root = self._on_chain()
        if size >= checkpoint.tree_size and self._consistent_with_chain(size, root):
            # an anchor sent by something else already covers it; a disagreeing chain
            # gets a row below, which _send_pending fails loudly
            _event(logging.DEBUG, "already_on_chain", size=checkpoint.tree_size, chain_size=size)
            return None
        now = self._clock()
        row = Anchor(
            chain_id=self._require_chain_id(), contract=self.contract_address,
            log_address=self.address, tree_size=checkpoint.tree_size, root=checkpoint.root,
            state=AnchorState.PENDING.value, created_at=now, updated_at=now,
        )
        row = self._save(row)
        st.events.append(StepEvent("pending", row.id or 0, row.tree_size))
        _event(logging.INFO, "anchor_pending", anchor=row.id, size=row.tree_size,
               root=row.root.hex())
        self._notify("pending", row)
        return row

    def _chain_moved(self, row: Anchor, size: int, root: bytes) -> bool:
        """Whether the chain's tree head is no longer the (size, root) a proof was built from.

        A reorg that takes anchors off the chain while an anchor is being prepared makes
        its proof (from the old head) fail against the new one, in the gas estimate or,
        signed with the new nonce, on chain. Then nothing is signed or failed: the next
        step starts again from what the chain holds.
        """
        if self._on_chain() == (size, root):
            return False
        _event(logging.WARNING, "chain_moved", anchor=row.id, size=row.tree_size,
               read_size=size)
        return True

    def _fail_pending(self, st: _Step, row: Anchor, reason: str) -> None:
        self._move(row, AnchorState.FAILED)
        row.reason = reason
        self._save(row)
        st.events.append(StepEvent("failed", row.id or 0, row.tree_size, reason))
        _event(logging.ERROR, "anchor_failed", anchor=row.id, size=row.tree_size, reason=reason)
        self._notify("failed", row)

    def _send_pending(self, st: _Step, row: Anchor) -> None:
        size, root = self._on_chain()
        consistent = self._consistent_with_chain(size, root)
        if consistent is None:
            self._fail_pending(st, row, (
                f"the chain holds size {size} for log {self.address}, more than the "
                f"{self.source.size()} entries of the local log: wrong database or key"))
            return
        if not consistent:
            self._fail_pending(st, row, (
                f"the chain's root at size {size} ({root.hex()}) differs from the local "
                f"log's ({self.source.root(size).hex()}): the log forked"))
            return
        if size >= row.tree_size:
            self._settle_lost(st, row, "nothing signed")
            return
        if self.source.root(row.tree_size) != bytes(row.root):
            self._fail_pending(st, row, (
                f"checkpoint root {bytes(row.root).hex()} differs from the root the store "
                f"computes for size {row.tree_size}"))
            return
        proof = [] if size == 0 else [bytes(h) for h in
                                     self.source.consistency_proof(size, row.tree_size)]
        if size > 0:
            try:
                verify_consistency(size, row.tree_size, proof, root, bytes(row.root))
            except VerifierError as exc:
                self._fail_pending(st, row, f"local consistency proof check failed: {exc}")
                return
        call = self.contract.functions.anchor(row.tree_size, bytes(row.root), proof)
        try:
            estimate = int(call.estimate_gas({"from": self.address}, block_identifier="latest"))
        except ContractLogicError as exc:
            reason = decode_revert(self.contract.abi, revert_data(exc) or exc.message)
            if self._chain_moved(row, size, root):
                return
            self._settle_lost(st, row, f"the anchor call would revert: {reason}")
            return
        base, tip = self._fee_inputs()
        fees = initial_fees(base, tip, self.max_fee_cap)
        nonce = int(self.w3.eth.get_transaction_count(self.address, "pending"))
        if self._chain_moved(row, size, root):
            return
        params: TxParams = {
            "from": self.address, "nonce": Nonce(nonce), "gas": int(estimate * self.gas_margin),
            "maxFeePerGas": Wei(fees.max_fee_per_gas),
            "maxPriorityFeePerGas": Wei(fees.max_priority_fee_per_gas),
            "chainId": self._require_chain_id(), "type": 2,
        }
        tx = call.build_transaction(params)
        tx.pop("from", None)

        def to_sent(anchor: Anchor) -> None:
            self._move(anchor, AnchorState.SENT)
            anchor.nonce = nonce
            anchor.previous_size = size
            anchor.sent_at = self._clock()
            anchor.reason = None

        attempt = self._sign_and_persist(row, dict(tx), fees, to_sent)
        st.events.append(StepEvent("sent", row.id or 0, row.tree_size, attempt.tx_hash))
        _event(logging.INFO, "anchor_sent", anchor=row.id, size=row.tree_size,
               previous_size=size, nonce=nonce, tx=attempt.tx_hash, gas=attempt.gas_limit,
               max_fee=fees.max_fee_per_gas, tip=fees.max_priority_fee_per_gas)
        self._notify("persisted", row)
        self._broadcast(st, row, attempt)
