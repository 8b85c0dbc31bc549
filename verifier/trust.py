"""Trust roots of mainnet canonicality proofs: the shipped one, files, and the public check."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

from ipledger.verifier.core.beacon import HistoricalSummaries, ProvenBlock, verify_header_proof
from ipledger.verifier.core.errors import InvalidTrustRoot
from ipledger.verifier.core.jsontext import exceeds_depth

# mainnet's historical_summaries at slot 11,476,992 (docs/design.md, "Canonicality proofs").
SHIPPED_TRUST_ROOT = Path(__file__).resolve().parent / "trust" / "mainnet.json"


def load_trust_root(path: str | Path) -> HistoricalSummaries:
    """Read a trust-root file; raise `InvalidTrustRoot` when unreadable or not one."""
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidTrustRoot(f"cannot read the trust root {path}: {exc.strerror}") from None
    return HistoricalSummaries.from_json(text)


def trust_root_from_beacon_state(text: str | bytes) -> HistoricalSummaries:
    """Build a trust root from a Beacon API state in JSON (`/eth/v2/debug/beacon/states/{id}`).

    The state is the node's word: check the result's root as docs/design.md says before
    relying on it. Raises `InvalidTrustRoot` naming what is missing or malformed.
    """
    try:
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        if exceeds_depth(text, 16):  # a state nests 5 deep; json.loads would recurse
            raise ValueError("nested too deep")
        data = json.loads(text)["data"]
        slot, listed = data["slot"], data["historical_summaries"]
        pairs = tuple((_root(s["block_summary_root"]), _root(s["state_summary_root"]))
                      for s in listed)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidTrustRoot(
            f"not a Beacon API state with historical_summaries (from Capella on): {exc!r}"
        ) from None
    if not isinstance(slot, str) or not re.fullmatch(r"0|[1-9][0-9]*", slot):
        raise InvalidTrustRoot("the state's slot is not a decimal string")
    return HistoricalSummaries(slot=int(slot), summaries=pairs)


def _root(text: object) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"0x[0-9a-fA-F]{64}", text):
        raise ValueError(f"{text!r} is not a 32-byte root in 0x-hex")
    return bytes.fromhex(text[2:])


@cache
def shipped_trust_root() -> HistoricalSummaries:
    """Return the trust root shipped with the verifier (checked against its stated root)."""
    # Read as package data, so that it is found inside the one-file kit's zip too.
    shipped = resources.files(__package__ or "ipledger.verifier") / "trust" / "mainnet.json"
    return HistoricalSummaries.from_json(shipped.read_bytes())


def verify_block_header_with_proof(
    content: bytes, *, trust_root: HistoricalSummaries | None = None
) -> ProvenBlock:
    """Verify Portal `BlockHeaderWithProof` bytes; `trust_root` None is the shipped one."""
    return verify_header_proof(content, shipped_trust_root() if trust_root is None else trust_root)
