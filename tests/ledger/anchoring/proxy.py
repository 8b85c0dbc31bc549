"""A TCP proxy in front of a node that a test can take down: refuse or drop connections."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

from tests.ports import free_port


class OutageProxy:
    """Forwards 127.0.0.1:<port> to 127.0.0.1:<target_port>.

    `refuse()` closes the listener and every open connection, so clients get
    "connection refused"; `drop()` keeps listening but resets each connection as soon
    as it is accepted; `stall()` accepts and never answers (clients time out);
    `restore()` forwards again on the same port.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.mode = "forward"
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._listen()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # listener closed
            if self.mode == "drop":
                # linger 0: close with a TCP reset, as a crashing server would
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                continue
            if self.mode == "stall":
                with self._lock:
                    self._open.add(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            for s in (client, upstream):  # no Nagle: each RPC would wait ~40 ms for ACKs
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._open.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
                with self._lock:
                    self._open.discard(s)

    def _close_open(self) -> None:
        with self._lock:
            conns = list(self._open)
            self._open.clear()
        for s in conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def refuse(self) -> None:
        self.mode = "refuse"
        if self._listener is not None:
            # shutdown wakes the thread blocked in accept(); close alone would leave the
            # socket listening until that accept returned
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        self._close_open()

    def drop(self) -> None:
        self.mode = "drop"
        self._close_open()

    def stall(self) -> None:
        self.mode = "stall"
        self._close_open()

    def restore(self) -> None:
        if self._listener is None:
            self._listen()
        self._close_open()
        self.mode = "forward"

    def close(self) -> None:
        self.refuse()
