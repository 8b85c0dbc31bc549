"""The log asks real RFC 3161 TSAs (openssl ts -reply over HTTP) for tokens of its checkpoints."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipledger.ledger.store import LogStore
from ipledger.ledger.timestamping.authorities import parse_tsa_urls, read_ca_file
from ipledger.ledger.timestamping.client import (
    Timestamper,
    checkpoint_message,
    collect_timestamps,
    request_timestamp,
)
from ipledger.ledger.timestamping.protocol import timestamp_request
from ipledger.ledger.timestamping.store import (
    stored_timestamps,
    timestamps_for,
    tsa_status,
)
from tests.ledger.cosigning.offices import OfficeLog
from tests.ledger.timestamping.servers import answering, rejection, reply_of
from tests.openssl_tsa import OpenSslTsa, openssl
from tests.ports import free_port


@pytest.fixture
def log(store: LogStore) -> OfficeLog:
    return OfficeLog(store)


@pytest.fixture
def tsa(tmp_path: Path) -> OpenSslTsa:
    return OpenSslTsa(tmp_path, "ec", "Test TSA")


@pytest.fixture
def served(tsa: OpenSslTsa) -> Iterator[str]:
    with tsa.serve() as url:
        yield url


def openssl_accepts(tsa: OpenSslTsa, token: bytes, message: bytes) -> bool:
    """`openssl ts -verify -digest` (the independent oracle) accepts `token` for `message`."""
    path = tsa.dir / "oracle.tst"
    path.write_bytes(token)
    result = subprocess.run(
        ["openssl", "ts", "-verify", "-in", str(path), "-token_in", "-digest",
         hashlib.sha256(message).hexdigest(), "-CAfile", str(tsa.ca_pem)],
        capture_output=True, check=False, timeout=60,
    )
    return result.returncode == 0


def test_the_request_is_one_openssl_reads(tsa: OpenSslTsa) -> None:
    request = timestamp_request(b"checkpoint text\n", 0xFEDCBA9876543210)
    path = tsa.dir / "ours.tsq"
    path.write_bytes(request.der)
    text = openssl("ts", "-query", "-in", str(path), "-text").decode()
    assert "Hash Algorithm: sha256" in text
    assert "Nonce: 0xFEDCBA9876543210" in text
    assert "Certificate required: yes" in text
    assert "Policy OID: unspecified" in text
    assert request.imprint.hex(" ").upper().replace(" ", "")[:8] in text.replace(" ", "").upper()
    with pytest.raises(ValueError):
        timestamp_request(b"x", 1 << 64)


def test_two_tsas_stamp_each_checkpoint_and_openssl_accepts_the_tokens(
    tmp_path: Path, log: OfficeLog
) -> None:
    ec, rsa = OpenSslTsa(tmp_path, "ec", "TSA One"), OpenSslTsa(tmp_path, "rsa", "TSA Two")
    with ec.serve() as one, rsa.serve() as two:
        tsas = parse_tsa_urls(f"{two}\n{one}")
        cp = log.grow(3)
        roots = read_ca_file(ec.ca_pem) + read_ca_file(rsa.ca_pem)
        outcomes = collect_timestamps(log.store, tsas, roots=roots, timeout=20)
        assert [o.status for o in outcomes] == ["stamped", "stamped"], outcomes
        tokens = [o.token for o in outcomes if o.token is not None]
        assert ["CN=TSA Two" in t.tsa.subject_text for t in tokens] == [True, False]
        assert all(t.trusted for t in tokens)
        again = collect_timestamps(log.store, tsas, roots=roots, timeout=20)
        assert [o.status for o in again] == ["already", "already"]
    stored = stored_timestamps(log.store, cp.tree_size)
    assert [s.tsa_url for s in stored] == sorted([tsas[0].shown_url, tsas[1].shown_url])
    assert timestamps_for(log.store, cp.tree_size) == tuple(s.token for s in stored)
    message = checkpoint_message(cp)
    assert message.endswith(b"\n") and cp.note.startswith(message.decode())
    assert sorted("TSA One" in s.tsa_name for s in stored) == [False, True]
    for token in timestamps_for(log.store, cp.tree_size):
        assert openssl_accepts(ec, token, message) != openssl_accepts(rsa, token, message)
        assert not openssl_accepts(ec, token, message + b"x")
    assert tsa_status(log.store, tsas[0].shown_url).requests["stamped"] == 1
    assert timestamps_for(log.store, cp.tree_size + 1) == ()


def test_a_tsa_that_is_down_is_caught_up_oldest_first_when_back(
    log: OfficeLog, tsa: OpenSslTsa, served: str
) -> None:
    now = [0.0]
    nothing = f"http://127.0.0.1:{free_port()}/tsr"  # no server listens there
    tsas = parse_tsa_urls(f"{served},{nothing}")
    stamper = Timestamper(log.store, tsas, read_ca_file(tsa.ca_pem), timeout=2,
                          clock=lambda: now[0])
    first = log.grow(2)
    stamper.poll()
    stamper.join(60)
    assert stamper.last[tsas[0].shown_url].status == "stamped"
    assert stamper.last[tsas[1].shown_url].status == "unreachable"
    assert "ConnectionRefusedError" in (tsa_status(log.store, tsas[1].shown_url).last_error or "")

    tsa.down = True
    missed = [log.grow(1), log.grow(1), log.grow(1)]
    stamper.poll()
    stamper.join(60)
    state = tsa_status(log.store, tsas[0].shown_url)
    assert state.last_outcome == "unreachable" and "HTTP 503" in (state.last_error or "")
    assert all(timestamps_for(log.store, cp.tree_size) == () for cp in missed)
    stamper.poll()  # within the backoff: not asked again
    stamper.join(60)
    assert tsa_status(log.store, tsas[0].shown_url).requests["unreachable"] == 1

    tsa.down = False
    now[0] += 61
    stamper.poll()
    stamper.join(60)
    assert stamper.last[tsas[0].shown_url].status == "stamped"
    stamped = [cp for cp in [first, *missed] if timestamps_for(log.store, cp.tree_size)]
    assert stamped == [first, *missed]
    times = [stored_timestamps(log.store, cp.tree_size)[0].gen_time for cp in missed]
    assert times == sorted(times)  # oldest first
    state = tsa_status(log.store, tsas[0].shown_url)
    assert state.last_error is None and state.last_stamped_size == missed[-1].tree_size
    message = checkpoint_message(missed[0])
    assert openssl_accepts(tsa, timestamps_for(log.store, missed[0].tree_size)[0], message)


def test_a_token_for_other_data_is_refused_and_never_stored(
    log: OfficeLog, tsa: OpenSslTsa
) -> None:
    cp = log.grow(1)
    other = tsa.stamp(b"some other checkpoint\n")
    with answering(lambda body: (200, reply_of(other))) as url:
        outcome = request_timestamp(log.store, parse_tsa_urls(url)[0], cp, timeout=20)
    assert outcome.status == "invalid" and "imprint" in outcome.message.lower(), outcome
    assert timestamps_for(log.store, cp.tree_size) == ()
    state = tsa_status(log.store, parse_tsa_urls(url)[0].shown_url)
    assert state.requests["invalid"] == 1 and state.needs_operator


def test_a_token_with_a_bad_signature_is_refused(log: OfficeLog, tsa: OpenSslTsa) -> None:
    cp = log.grow(1)

    def tampered(body: bytes) -> tuple[int, bytes]:
        reply = bytearray(tsa.reply(body))
        reply[-3] ^= 0x01  # inside the SignerInfo's signature, the token's last field
        return 200, bytes(reply)

    with answering(tampered) as url:
        outcome = request_timestamp(log.store, parse_tsa_urls(url)[0], cp, timeout=20)
    assert outcome.status == "invalid", outcome
    assert timestamps_for(log.store, cp.tree_size) == ()


def test_a_replayed_answer_fails_on_its_nonce(log: OfficeLog, tsa: OpenSslTsa) -> None:
    cp = log.grow(1)
    old = tsa.reply(timestamp_request(checkpoint_message(cp), 12345).der)
    with answering(lambda body: (200, old)) as url:
        outcome = request_timestamp(log.store, parse_tsa_urls(url)[0], cp, timeout=20)
    assert outcome.status == "invalid" and "nonce" in outcome.message, outcome
    assert timestamps_for(log.store, cp.tree_size) == ()


def test_a_token_not_chained_to_the_configured_roots_is_refused(
    tmp_path: Path, log: OfficeLog, tsa: OpenSslTsa, served: str
) -> None:
    stranger = OpenSslTsa(tmp_path, "ec", "Another TSA")
    cp = log.grow(1)
    outcome = request_timestamp(log.store, parse_tsa_urls(served)[0], cp,
                                roots=read_ca_file(stranger.ca_pem), timeout=20)
    assert outcome.status == "invalid", outcome
    assert timestamps_for(log.store, cp.tree_size) == ()


def test_a_rejection_names_the_tsas_reason(log: OfficeLog) -> None:
    cp = log.grow(1)
    with answering(lambda body: (200, rejection("policy not accepted"))) as url:
        tsa = parse_tsa_urls(url)[0]
        outcome = request_timestamp(log.store, tsa, cp, timeout=20)
    assert outcome.status == "refused"
    assert '"policy not accepted"' in outcome.message and "badRequest" in outcome.message
    assert tsa_status(log.store, tsa.shown_url).last_outcome == "refused"
    with answering(lambda body: (403, b"no account")) as url:
        outcome = request_timestamp(log.store, parse_tsa_urls(url)[0], cp, timeout=20)
    assert outcome.status == "refused" and "HTTP 403: no account" in outcome.message


def test_a_slow_tsa_is_given_up_within_its_timeout(log: OfficeLog) -> None:
    import time

    cp = log.grow(1)

    def slow(body: bytes) -> tuple[int, bytes]:
        time.sleep(3)
        return 503, b""

    with answering(slow) as url:
        started = time.monotonic()
        outcome = request_timestamp(log.store, parse_tsa_urls(url)[0], cp, timeout=0.5,
                                    retries=1, sleep=lambda s: None)
        assert time.monotonic() - started < 2.5
    assert outcome.status == "unreachable" and "no answer within 0.5 s" in outcome.message


def test_rounds_are_bounded_and_a_tsa_down_from_the_start_catches_up(
    log: OfficeLog, tsa: OpenSslTsa, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ipledger.ledger.timestamping.client.PER_ROUND", 2)
    now = [0.0]
    endpoint = parse_tsa_urls(served)[0]
    stamper = Timestamper(log.store, [endpoint], timeout=2, clock=lambda: now[0])
    log.grow(1)  # before the TSA was first asked: never stamped
    tsa.down = True
    first = log.grow(1)
    stamper.poll()
    stamper.join(60)
    assert stamper.last[endpoint.shown_url].status == "unreachable"
    later = [log.grow(1) for _ in range(4)]
    tsa.down = False
    now[0] += 61
    rounds = 0
    while not timestamps_for(log.store, later[-1].tree_size):
        stamper.poll()
        stamper.join(60)
        rounds += 1
        assert rounds <= 3
    assert rounds == 3  # five checkpoints, two a round, no backoff between rounds
    sizes = [cp.tree_size for cp in [first, *later]]
    assert all(timestamps_for(log.store, size) for size in sizes)
    assert timestamps_for(log.store, 1) == ()
    assert tsa_status(log.store, endpoint.shown_url).requests["stamped"] == 5


def test_a_checkpoint_stamped_elsewhere_settles_the_round(
    log: OfficeLog, served: str
) -> None:
    endpoint = parse_tsa_urls(served)[0]
    cp = log.grow(1)
    assert request_timestamp(log.store, endpoint, cp, timeout=20).status == "stamped"
    stamper = Timestamper(log.store, [endpoint], timeout=2)
    stamper.poll()  # e.g. `ipledger checkpoint` got the token first: nothing to ask
    stamper.join(60)
    assert endpoint.shown_url not in stamper.last
    assert stamper._done[endpoint.shown_url] == cp.tree_size  # settled, no backoff
    assert tsa_status(log.store, endpoint.shown_url).requests["stamped"] == 1
