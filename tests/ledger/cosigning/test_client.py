"""The log asks real ipledger witnesses (uvicorn servers) to cosign: 200, 409, down, invalid."""

from __future__ import annotations

import http.client
import http.server
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint

from ipledger.ledger.cosigning.client import (
    Cosigner,
    WitnessConnection,
    collect_cosignatures,
    submit_checkpoint,
)
from ipledger.ledger.cosigning.protocol import add_checkpoint_body
from ipledger.ledger.cosigning.store import (
    cosignatures_at,
    cosigned_note,
    witness_status,
)
from ipledger.ledger.cosigning.witnesses import parse_witnesses
from ipledger.ledger.keys import WitnessSigner
from ipledger.ledger.store import LogStore
from ipledger.verifier.core.cosignature import verify_cosignature
from tests.ledger.cosigning.offices import OfficeLog, WitnessOffice
from tests.ports import free_port


@pytest.fixture
def log(store: LogStore) -> OfficeLog:
    return OfficeLog(store)


@pytest.fixture
def office_b(tmp_path: Path, log: OfficeLog) -> Iterator[WitnessOffice]:
    office = WitnessOffice(tmp_path, "office-b.example", log.signer.verifier_key).start()
    yield office
    office.stop()


@pytest.fixture
def office_c(tmp_path: Path, log: OfficeLog) -> Iterator[WitnessOffice]:
    office = WitnessOffice(tmp_path, "office-c.example", log.signer.verifier_key).start()
    yield office
    office.stop()


def _scales_names(note: str, *vkeys: str) -> list[str]:
    checkpoint = ScalesCheckpoint.from_text(note)
    valid = VkeySet(*(Vkey.from_string(v) for v in vkeys)).verify(
        checkpoint.signatures, checkpoint
    )
    return sorted(v.name for v, _ in valid)


def test_cosignatures_are_collected_in_parallel_and_stored(
    log: OfficeLog, office_b: WitnessOffice, office_c: WitnessOffice
) -> None:
    witnesses = [office_c.endpoint, office_b.endpoint]
    cp = log.grow(5)
    outcomes = collect_cosignatures(log.store, witnesses, timeout=10)
    assert [(o.witness.name, o.status) for o in outcomes] == [
        ("office-c.example/log/witness", "cosigned"), ("office-b.example/log/witness", "cosigned")
    ]
    note = cosigned_note(log.store, cp.tree_size)
    assert note.startswith(cp.note) and note.count("\n\u2014 ") == 3
    # witness-name order: office-b's line before office-c's
    assert note.index("office-b.example/log/witness") < note.index("office-c.example/log/witness")
    assert _scales_names(note, office_b.vkey, office_c.vkey) == [
        "office-b.example/log/witness", "office-c.example/log/witness"
    ]
    _, cosignature = verify_cosignature(note, office_b.vkey)
    assert abs(cosignature.timestamp - time.time()) < 60
    again = collect_cosignatures(log.store, witnesses, timeout=10)
    assert [o.status for o in again] == ["already", "already"]  # no request sent
    assert witness_status(log.store, office_b.endpoint).requests["cosigned"] == 1

    # The next checkpoint goes with the consistency proof from the size each one cosigned.
    later = log.grow(3)
    assert [o.status for o in collect_cosignatures(log.store, witnesses)] == ["cosigned"] * 2
    state = witness_status(log.store, office_b.endpoint)
    assert (state.known_size, state.last_cosigned_size) == (later.tree_size, later.tree_size)
    assert state.requests["conflict"] == 0 and state.last_error is None
    assert len(cosignatures_at(log.store, later.tree_size)) == 2


