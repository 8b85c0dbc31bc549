"""Step 9: a v3 bundle's RFC 3161 tokens over its checkpoint's note, golden and freshly issued."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import cms, core, tsp

from ipledger.verifier import verify
from ipledger.verifier.core.clocks import check_timestamps, stamp_time, stamped_message
from ipledger.verifier.core.errors import (
    InvalidTimestampToken,
    TimestampImprintMismatch,
    UntrustedTimestampAuthority,
)
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.verify import Verdict
from tests.openssl_tsa import OpenSslTsa
from tests.verifier.core.tsa_tokens import resign
from tests.verifier.golden import NAMES_V2, NAMES_V3, Golden, load, tsa_file

STAMPED = [n for n in NAMES_V3 if load(n, 3).info["timestamps"]]
UNSTAMPED = [n for n in NAMES_V3 if not load(n, 3).info["timestamps"]]


def ca(tsa: str) -> bytes:
    return OpenSslTsa.der_of(tsa_file(tsa))


def golden_verify(
    g: Golden, text: str | None = None, tsa_roots: list[bytes] | None = None
) -> Verdict:
    return verify(text or g.text, document=g.document, log_key=g.log_key, trusted=g.trusted,
                  tsa_roots=tsa_roots)  # fmt: skip


def with_token(g: Golden, number: int, token: bytes) -> str:
    """The golden bundle's JSON with token `number` (0-based) replaced."""
    data = g.data()
    data["timestamps"][number] = base64.b64encode(token).decode()
    return json.dumps(data)


def tokens_of(g: Golden) -> list[bytes]:
    return [base64.b64decode(t) for t in g.data()["timestamps"]]


def test_the_goldens_cover_both_tsas_and_an_unstamped_bundle() -> None:
    assert len(STAMPED) >= 4 and UNSTAMPED
    for name in STAMPED:
        assert [t["tsa"] for t in load(name, 3).info["timestamps"]] == ["tsa-a", "tsa-b"]


@pytest.mark.parametrize("name", STAMPED)
def test_tokens_are_signature_checked_without_roots(name: str) -> None:
    g = load(name, 3)
    verdict = golden_verify(g)
    assert verdict.proven and verdict.bundle_version == 3
    assert [c.step for c in verdict.checks] == list(range(10))
    tokens = verdict.timestamps
    assert len(tokens) == 2 and not any(t.trusted for t in tokens)
    assert ["Golden TSA A" in t.tsa.subject_text for t in tokens] == [True, False]
    step9 = verdict.checks[-1]
    assert step9.title == "Time-stamped by RFC 3161 TSAs"
    assert step9.detail.count("TSA's certificate not checked (pass --tsa-ca FILE)") == 2
    # Untrusted tokens are no clock of the claim: it reads as a v2 verdict's.
    assert "(TSA " not in verdict.claim()
    for token, info in zip(tokens, g.info["timestamps"], strict=True):
        assert token.serial == info["serial"] and token.gen_time.isoformat() == info["gen_time"]


@pytest.mark.parametrize("name", STAMPED)
def test_a_named_tsa_is_trusted_and_its_time_is_claimed(name: str) -> None:
    g = load(name, 3)
    verdict = golden_verify(g, tsa_roots=[ca("tsa-a")])
    a, b = verdict.timestamps
    assert a.trusted and not b.trusted and verdict.tsa_roots_given
    claim = verdict.claim()
    assert claim.startswith(
        f"The document existed no later than {stamp_time(a.gen_time)} (TSA "
        f"{a.tsa.subject_text}), no later than {verdict.block_time_utc} (block "
    )
    assert b.tsa.subject_text not in claim
    assert "not from a TSA you named" in verdict.checks[-1].detail
    both = golden_verify(g, tsa_roots=[ca("tsa-b"), ca("tsa-a")])
    assert all(t.trusted for t in both.timestamps)
    assert b.tsa.subject_text in both.claim()
    # The TSA's certificate itself may be named instead of its CA.
    direct = golden_verify(g, tsa_roots=[OpenSslTsa.der_of(tsa_file("tsa-b", "tsa.pem"))])
    assert [t.trusted for t in direct.timestamps] == [False, True]


