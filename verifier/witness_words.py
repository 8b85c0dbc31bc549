"""Cosignatures in words: what the witnesses of a policy said, and lines no policy checked."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ipledger.verifier.core.policy import CosignatureLine


def utc(seconds: int) -> str:
    """Return a cosignature time as `YYYY-MM-DD HH:MM:SS UTC` (or in seconds past year 9999)."""
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, ValueError, OSError):
        return f"{seconds} seconds after 1970-01-01 00:00:00 UTC"


def witness_lines(lines: tuple[CosignatureLine, ...], policy_given: bool) -> tuple[str, ...]:
    """Say who witnessed the checkpoint's tree and when; and which cosignatures prove nothing."""
    words = [
        f"Witnessed: office {c.witness} ({c.key_name}) saw this tree no later than "
        f"{utc(c.timestamp)}"
        for c in lines
        if c.verified
    ]
    unchecked = ", ".join(
        f"{c.key_name}+{c.key_id} at {utc(c.timestamp)}" for c in lines if not c.verified
    )
    if unchecked and policy_given:
        words.append(
            f"Cosignatures present but not checked (their keys are not in the policy): "
            f"{unchecked}; they prove nothing"
        )
    elif unchecked:
        words.append(
            f"Cosignatures present but not checked (no --policy): {unchecked}; they prove "
            "nothing until checked under a policy naming the witnesses' keys"
        )
    return tuple(words)


def cosignatures_json(lines: tuple[CosignatureLine, ...]) -> list[dict[str, Any]]:
    """Return the cosignature lines as JSON: key, time, the policy's name and whether verified."""
    return [
        {
            "key_name": c.key_name,
            "key_id": c.key_id,
            "timestamp": c.timestamp,
            "timestamp_utc": utc(c.timestamp),
            "witness": c.witness,
            "key": c.key,
            "verified": c.verified,
        }
        for c in lines
    ]