def test_a_witness_fed_by_someone_else_is_caught_up_by_its_409(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    first = log.grow(4)
    assert submit_checkpoint(log.store, office_b.endpoint, first).status == "cosigned"
    fed = log.grow(3)
    # Another process of the log (or anyone holding its signed checkpoint) submits size 7.
    body = add_checkpoint_body(
        first.tree_size, log.store.consistency_proof(first.tree_size, fed.tree_size), fed.note
    )
    conn = http.client.HTTPConnection("127.0.0.1", office_b.port, timeout=10)
    conn.request("POST", "/witness/add-checkpoint", body=body)
    assert conn.getresponse().status == 200
    conn.close()
    newest = log.grow(2)
    outcome = submit_checkpoint(log.store, office_b.endpoint, newest)
    assert outcome.status == "cosigned", outcome.message
    state = witness_status(log.store, office_b.endpoint)
    assert state.requests["conflict"] == 1 and state.known_size == newest.tree_size
    verify_cosignature(cosigned_note(log.store, newest.tree_size), office_b.vkey)


def test_a_witness_restarted_with_older_state_is_resent_from_its_size(
    log: OfficeLog, office_b: WitnessOffice, tmp_path: Path
) -> None:
    assert submit_checkpoint(log.store, office_b.endpoint, log.grow(3)).status == "cosigned"
    office_b.stop()
    office_b.snapshot(tmp_path / "witness-at-3.db")
    office_b.start()
    assert submit_checkpoint(log.store, office_b.endpoint, log.grow(2)).status == "cosigned"
    office_b.stop()
    office_b.restore(tmp_path / "witness-at-3.db")  # it forgot the tree of 5
    office_b.start()
    newest = log.grow(1)
    outcome = submit_checkpoint(log.store, office_b.endpoint, newest)
    assert outcome.status == "cosigned", outcome.message
    assert witness_status(log.store, office_b.endpoint).requests["conflict"] == 1


def test_a_witness_down_is_told_and_cosigns_again_when_back(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    office_b.stop()
    cp = log.grow(2)
    started = time.monotonic()
    outcome = submit_checkpoint(log.store, office_b.endpoint, cp, timeout=2, retries=1)
    assert outcome.status == "unreachable" and "ConnectionRefusedError" in outcome.message
    assert time.monotonic() - started < 5
    assert cosignatures_at(log.store, cp.tree_size) == []
    state = witness_status(log.store, office_b.endpoint)
    assert state.requests["unreachable"] == 1 and "ConnectionRefused" in (state.last_error or "")
    office_b.start()
    assert submit_checkpoint(log.store, office_b.endpoint, cp).status == "cosigned"
    assert witness_status(log.store, office_b.endpoint).last_error is None


def test_a_witness_that_never_answers_costs_at_most_the_deadline(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    # A host that takes the connection and never answers (a hung witness machine).
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        port = hung.getsockname()[1]
        (silent,) = parse_witnesses(f"http://127.0.0.1:{port}/witness {office_b.vkey}")
        log.grow(1)
        started = time.monotonic()
        outcomes = collect_cosignatures(
            log.store, [silent, office_b.endpoint], timeout=1.0, deadline=started + 1.5
        )
        elapsed = time.monotonic() - started
    assert [o.status for o in outcomes] == ["unreachable", "cosigned"]
    assert "no answer within" in outcomes[0].message
    assert elapsed < 4, elapsed


def test_the_wrong_key_for_a_witness_stores_nothing(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    other = WitnessSigner.generate("office-b.example/log/witness")  # same name, another key
    (wrong,) = parse_witnesses(f"{office_b.url} {other.verifier_key}")
    cp = log.grow(2)
    outcome = submit_checkpoint(log.store, wrong, cp)
    assert outcome.status == "invalid" and "holds no cosignature by" in outcome.message
    assert cosignatures_at(log.store, cp.tree_size) == []
    assert witness_status(log.store, wrong).requests["invalid"] == 1


class _Tamper(http.server.BaseHTTPRequestHandler):
    """Passes add-checkpoint to the real witness and flips one bit of its cosignature."""

    target = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        conn = http.client.HTTPConnection("127.0.0.1", self.target, timeout=10)
        conn.request("POST", self.path, body=body)
        answer = conn.getresponse()
        data = answer.read()
        if answer.status == 200:
            name, encoded = data.decode().rstrip("\n").rsplit(" ", 1)
            flipped = encoded[:20] + ("A" if encoded[20] != "A" else "B") + encoded[21:]
            data = f"{name} {flipped}\n".encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type") or "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_a_cosignature_altered_on_the_way_is_not_stored(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    handler = type("Tamper", (_Tamper,), {"target": office_b.port})
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        port = proxy.server_address[1]
        (tampered,) = parse_witnesses(f"http://127.0.0.1:{port}/witness {office_b.vkey}")
        cp = log.grow(2)
        outcome = submit_checkpoint(log.store, tampered, cp)
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert outcome.status == "invalid" and "does not verify" in outcome.message
    assert cosignatures_at(log.store, cp.tree_size) == []


def test_the_background_cosigner_never_blocks_and_backs_off(
    log: OfficeLog, office_b: WitnessOffice, tmp_path: Path
) -> None:
    now = [1000.0]
    nobody = WitnessSigner.generate("office-d.example/log/witness").verifier_key
    # A witness machine that takes connections and answers nothing until it goes down.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        (down,) = parse_witnesses(f"http://127.0.0.1:{hung.getsockname()[1]}/witness {nobody}")
        cosigner = Cosigner(log.store, [office_b.endpoint, down], timeout=60, clock=lambda: now[0])
        cosigner.poll()  # no checkpoint yet: nothing to ask
        cp = log.grow(3)
        cosigner.poll()
        # poll() came back while the hung witness holds its round (60 s of timeout): the
        # rounds run in their own threads. Closing the socket resets the connection.
        assert down.vkey not in cosigner.last
    cosigner.join(30)
    key_b, key_down = office_b.endpoint.vkey, down.vkey
    assert cosigner.last[key_b].status == "cosigned"
    assert cosigner.last[key_down].status == "unreachable"
    assert len(cosignatures_at(log.store, cp.tree_size)) == 1
    asked = witness_status(log.store, down).requests["unreachable"]
    cosigner.poll()  # within the backoff: the down witness is not asked again
    cosigner.join(30)
    assert witness_status(log.store, down).requests["unreachable"] == asked
    now[0] += 120
    cosigner.poll()
    cosigner.join(30)
    assert witness_status(log.store, down).requests["unreachable"] == asked + 1
    assert witness_status(log.store, office_b.endpoint).requests["cosigned"] == 1


def test_a_witness_that_does_not_witness_this_log_is_refused_loudly(
    log: OfficeLog, tmp_path: Path
) -> None:
    stranger = WitnessOffice(tmp_path, "office-e.example").start()  # never `witness add`ed us
    try:
        cp = log.grow(2)
        outcome = submit_checkpoint(log.store, stranger.endpoint, cp)
    finally:
        stranger.stop()
    assert outcome.status == "refused" and "HTTP 404" in outcome.message
    assert "ipledger witness add" in outcome.message
    state = witness_status(log.store, stranger.endpoint)
    assert state.needs_operator and state.requests["refused"] == 1


def test_a_fork_of_the_log_is_refused_by_the_witness(
    log: OfficeLog, office_b: WitnessOffice, tmp_path: Path
) -> None:
    assert submit_checkpoint(log.store, office_b.endpoint, log.grow(3)).status == "cosigned"
    # The same origin and key over other entries: a second history of the log.
    fork = OfficeLog(LogStore.open(f"sqlite:///{tmp_path / 'fork.db'}"))
    fork.store.append([{"digest": "sha256:" + "0f" * 32}])
    cp = fork.grow(4)
    try:
        outcome = submit_checkpoint(fork.store, office_b.endpoint, cp)
        assert outcome.status == "refused" and "HTTP 422" in outcome.message, outcome.message
        assert "ipledger check" in outcome.message
        assert witness_status(fork.store, office_b.endpoint).requests["conflict"] == 1
        assert cosignatures_at(fork.store, cp.tree_size) == []
    finally:
        fork.store.close()


def test_one_kept_alive_connection_serves_a_witness_across_rounds(
    log: OfficeLog, office_b: WitnessOffice, caplog: pytest.LogCaptureFixture
) -> None:
    connection = WitnessConnection(office_b.endpoint)
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    for n in (2, 3):
        outcome = submit_checkpoint(log.store, office_b.endpoint, log.grow(n),
                                    connection=connection)
        assert outcome.status == "cosigned", outcome.message
    clients = [r.args[0] for r in caplog.records  # type: ignore[index]
               if r.name == "uvicorn.access" and "add-checkpoint" in r.getMessage()]
    assert len(clients) == 2 and clients[0] == clients[1]  # the same client address and port
    # The witness restarts: the kept connection is dead; it is opened again, once, at once.
    office_b.stop()
    office_b.start()
    outcome = submit_checkpoint(log.store, office_b.endpoint, log.grow(1), connection=connection,
                                retries=0)
    assert outcome.status == "cosigned", outcome.message
    connection.close()


def test_checkpoints_cut_during_a_round_are_each_cosigned_in_order(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    # Each checkpoint may be the one anchored, and a bundle carries its anchor's checkpoint:
    # a round sends every checkpoint cut since the witness's last cosignature, oldest first.
    cosigner = Cosigner(log.store, [office_b.endpoint], timeout=5)
    first = log.grow(2)
    cosigner.poll()
    cosigner.join(30)
    cut_meanwhile = [log.grow(1), log.grow(3), log.grow(1)]
    cosigner.poll()
    cosigner.join(30)
    assert cosigner.last[office_b.endpoint.vkey].status == "cosigned"
    for cp in (first, *cut_meanwhile):
        assert len(cosignatures_at(log.store, cp.tree_size)) == 1
        verify_cosignature(cosigned_note(log.store, cp.tree_size), office_b.endpoint.vkey)


def test_a_checkpoint_cosigned_elsewhere_first_settles_the_round_without_a_backoff(
    log: OfficeLog, office_b: WitnessOffice
) -> None:
    now = [1000.0]
    cosigner = Cosigner(log.store, [office_b.endpoint], timeout=5, clock=lambda: now[0])
    cp = log.grow(3)
    # `ipledger checkpoint` asks the witness first: the round finds nothing left to send.
    assert submit_checkpoint(log.store, office_b.endpoint, cp, timeout=5).ok
    cosigner.poll()
    cosigner.join(30)
    assert office_b.endpoint.vkey not in cosigner.last  # settled, not a failed round
    newer = log.grow(2)
    cosigner.poll()  # no backoff to wait out: the next checkpoint is sent at once
    cosigner.join(30)
    assert cosigner.last[office_b.endpoint.vkey].status == "cosigned"
    assert len(cosignatures_at(log.store, newer.tree_size)) == 1