def test_a_trusted_tsa_time_holds_while_the_block_is_unconfirmed() -> None:
    g = load(STAMPED[0], 3)
    verdict = verify(g.text, document=g.document, log_key=g.log_key, tsa_roots=[ca("tsa-a")])
    assert not verdict.proven
    a = verdict.timestamps[0]
    assert verdict.claim().startswith(
        f"The document existed no later than {stamp_time(a.gen_time)} (TSA {a.tsa.subject_text}); "
        f"the evidence says it existed no later than {verdict.block_time_utc} (block "
    )


@pytest.mark.parametrize("name", STAMPED[:2])
def test_roots_no_token_chains_to_fail_step_9(name: str, tmp_path: Path) -> None:
    g = load(name, 3)
    stranger = OpenSslTsa(tmp_path, "ec", "Stranger TSA")
    with pytest.raises(UntrustedTimestampAuthority, match="none of the bundle's 2 time-stamp") as e:
        golden_verify(g, tsa_roots=[stranger.ca_der])
    assert "Golden TSA A" in str(e.value) and "Golden TSA B" in str(e.value)


@pytest.mark.parametrize("name", UNSTAMPED)
def test_an_unstamped_v3_bundle_has_steps_0_to_8_and_fails_only_roots(name: str) -> None:
    g = load(name, 3)
    verdict = golden_verify(g)
    assert verdict.timestamps == () and [c.step for c in verdict.checks] == list(range(9))
    with pytest.raises(UntrustedTimestampAuthority, match="carries no RFC 3161 time-stamp token"):
        golden_verify(g, tsa_roots=[ca("tsa-a")])


@pytest.mark.parametrize("name", NAMES_V2[:2])
def test_v2_verdicts_are_unchanged_and_roots_ask_for_tokens(name: str) -> None:
    g = load(name, 2)
    verdict = golden_verify(g)
    assert verdict.timestamps == () and not verdict.tsa_roots_given
    assert [c.step for c in verdict.checks] == list(range(9))
    with pytest.raises(UntrustedTimestampAuthority, match="carries no RFC 3161"):
        golden_verify(g, tsa_roots=[ca("tsa-a")])


@pytest.mark.parametrize("number", [0, 1])
def test_a_changed_signature_fails_the_bundle(number: int) -> None:
    g = load(STAMPED[0], 3)
    token = bytearray(tokens_of(g)[number])
    token[-1] ^= 0x01  # the SignerInfo's signature value ends the token
    with pytest.raises(InvalidTimestampToken, match=f"time-stamp token {number + 1} of 2"):
        golden_verify(g, with_token(g, number, bytes(token)))
    with pytest.raises(InvalidTimestampToken):  # named roots do not hide it
        golden_verify(g, with_token(g, number, bytes(token)), tsa_roots=[ca("tsa-a")])


def test_a_token_of_another_checkpoint_fails_as_imprint_mismatch() -> None:
    first, second = (load(n, 3) for n in STAMPED[:2])
    assert parse_note(first.data()["checkpoint"]).text != parse_note(
        second.data()["checkpoint"]
    ).text
    with pytest.raises(TimestampImprintMismatch, match="time-stamp token 2 of 2"):
        golden_verify(first, with_token(first, 1, tokens_of(second)[1]))


def test_a_truncated_token_fails_step_9() -> None:
    g = load(STAMPED[0], 3)
    with pytest.raises(InvalidTimestampToken):
        golden_verify(g, with_token(g, 0, tokens_of(g)[0][:-40]))


