"""The anchoring worker's sending side: choose a new anchor, sign, persist, broadcast, bump."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from eth_account.typed_transactions.typed_transaction import TypedTransaction
from hexbytes import HexBytes
from sqlalchemy import func
from sqlmodel import Session, col, select
from web3 import Web3
from web3.exceptions import ContractLogicError, Web3RPCError
from web3.types import Nonce, TxParams, Wei

from ipledger.ledger.anchoring.chainio import (
    BroadcastOutcome,
    classify_rejection,
    decode_revert,
    revert_data,
    rpc_message,
)
from ipledger.ledger.anchoring.fees import Fees, bumped_fees, initial_fees
from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt
from ipledger.ledger.anchoring.queries import target_filter
from ipledger.ledger.anchoring.source import TreeHead
from ipledger.ledger.anchoring.states import ON_CHAIN_STATES, AnchorState
from ipledger.ledger.anchoring.worker_base import StepEvent, StepProgress, WorkerBase, log_event
from ipledger.ledger.db import write_connection
from ipledger.ledger.errors import FeeCapReached
from ipledger.verifier import VerifierError, verify_consistency


class Broadcaster(WorkerBase):
    """Sends anchors: the newest checkpoint becomes a pending anchor, then a signed attempt.

    Every attempt is committed (under the lease) before it is broadcast; a stuck one is
    replaced by a fee bump at the same nonce.
    """

    # -- broadcasting ----------------------------------------------------------------

    def _broadcast(self, st: StepProgress, row: Anchor, attempt: AnchorAttempt,
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
        log_event(logging.INFO if outcome is not BroadcastOutcome.REJECTED else logging.WARNING,
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
            log_event(logging.ERROR, "signer_unfunded", account=self.address,
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

    def _bump(self, st: StepProgress, row: Anchor, previous: AnchorAttempt) -> None:
        base, tip = self._fee_inputs()
        try:
            fees = bumped_fees(
                Fees(previous.max_fee_per_gas, previous.max_priority_fee_per_gas),
                base, tip, self.max_fee_cap,
            )
        except FeeCapReached as exc:
            st.error = str(exc)
            log_event(logging.WARNING, "fee_cap_reached", anchor=row.id, size=row.tree_size,
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
        log_event(logging.WARNING, "attempt_bumped", anchor=row.id, size=row.tree_size,
                  nonce=attempt.nonce, old_tx=previous.tx_hash, tx=attempt.tx_hash,
                  max_fee=fees.max_fee_per_gas, tip=fees.max_priority_fee_per_gas, base_fee=base)
        self._notify("persisted", row)
        self._notify("bumped", row)
        self._broadcast(st, row, attempt)

    # -- choosing and sending a new anchor --------------------------------------------

    def _maybe_anchor(self, st: StepProgress) -> None:
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

    def _new_pending(self, st: StepProgress, checkpoint: TreeHead) -> Anchor | None:
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
            log_event(logging.DEBUG, "already_on_chain", size=checkpoint.tree_size, chain_size=size)
            return None
        now = self._clock()
        row = Anchor(
            chain_id=self._require_chain_id(), contract=self.contract_address,
            log_address=self.address, tree_size=checkpoint.tree_size, root=checkpoint.root,
            state=AnchorState.PENDING.value, created_at=now, updated_at=now,
        )
        row = self._save(row)
        st.events.append(StepEvent("pending", row.id or 0, row.tree_size))
        log_event(logging.INFO, "anchor_pending", anchor=row.id, size=row.tree_size,
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
        log_event(logging.WARNING, "chain_moved", anchor=row.id, size=row.tree_size,
                  read_size=size)
        return True

    def _fail_pending(self, st: StepProgress, row: Anchor, reason: str) -> None:
        self._move(row, AnchorState.FAILED)
        row.reason = reason
        self._save(row)
        st.events.append(StepEvent("failed", row.id or 0, row.tree_size, reason))
        log_event(logging.ERROR, "anchor_failed", anchor=row.id, size=row.tree_size, reason=reason)
        self._notify("failed", row)

    def _send_pending(self, st: StepProgress, row: Anchor) -> None:
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
        log_event(logging.INFO, "anchor_sent", anchor=row.id, size=row.tree_size,
                  previous_size=size, nonce=nonce, tx=attempt.tx_hash, gas=attempt.gas_limit,
                  max_fee=fees.max_fee_per_gas, tip=fees.max_priority_fee_per_gas)
        self._notify("persisted", row)
        self._broadcast(st, row, attempt)
