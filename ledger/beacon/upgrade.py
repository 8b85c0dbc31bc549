"""Upgrade final anchors with canonicality proofs: once per command, or in the worker."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ipledger.ledger.anchoring.models import AnchorRecord
from ipledger.ledger.beacon.api import BeaconApi
from ipledger.ledger.beacon.proofs import slot_of_timestamp
from ipledger.ledger.beacon.prove import NotYetProvable, prove_block, ready_after
from ipledger.ledger.beacon.store import anchors_without_proof, store_block_proof
from ipledger.ledger.errors import BeaconError, BeaconUnavailable

log = logging.getLogger(__name__)

MAINNET_CHAIN_ID = 1
# After a failure (node down, not synced): try again this much later, in seconds.
RETRY_AFTER = 300.0


def no_beacon_chain_message(chain_id: int) -> str:
    """Say why an anchor on a chain other than Ethereum mainnet gets no canonicality proof."""
    return (
        f"chain {chain_id} has no beacon chain: no canonicality proof; anchor on Ethereum "
        "mainnet for evidence that needs no node"
    )


@dataclass(frozen=True)
class UpgradeOutcome:
    """What an upgrade pass did for one anchor, `message` saying it in a sentence.

    `status`: stored, not_yet, no_beacon_chain, no_beacon_api or failed.
    """

    anchor_id: int
    tree_size: int
    block_hash: str | None
    status: str
    message: str
    retry_at: float | None = None
    """Unix time before which trying again is pointless (not_yet, failed)."""


def upgrade_anchor(engine: Engine, anchor: AnchorRecord, api: BeaconApi | None) -> UpgradeOutcome:
    """Try to build and store the canonicality proof of one final anchor's block."""

    def outcome(status: str, message: str, retry_at: float | None = None) -> UpgradeOutcome:
        return UpgradeOutcome(
            anchor.id, anchor.tree_size, anchor.block_hash, status, message, retry_at
        )

    if anchor.chain_id != MAINNET_CHAIN_ID:
        return outcome("no_beacon_chain", no_beacon_chain_message(anchor.chain_id))
    if anchor.block_hash is None or anchor.block_time is None:
        return outcome("failed", "the anchor records no block: it is not final")
    if api is None:
        return outcome(
            "no_beacon_api",
            "no beacon node configured: set IPLEDGER_BEACON_API (or pass --beacon-api) to a "
            "mainnet consensus client's REST API",
            time.time() + RETRY_AFTER,
        )
    block_hash = bytes.fromhex(anchor.block_hash.removeprefix("0x"))
    try:
        result = prove_block(api, block_hash, anchor.block_time)
    except BeaconUnavailable as exc:
        return outcome("failed", f"{exc}; will retry", time.time() + RETRY_AFTER)
    except BeaconError as exc:
        return outcome("failed", str(exc), time.time() + RETRY_AFTER)
    if isinstance(result, NotYetProvable):
        ready = float(ready_after(slot_of_timestamp(anchor.block_time)))
        return outcome(
            "not_yet",
            f"not yet provable: {result.reason}; provable after {result.ready_after_utc}",
            ready,
        )
    stored = store_block_proof(
        engine, anchor.block_hash, anchor.chain_id, result.proof_type, result.proof
    )
    said = "stored" if stored else "already stored"
    return outcome(
        "stored",
        f"{said} a {result.proof_type} proof of block {anchor.block_hash} "
        f"(beacon slot {result.slot})",
    )


def upgrade_anchors(
    engine: Engine, api: BeaconApi | None, chain_id: int | None = None
) -> list[UpgradeOutcome]:
    """Try every final anchor without a proof (of `chain_id`, or all), one after the other."""
    return [
        upgrade_anchor(engine, anchor, api) for anchor in anchors_without_proof(engine, chain_id)
    ]


class ProofUpgrader:
    """The worker's part: upgrades final mainnet anchors in a background thread, never blocking.

    `poll()` is cheap and never raises: it starts one pass in a thread when none is running
    and some anchor may be ready (not before its period closes, nor within RETRY_AFTER of a
    failure). A beacon node that is down or slow delays only the proofs, never anchoring.
    """

    def __init__(
        self,
        engine: Engine,
        chain_id: int,
        api_factory: Callable[[], BeaconApi | None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Upgrade anchors of `chain_id`; `api_factory` opens the beacon client per pass."""
        self.engine = engine
        self.chain_id = chain_id
        self._api_factory = api_factory
        self._clock = clock
        self._not_before: dict[int, float] = {}  # anchor id -> unix time of the next try
        self._thread: threading.Thread | None = None
        self._told_no_beacon = False
        self.last: list[UpgradeOutcome] = []

    def poll(self) -> None:
        """Start a background pass if one is due and none runs; never raises."""
        try:
            if self.chain_id != MAINNET_CHAIN_ID:
                if not self._told_no_beacon:
                    log.info(
                        "canonicality_proofs_off reason=%r", no_beacon_chain_message(self.chain_id)
                    )
                    self._told_no_beacon = True
                return
            if self._thread is not None and self._thread.is_alive():
                return
            now = self._clock()
            due = [
                a
                for a in anchors_without_proof(self.engine, self.chain_id)
                if self._not_before.get(a.id, 0.0) <= now
            ]
            if not due:
                return
            self._thread = threading.Thread(
                target=self.run_once, args=(due,), name="proof-upgrader", daemon=True
            )
            self._thread.start()
        except Exception:  # the worker's step must go on whatever happens here
            log.exception("canonicality proof pass could not start")

    def join(self, timeout: float | None = None) -> None:
        """Wait for a running pass (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def run_once(self, anchors: list[AnchorRecord] | None = None) -> list[UpgradeOutcome]:
        """Run one pass now over `anchors` (default: every final anchor without a proof)."""
        outcomes: list[UpgradeOutcome] = []
        try:
            if anchors is None:
                anchors = anchors_without_proof(self.engine, self.chain_id)
            api = self._api_factory()
            try:
                for anchor in anchors:
                    result = upgrade_anchor(self.engine, anchor, api)
                    outcomes.append(result)
                    if result.retry_at is not None:
                        self._not_before[anchor.id] = result.retry_at
                    level = logging.WARNING if result.status == "failed" else logging.INFO
                    log.log(
                        level,
                        "canonicality_proof anchor=%d status=%s message=%r",
                        anchor.id,
                        result.status,
                        result.message,
                    )
            finally:
                if api is not None:
                    api.close()
        except Exception:  # logged; the anchors stay without proof and are retried later
            log.exception("canonicality proof pass failed")
        self.last = outcomes
        return outcomes
