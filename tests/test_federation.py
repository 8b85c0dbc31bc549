"""Three offices as three `ipledger serve` processes witnessing each other, set up by the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import httpx
import pytest

from ipledger.ledger.chain.managed import chain_down, chain_status
from ipledger.verifier.core.checkpoint import (
    parse_checkpoint,
    verify_checkpoint,
)
from ipledger.verifier.core.note import parse_note
from tests.api.test_serve import wait_for
from tests.conftest import PostgresCluster
from tests.federated import (
    BIN,
    NAMES,
    FederatedOffice,
    StampingLoad,
    add_checkpoint,
    cosigned_after,
    cosigned_by,
    federation_policy,
    fetch_cosigned_bundle,
    final_size,
    forged_note,
    note_size,
    origin_hash,
    set_up_own_keys,
    verify_cli,
    witness_the_others,
)

pytestmark = [pytest.mark.chain, pytest.mark.postgres]


@pytest.fixture
def federation(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> Iterator[dict[str, FederatedOffice]]:
    """Offices a, b (SQLite files) and c (PostgreSQL), each witnessing the other two.

    Set up as each office's IT team would, with the real CLI: `init`, `witness key`,
    `witness add` of the two other logs, IPLEDGER_WITNESSES naming the two other witnesses.
    Each office runs its own managed anvil (the managed local chain belongs to one data
    directory; witnessing never touches the chain, so a shared node would test nothing more).
    """
    database = postgres_cluster.create()
    base = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    offices: dict[str, FederatedOffice] = {}
    for name in NAMES:
        folder = tmp_path / f"office-{name}"
        folder.mkdir()
        env = {
            **base,
            "IPLEDGER_ORIGIN": f"office-{name}.example/log",
            "IPLEDGER_BATCH_INTERVAL": "0.5",
            "IPLEDGER_ANCHOR_POLL_INTERVAL": "0.2",
            "IPLEDGER_API_RATE_PER_SECOND": "0",
            "IPLEDGER_WITNESS_TIMEOUT": "2",
            "IPLEDGER_LOG_FORMAT": "text",
        }
        if name == "c":
            env["IPLEDGER_DATABASE_URL"] = postgres_cluster.url(database)
        offices[name] = FederatedOffice(name, folder / "data", env)
    try:
        # Each office's IT team works on its own, at the same time as the others.
        with ThreadPoolExecutor(len(offices)) as pool:
            list(pool.map(set_up_own_keys, offices.values()))
            list(pool.map(lambda o: witness_the_others(o, offices), offices.values()))
        for office in offices.values():
            office.start()
        for office in offices.values():
            office.wait_up()
        yield offices
    finally:
        for office in offices.values():
            office.stop()
        for office in offices.values():
            chain_down(office.data_dir)
            assert chain_status(office.data_dir).pid is None
        postgres_cluster.drop(database)


def test_three_offices_witness_each_other(
    federation: dict[str, FederatedOffice], tmp_path: Path
) -> None:
    a, b, c = federation["a"], federation["b"], federation["c"]

    # -- entries stamped at office a come back cosigned by b and c ------------------------
    filing = tmp_path / "filing"
    filing.mkdir()
    documents = []
    for n in range(2):
        path = filing / f"application-{n}.txt"
        path.write_bytes(b"Claims of application EP%d\n" % (24000001 + n))
        documents.append(path)
    meta = {"office": "EP", "application": "EP24000001"}
    posted = httpx.post(
        f"{a.url}/v1/entries", headers=a.auth, timeout=30,
        json={"digest": "sha256:" + hashlib.sha256(documents[0].read_bytes()).hexdigest(),
              "metadata": meta},
    )
    assert posted.status_code == 201, posted.text
    stamped = subprocess.run(
        [str(BIN / "ipledger"), "stamp", "--server", a.url, str(documents[1])],
        env={**a.env, "IPLEDGER_API_KEY": a.api_key}, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert stamped.returncode == 0, stamped.stderr

    bundle = fetch_cosigned_bundle(a, posted.json()["index"], [b, c])
    assert not cosigned_by(bundle["checkpoint"], a)  # an office does not witness itself
    bundle_file = tmp_path / "application-0.evidence.json"
    bundle_file.write_text(json.dumps(bundle))
    policy = tmp_path / "federation.policy"
    policy.write_text(federation_policy(federation, "2"))
    rpc_url = chain_status(a.data_dir).rpc_url
    assert rpc_url is not None
    verdict = verify_cli(str(documents[0]), str(bundle_file), "--policy", str(policy),
                         "--rpc", rpc_url)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert "Checkpoint witnessed per the policy: quorum offices: 2 of" in verdict.stdout
    for office in (b, c):
        assert f"office office-{office.name} ({office.origin}/witness) saw this tree no later " \
            "than" in verdict.stdout, verdict.stdout
    # Without a policy the same cosignatures are listed as unchecked, never as proof.
    unchecked = verify_cli(str(documents[0]), str(bundle_file), "--log-key", a.log_vkey)
    assert "Cosignatures present but not checked (no --policy)" in unchecked.stdout

    # The same bundle under a policy needing office a's witness too (which never cosigns its
    # own log): refused, on one line that names the quorum not met.
    strict = tmp_path / "every-office.policy"
    strict.write_text(federation_policy(federation, "all"))
    refused = verify_cli(str(documents[0]), str(bundle_file), "--policy", str(strict))
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "NOT PROVEN: the checkpoint is cosigned by office-b, office-c; the quorum needs " \
        "offices: 3 of (office-a, office-b, office-c)" in refused.stdout, refused.stdout
    assert "Traceback" not in refused.stderr

    # `evidence --server --tlog-proof`: the bundle and a C2SP tlog-proof file beside the
    # document; the proof file verifies on its own under the same policy.
    def upgraded() -> bool:
        run = subprocess.run(
            [str(BIN / "ipledger"), "evidence", "--server", a.url, "--tlog-proof",
             str(documents[1])],
            env={**a.env, "IPLEDGER_API_KEY": a.api_key}, capture_output=True, text=True,
            timeout=120, check=False,
        )
        assert run.returncode in (0, 3), run.stderr
        return run.returncode == 0

    wait_for(upgraded, "the receipt of application-1 to become a bundle and a tlog-proof")
    proof_file = documents[1].parent / (documents[1].name + ".tlog-proof")
    assert proof_file.read_text().startswith("c2sp.org/tlog-proof@v1\n")
    checked = verify_cli(str(documents[1]), str(proof_file), "--policy", str(policy))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Checkpoint witnessed per the policy" in checked.stdout, checked.stdout

    # `ipledger checkpoint` at a, beside its server: asks both witnesses, prints the answers
    # and the checkpoint with their cosignatures (the check docs/witnessing.md gives).
    asked = a.cli("checkpoint").stdout
    for office in (b, c):
        assert f"Witness {office.origin}/witness ({office.witness_url}): " in asked, asked
        assert f"\n\u2014 {office.origin}/witness " in asked, asked

    # Sovereignty: b witnessed a's log, yet nothing of a's entries reached b's database: not
    # the metadata, not the digest (b's SQLite file and its write-ahead log, read raw).
    digest = hashlib.sha256(documents[0].read_bytes()).digest()
    held = b"".join(p.read_bytes() for p in b.data_dir.glob("ledger.db*"))
    assert a.origin.encode() in held  # b does hold a's checkpoints
    for secret in (b"EP24000001", digest, digest.hex().encode()):
        assert secret not in held

    # -- witness b is SIGKILLed under load: a appends and anchors on, b's cosignatures resume
    with StampingLoad(a) as load:
        wait_for(lambda: load.accepted >= 5, "the load to start")
        b.kill()
        killed_at = note_size(a.latest_note())
        accepted_at_kill = load.accepted
        late = filing / "application-late.txt"
        late.write_bytes(b"Claims filed while witness b was down\n")
        posted_late = httpx.post(
            f"{a.url}/v1/entries", headers=a.auth, timeout=30,
            json={"digest": "sha256:" + hashlib.sha256(late.read_bytes()).hexdigest()})
        assert posted_late.status_code == 201, posted_late.text
        missed_index = posted_late.json()["index"]
        assert missed_index >= killed_at

        def cosigned_by_c_only() -> str | None:
            fresh = [n for n in a.recent_notes() if note_size(n) > killed_at]
            return next((n for n in fresh if cosigned_by(n, c)), None)

        during = wait_for(cosigned_by_c_only, "a checkpoint cosigned by c while b is down")
        assert not cosigned_by(during, b)

        def b_unreachable() -> bool:
            health = a.get("/v1/health").json()
            states = {w["name"]: w["state"] for w in health["witnesses"]}
            return states == {f"{b.origin}/witness": "unreachable", f"{c.origin}/witness": "ok"}

        wait_for(b_unreachable, "a's health to show b unreachable and c ok")
        wait_for(lambda: any(x["state"] == "final" and x["size"] > missed_index
                             for x in a.get("/v1/anchors", params={"limit": 1000}).json()),
                 "an anchor past the kill to become final while b is down")
        assert load.accepted > accepted_at_kill and not load.failures, load.failures

        b.start()
        b.wait_up()
        restarted_at = note_size(a.latest_note())
        wait_for(lambda: any(note_size(n) > restarted_at and cosigned_by(n, b)
                             and cosigned_by(n, c) for n in a.recent_notes()),
                 "b's cosignatures to resume on a's checkpoints")
    assert not load.failures, load.failures

    # The late application was anchored at a checkpoint cut while b was down. Back, b is
    # sent every checkpoint since its last cosignature, oldest first, so that checkpoint is
    # cosigned late (b's time is after its restart, still a bound on the tree's existence)
    # and the bundle, which carries its anchor's checkpoint, meets the 2-of-3 policy.
    def missed_bundle() -> httpx.Response | None:
        answer = a.get(f"/v1/entries/{missed_index}/evidence", headers=a.auth)
        if answer.status_code == 200 and cosigned_by(answer.json()["checkpoint"], b):
            return answer
        return None

    missed = wait_for(missed_bundle, "b to cosign, late, the checkpoint anchored while down")
    missed_file = tmp_path / "late.evidence.json"
    missed_file.write_bytes(missed.content)
    late_verdict = verify_cli(str(late), str(missed_file), "--policy", str(policy),
                              "--rpc", rpc_url)
    assert late_verdict.returncode == 0, late_verdict.stdout + late_verdict.stderr
    later = a.get(f"/v1/entries/{missed_index}/tlog-proof", headers=a.auth)
    assert later.status_code == 200, later.text
    assert cosigned_by(later.text.split("\n\n", 1)[1], b)
    proof_of_missed = tmp_path / "late.tlog-proof"
    proof_of_missed.write_bytes(later.content)
    whole = verify_cli(str(late), str(proof_of_missed), "--policy", str(policy))
    assert whole.returncode == 0, whole.stdout + whole.stderr

    # -- a log that forks: two trees of one size, signed with a's own key, shown to c ------
    def c_holds(target: int) -> bool:
        seen = c.get(f"/witness/{origin_hash(a.origin)}/checkpoint")
        return seen.status_code == 200 and note_size(seen.text) == target

    def settled() -> int | None:
        """a's whole log checkpointed, and c's view of a at that checkpoint."""
        size = note_size(a.latest_note())
        return size if a.get("/v1/log").json()["size"] == size and c_holds(size) else None

    size = wait_for(settled, "a's last entries to be checkpointed and cosigned by c")
    genuine = c.get(f"/witness/{origin_hash(a.origin)}/checkpoint").text
    assert cosigned_by(genuine, c)

    fork, fork_root = forged_note(a, size)
    assert verify_checkpoint(genuine, a.log_vkey).root != fork_root
    refused_fork = add_checkpoint(c, size, [], fork)
    assert refused_fork.status_code == 422, refused_fork.text
    stale = add_checkpoint(c, 0, [], forged_note(a, size + 3)[0])
    assert stale.status_code == 409, stale.text
    assert stale.headers["content-type"].startswith("text/x.tlog.size")
    assert stale.text == f"{size}\n"
    bad_proof = add_checkpoint(c, size, [secrets.token_bytes(32) for _ in range(3)],
                               forged_note(a, size + 3)[0])
    assert bad_proof.status_code == 422, bad_proof.text
    assert c_holds(size)  # nothing refused moved c's view of a

    # c kept both signed notes of size `size`: its own accepted one and the fork. Both verify
    # under a's published log key: evidence anyone can check, with no trust in c.
    served = c.get("/v1/witness/equivocations")
    assert served.status_code == 200, served.text
    caught = [e for e in served.json()["equivocations"] if e["kind"] == "same-size"]
    assert len(caught) == 1, served.json()
    assert caught[0]["origin"] == a.origin and caught[0]["size"] == size
    assert caught[0]["conflicting_note"] == fork
    assert verify_checkpoint(caught[0]["accepted_note"], a.log_vkey) == parse_checkpoint(
        parse_note(genuine).text)
    assert verify_checkpoint(fork, a.log_vkey).root == fork_root
    report = c.cli("witness", "equivocations").stdout
    for line in (*fork.splitlines(), *caught[0]["accepted_note"].splitlines()):
        assert line in report, f"{line!r} not in {report}"
    health = c.get("/v1/health").json()
    assert health["status"] == "degraded" and health["equivocations_caught"] >= 1, health
    assert "equivocation" in health["detail"], health



@pytest.mark.slow
def test_witnesses_killed_in_turn_under_load(federation: dict[str, FederatedOffice]) -> None:
    """Long form: b and c SIGKILLed and restarted in turn, three times each, a under load.

    a never refuses an entry and its anchors keep becoming final; the witness still up
    cosigns meanwhile; after each restart the restarted witness cosigns again; at the end
    a's whole log is in a checkpoint cosigned by both.
    """
    a, b, c = federation["a"], federation["b"], federation["c"]
    with StampingLoad(a) as load:
        wait_for(partial(cosigned_after, a, 0, b), "a's first checkpoints to be cosigned")
        for witness in (b, c, b, c, b, c):
            other = c if witness is b else b
            witness.kill()
            down_at, final_at = note_size(a.latest_note()), final_size(a)
            wait_for(partial(cosigned_after, a, down_at, other),
                     f"{other.name} to cosign while {witness.name} is down")
            wait_for(lambda: final_size(a) > final_at,  # noqa: B023 (called before the loop goes on)
                     f"an anchor to become final while {witness.name} is down")
            witness.start()
            witness.wait_up()
            wait_for(partial(cosigned_after, a, note_size(a.latest_note()), witness),
                     f"{witness.name}'s cosignatures to resume")
            assert not load.failures, load.failures
    wait_for(lambda: cosigned_by(n := a.latest_note(), b) and cosigned_by(n, c)
             and a.get("/v1/log").json()["size"] == note_size(n),
             "a's last checkpoint to be cosigned by both")
