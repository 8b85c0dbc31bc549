"""DirectRoutes: the submission routes answer byte for byte as through FastAPI's router."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount, compile_path

from ipledger.api.main import create_app
from ipledger.api.routing import DirectRoutes, api_routes
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import create_key
from ipledger.verifier import verify_consistency, verify_inclusion
from tests.api.conftest import ORIGIN

DIGEST = "sha256:" + "ab" * 32
PROOF_PATHS = ("/v1/proofs/inclusion", "/v1/proofs/consistency")
# GET /v1/entries/{index}...
ENTRY_READS = ("", "/tlog-proof", "/evidence", "/receipt", "/cose-receipt")
NONCE = "cd" * 16


@dataclass
class Twins:
    """The same deployment served with DirectRoutes (`direct`) and without it (`routed`)."""

    direct: TestClient
    routed: TestClient
    deployment: Deployment

    def key(self, scopes: tuple[str, ...] = ("submit", "read"), tenant: str = "t") -> str:
        return create_key(self.deployment.store.engine, tenant, scopes)[1]

    def both(self, path: str, **kwargs: Any) -> tuple[httpx2.Response, httpx2.Response]:
        return self.direct.post(path, **kwargs), self.routed.post(path, **kwargs)


def _without_direct_routes(app: FastAPI) -> FastAPI:
    direct: Any = DirectRoutes
    app.user_middleware = [m for m in app.user_middleware if m.cls is not direct]
    return app


def _direct_layer(app: FastAPI) -> DirectRoutes:
    layer: Any = app.build_middleware_stack()
    while not isinstance(layer, DirectRoutes):
        layer = layer.app
    return layer


@pytest.fixture
def twins(migrated_url: str) -> Iterator[Twins]:
    settings = Settings(origin=ORIGIN, api_rate_per_second=0)
    deployment = Deployment(settings, LogStore.open(migrated_url), LogSigner.generate(ORIGIN))
    direct = create_app(deployment)
    routed = _without_direct_routes(create_app(deployment))
    with (
        TestClient(direct, raise_server_exceptions=False) as a,
        TestClient(routed, raise_server_exceptions=False) as b,
    ):
        yield Twins(a, b, deployment)
    deployment.close()


def _same(a: httpx2.Response, b: httpx2.Response) -> None:
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert a.headers.multi_items() == b.headers.multi_items()


def test_exactly_the_submission_and_proof_routes_are_direct(twins: Twins) -> None:
    assert isinstance(twins.direct.app, FastAPI)
    assert _direct_layer(twins.direct.app).paths == {
        ("POST", "/v1/entries"),
        ("GET", "/v1/entries"),
        ("POST", "/v1/entries/batch"),
        *(("GET", p) for p in PROOF_PATHS),
        *(("GET", "/v1/entries/{index}" + p) for p in ENTRY_READS),
        ("GET", "/v1/checkpoints/latest"),
        ("GET", "/v1/checkpoints/{size}"),
        ("GET", "/checkpoint"),
        ("GET", "/tile/{path}"),
        ("GET", "/v1/digests/{digest}/earliest"),
    }
    # The OpenAPI document is the same: the routes stay declared in FastAPI.
    assert twins.direct.get("/openapi.json").content == twins.routed.get("/openapi.json").content


BAD_BODIES = [
    (b'{"digest": "sha256:ab"}', "application/json"),  # 422, a field
    (b'{"digest": "' + DIGEST.encode() + b'", "x": 1}', "application/json"),  # 422, extra
    (b"", "application/json"),  # 422, missing body
    (b"{", "application/json"),  # 400, bad JSON
    (b'{"digest": "\xff"}', "application/json"),  # 400, not UTF-8
    (b'{"digest": "a", "digest": "b"}', "application/json"),  # 400, duplicate key
    (b"[" * 50_000, "application/json"),  # 400, too deep
    (b"digest=x", "application/x-www-form-urlencoded"),  # 415
    (b'{"digest": "' + DIGEST.encode() + b'"}', "text/plain"),  # 415
    (b'{"digest": "' + DIGEST.encode() + b'"}', ""),  # 415, no media type
    (b"x" * (65 << 10), "application/json"),  # 413 on the single route
    (b'{"entries": []}', "application/json"),  # 422 on the single route
]


@pytest.mark.parametrize("path", ["/v1/entries", "/v1/entries/batch"])
@pytest.mark.parametrize(("content", "content_type"), BAD_BODIES)
def test_bad_bodies_answer_identically(
    twins: Twins, path: str, content: bytes, content_type: str
) -> None:
    headers = {"Authorization": f"Bearer {twins.key()}", "Content-Type": content_type}
    a, b = twins.both(path, content=content, headers=headers)
    assert a.status_code >= 400 and a.headers["content-type"] == "application/problem+json"
    _same(a, b)
    assert twins.deployment.store.size() == 0


def test_oversize_batch_answers_identically(twins: Twins) -> None:
    headers = {"Authorization": f"Bearer {twins.key()}", "Content-Type": "application/json"}
    limit = twins.deployment.settings.api_max_body_bytes
    a, b = twins.both("/v1/entries/batch", content=b" " * (limit + 1), headers=headers)
    assert a.status_code == 413
    _same(a, b)


@pytest.mark.parametrize("path", ["/v1/entries", "/v1/entries/batch"])
def test_auth_problems_answer_identically(twins: Twins, path: str) -> None:
    body = {"digest": DIGEST} if path == "/v1/entries" else {"entries": [{"digest": DIGEST}]}
    for headers in [
        {},
        {"Authorization": "Basic x"},
        {"Authorization": "Bearer ipl_nope"},
        {"X-API-Key": twins.key(("read",))},
        {"Authorization": f"Bearer {twins.key()}", "X-API-Key": twins.key(("read",))},
    ]:
        a, b = twins.both(path, json=body, headers=headers)
        assert a.status_code in (401, 403), a.text
        _same(a, b)
        # Authentication comes after reading the body, as FastAPI reads it first.
        bad_json = {**headers, "Content-Type": "application/json"}
        a, b = twins.both(path, content=b"{", headers=bad_json)
        _same(a, b)
    assert twins.deployment.store.size() == 0


def test_bad_idempotency_key_answers_identically(twins: Twins) -> None:
    headers = {"Authorization": f"Bearer {twins.key()}", "Idempotency-Key": "bad key!"}
    a, b = twins.both("/v1/entries", json={"digest": "sha256:ab"}, headers=headers)
    assert a.status_code == 422 and len(a.json()["errors"]) == 2  # the header and the digest
    _same(a, b)


def _shape(r: httpx2.Response) -> tuple[int, list[str], Any]:
    body = r.json()
    entries = body.get("entries", [body])
    for e in entries:  # what differs between two commits: where and when
        e.pop("index"), e.pop("received_at"), e.pop("leaf_hash")
        e.pop("nonce", None)
    body.pop("first_index", None), body.pop("note", None), body.pop("receipt", None)
    names = sorted(k for k, _ in r.headers.multi_items() if k != "content-length")
    return r.status_code, names, body


@pytest.mark.parametrize("path", ["/v1/entries", "/v1/entries/batch"])
def test_accepted_submissions_answer_alike(twins: Twins, path: str) -> None:
    item = {"digest": DIGEST, "nonce": NONCE, "metadata": {"office": "EP"}}
    body = item if path == "/v1/entries" else {"entries": [item, {"digest": DIGEST}]}
    headers = {"Authorization": f"Bearer {twins.key()}"}
    a, b = twins.both(path, json=body, headers=headers)
    assert a.status_code == 201 and a.headers["content-type"] == "application/json"
    assert _shape(a) == _shape(b)
    assert twins.deployment.store.size() == (2 if path == "/v1/entries" else 4)


@pytest.mark.parametrize("path", ["/v1/entries", "/v1/entries/batch"])
def test_idempotency_replays_across_the_two_paths(twins: Twins, path: str) -> None:
    body = {"digest": DIGEST} if path == "/v1/entries" else {"entries": [{"digest": DIGEST}]}
    headers = {"Authorization": f"Bearer {twins.key()}", "Idempotency-Key": "order-1"}
    first = twins.direct.post(path, json=body, headers=headers)
    assert first.status_code == 201
    a, b = twins.both(path, json=body, headers=headers)
    assert a.headers["idempotent-replayed"] == "true" and a.content == first.content
    _same(a, b)
    other = {"digest": "sha256:" + "cd" * 32}
    changed = other if path == "/v1/entries" else {"entries": [other]}
    a, b = twins.both(path, json=changed, headers=headers)
    assert a.status_code == 409
    _same(a, b)
    assert twins.deployment.store.size() == 1
    assert json.loads(first.content)


def test_other_routes_and_methods_go_through_fastapi(twins: Twins) -> None:
    key = twins.key()
    for method, path in [
        ("GET", "/v1/entries"), ("PUT", "/v1/entries"), ("POST", "/v1/entries/"),
        ("POST", PROOF_PATHS[0]), ("GET", PROOF_PATHS[1] + "/"), ("DELETE", PROOF_PATHS[1]),
    ]:
        a = twins.direct.request(method, path, headers={"Authorization": f"Bearer {key}"})
        b = twins.routed.request(method, path, headers={"Authorization": f"Bearer {key}"})
        _same(a, b)


def test_the_scope_names_the_route_as_the_router_does(twins: Twins) -> None:
    # MetricsMiddleware, outside the app, labels each request with scope["route"].path.
    seen: list[tuple[str, str]] = []

    def recording(app: Any) -> Any:
        async def wrapped(scope: Any, receive: Any, send: Any) -> None:
            await app(scope, receive, send)
            if scope["type"] == "http":
                seen.append((scope["route"].path, scope["endpoint"].__name__))

        return wrapped

    headers = {"Authorization": f"Bearer {twins.key()}"}
    for client in (twins.direct, twins.routed):
        with TestClient(recording(client.app), raise_server_exceptions=False) as wrapped:
            wrapped.post("/v1/entries", json={"digest": DIGEST}, headers=headers)
            wrapped.post("/v1/entries/batch", json={"entries": []}, headers=headers)
    half = [("/v1/entries", "submit_entry"), ("/v1/entries/batch", "submit_batch")]
    assert seen == half + half


# Queries of the proof routes on a log of 5 entries: answers, FastAPI's 422s (each value
# lax-parsed as an integer, then its bounds), the routes' own 422 and 404.
PROOF_QUERIES = [
    "index=0&size=5", "index=4&size=5", "index=2&size=3", "index=0&size=1",
    "", "index=1", "size=3", "index=&size=", "index=x&size=y", "index=-1&size=0",
    "index=1.5&size=3", "index=1.0&size=3.0", "index= 1&size=3 ", "index=+1&size=3",
    "index=1_0&size=30", "index=9223372036854775808&size=9223372036854775808",
    "index=%F0%9F%98%80&size=3", "index=3&size=3", "index=0&size=6", "index=0&size=1&size=9",
    "index=1&size=2&extra=1", "INDEX=1&size=2",
]
CONSISTENCY_QUERIES = [
    "first=1&second=5", "first=5&second=5", "first=2&second=3", "first=0&second=5",
    "first=3&second=2", "first=1&second=6", "first=1", "", "first=a&second=", "second=2&first=1",
    "first=1&second=2&first=9",
]


@pytest.fixture
def logged(twins: Twins) -> Twins:
    twins.deployment.store.append([{"digest": "sha256:" + f"{i:02x}" * 32} for i in range(5)])
    return twins


def test_proof_routes_answer_identically(logged: Twins) -> None:
    # One log for every query (a fixture per query made this file 3 minutes longer).
    urls = [f"{PROOF_PATHS[0]}?{q}" for q in PROOF_QUERIES]
    urls += [f"{PROOF_PATHS[1]}?{q}" for q in CONSISTENCY_QUERIES]
    statuses = set()
    for url in urls:
        for method in ("HEAD", "GET"):  # HEAD is not declared: 405 on both
            a, b = logged.direct.request(method, url), logged.routed.request(method, url)
            assert (a.status_code, a.content) == (b.status_code, b.content), (method, url)
            assert a.headers.multi_items() == b.headers.multi_items(), (method, url)
        statuses.add(a.status_code)
        kind = "application/json" if a.status_code == 200 else "application/problem+json"
        assert a.headers["content-type"] == kind, url
    assert statuses >= {200, 404, 422}


def test_direct_proofs_verify(logged: Twins) -> None:
    store = logged.deployment.store
    body = logged.direct.get(f"{PROOF_PATHS[0]}?index=3&size=5").json()
    verify_inclusion(
        3, 5, bytes.fromhex(body["leaf_hash"]), [bytes.fromhex(h) for h in body["proof"]],
        store.root(5),
    )
    body = logged.direct.get(f"{PROOF_PATHS[1]}?first=2&second=5").json()
    verify_consistency(
        2, 5, [bytes.fromhex(h) for h in body["proof"]], store.root(2), store.root(5)
    )


# Path texts of the entry reads on a log of 3 entries of tenant "t" (and 1 of "u"): FastAPI's
# 422s (lax integer, bounds), the routes' 404s (another tenant's, past the end), answers.
ENTRY_INDEXES = [
    "0", "2", "3", "99", "-1", "x", "1.5", "1.0", "+1", " 1", "1_0", "%F0%9F%98%80",
    "9223372036854775807", "9223372036854775808",
]


def test_entry_reads_answer_identically(twins: Twins) -> None:
    from ipledger.ledger.checkpoints import cut_checkpoint

    mine, theirs = twins.key(), twins.key(tenant="u")
    for n in range(3):
        twins.both("/v1/entries", json={"digest": "sha256:" + f"{n:02x}" * 32},
                   headers={"Authorization": f"Bearer {mine}"})
    twins.direct.post("/v1/entries", json={"digest": DIGEST},
                      headers={"Authorization": f"Bearer {theirs}"})
    statuses: set[int] = set()
    for stage in ("before a checkpoint", "after one"):
        if stage == "after one":
            cut_checkpoint(twins.deployment.store, twins.deployment.log_signer)
        for read in ENTRY_READS:
            for text in ENTRY_INDEXES:
                url = f"/v1/entries/{text}{read}"
                for headers in (
                    {"Authorization": f"Bearer {mine}"}, {"Authorization": f"Bearer {theirs}"},
                    {}, {"Authorization": "Bearer ipl_wrong"},
                ):
                    a = twins.direct.get(url, headers=headers)
                    b = twins.routed.get(url, headers=headers)
                    assert (a.status_code, a.content) == (b.status_code, b.content), (url, headers)
                    assert a.headers.multi_items() == b.headers.multi_items(), (url, headers)
                    statuses.add(a.status_code)
    # 200 (an entry, a receipt, a COSE receipt, a tlog-proof), 202 (no final anchor: no
    # chain here), 401, 404, 422
    assert statuses >= {200, 202, 401, 404, 422}
    proof = twins.direct.get(
        "/v1/entries/2/tlog-proof", headers={"Authorization": f"Bearer {mine}"}
    )
    assert proof.status_code == 200 and proof.text.startswith("c2sp.org/tlog-proof@v1\n")
    cose = twins.direct.get(
        "/v1/entries/2/cose-receipt", headers={"Authorization": f"Bearer {mine}"}
    )
    assert cose.status_code == 200 and cose.content[:1] == b"\xd2"  # COSE_Sign1, tag 18


def test_the_latest_checkpoints_answer_identically(twins: Twins) -> None:
    from ipledger.ledger.checkpoints import cut_checkpoint

    for stage in ("none cut yet", "one cut"):
        if stage == "one cut":
            twins.deployment.store.append([{"digest": DIGEST}])
            cut_checkpoint(twins.deployment.store, twins.deployment.log_signer)
        for url in (
            "/v1/checkpoints/latest", "/v1/checkpoints/latest/", "/checkpoint", "/checkpoint/",
            *(f"/v1/checkpoints/{text}" for text in (*ENTRY_INDEXES, "1", "1/", "")),
        ):
            a, b = twins.direct.get(url), twins.routed.get(url)
            _same(a, b)
    assert twins.direct.get("/v1/checkpoints/latest").json()["size"] == 1
    assert twins.direct.get("/checkpoint").text.startswith(ORIGIN + "\n1\n")


# Queries of the tenant listing: defaults, bounds, FastAPI's lax integers, patterns, a
# repeated name (the last wins), unknown names, bad cursors; a cursor of a real page is
# added in the test.
LISTING_QUERIES = [
    "", "limit=1", "limit=2", "limit=1000", "limit=0", "limit=1001", "limit=x", "limit=1.0",
    "limit=", "limit=2&limit=1", "cursor=", "cursor=abc", "cursor=" + "a" * 201,
    "digest=" + DIGEST, "digest=sha256:AB", "digest=", "metadata_key=office",
    "metadata_key=bad key", "metadata_key=office&digest=" + DIGEST, "limit=0&digest=x",
    "other=1",
]


def test_listings_answer_identically(twins: Twins) -> None:
    mine, theirs = twins.key(), twins.key(tenant="u")
    for n in range(3):
        twins.direct.post("/v1/entries", json={"digest": "sha256:" + f"{n:02x}" * 32,
                                               "metadata": {"office": "EP"} if n % 2 else None},
                          headers={"Authorization": f"Bearer {mine}"})
    twins.direct.post("/v1/entries", json={"digest": DIGEST},
                      headers={"Authorization": f"Bearer {theirs}"})
    first = twins.direct.get("/v1/entries?limit=2", headers={"Authorization": f"Bearer {mine}"})
    cursor = first.json()["next_cursor"]
    assert cursor and first.headers["link"].endswith('rel="next"')
    queries = [*LISTING_QUERIES, f"cursor={cursor}", f"limit=1&cursor={cursor}"]
    statuses: set[int] = set()
    for query in queries:
        for headers in ({"Authorization": f"Bearer {mine}"}, {}, {"Authorization": "Bearer x"}):
            a = twins.direct.get(f"/v1/entries?{query}", headers=headers)
            b = twins.routed.get(f"/v1/entries?{query}", headers=headers)
            _same(a, b)
            statuses.add(a.status_code)
    assert statuses == {200, 401, 422}
    listed = twins.direct.get("/v1/entries", headers={"Authorization": f"Bearer {mine}"})
    assert [e["index"] for e in listed.json()["items"]] == [2, 1, 0]  # not the other tenant's


# Tile paths on a log of 300 entries checkpointed at 300 (then 10 more appended): full and
# partial tiles, the tiles the checkpoint does not cover, malformed paths, entry bundles
# (not published), percent-encoded and doubled slashes.
TILE_PATHS = [
    "0/000", "0/001.p/44", "1/000.p/1", "0/001", "0/001.p/54", "0/001.p/43", "2/000.p/1",
    "0/01", "00/000", "64/000", "0/x000/000", "0/000.p/256", "entries/000", "", "/0/000",
    "0/000/", "0%2F000", "..%2F..%2Fetc",
]


def test_tiles_answer_identically(twins: Twins) -> None:
    from ipledger.ledger.checkpoints import cut_checkpoint

    store = twins.deployment.store
    for stage in ("none cut yet", "one cut"):
        if stage == "one cut":
            store.append([{"digest": "sha256:" + f"{i:064x}"} for i in range(300)])
            cut_checkpoint(store, twins.deployment.log_signer)
            store.append([{"digest": "sha256:" + f"{i:064x}"} for i in range(300, 310)])
        for path in TILE_PATHS:
            a, b = twins.direct.get("/tile/" + path), twins.routed.get("/tile/" + path)
            _same(a, b)
    assert twins.direct.get("/tile/0/000").status_code == 200
    assert len(twins.direct.get("/tile/0/001.p/44").content) == 44 * 32


# Digest texts for the first-seen lookup: recorded (by "t", by "u"), never recorded, and
# what the pattern refuses (upper case, short, another algorithm, encoded, empty).
DIGEST_TEXTS = [
    "sha256:" + "00" * 32, "sha256:" + "01" * 32, DIGEST, "sha256:" + "ef" * 32,
    "sha256:" + "AB" * 32, "sha256:abc", "sha512:" + "ab" * 32, "sha256%3A" + "ab" * 32,
    "%20", "sha256:" + "ab" * 32 + "%0A",
]


def test_first_seen_lookups_answer_identically(twins: Twins) -> None:
    mine, theirs, writer = twins.key(), twins.key(tenant="u"), twins.key(("submit",))
    for n in range(2):
        twins.direct.post("/v1/entries", json={"digest": "sha256:" + f"{n:02x}" * 32},
                          headers={"Authorization": f"Bearer {mine}"})
    twins.direct.post("/v1/entries", json={"digest": DIGEST},
                      headers={"Authorization": f"Bearer {theirs}"})
    statuses: set[int] = set()
    for text in DIGEST_TEXTS:
        for headers in (
            {"Authorization": f"Bearer {mine}"}, {"X-API-Key": theirs},
            {"Authorization": f"Bearer {writer}"}, {}, {"Authorization": "Bearer ipl_wrong"},
        ):
            url = f"/v1/digests/{text}/earliest"
            a, b = twins.direct.get(url, headers=headers), twins.routed.get(url, headers=headers)
            _same(a, b)
            statuses.add(a.status_code)
    assert statuses >= {200, 401, 403, 404, 422}
    found = twins.direct.get(f"/v1/digests/{DIGEST}/earliest",
                             headers={"Authorization": f"Bearer {mine}"}).json()
    assert (found["index"], found["yours"]) == (2, False)


def test_no_route_declared_before_a_direct_pattern_matches_its_paths(twins: Twins) -> None:
    # DirectRoutes tries its patterns before the router does: that is only the router's
    # answer while no route declared earlier (the router tries them in order) matches too.
    app = twins.direct.app
    assert isinstance(app, FastAPI)
    routes = list(api_routes(app))
    checked = 0
    for i, route in enumerate(routes):
        endpoint = getattr(getattr(route, "original_route", route), "endpoint", None)
        if "{" not in route.path_format or not hasattr(endpoint, "__ipledger_direct__"):
            continue
        for text in ("0", "x", "-1", "9223372036854775808", "1.5", "0/000.p/1"):
            path = re.sub(r"\{\w+\}", text, route.path_format)
            for earlier in routes[:i]:
                if isinstance(earlier, Mount):  # any method, any path below it
                    assert not path.startswith(earlier.path + "/"), (path, earlier.path)
                    continue
                methods = getattr(earlier, "methods", None) or set()
                pattern = compile_path(earlier.path_format)[0]
                assert not ("GET" in methods and pattern.match(path)), (path, earlier.path_format)
        checked += 1
    # and /tile/{path}, the first-seen lookup, a checkpoint by size
    assert checked == len(ENTRY_READS) + 3
