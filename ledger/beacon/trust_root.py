"""Trust-root files: mainnet's historical_summaries at a finalized slot, refreshed from a node.

The file format and its checks are the verifier's (`HistoricalSummaries` in
verifier/core/beacon.py): what the operator writes is exactly what a court's verifier reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from ipledger.ledger.beacon.api import BeaconApi
from ipledger.ledger.errors import TrustRootError
from ipledger.verifier.core.beacon import HistoricalSummaries
from ipledger.verifier.core.errors import InvalidTrustRoot

Summary = tuple[bytes, bytes]


def make_trust_root(slot: int, summaries: Sequence[Summary]) -> HistoricalSummaries:
    """Check (slot, summaries) fit together and return the trust root."""
    try:
        return HistoricalSummaries(slot, tuple((bytes(b), bytes(s)) for b, s in summaries))
    except InvalidTrustRoot as exc:
        raise TrustRootError(f"the node's answer is not a trust root: {exc}") from None


def read_trust_root(text: str) -> HistoricalSummaries:
    """Parse a trust-root file and check that its stated root is its own."""
    try:
        return HistoricalSummaries.from_json(text)
    except InvalidTrustRoot as exc:
        raise TrustRootError(f"not a trust-root file of mainnet: {exc}") from None


def refresh_trust_root(
    api: BeaconApi, old: HistoricalSummaries | None = None
) -> HistoricalSummaries:
    """Fetch historical_summaries at the node's finalized slot; it must extend `old`."""
    slot = api.finalized_slot()
    new = make_trust_root(slot, api.historical_summaries(slot))
    if old is not None:
        if old.slot > new.slot:
            raise TrustRootError(
                f"the node's finalized slot {new.slot} is older than the old trust root's "
                f"slot {old.slot}: is the node synced?"
            )
        try:
            new.check_extends(old)
        except InvalidTrustRoot:
            raise TrustRootError(
                f"the node's historical_summaries at slot {new.slot} do not extend the old "
                f"trust root's at slot {old.slot}: another chain, or a wrong old file; "
                "nothing written"
            ) from None
    return new
