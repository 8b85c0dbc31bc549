"""Step 9 (bundle v3): each RFC 3161 token over the checkpoint's note, and the TSAs' roots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ipledger.verifier.core.errors import InvalidTimestampToken, UntrustedTimestampAuthority
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.timestamp import TimestampToken, verify_timestamp_token

TITLE = "Time-stamped by RFC 3161 TSAs"


def stamped_message(checkpoint: str) -> bytes:
    """Return the bytes a checkpoint's tokens time-stamp: its note text, no signature lines."""
    return parse_note(checkpoint).text.encode("utf-8")


def check_timestamps(
    tokens: Sequence[bytes], checkpoint: str, roots: Sequence[bytes] | None
) -> tuple[TimestampToken, ...]:
    """Verify every token over the checkpoint's note; with `roots`, one must chain to them.

    A token that is malformed, for other data or badly signed fails the bundle: it is
    tampered evidence, whatever the other tokens say. With `roots`, a token that verifies
    but does not chain to them is kept, untrusted; none trusted fails the step, as a
    witness quorum not met does.
    """
    message = stamped_message(checkpoint)
    checked: list[TimestampToken] = []
    for number, der in enumerate(tokens, 1):
        try:
            try:
                token = verify_timestamp_token(der, message=message, roots=roots)
            except UntrustedTimestampAuthority:  # signed, for this checkpoint, by a TSA not named
                token = verify_timestamp_token(der, message=message)
        except ValueError as exc:  # InvalidTimestampToken, InvalidDer, InvalidCertificate, ...
            kind = type(exc) if isinstance(exc, InvalidTimestampToken) else InvalidTimestampToken
            raise kind(f"time-stamp token {number} of {len(tokens)}: {exc}") from exc
        checked.append(token)
    if roots is not None and not any(t.trusted for t in checked):
        if not checked:
            raise UntrustedTimestampAuthority(
                "the bundle carries no RFC 3161 time-stamp token, but TSA certificates were "
                "given (--tsa-ca): no time-stamp from a TSA you named (leave --tsa-ca out to "
                "rely on the chain's time alone)"
            )
        names = "; ".join(f"{t.tsa.subject_text} (issued by {t.tsa.issuer_text})" for t in checked)
        raise UntrustedTimestampAuthority(
            f"none of the bundle's {len(checked)} time-stamp token(s) is from a TSA you named "
            f"(--tsa-ca): they were signed by {names}"
        )
    return tuple(checked)


def stamp_time(moment: datetime) -> str:
    """Return a genTime as `YYYY-MM-DD HH:MM:SS[.ffffff] UTC`, its fraction only when given."""
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + " UTC"


def token_words(token: TimestampToken, roots_given: bool) -> str:
    """Return one token in words: its TSA, its time, serial and what its certificate shows."""
    if token.trusted:
        trust = "its certificate chains to a TSA certificate you named (--tsa-ca)"
    elif roots_given:
        trust = "not from a TSA you named: its certificate does not chain to --tsa-ca"
    else:
        trust = "TSA's certificate not checked (pass --tsa-ca FILE)"
    return (
        f"TSA {token.tsa.subject_text} at {stamp_time(token.gen_time)} (serial "
        f"{token.serial:#x}, {token.hash_algorithm} imprint, policy {token.policy}); {trust}"
    )


__all__ = ["TITLE", "check_timestamps", "stamp_time", "stamped_message", "token_words"]
