"""The tests' port slices: disjoint per worker, below the kernel's ephemeral range."""

from __future__ import annotations

import socket

from tests.ports import first_free, free_port, worker_slice


def test_workers_get_disjoint_slices_below_the_ephemeral_range() -> None:
    slices = [
        worker_slice({"PYTEST_XDIST_WORKER": f"gw{i}", "PYTEST_XDIST_WORKER_COUNT": "4"}, 32768)
        for i in range(4)
    ]
    ports = [p for s in slices for p in s]
    assert len(ports) == len(set(ports)) > 10000
    assert min(ports) >= 20000 and max(ports) < 32768
    assert worker_slice({}, 32768) == range(20000, 32768)  # not under xdist: the whole range
    assert worker_slice({}, 20050) == range(0)  # a range too narrow: port 0 instead


def test_a_port_held_by_a_server_is_passed_over() -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        taken = held.getsockname()[1]
        spare = free_port()
        assert first_free([taken, spare]) == spare
        assert first_free([taken]) is None
    assert free_port() != spare  # handed out in turn, not again at once
