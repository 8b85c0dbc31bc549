"""Ports for the tests' servers: below the kernel's ephemeral range, one slice per xdist worker."""

from __future__ import annotations

import itertools
import os
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path

_LOW = 20000  # the slices share [_LOW, the first ephemeral port)


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def worker_slice(environ: Mapping[str, str], ephemeral_low: int) -> range:
    """Return the ports the xdist worker named in `environ` hands out (empty: use port 0)."""
    worker = environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) if worker.isdigit() else 0
    count = max(int(environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1), index + 1)
    width = (ephemeral_low - _LOW) // count
    if width < 100:  # an unusual ephemeral range: fall back to the kernel's choice
        return range(0)
    start = _LOW + index * width
    return range(start, start + width)


_SLICE = worker_slice(os.environ, _ephemeral_low())
_NEXT = itertools.cycle(_SLICE)


def first_free(candidates: Iterable[int]) -> int | None:
    """Return the first of `candidates` that 127.0.0.1 can bind now, else None."""
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return None


def free_port() -> int:
    """Return a port of 127.0.0.1 that nothing holds now and no other test worker hands out.

    Why not port 0 alone: a server started as a subprocess binds a second or so after its
    port was chosen, and meanwhile the kernel may hand the same port to another test's server
    binding port 0. A CI run saw this: a serve test's health check was answered by another
    worker's http.server. The kernel's port 0 and outgoing connections stay in the ephemeral
    range, each worker here in its own slice below it.
    """
    port = first_free(itertools.islice(_NEXT, len(_SLICE)))
    if port is not None:
        return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        found: int = sock.getsockname()[1]
        return found
