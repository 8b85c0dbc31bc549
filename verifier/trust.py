"""Trust roots of mainnet canonicality proofs: the shipped one, files, and the public check."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ipledger.verifier.core.beacon import HistoricalSummaries, ProvenBlock, verify_header_proof
from ipledger.verifier.core.errors import InvalidTrustRoot

# mainnet's historical_summaries at slot 11,476,992 (docs/design.md, "Canonicality proofs").
SHIPPED_TRUST_ROOT = Path(__file__).resolve().parent / "trust" / "mainnet.json"


def load_trust_root(path: str | Path) -> HistoricalSummaries:
    """Read a trust-root file; raise `InvalidTrustRoot` when unreadable or not one."""
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidTrustRoot(f"cannot read the trust root {path}: {exc.strerror}") from None
    return HistoricalSummaries.from_json(text)


@cache
def shipped_trust_root() -> HistoricalSummaries:
    """Return the trust root shipped with the verifier (checked against its stated root)."""
    return load_trust_root(SHIPPED_TRUST_ROOT)


def verify_block_header_with_proof(
    content: bytes, *, trust_root: HistoricalSummaries | None = None
) -> ProvenBlock:
    """Verify Portal `BlockHeaderWithProof` bytes; `trust_root` None is the shipped one."""
    return verify_header_proof(content, shipped_trust_root() if trust_root is None else trust_root)
