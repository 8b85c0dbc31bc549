"""What `ipledger-verify` reads besides the evidence: trusted blocks, a trust root, a policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ipledger.verifier.core.beacon import HistoricalSummaries
from ipledger.verifier.core.errors import InvalidPolicy, InvalidTrustRoot, VerifierError
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.policy import Policy, parse_policy
from ipledger.verifier.trust import load_trust_root, shipped_trust_root

_BLOCK_NUMBER_RE = re.compile(r"0|[1-9][0-9]{0,19}")
_BLOCK_HASH_RE = re.compile(r"0x[0-9a-fA-F]{64}")


class UsageError(VerifierError):
    """The command line or a file it names cannot be used."""


def trust_root_for(path: Path | None) -> tuple[HistoricalSummaries, str | None]:
    """Return the trust root to check block proofs against, and words naming a given one.

    A trust root given with --trust-root must agree with the one this verifier ships: the
    shorter list a prefix of the longer (historical_summaries only grow).
    """
    shipped = shipped_trust_root()
    if path is None:
        return shipped, None
    given = load_trust_root(path)
    both = (
        f"{path} is Ethereum mainnet's historical_summaries at slot {given.slot} "
        f"({len(given.summaries)} periods, root 0x{given.root.hex()}); the one this verifier "
        f"ships is at slot {shipped.slot} ({len(shipped.summaries)} periods, root "
        f"0x{shipped.root.hex()})"
    )
    try:
        if len(given.summaries) >= len(shipped.summaries):
            given.check_extends(shipped)
        else:
            shipped.check_extends(given)
    except InvalidTrustRoot:
        raise InvalidTrustRoot(
            f"{both}: they disagree (neither list is a prefix of the other), so one of them "
            "is not mainnet's; check both against a beacon node you trust"
        ) from None
    return given, both + "; the shorter is a prefix of the longer"


def read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read the {what} {path}: {exc.strerror or exc}") from None


def trusted_blocks(path: Path) -> tuple[int | None, dict[int, bytes]]:
    """Read `{"<block number>": "0x<block hash>"}`, or `{"chain_id": N, "blocks": {...}}`."""
    usage = (
        f'{path} must be a JSON object {{"<block number>": "0x<64 hex block hash>", ...}} '
        '(or {"chain_id": <id>, "blocks": {...}})'
    )
    raw = read_file(path, "trusted block list")
    if len(raw) > 1 << 24:
        raise UsageError(f"{path} is larger than 16 MiB: {usage}")
    try:
        text = raw.decode("utf-8")
        if exceeds_depth(text, 3):
            raise ValueError("nested too deeply")
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{path} is not JSON ({exc}): {usage}") from None
    chain_id: int | None = None
    if isinstance(data, dict) and "blocks" in data:
        chain_id = data.get("chain_id")
        if set(data) != {"chain_id", "blocks"} or type(chain_id) is not int or chain_id < 0:
            raise UsageError(f'{path}: with "blocks", give exactly a "chain_id" integer too')
        data = data["blocks"]
    if not isinstance(data, dict):
        raise UsageError(usage)
    trusted: dict[int, bytes] = {}
    for key, value in data.items():
        if not _BLOCK_NUMBER_RE.fullmatch(key):
            raise UsageError(f"{path}: {key[:30]!r} is not a block number; {usage}")
        if not isinstance(value, str) or not _BLOCK_HASH_RE.fullmatch(value):
            raise UsageError(f"{path}: the hash of block {key} is not 0x and 64 hex digits")
        trusted[int(key)] = bytes.fromhex(value[2:])
    return chain_id, trusted


def read_policy(path: Path | None) -> Policy | None:
    """Read and parse a tlog-policy file; a bad one is named with its line and what is wrong."""
    if path is None:
        return None
    try:
        return parse_policy(read_file(path, "policy file"))
    except InvalidPolicy as exc:
        raise InvalidPolicy(
            f"--policy {path}: {exc} (the format: c2sp.org/tlog-policy; see docs/courts.md)"
        ) from None
