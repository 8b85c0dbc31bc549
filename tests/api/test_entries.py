"""Submissions and reads through the ASGI app, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from ipledger.api.key_lookups import RECORDED_KEPT, RECORDED_MAX_CHARS
from ipledger.ledger.lru import LruCache
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from ipledger.verifier.receipts import SubmissionReceipt, verify_entry_receipt, verify_receipt
from tests.api.conftest import Api


def digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(n.to_bytes(8, "big")).hexdigest()


def test_single_submission_returns_a_verifiable_receipt(api: Api) -> None:
    key = api.key()
    meta = {"office": "EP", "title": "Rotor blade", "n": 3}
    r = api.client.post(
        "/v1/entries", json={"digest": digest(1), "metadata": meta}, headers=api.headers(key)
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["index"] == 0 and body["metadata"] == meta
    proven = verify_entry_receipt(body, api.signer.verifier_key)
    assert proven.receipt.origin == "ipledger.test/log"
    assert proven.leaf_hash == entry_leaf_hash(
        bytes.fromhex(digest(1)[7:]),
        bytes.fromhex(body["nonce"]),
        metadata_hash(meta),
        body["received_at"],
    )
    # The receipt is only sent after the commit: the store already holds the entry.
    assert api.store.size() == 1
    assert api.store.entry(0).leaf_hash.hex() == body["leaf_hash"]


def test_client_nonce_is_kept(api: Api) -> None:
    r = api.client.post(
        "/v1/entries",
        json={"digest": digest(2), "nonce": "ab" * 16},
        headers=api.headers(api.key()),
    )
    assert r.status_code == 201 and r.json()["nonce"] == "ab" * 16


def test_concurrent_singles_share_commits_and_every_receipt_verifies(api: Api) -> None:
    key = api.key()

    def submit(n: int) -> dict[str, Any]:
        r = api.client.post("/v1/entries", json={"digest": digest(n)}, headers=api.headers(key))
        assert r.status_code == 201, r.text
        return dict(r.json())

    with ThreadPoolExecutor(16) as pool:
        bodies = list(pool.map(submit, range(200)))
    assert sorted(b["index"] for b in bodies) == list(range(200))
    for body in bodies:
        verify_entry_receipt(body, api.signer.verifier_key)
    assert api.store.size() == 200


def test_batch_is_one_receipt_over_all_its_leaves(api: Api) -> None:
    key = api.key()
    api.client.post("/v1/entries", json={"digest": digest(0)}, headers=api.headers(key))
    entries = [
        {"digest": digest(n), **({"metadata": {"i": n}} if n % 3 else {})} for n in range(500)
    ]
    r = api.client.post("/v1/entries/batch", json={"entries": entries}, headers=api.headers(key))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["first_index"], body["count"]) == (1, 500)
    receipt = verify_receipt(body["note"], api.signer.verifier_key)
    assert receipt == SubmissionReceipt("ipledger.test/log", 1, 500, receipt.root)
    receipt.verify_batch([bytes.fromhex(e["leaf_hash"]) for e in body["entries"]])
    assert [e["index"] for e in body["entries"]] == list(range(1, 501))
    assert len({e["received_at"] for e in body["entries"]}) == 1
    # Any one entry can get a receipt of its own later.
    one = api.client.get("/v1/entries/7/receipt", headers=api.headers(key))
    assert one.status_code == 200
    proven = verify_entry_receipt(one.json(), api.signer.verifier_key)
    assert (proven.index, proven.receipt.count) == (7, 1)


def test_batch_with_one_bad_entry_stores_nothing(api: Api) -> None:
    key = api.key()
    entries = [{"digest": digest(n)} for n in range(10)]
    entries[6] = {"digest": "sha256:" + "G" * 64}
    r = api.client.post("/v1/entries/batch", json={"entries": entries}, headers=api.headers(key))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["errors"][0]["field"] == "entries[6].digest"
    assert problem["errors"][0]["position"] == 6
    assert api.store.size() == 0


def test_entry_status_and_tenant_isolation(api: Api) -> None:
    mine, theirs = api.key("office-a"), api.key("office-b")
    meta = {"applicant": "ACME"}
    api.client.post(
        "/v1/entries", json={"digest": digest(5), "metadata": meta}, headers=api.headers(mine)
    )
    r = api.client.get("/v1/entries/0", headers=api.headers(mine))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "pending" and r.json()["metadata"] == meta
    assert r.json()["anchor"] is None
    other = api.client.get("/v1/entries/0", headers=api.headers(theirs))
    assert other.status_code == 404
    assert "ACME" not in other.text
    assert api.client.get("/v1/entries/0/evidence", headers=api.headers(theirs)).status_code == 404
    pending = api.client.get("/v1/entries/0/evidence", headers=api.headers(mine))
    assert pending.status_code == 202 and pending.headers["retry-after"] == "30"
    # First-seen works across tenants, without the other tenant's metadata.
    api.client.post("/v1/entries", json={"digest": digest(5)}, headers=api.headers(theirs))
    seen = api.client.get(f"/v1/digests/{digest(5)}/earliest", headers=api.headers(theirs))
    assert seen.status_code == 200
    assert seen.json()["index"] == 0 and seen.json()["yours"] is False
    assert "ACME" not in seen.text
    missing = api.client.get(f"/v1/digests/{digest(99)}/earliest", headers=api.headers(mine))
    assert missing.status_code == 404


def test_earliest_of_many_digests_in_one_request(api: Api) -> None:
    """POST /v1/digests/earliest answers GET .../{digest}/earliest for each, in order."""
    mine, theirs = api.key("office-a"), api.key("office-b")
    api.client.post("/v1/entries", json={"digest": digest(7)}, headers=api.headers(theirs))
    api.client.post("/v1/entries", json={"digest": digest(8)}, headers=api.headers(mine))
    api.client.post("/v1/entries", json={"digest": digest(7)}, headers=api.headers(mine))
    asked = [digest(8), digest(99), digest(7)]
    r = api.client.post("/v1/digests/earliest", json={"digests": asked}, headers=api.headers(mine))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert items[1] is None
    assert (items[0]["index"], items[0]["yours"]) == (1, True)
    assert (items[2]["index"], items[2]["yours"]) == (0, False)  # the first, someone else's
    for item, single in ((items[0], digest(8)), (items[2], digest(7))):
        one = api.client.get(f"/v1/digests/{single}/earliest", headers=api.headers(mine))
        assert one.json() == item
    too_many = {"digests": [digest(1)] * 501}
    r = api.client.post("/v1/digests/earliest", json=too_many, headers=api.headers(mine))
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    bad = api.client.post(
        "/v1/digests/earliest", json={"digests": ["md5:00"]}, headers=api.headers(mine)
    )
    assert bad.status_code == 422 and "sha256:" in bad.text


def test_idempotency_key_replays_and_conflicts(api: Api) -> None:
    key = api.key()
    headers = {**api.headers(key), "Idempotency-Key": "order-42"}
    first = api.client.post("/v1/entries", json={"digest": digest(1)}, headers=headers)
    again = api.client.post(
        "/v1/entries", json={"digest": digest(1), "nonce": None}, headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert api.store.size() == 1
    clash = api.client.post("/v1/entries", json={"digest": digest(2)}, headers=headers)
    assert clash.status_code == 409 and clash.json()["type"].endswith("idempotency-key-reused")
    # Keys are per tenant.
    other = api.client.post(
        "/v1/entries",
        json={"digest": digest(2)},
        headers={**api.headers(api.key("office-b")), "Idempotency-Key": "order-42"},
    )
    assert other.status_code == 201
    assert api.store.size() == 2


def test_concurrent_retries_with_one_idempotency_key_append_once(api: Api) -> None:
    headers = {**api.headers(api.key()), "Idempotency-Key": "k1"}

    def submit(_: int) -> Any:
        return api.client.post(
            "/v1/entries/batch", json={"entries": [{"digest": digest(3)}]}, headers=headers
        ).json()

    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(submit, range(8)))
    assert all(b == bodies[0] for b in bodies)
    assert api.store.size() == 1


def test_a_retry_of_a_key_recorded_here_is_replayed_from_memory(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = api.client.app.state.context  # type: ignore[attr-defined]
    submitted: list[object] = []  # what reached the writer (the real one, counted)
    submit = context.sequencer.submit

    async def counted(*args: Any, **kwargs: Any) -> Any:
        submitted.append(kwargs.get("record"))
        return await submit(*args, **kwargs)

    monkeypatch.setattr(context.sequencer, "submit", counted)
    headers = {**api.headers(api.key()), "Idempotency-Key": "filing-7"}

    def post(n: int) -> Any:
        return api.client.post("/v1/entries", json={"digest": digest(n)}, headers=headers)

    first = post(7)
    assert first.status_code == 201 and len(submitted) == 1
    again = post(7)
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    clash = post(8)
    assert clash.status_code == 409 and clash.json()["type"].endswith("idempotency-key-reused")
    assert len(submitted) == 1 and api.store.size() == 1  # neither reached the writer
    # A process that never saw the key (restarted, or another one on the database) is
    # refused by the recorded key in the writer, replays the same bytes, and keeps them.
    context.recorded = LruCache(RECORDED_KEPT)
    for _ in range(2):
        retry = post(7)
        assert (retry.status_code, retry.content) == (201, first.content)
    assert len(submitted) == 2 and api.store.size() == 1
    assert len(first.content) <= RECORDED_MAX_CHARS
    # A large batch's answer is not kept (its retries look the key up first, as before).
    kept = len(context.recorded)
    batch = {"entries": [{"digest": digest(100 + n)} for n in range(200)]}
    headers["Idempotency-Key"] = "filing-8"
    answers = [api.client.post("/v1/entries/batch", json=batch, headers=headers) for _ in "ab"]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].content == answers[1].content
    assert len(answers[0].content) > RECORDED_MAX_CHARS and len(context.recorded) == kept


def test_keyed_singles_mixed_with_their_retries_append_once_each(api: Api) -> None:
    # A retry waits for its key's submission in flight, then replays its recorded answer
    # (from this process's memory); the others go on committing in groups.
    key = api.key()
    order = [n for _ in range(3) for n in range(40)]  # each key three times, interleaved

    def submit(n: int) -> tuple[int, bytes]:
        headers = {**api.headers(key), "Idempotency-Key": f"single-{n}"}
        r = api.client.post("/v1/entries", json={"digest": digest(1000 + n)}, headers=headers)
        assert r.status_code == 201, r.text
        return n, r.content

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(submit, order))
    by_key: dict[int, set[bytes]] = {}
    for n, content in answers:
        by_key.setdefault(n, set()).add(content)
    assert all(len(contents) == 1 for contents in by_key.values())  # byte for byte
    assert api.store.size() == 40
    indexes = set()
    for n, (content,) in by_key.items():
        body = json.loads(content)
        assert body["digest"] == digest(1000 + n)
        verify_entry_receipt(body, api.signer.verifier_key)
        indexes.add(body["index"])
    assert indexes == set(range(40))
