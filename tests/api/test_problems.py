"""Every error is application/problem+json with a reason; bad input never gets a 500."""

from __future__ import annotations

import httpx2
import pytest

from tests.api.conftest import Api

DIGEST = "sha256:" + "ab" * 32


def problem(r: httpx2.Response, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["type"].startswith("urn:ipledger:problem:")
    assert isinstance(body["detail"], str) and body["detail"]
    return dict(body)


def test_auth_problems(api: Api) -> None:
    c = api.client
    problem(c.post("/v1/entries", json={"digest": DIGEST}), 401)
    problem(
        c.post("/v1/entries", json={"digest": DIGEST}, headers={"Authorization": "Basic x"}), 401
    )
    problem(c.post("/v1/entries", json={"digest": DIGEST}, headers=api.headers("ipl_nope")), 401)
    reader = api.key("t", ("read",))
    assert "submit" in str(
        problem(c.post("/v1/entries", json={"digest": DIGEST}, headers=api.headers(reader)), 403)
    )
    writer = api.key("t", ("submit",))
    problem(c.get("/v1/entries/0", headers={"X-API-Key": writer}), 403)
    # An empty X-API-Key beside a bearer key is no second key (found by Schemathesis).
    both = {"Authorization": f"Bearer {writer}", "X-API-Key": ""}
    assert c.post("/v1/entries", json={"digest": DIGEST}, headers=both).status_code == 201
    other = {"Authorization": f"Bearer {writer}", "X-API-Key": reader}
    problem(c.post("/v1/entries", json={"digest": DIGEST}, headers=other), 401)


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"digest": "sha256:ab"}', "application/json", 422),
        (b'{"digest": "' + DIGEST.encode() + b'", "x": 1}', "application/json", 422),
        (b"{", "application/json", 400),
        (b'{"digest": "\xff"}', "application/json", 400),
        (b'{"digest": "a", "digest": "b"}', "application/json", 400),
        (b"[" * 50_000, "application/json", 400),
        (b"digest=x", "application/x-www-form-urlencoded", 415),
        (b'{"digest": "' + DIGEST.encode() + b'"}', "text/plain", 415),
        (b"x" * (65 << 10), "application/json", 413),
        (
            b'{"digest": "' + DIGEST.encode() + b'", "metadata": {"n": 9007199254740993}}',
            "application/json",
            422,
        ),
    ],
)
def test_bad_bodies(api: Api, content: bytes, content_type: str, status: int) -> None:
    headers = {**api.headers(api.key()), "Content-Type": content_type}
    problem(api.client.post("/v1/entries", content=content, headers=headers), status)
    assert api.store.size() == 0


def test_routing_problems(api: Api) -> None:
    problem(api.client.get("/v1/nowhere"), 404)
    r = problem(api.client.delete("/v1/checkpoints/latest"), 405)
    assert "GET" in str(r["detail"])
    problem(api.client.get("/v1/checkpoints/latest"), 404)
    problem(api.client.get("/v1/proofs/inclusion", params={"index": 0, "size": 1}), 404)
    problem(api.client.get("/v1/proofs/consistency", params={"first": 1, "second": 2}), 404)
    problem(api.client.get("/v1/proofs/inclusion", params={"index": 2, "size": 1}), 422)
    problem(api.client.get("/v1/proofs/consistency", params={"first": "x", "second": 1}), 422)


def test_rate_limit(migrated_url: str) -> None:
    from tests.api.conftest import make_api

    for limited in make_api(migrated_url, api_rate_per_second=0.01, api_rate_burst=2):
        key = limited.key()
        for _ in range(2):
            assert (
                limited.client.get("/v1/entries/0", headers=limited.headers(key)).status_code == 404
            )
        r = limited.client.get("/v1/entries/0", headers=limited.headers(key))
        problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1


def test_public_routes(api: Api) -> None:
    key = api.key()
    for _ in range(3):
        api.client.post("/v1/entries", json={"digest": DIGEST}, headers=api.headers(key))
    info = api.client.get("/v1/log").json()
    assert info["verifier_key"] == api.signer.verifier_key and info["size"] == 3
    health = api.client.get("/v1/health").json()
    assert (health["status"], health["database"], health["chain"]["state"]) == ("ok", "ok", "off")
    # No chain attached: nothing is anchored, all three entries are backlog.
    assert health["backlog_entries"] == 3 and health["oldest_unanchored_age_seconds"] >= 0
    proof = api.client.get("/v1/proofs/consistency", params={"first": 1, "second": 3}).json()
    from ipledger.verifier import verify_consistency

    verify_consistency(
        1,
        3,
        [bytes.fromhex(h) for h in proof["proof"]],
        bytes.fromhex(proof["first_root"]),
        bytes.fromhex(proof["second_root"]),
    )
    assert api.client.get("/v1/anchors").json() == []
    assert api.client.get("/openapi.json").status_code == 200
