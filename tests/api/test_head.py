"""HEAD on every GET route: the GET's status and headers without the body (RFC 9110 9.3.2)."""

from __future__ import annotations

import httpx
import httpx2
import pytest
from fastapi.testclient import TestClient

from ipledger.api.metrics import MetricsMiddleware
from ipledger.ledger.checkpoints import cut_checkpoint
from tests.api.conftest import Api
from tests.api.test_tiles import fill

# Headers that differ between two answers by nature, not by method.
_PER_ANSWER = {"date", "x-request-id"}


def _headers(response: httpx2.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in _PER_ANSWER}


def test_head_answers_as_get_without_the_body(api: Api) -> None:
    fill(api, 300)
    cut_checkpoint(api.store, api.signer)
    key = api.key()
    auth = api.headers(key)
    paths = [
        "/v1/log",                                    # FastAPI route
        "/checkpoint", "/tile/0/000", "/tile/1/000.p/1",  # tiles, binary and partial
        "/v1/proofs/inclusion?index=7&size=300",      # dispatched directly
        "/v1/entries/7",                              # authenticated
        "/v1/entries/7/receipt",
        "/docs",                                      # the docs UI page
        "/tile/0/999",                                # a 404 problem
        "/v1/proofs/inclusion?index=7&size=9999",     # a 4xx problem from a direct route
    ]
    for path in paths:
        got = api.client.get(path, headers=auth)
        head = api.client.head(path, headers=auth)
        assert head.status_code == got.status_code, (path, head.text)
        assert _headers(head) == _headers(got), path
        assert head.content == b"", path
        if got.status_code == 200:
            assert int(head.headers["content-length"]) == len(got.content) > 0, path


def test_head_on_health_whose_body_changes_between_answers(api: Api) -> None:
    # The backlog's age is live, so GET and HEAD may differ in length by a digit: compare the
    # rest (RFC 9110 allows a HEAD's Content-Length to be what a GET *would* have sent).
    fill(api, 3)
    got, head = api.client.get("/v1/health"), api.client.head("/v1/health")
    assert got.status_code == head.status_code == 200 and head.content == b""
    assert got.json()["oldest_unanchored_age_seconds"] is not None
    assert head.headers["content-type"] == got.headers["content-type"] == "application/json"
    assert abs(int(head.headers["content-length"]) - len(got.content)) <= 8


def test_head_needs_what_get_needs(api: Api) -> None:
    fill(api, 10)
    assert api.client.head("/v1/entries/3").status_code == 401  # no key: refused as GET is


@pytest.mark.parametrize("path", ["/v1/digests/earliest", "/v1/timestamp"])
def test_head_on_a_post_route_is_405_naming_post(api: Api, path: str) -> None:
    got = api.client.get(path)
    head = api.client.head(path)
    assert got.status_code == head.status_code == 405 and head.content == b""
    assert got.headers["allow"] == head.headers["allow"] == "POST"


def test_head_over_uvicorn_keeps_the_connection(api: Api, served: int) -> None:
    fill(api, 300)
    cut_checkpoint(api.store, api.signer)
    with httpx.Client(base_url=f"http://127.0.0.1:{served}", timeout=10) as client:
        head = client.head("/tile/0/000")
        got = client.get("/tile/0/000")  # the same connection: HEAD left nothing unread
        assert head.status_code == got.status_code == 200
        assert head.content == b"" and len(got.content) == 256 * 32
        assert head.headers["content-length"] == str(256 * 32)
        assert client.head("/v1/health").status_code == 200


def test_metrics_label_a_head_request_by_its_route(api: Api) -> None:
    metered = MetricsMiddleware(api.client.app, api.store.engine)
    with TestClient(metered) as client:
        assert client.head("/v1/health").status_code == 200
        text = client.get("/metrics").text
    assert 'ipledger_http_requests_total{method="HEAD",route="/v1/health",status="200"} 1.0' \
        in text, text
