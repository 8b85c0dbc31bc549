"""add-checkpoint as tlog-witness v1.0.0 says: every status, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from ipledger.ledger.keys import LogSigner
from ipledger.ledger.witness.cosigning import Witness
from ipledger.ledger.witness.logs import (
    add_log,
    latest_cosigned,
    list_equivocations,
    list_logs,
    origin_hash,
    remove_log,
)
from ipledger.ledger.witness.requests import (
    SIZE_MEDIA_TYPE,
    MalformedRequest,
    format_add_checkpoint,
    parse_add_checkpoint,
)
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.cosignature import verify_cosignature
from ipledger.verifier.core.rfc9162 import EMPTY_ROOT
from tests.ledger.witness.helpers import (
    LOG_ORIGIN,
    SubmittingLog,
    scales_verified,
)

SPEC_EXAMPLE = (
    "old 20852014\n"
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
    "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
    "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
    "\n"
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5"
    "/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+"
    "49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n"
)


def test_spec_example_body_parses() -> None:
    request = parse_add_checkpoint(SPEC_EXAMPLE.encode())
    assert request.old_size == 20852014
    assert len(request.proof) == 4
    assert request.note.startswith("example.com/behind-the-sofa\n20852163\n")
    assert format_add_checkpoint(request.old_size, request.proof, request.note) == SPEC_EXAMPLE


def test_63_proof_lines_parse_64_do_not() -> None:
    hashes = [bytes([i]) * 32 for i in range(64)]
    note = "x\n1\n" + base64.b64encode(EMPTY_ROOT).decode() + "\n\n— x AAAAAAA=\n"
    assert (
        len(parse_add_checkpoint(format_add_checkpoint(5, hashes[:63], note).encode()).proof) == 63
    )
    with pytest.raises(MalformedRequest, match="more than 63"):
        parse_add_checkpoint(format_add_checkpoint(5, hashes, note).encode())


def test_first_checkpoint_is_cosigned_and_third_parties_verify_it(
    witness: Witness, log: SubmittingLog
) -> None:
    log.grow(5)
    note = log.note()
    answer = witness.add_checkpoint(log.body(0, note=note))
    assert (answer.status, answer.content_type) == (200, "text/plain; charset=utf-8")
    assert answer.body.startswith("— office-a.example/log/witness ") and answer.body.endswith("\n")
    key = witness.key().verifier_key
    checkpoint, cosignature = verify_cosignature(note + answer.body, key)
    assert (checkpoint.size, cosignature.timestamp > 0) == (5, True)
    assert scales_verified(note, answer.body, key) == ["office-a.example/log/witness"]
    # The monitoring copy: the log's signature and ours, nothing else.
    served = latest_cosigned(witness.engine, origin_hash(LOG_ORIGIN))
    assert served == note + answer.body
    assert [i.cosigned_size for i in list_logs(witness.engine)] == [5]


def test_consistent_growth_is_cosigned_each_time(witness: Witness, log: SubmittingLog) -> None:
    old = 0
    for step in (1, 1, 3, 8, 20):
        size = log.grow(step)
        answer = witness.add_checkpoint(log.body(old, size))
        assert answer.status == 200, answer.body
        old = size
    assert list_logs(witness.engine)[0].cosigned_size == old
    assert list_equivocations(witness.engine) == []


def test_unknown_origin_is_404(witness: Witness, tmp_path: Path) -> None:
    other = SubmittingLog.on_sqlite(tmp_path, LogSigner.generate("office-c.example/log"))
    other.grow(2)
    text = format_checkpoint("office-c.example/log", 2, other.store.root())
    body = format_add_checkpoint(0, [], other.signer.sign_note(text)).encode()
    assert witness.add_checkpoint(body).status == 404
    other.store.close()


def test_no_trusted_signature_is_403_and_a_bad_trusted_line_is_403(
    witness: Witness, log: SubmittingLog
) -> None:
    log.grow(3)
    stranger = LogSigner.generate(LOG_ORIGIN)  # same name, another key: an unknown key
    answer = witness.add_checkpoint(log.body(0, note=log.note(signer=stranger)))
    assert answer.status == 403
    genuine = log.note()
    text, _, line = genuine.partition("\n\n")
    raw = bytearray(base64.b64decode(line.split()[-1]))
    raw[-1] ^= 1  # the trusted key's name and id, a signature that fails
    forged = f"{text}\n\n— {LOG_ORIGIN} {base64.b64encode(bytes(raw)).decode()}\n"
    assert witness.add_checkpoint(log.body(0, note=forged)).status == 403
    assert list_logs(witness.engine)[0].cosigned_size is None


def test_signatures_by_unknown_keys_are_ignored(witness: Witness, log: SubmittingLog) -> None:
    log.grow(4)
    genuine = log.note()
    extra = LogSigner.generate("someone.example/other").sign_note(
        genuine.partition("\n\n")[0] + "\n"
    )
    note = genuine + extra.partition("\n\n")[2]
    answer = witness.add_checkpoint(log.body(0, note=note))
    assert answer.status == 200
    served = latest_cosigned(witness.engine, origin_hash(LOG_ORIGIN))
    assert served is not None and "someone.example/other" not in served


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"old 1",
        b"old 01\n\nx\n",
        b"old -1\n\nx\n",
        b"new 1\n\nx\n",
        b"old 0\nnot-base64\n\nx\n",
        b"old 0\n" + base64.b64encode(b"short") + b"\n\nx\n",
        b"old 0\n",
        b"old 0\n\n",
        b"old 0\n\nno checkpoint\n",
        b"\xff\xfe",
    ],
)
def test_malformed_bodies_are_400(witness: Witness, body: bytes) -> None:
    assert witness.add_checkpoint(body).status == 400


def test_old_above_size_is_400(witness: Witness, log: SubmittingLog) -> None:
    log.grow(3)
    body = format_add_checkpoint(4, [], log.note()).encode()
    assert witness.add_checkpoint(body).status == 400


def test_old_not_the_size_cosigned_is_409_with_that_size(
    witness: Witness, log: SubmittingLog
) -> None:
    log.grow(3)
    assert witness.add_checkpoint(log.body(0)).status == 200
    log.grow(2)
    answer = witness.add_checkpoint(log.body(2))
    assert (answer.status, answer.body, answer.content_type) == (409, "3\n", SIZE_MEDIA_TYPE)
    assert witness.add_checkpoint(log.body(3)).status == 200


def test_422_answers(witness: Witness, log: SubmittingLog, tmp_path: Path) -> None:
    # Size 0 with a root that is not the empty tree's.
    zero = format_checkpoint(LOG_ORIGIN, 0, EMPTY_ROOT).replace(
        base64.b64encode(EMPTY_ROOT).decode(), base64.b64encode(b"\x01" * 32).decode()
    )
    body = format_add_checkpoint(0, [], log.signer.sign_note(zero)).encode()
    assert witness.add_checkpoint(body).status == 422
    # A proof with old size 0.
    log.grow(4)
    body = format_add_checkpoint(0, [b"\x00" * 32], log.note()).encode()
    assert witness.add_checkpoint(body).status == 422
    assert witness.add_checkpoint(log.body(0)).status == 200
    # A proof that does not verify (63 lines, the most a client may send).
    log.grow(4)
    body = format_add_checkpoint(4, [b"\x07" * 32] * 63, log.note()).encode()
    assert witness.add_checkpoint(body).status == 422
    assert list_logs(witness.engine)[0].cosigned_size == 4
    assert list_equivocations(witness.engine) == []  # a proof of the wrong length: no evidence


def test_same_size_other_root_is_422_and_caught_with_both_notes(
    witness: Witness, log: SubmittingLog, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log.grow(6)
    accepted = log.note()
    assert witness.add_checkpoint(log.body(0, note=accepted)).status == 200
    fork = SubmittingLog.on_sqlite(tmp_path, log.signer)  # the log's own key, another history
    fork.grow(6)
    forked = fork.note()
    answer = witness.add_checkpoint(format_add_checkpoint(6, [], forked).encode())
    assert answer.status == 422
    [caught] = list_equivocations(witness.engine)
    assert (caught.origin, caught.size, caught.kind) == (LOG_ORIGIN, 6, "same-size")
    assert caught.accepted_note.startswith(accepted)  # as cosigned: log line + ours
    assert caught.conflicting_note == forked
    [logged] = [r for r in caplog.records if r.name == "ipledger.witness"]
    assert logged.levelname == "ERROR"
    assert f"the log {LOG_ORIGIN} signed a checkpoint of size 6" in logged.getMessage()
    # Asked again, the same fork is not counted twice; the state stays the accepted tree.
    assert witness.add_checkpoint(format_add_checkpoint(6, [], forked).encode()).status == 422
    assert len(list_equivocations(witness.engine)) == 1
    assert latest_cosigned(witness.engine, origin_hash(LOG_ORIGIN)).startswith(accepted)  # type: ignore[union-attr]
    fork.store.close()


def test_an_older_size_with_another_root_is_caught_though_answered_409(
    witness: Witness, log: SubmittingLog, tmp_path: Path
) -> None:
    log.grow(3)
    assert witness.add_checkpoint(log.body(0)).status == 200
    log.grow(5)
    assert witness.add_checkpoint(log.body(3)).status == 200
    fork = SubmittingLog.on_sqlite(tmp_path, log.signer)
    fork.grow(3)
    answer = witness.add_checkpoint(format_add_checkpoint(0, [], fork.note()).encode())
    assert (answer.status, answer.body) == (409, "8\n")
    [caught] = list_equivocations(witness.engine)
    assert (caught.size, caught.kind) == (3, "same-size")
    fork.store.close()


def test_a_fork_that_fails_consistency_is_caught_with_the_proof(
    witness: Witness, log: SubmittingLog, tmp_path: Path
) -> None:
    log.grow(4)
    assert witness.add_checkpoint(log.body(0)).status == 200
    fork = SubmittingLog.on_sqlite(tmp_path, log.signer)
    fork.grow(9)
    body = fork.body(4)  # a well-formed proof from the fork's own size-4 tree
    assert witness.add_checkpoint(body).status == 422
    [caught] = list_equivocations(witness.engine)
    assert (caught.size, caught.kind) == (9, "inconsistent")
    assert caught.proof == body.decode().split("\n\n", 1)[0].split("\n", 1)[1] + "\n"
    fork.store.close()


def test_removed_log_is_404_and_its_history_stays(witness: Witness, log: SubmittingLog) -> None:
    log.grow(2)
    assert witness.add_checkpoint(log.body(0)).status == 200
    remove_log(witness.engine, LOG_ORIGIN)
    log.grow(1)
    assert witness.add_checkpoint(log.body(2)).status == 404
    assert latest_cosigned(witness.engine, origin_hash(LOG_ORIGIN)) is not None
    add_log(witness.engine, log.signer.verifier_key)  # resumes where it was: no rollback
    assert witness.add_checkpoint(log.body(0)).status == 409
    assert witness.add_checkpoint(log.body(2)).status == 200
