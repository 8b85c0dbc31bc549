"""The anchoring worker's reconciling side: what the chain says of its sent and final anchors."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from eth_account.typed_transactions.typed_transaction import TypedTransaction
from hexbytes import HexBytes
from sqlmodel import Session, col, select
from web3.exceptions import BlockNotFound, ContractLogicError, Web3RPCError

from ipledger.ledger.anchoring.broadcast import Broadcaster
from ipledger.ledger.anchoring.chainio import TRANSIENT_ERRORS, decode_revert, revert_data
from ipledger.ledger.anchoring.models import Anchor, AnchorAttempt
from ipledger.ledger.anchoring.queries import target_filter
from ipledger.ledger.anchoring.states import AnchorState
from ipledger.ledger.anchoring.worker_base import StepEvent, StepProgress, log_event
from ipledger.ledger.errors import AnchoringError, UnsupportedChain


class Reconciler(Broadcaster):
    """Reconciles anchors with the chain: inclusion, finality, reorgs, reverts, nonces taken.

    What it finds sent but unmined it broadcasts again or bumps, hence it builds on
    `Broadcaster`.
    """

    # -- included -> final, or back to sent -----------------------------------------

    def _advance_included(self, st: StepProgress, row: Anchor, head: int) -> None:
        assert row.block_number is not None
        if self._block_hash_at(row.block_number) != row.block_hash:
            self._handle_reorg(st, row, head)
            return
        if self._is_final(row.block_number, head):
            self._move(row, AnchorState.FINAL)
            row.final_at = self._clock()
            self._save(row)
            st.events.append(StepEvent("final", row.id or 0, row.tree_size, row.tx_hash or ""))
            log_event(logging.INFO, "anchor_final", anchor=row.id, size=row.tree_size,
                      block=row.block_number, tx=row.tx_hash)
            self._notify("final", row)

    def _recheck_final(self, st: StepProgress, head: int) -> None:
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
            log_event(logging.ERROR, "finality_violated", anchor=row.id, size=row.tree_size,
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

    def _handle_reorg(self, st: StepProgress, row: Anchor, head: int) -> None:
        old_block, old_hash = row.block_number, row.block_hash
        for attempt in reversed(self._attempts(row)):
            receipt = self._receipt(attempt.tx_hash)
            if receipt is not None and receipt["status"] == 1:
                self._record_inclusion(row, attempt, receipt)
                self._save(row)
                st.events.append(StepEvent("reincluded", row.id or 0, row.tree_size,
                                           f"block {old_block} -> {row.block_number}"))
                log_event(logging.WARNING, "anchor_reincluded", anchor=row.id,
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
        log_event(logging.WARNING, "anchor_reorged", anchor=row.id, size=row.tree_size,
                  block=old_block, hash=old_hash, head=head)
        self._notify("reorged", row)
        if mined is not None:
            self._broadcast(st, row, mined, force=True)

    # -- sent -> included / failed / superseded, rebroadcast, fee bump ----------------

    def _advance_sent(self, st: StepProgress, row: Anchor, head: int) -> None:
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
                log_event(logging.INFO, "anchor_included", anchor=row.id, size=row.tree_size,
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

    def _handle_revert(self, st: StepProgress, row: Anchor, attempt: AnchorAttempt,
                       receipt: Any) -> None:
        reason = self._replay_reason(attempt, int(receipt["blockNumber"]))
        row.tx_hash = attempt.tx_hash
        row.block_number = int(receipt["blockNumber"])
        row.block_hash = HexBytes(receipt["blockHash"]).to_0x_hex()
        row.gas_used = int(receipt["gasUsed"])
        why = f"transaction {attempt.tx_hash} reverted in block {row.block_number}: {reason}"
        self._settle_lost(st, row, why)

    def _handle_nonce_taken(self, st: StepProgress, row: Anchor, attempts: Sequence[AnchorAttempt],
                            mined_nonce: int) -> None:
        hashes = ", ".join(a.tx_hash for a in attempts)
        why = (f"nonce {row.nonce} of {self.address} was used by a transaction that is none "
               f"of this anchor's attempts ({hashes}); something else is sending with the "
               f"anchoring key")
        self._settle_lost(st, row, why)

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
