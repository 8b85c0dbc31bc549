"""What the anchoring worker's parts share: configuration, step records, chain and row reads."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from eth_account.datastructures import SignedTransaction
from eth_typing import ChecksumAddress
from hexbytes import HexBytes
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import BlockNotFound, TransactionNotFound

from ipledger.ledger.anchoring.lease import Lease, now_ms
from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt, AnchorRecord
from ipledger.ledger.anchoring.queries import AnchorTarget, target_filter
from ipledger.ledger.anchoring.source import LogSource
from ipledger.ledger.anchoring.states import AnchorState, check_transition
from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import AnchoringError, UnsupportedChain

# Every part of the worker logs under the worker's name, the one operators filter on.
log = logging.getLogger("ipledger.ledger.anchoring.worker")


class TransactionSigner(Protocol):
    """Signs transactions for one address; `ledger.chain.signer.Signer` is one."""

    @property
    def address(self) -> ChecksumAddress:
        """Return the EIP-55 address of the key."""
        ...

    def sign_transaction(self, tx: Mapping[str, Any]) -> SignedTransaction:
        """Sign a full transaction dict."""
        ...


Hook = Callable[[str, AnchorRecord], None]
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


@dataclass
class StepProgress:
    """What the running step did so far: its events, and a transient failure if one occurred."""

    events: list[StepEvent] = field(default_factory=list)
    error: str | None = None


def _fields(**kv: object) -> str:
    return " ".join(f"{k}={v}" for k, v in kv.items())


def log_event(level: int, name: str, **kv: object) -> None:
    """Log one structured event: message `name k=v ...`, and the same under `extra`."""
    log.log(level, "%s %s", name, _fields(**kv),
            extra={"anchoring_event": name, "anchoring": dict(kv)}, stacklevel=2)


class WorkerBase:
    """The worker's configuration, and the chain and database reads its parts share.

    `Broadcaster` (sending) and `Reconciler` (what the chain says) build on it, and
    `AnchoringWorker` on them; every method runs inside a step, under the lease.
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
        after_step: Callable[[], object] | None = None,
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
        `after_step`, when given, runs at the end of every step that held the lease (e.g.
        canonicality proofs of final anchors); it must not block, and what it raises is logged.
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
        self.after_step = after_step
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

    @property
    def target(self) -> AnchorTarget:
        """The (chain, contract, log) this worker anchors to; needs one step first."""
        return AnchorTarget(self._require_chain_id(), self.contract_address, self.address)

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
        log_event(logging.INFO, "connected", chain_id=chain_id, contract=self.contract_address,
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
            self._hook(point, AnchorRecord.of(row))

    # -- settling an anchor that cannot get on chain ------------------------------------

    def _settle_lost(self, st: StepProgress, row: Anchor, why: str) -> None:
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
        log_event(level, f"anchor_{kind}", anchor=row.id, size=row.tree_size, reason=row.reason)
        self._notify(kind, row)