@pytest.mark.parametrize("number", [0, 1])
def test_every_byte_of_a_golden_token_matters(number: int) -> None:
    g = load(STAMPED[0], 3)
    checkpoint = g.data()["checkpoint"]
    token = tokens_of(g)[number]
    assert check_timestamps([token], checkpoint, None)[0].serial > 0
    # SignedData.digestAlgorithms is signed by nothing: the core requires it to list the
    # SignerInfo's digest algorithm (RFC 5652 5.1), so its bytes matter too.
    survivors = []
    for i in range(len(token)):
        changed = bytearray(token)
        changed[i] ^= 0x20
        try:
            check_timestamps([bytes(changed)], checkpoint, None)
        except InvalidTimestampToken:
            continue
        survivors.append(i)
    assert survivors == []


def test_fresh_tokens_of_every_imprint_hash_verify(tmp_path: Path) -> None:
    tsa = OpenSslTsa(tmp_path, "rsa", "Fresh TSA")
    g = load(STAMPED[0], 3)
    message = stamped_message(g.data()["checkpoint"])
    tokens = [tsa.stamp(message, digest=d) for d in ("sha256", "sha384", "sha512")]
    data = g.data()
    data["timestamps"] = [base64.b64encode(t).decode() for t in tokens]
    verdict = golden_verify(g, json.dumps(data), tsa_roots=[tsa.ca_der])
    assert [t.hash_algorithm for t in verdict.timestamps] == ["sha256", "sha384", "sha512"]
    assert all(t.trusted for t in verdict.timestamps) and verdict.checks[-1].step == 9
    for token in tokens:  # OpenSSL agrees, on the message step 9 checks
        assert tsa.verifies(token, message)
        assert not tsa.verifies(token, message + b"x")


def stamped_at(token: bytes, tsa: OpenSslTsa, gen_time: datetime) -> bytes:
    """`token` with its genTime set to `gen_time`, its messageDigest redone, re-signed by `tsa`."""
    info = cms.ContentInfo.load(token)
    signed = info["content"]
    tst = tsp.TSTInfo.load(signed["encap_content_info"]["content"].parsed.dump())
    tst["gen_time"] = gen_time
    raw = tst.dump(force=True)
    signed["encap_content_info"]["content"] = core.ParsableOctetString(raw)
    for attribute in signed["signer_infos"][0]["signed_attrs"]:
        if attribute["type"].native == "message_digest":
            attribute["values"] = [hashlib.sha256(raw).digest()]
    return resign(info.dump(force=True), tsa.cert_der, tsa.key_pem)


def test_a_tsa_time_before_the_log_received_the_entry_is_warned_about(tmp_path: Path) -> None:
    g = load(STAMPED[0], 3)
    early = OpenSslTsa(tmp_path, "ec", "Early TSA", not_before="20200101000000Z")
    data = g.data()
    message = stamped_message(data["checkpoint"])
    # Two days before the golden's entry was received (a fixed time: not "two days ago",
    # which passes the golden's received_at a day after the golden was made).
    received = datetime.fromtimestamp(data["entry"]["received_at"] / 1000, UTC)
    token = stamped_at(early.stamp(message), early, received - timedelta(days=2))
    assert early.verifies(token, message)  # OpenSSL takes the earlier time as the TSA's word
    data["timestamps"] = [base64.b64encode(token).decode()]
    # Without roots: its CA (made today) was not valid then, so no path is found.
    verdict = golden_verify(g, json.dumps(data))
    (stamp,) = verdict.timestamps
    assert stamp.gen_time.timestamp() * 1000 < verdict.received_at - 86_400_000
    assert [w for w in verdict.warnings if "Early TSA" in w] == [
        f"TSA {stamp.tsa.subject_text} time-stamped the checkpoint at "
        f"{stamp_time(stamp.gen_time)}, before the log says it received the entry"
    ]
    assert golden_verify(g).warnings == ()  # the golden's own tokens came after the entry
