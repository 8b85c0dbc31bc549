"""Faulty TSAs for the collector's tests: HTTP servers answering what a test decides."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ipledger.ledger.der import der_bit_string, der_integer, der_sequence, der_utf8_string

Answer = Callable[[bytes], tuple[int, bytes]]  # request body -> HTTP status, reply body


def reply_of(token: bytes) -> bytes:
    """A granted TimeStampResp carrying `token`."""
    return der_sequence(der_sequence(der_integer(0)), token)


def rejection(text: str, fail_bits: bytes = b"\x20", unused: int = 5) -> bytes:
    """A TimeStampResp with PKIStatus rejection, a statusString and a failInfo (badRequest)."""
    return der_sequence(der_sequence(
        der_integer(2), der_sequence(der_utf8_string(text)), der_bit_string(fail_bits, unused)
    ))


@contextmanager
def answering(answer: Answer) -> Iterator[str]:
    """Serve POSTs on 127.0.0.1 (a free port) with `answer`; yield the URL."""

    class FaultyTsaHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, reply = answer(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), FaultyTsaHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsr"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
