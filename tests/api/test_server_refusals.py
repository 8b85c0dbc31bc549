"""What the HTTP server refuses before the app sees a request, and its plain JSON logs."""

from __future__ import annotations

import contextlib
import json
import socket
from pathlib import Path

import pytest

from ipledger.api.server import MAX_HEAD_BYTES, MAX_URL_BYTES
from tests.api.test_serve import ServedDataDir, ServeProcess, deploy


def _exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        # The server may answer and close before it has read all of a huge request.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    return int(status_line.split()[1]), headers, body


def _problem(answer: tuple[int, dict[str, str], bytes], status: int) -> dict[str, object]:
    got, headers, body = answer
    assert got == status, body
    assert headers["content-type"] == "application/problem+json"
    document: dict[str, object] = json.loads(body)
    assert document["status"] == status and document["detail"]
    return document


def _get(path: bytes, extra: bytes = b"") -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\nHost: t\r\n" + extra + b"Connection: close\r\n\r\n"


def test_a_100_kb_url_is_refused_with_a_problem(served: int) -> None:
    doc = _problem(_exchange(served, _get(b"/v1/log?x=" + b"a" * 100_000)), 414)
    assert str(MAX_URL_BYTES) in str(doc["detail"])
    assert doc["type"] == "urn:ipledger:problem:uri-too-long"


def test_oversized_headers_are_refused_with_a_problem(served: int) -> None:
    one_big = b"X-Big: " + b"b" * (MAX_HEAD_BYTES + 1) + b"\r\n"
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(MAX_HEAD_BYTES // 100))
    for extra in (one_big, many):
        doc = _problem(_exchange(served, _get(b"/v1/log", extra)), 431)
        assert str(MAX_HEAD_BYTES) in str(doc["detail"])


def test_a_malformed_request_is_refused_with_a_problem(served: int) -> None:
    doc = _problem(_exchange(served, b"NOT HTTP AT ALL\r\n\r\n"), 400)
    assert "HTTP/1.1" in str(doc["detail"])


def test_requests_within_the_limits_reach_the_app(served: int) -> None:
    url = b"/v1/nothing?x=" + b"a" * (MAX_URL_BYTES - 100)
    status, headers, _ = _exchange(served, _get(url, b"X-Some: " + b"v" * 20_000 + b"\r\n"))
    assert status == 404 and headers["content-type"] == "application/problem+json"
    status, _, body = _exchange(served, _get(b"/v1/log"))
    assert status == 200, body


@pytest.mark.chain
def test_serve_logs_are_plain_json_and_refuses_with_problems(tmp_path: Path) -> None:
    data: ServedDataDir = next(deploy(tmp_path, chain_up=False))
    server = ServeProcess(data, tmp_path / "serve.log")
    try:
        server.wait_healthy()
        doc = _problem(_exchange(server.port, _get(b"/v1/log?" + b"a" * 100_000)), 414)
        assert doc["type"] == "urn:ipledger:problem:uri-too-long"
    finally:
        assert server.stop() == 0
    raw = server.log_file.read_bytes()
    assert b"\x1b" not in raw and b"\\u001b" not in raw, raw[-3000:]
    records = [json.loads(line) for line in raw.decode().splitlines() if line.startswith("{")]
    messages = [r["msg"] for r in records if r["logger"].startswith("uvicorn")]
    assert any(m.startswith("Uvicorn running on http://127.0.0.1:") for m in messages), messages
    assert all("color_message" not in r for r in records)
