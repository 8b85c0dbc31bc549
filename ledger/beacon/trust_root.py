"""Trust-root files: mainnet's historical_summaries at a finalized slot, refreshed from a node."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass

from ipledger.ledger.beacon.api import BeaconApi
from ipledger.ledger.beacon.proofs import CAPELLA_SLOT
from ipledger.ledger.beacon.types import SLOTS_PER_HISTORICAL_ROOT, HistoricalSummariesList
from ipledger.ledger.errors import TrustRootError

# The verifier's format (verifier/core/beacon.py, docs/design.md): the same keys, same order.
TRUST_ROOT_FORMAT = "ipledger-trust-root"
TRUST_ROOT_VERSION = 1

Summary = tuple[bytes, bytes]


@dataclass(frozen=True)
class TrustRoot:
    """historical_summaries as the mainnet state held them at `slot`."""

    slot: int
    summaries: tuple[Summary, ...]

    @property
    def root(self) -> bytes:
        """Return hash_tree_root(List[HistoricalSummary, 2**24]) of the summaries."""
        return bytes(HistoricalSummariesList.decode_bytes(self.to_ssz()).hash_tree_root())

    def to_ssz(self) -> bytes:
        """Return the list's SSZ: each summary's two roots, in order."""
        return b"".join(block + state for block, state in self.summaries)

    def to_json(self) -> str:
        """Return the trust-root file's text."""
        doc = {
            "format": TRUST_ROOT_FORMAT,
            "version": TRUST_ROOT_VERSION,
            "network": "mainnet",
            "chain_id": 1,
            "slot": self.slot,
            "historical_summaries_root": "0x" + self.root.hex(),
            "historical_summaries": base64.b64encode(self.to_ssz()).decode(),
        }
        return json.dumps(doc, indent=2) + "\n"


def summaries_at(slot: int) -> int:
    """Return how many historical summaries the mainnet state holds at `slot`."""
    return max(0, (slot - CAPELLA_SLOT) // SLOTS_PER_HISTORICAL_ROOT)


def make_trust_root(slot: int, summaries: Sequence[Summary]) -> TrustRoot:
    """Check (slot, summaries) fit together and return the trust root."""
    if any(len(block) != 32 or len(state) != 32 for block, state in summaries):
        raise TrustRootError("a historical summary is two 32-byte roots")
    if len(summaries) != summaries_at(slot):
        raise TrustRootError(
            f"the state at slot {slot} holds {summaries_at(slot)} historical summaries, "
            f"the node sent {len(summaries)}"
        )
    return TrustRoot(slot, tuple((bytes(b), bytes(s)) for b, s in summaries))


def read_trust_root(text: str) -> TrustRoot:
    """Parse a trust-root file and check that its stated root is its own."""
    try:
        doc = json.loads(text)
        slot = doc["slot"]
        data = base64.b64decode(doc["historical_summaries"], validate=True)
        stated = str(doc["historical_summaries_root"])
    except (ValueError, KeyError, TypeError) as exc:
        raise TrustRootError(f"not a trust-root file ({exc})") from None
    if doc.get("format") != TRUST_ROOT_FORMAT or type(slot) is not int or len(data) % 64:
        raise TrustRootError(f"not a {TRUST_ROOT_FORMAT} file of mainnet")
    pairs = [(data[i : i + 32], data[i + 32 : i + 64]) for i in range(0, len(data), 64)]
    trust_root = make_trust_root(slot, pairs)
    if "0x" + trust_root.root.hex() != stated:
        raise TrustRootError(
            f"its historical_summaries hash to 0x{trust_root.root.hex()}, not the stated {stated}"
        )
    return trust_root


def refresh_trust_root(api: BeaconApi, old: TrustRoot | None = None) -> TrustRoot:
    """Fetch historical_summaries at the node's finalized slot; it must extend `old`."""
    slot = api.finalized_slot()
    new = make_trust_root(slot, api.historical_summaries(slot))
    if old is not None:
        if old.slot > new.slot:
            raise TrustRootError(
                f"the node's finalized slot {new.slot} is older than the old trust root's "
                f"slot {old.slot}: is the node synced?"
            )
        if new.summaries[: len(old.summaries)] != old.summaries:
            raise TrustRootError(
                f"the node's historical_summaries at slot {new.slot} do not extend the old "
                f"trust root's at slot {old.slot}: another chain, or a wrong old file; "
                "nothing written"
            )
    return new
