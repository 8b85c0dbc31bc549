"""A verdict's RFC 3161 tokens in words: the TSA clocks, each token's facts, what remains."""

from __future__ import annotations

from typing import Any

from ipledger.verifier.core.clocks import stamp_time
from ipledger.verifier.core.timestamp import TimestampToken
from ipledger.verifier.core.verify import Verdict

NAME_THE_TSA = "pass --tsa-ca FILE with the certificate of a TSA (or its CA) you trust"


def trust_words(token: TimestampToken, roots_given: bool) -> str:
    """Say whether a token's TSA was checked against the reader's TSA certificates."""
    if token.trusted:
        return "trusted: its certificate chains to a TSA certificate you named (--tsa-ca)"
    if roots_given:
        return (
            "not from a TSA you named: its certificate does not chain to --tsa-ca; it proves "
            "nothing to you"
        )
    return "TSA's certificate not checked (pass --tsa-ca FILE): its signature only was verified"


def clock_lines(verdict: Verdict) -> tuple[str, ...]:
    """Return, for a v3 verdict, the clocks line then one line per token (`Time-stamped: ...`)."""
    every = clocks_line(verdict)
    return (() if every is None else (every,)) + tuple(
        f"Time-stamped: TSA {t.tsa.subject_text} says the log's checkpoint existed no later than "
        f"{stamp_time(t.gen_time)} (token serial {t.serial:#x}); "
        f"{trust_words(t, verdict.tsa_roots_given)}"
        for t in verdict.timestamps
    )


def clocks_line(verdict: Verdict) -> str | None:
    """Return `Clocks: no later than T1 (TSA X), no later than T2 (block N)`, earliest first."""
    if verdict.bundle_version < 3:
        return None
    unsure = ", not named" if verdict.tsa_roots_given else ", not checked"
    clocks = [
        (t.gen_time.timestamp(), f"no later than {stamp_time(t.gen_time)} (TSA "
         f"{t.tsa.subject_text}{'' if t.trusted else unsure})")
        for t in verdict.timestamps
    ]  # fmt: skip
    block = f"no later than {verdict.block_time_utc} (block {verdict.block_number}"
    block += ")" if verdict.proven else ", not yet shown canonical)"
    clocks.append((verdict.block_time, block))
    return "Clocks: " + ", ".join(words for _, words in sorted(clocks))


def while_unconfirmed(verdict: Verdict) -> str:
    """Return what a trusted TSA's time still gives while the block is unconfirmed, or ``."""
    if not any(t.trusted for t in verdict.timestamps):
        return ""
    return (
        " The time-stamp of a TSA you named does not depend on the chain: the time it gives "
        "(above) holds already."
    )


def token_rows(verdict: Verdict) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Return each token's facts as (label, value) rows for the report's table."""
    rows = []
    for t in verdict.timestamps:
        accuracy = "not stated" if t.accuracy is None else f"{t.accuracy.total_seconds():g} s"
        rows.append(
            (
                ("TSA", t.tsa.subject_text),
                ("Time (genTime)", f"{stamp_time(t.gen_time)}, accuracy {accuracy}"),
                ("Serial number", f"{t.serial:#x}"),
                ("Certificate subject", t.tsa.subject_text),
                ("Certificate issuer", t.tsa.issuer_text),
                (
                    "Certificate valid",
                    f"{stamp_time(t.tsa.not_before)} to {stamp_time(t.tsa.not_after)} "
                    f"(serial {t.tsa.serial:#x})",
                ),
                ("Policy", t.policy),
                ("Imprint", f"{t.hash_algorithm} {t.message_imprint.hex()}"),
                ("Trusted", trust_words(t, verdict.tsa_roots_given)),
            )
        )
    return tuple(rows)


def summary_rows(verdict: Verdict) -> tuple[tuple[str, str], ...]:
    """Return the claim box's rows for the TSA clocks a reader may rely on (trusted tokens)."""
    return tuple(
        ("Time-stamped no later than", f"{stamp_time(t.gen_time)} by TSA {t.tsa.subject_text}")
        for t in sorted(verdict.timestamps, key=lambda t: t.gen_time)
        if t.trusted
    )


def not_made(verdict: Verdict) -> tuple[tuple[int, str, str], ...]:
    """Return step 9's checks not made, as (step, title, why)."""
    # A bundle without tokens has no TSA clock to check: no check is left undone.
    if verdict.timestamps and not verdict.tsa_roots_given:
        why = f"the tokens' signatures were verified, not who signed them: {NAME_THE_TSA}"
        return ((9, "TSA certificates chain to a TSA you trust", why),)
    return ()


def remaining(verdict: Verdict) -> tuple[str, ...]:
    """Return what the tokens leave the reader to trust."""
    if verdict.tsa_roots_given or not verdict.timestamps:
        return ()
    names = ", ".join(sorted({t.tsa.subject_text for t in verdict.timestamps}))
    return (
        f"that the time-stamp authorities ({names}) are ones you trust: their tokens' signatures "
        f"were verified, their certificates were not; {NAME_THE_TSA}",
    )


def how_to(verdict: Verdict) -> tuple[str, ...]:
    """Return the steps to check the tokens with OpenSSL alone, when there are tokens."""
    if not verdict.timestamps:
        return ()
    return (
        "Check each time-stamp token with OpenSSL alone: ipledger-verify FILE BUNDLE.json "
        "--export-tokens DIR writes the time-stamped checkpoint (DIR/checkpoint.txt) and the "
        "tokens (DIR/token-1.tst, ...); then run openssl ts -verify -data DIR/checkpoint.txt "
        "-in DIR/token-1.tst -token_in -CAfile TSA-CA.pem with the TSA's CA certificate.",
    )


def proves(verdict: Verdict) -> str:
    """Return what the tokens add to what the evidence proves, or ``."""
    if not verdict.timestamps:
        return ""
    return (
        " Each time-stamp token is a time-stamp authority's signed statement that the log's "
        "checkpoint (its origin, tree size and root, which commits to this document's entry) "
        "existed at the token's time: a second clock, independent of the chain, as good as "
        "the reader's trust in that authority."
    )


def timestamps_json(verdict: Verdict) -> list[dict[str, Any]]:
    """Return the tokens as JSON: TSA, time, serial, certificate, trust."""
    return [
        {
            "tsa": t.tsa.subject_text,
            "gen_time": stamp_time(t.gen_time),
            "gen_time_unix": t.gen_time.timestamp(),
            "serial": f"{t.serial:#x}",
            "policy": t.policy,
            "hash_algorithm": t.hash_algorithm,
            "message_imprint": t.message_imprint.hex(),
            "nonce": None if t.nonce is None else f"{t.nonce:#x}",
            "accuracy_seconds": None if t.accuracy is None else t.accuracy.total_seconds(),
            "certificate_subject": t.tsa.subject_text,
            "certificate_issuer": t.tsa.issuer_text,
            "certificate_serial": f"{t.tsa.serial:#x}",
            "trusted": t.trusted,
            "trust": trust_words(t, verdict.tsa_roots_given),
        }
        for t in verdict.timestamps
    ]
