"""List routes: a tenant's entries and the checkpoints, a page at a time, with opaque cursors."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import httpx
import httpx2
import pytest

from ipledger.api.problems import PATTERN_WORDS
from ipledger.ledger import listing
from ipledger.ledger.checkpoints import cut_checkpoint
from tests.api.conftest import Api


def digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(b"listed %d" % n).hexdigest()


def _walk(api: Api, url: str, params: dict[str, Any], key: str | None = None) -> list[Any]:
    """Follow next_cursor (and check the Link header says the same) to the last page."""
    headers = api.headers(key) if key else {}
    items: list[Any] = []
    while True:
        r = api.client.get(url, params=params, headers=headers)
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= params["limit"]
        items += page["items"]
        if page["next_cursor"] is None:
            assert "link" not in r.headers
            return items
        link = re.fullmatch(r'<([^>]+)>; rel="next"', r.headers["link"])
        assert link is not None, r.headers["link"]
        following = httpx.URL(link.group(1))
        assert following.path == url
        assert dict(following.params) == {
            **{k: str(v) for k, v in params.items() if k != "cursor"},
            "cursor": page["next_cursor"],
        }
        params = {**params, "cursor": page["next_cursor"]}


def _submit(api: Api, key: str, n: int, metadata: dict[str, Any] | None = None) -> int:
    body: dict[str, Any] = {"digest": digest(n)}
    if metadata is not None:
        body["metadata"] = metadata
    r = api.client.post("/v1/entries", json=body, headers=api.headers(key))
    assert r.status_code == 201, r.text
    index: int = r.json()["index"]
    return index


def test_a_tenant_lists_its_own_entries_newest_first(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = api.key("office-a"), api.key("office-b")
    own: list[int] = []
    for n in range(7):
        own.append(_submit(api, mine, n, {"application_number": f"EP2400{n:04d}"}
                           if n % 2 else None))
        _submit(api, theirs, 100 + n)
    batch = api.client.post("/v1/entries/batch", headers=api.headers(mine), json={
        "entries": [{"digest": digest(3)}, {"digest": digest(50), "metadata": {"kind": "B1"}}]})
    assert batch.status_code == 201
    own += [e["index"] for e in batch.json()["entries"]]

    for limit in (1, 2, 4, 100):
        listed = _walk(api, "/v1/entries", {"limit": limit}, mine)
        assert [e["index"] for e in listed] == sorted(own, reverse=True)
    first = listed[-1]
    assert first["digest"] == digest(0) and first["metadata"] is None
    assert set(first) == {"index", "digest", "nonce", "metadata", "metadata_hash",
                          "received_at", "leaf_hash"}

    by_digest = _walk(api, "/v1/entries", {"limit": 1, "digest": digest(3)}, mine)
    assert [e["index"] for e in by_digest] == [own[-2], own[3]]
    by_key = _walk(api, "/v1/entries", {"limit": 2, "metadata_key": "application_number"}, mine)
    assert [e["metadata"]["application_number"] for e in by_key] == [
        "EP24000005", "EP24000003", "EP24000001"]
    assert _walk(api, "/v1/entries", {"limit": 5, "metadata_key": "kind"}, mine) == [listed[0]]
    # A filter reads a bounded part of the history per request: pages may come short,
    # even empty, with a cursor; following it finds the same entries.
    monkeypatch.setattr(listing, "SCAN_BUDGET", 2)
    assert _walk(api, "/v1/entries", {"limit": 2, "metadata_key": "application_number"},
                 mine) == by_key
    short = api.client.get("/v1/entries", params={"limit": 5, "metadata_key": "kind"},
                           headers=api.headers(mine)).json()
    assert short["items"] == [listed[0]] and short["next_cursor"] is not None
    monkeypatch.undo()
    # Another tenant's entries are never listed, even by their digest.
    assert _walk(api, "/v1/entries", {"limit": 5, "digest": digest(100)}, mine) == []
    assert len(_walk(api, "/v1/entries", {"limit": 3}, theirs)) == 7


def test_listing_entries_needs_the_read_scope(api: Api) -> None:
    assert api.client.get("/v1/entries").status_code == 401
    submit_only = api.key("office-a", ("submit",))
    r = api.client.get("/v1/entries", headers=api.headers(submit_only))
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"


def _problem(r: httpx2.Response, field: str) -> str:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    (error,) = r.json()["errors"]
    assert error["field"] == field
    reason: str = error["reason"]
    assert not re.search(r"[\^$\\]|\[[0-9a-z]-", reason), f"a regex in {reason!r}"
    assert r.json()["detail"] == f"{field}: {reason}"
    return reason


def test_bad_list_parameters_are_explained_in_words(api: Api) -> None:
    key = api.key()
    h = api.headers(key)
    get = api.client.get
    assert "'sha256:' followed by 64 lowercase hex" in _problem(
        get("/v1/entries", params={"digest": "sha256:ABC"}, headers=h), "digest")
    assert "letters, digits" in _problem(
        get("/v1/entries", params={"metadata_key": "a b"}, headers=h), "metadata_key")
    assert "1000" in _problem(get("/v1/entries", params={"limit": 1001}, headers=h), "limit")
    assert "1" in _problem(get("/v1/checkpoints", params={"limit": 0}), "limit")
    for cursor in ("nonsense", "e30", "eyJyIjoiL3YxL2VudHJpZXMiLCJiIjotMX0"):
        assert "next_cursor" in _problem(
            get("/v1/entries", params={"cursor": cursor}, headers=h), "cursor")
    # A cursor is good for its own list only.
    for n in range(3):
        _submit(api, key, n)
        assert cut_checkpoint(api.store, api.signer) is not None
    page = get("/v1/checkpoints", params={"limit": 1}).json()
    assert "of /v1/entries" in _problem(
        get("/v1/entries", params={"cursor": page["next_cursor"]}, headers=h), "cursor")
    bad_key = get("/v1/entries", headers={"Idempotency-Key": "a b", **h})
    assert bad_key.status_code == 200  # a header of submissions only: not checked on a read
    r = api.client.post("/v1/entries", json={"digest": digest(9)},
                        headers={"Idempotency-Key": "a b", **h})
    assert "printable ASCII" in _problem(r, "Idempotency-Key")


def test_every_pattern_a_request_can_carry_is_said_in_words(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    patterns: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for item in document["paths"].values():
        for operation in item.values():
            collect(operation.get("parameters", []))
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                ref = media["schema"].get("$ref")
                if ref is None:  # an inline schema (add-checkpoint's text body)
                    collect(media["schema"])
                else:
                    collect(document["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    collect(document["components"]["schemas"]["EntryCreate"])
    assert patterns and patterns <= set(PATTERN_WORDS), patterns - set(PATTERN_WORDS)


def test_checkpoints_are_listed_largest_first(api: Api) -> None:
    key = api.key()
    sizes = []
    for n in range(5):
        _submit(api, key, n)
        checkpoint = cut_checkpoint(api.store, api.signer)
        assert checkpoint is not None
        sizes.append(checkpoint.tree_size)
    for limit in (1, 2, 5, 6):
        listed = _walk(api, "/v1/checkpoints", {"limit": limit})
        assert [c["size"] for c in listed] == sorted(sizes, reverse=True)
    assert listed[0] == api.client.get("/v1/checkpoints/latest").json()
    assert _walk(api, "/v1/checkpoints", {"limit": 3}) == listed


def test_empty_lists_have_no_next_page(api: Api) -> None:
    key = api.key()
    for url, headers in (("/v1/entries", api.headers(key)), ("/v1/checkpoints", {}),
                         ("/v2/anchors", {})):
        r = api.client.get(url, headers=headers)
        assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None}, url
    assert api.client.get("/v1/anchors").json() == []
