"""A Beacon API client: the routes a canonicality proof needs, with timeouts and clear errors."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ipledger.ledger.beacon.proofs import unsigned_block
from ipledger.ledger.beacon.types import BLOCK_TYPES, SLOTS_PER_HISTORICAL_ROOT
from ipledger.ledger.errors import BeaconDataError, BeaconUnavailable

SLOTS_PER_EPOCH = 32
# Non-standard routes serving a state's historical_summaries without the whole state (the
# standard Beacon API has them only inside GET /eth/v2/debug/beacon/states/{id}, ~300 MB).
SUMMARIES_ROUTES = (
    "/eth/v1/lodestar/states/{state_id}/historical_summaries",
    "/nimbus/v1/debug/beacon/states/{state_id}/historical_summaries",
)


@dataclass(frozen=True)
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class BeaconBlockAt:
    """The unsigned SSZ BeaconBlock proposed at a slot and the fork it belongs to."""

    slot: int
    fork: str
    block: bytes


class BeaconApi:
    """A consensus client's Beacon API at `url`; every call is bounded by `timeout` seconds."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        """Check the URL's form; no request is made until a method is called."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BeaconDataError(
                "the beacon API URL is not an http(s):// URL "
                "(set IPLEDGER_BEACON_API to a consensus client's REST API, e.g. http://localhost:5052)"
            )
        self.url = url.rstrip("/")
        # What messages show: a node's URL path or user part may hold an API key.
        self.shown = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        self._parts = parts
        self._timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        """Close the kept-alive connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            kind = (
                http.client.HTTPSConnection
                if self._parts.scheme == "https"
                else http.client.HTTPConnection
            )
            self._conn = kind(self._parts.hostname or "", self._parts.port, timeout=self._timeout)
        return self._conn

    def __enter__(self) -> BeaconApi:
        """Use as a context manager that closes the client."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the client."""
        self.close()

    def _get(self, path: str, accept: str = "application/json") -> _Response | None:
        """GET `path`; None on 404; BeaconUnavailable for no answer or any other failure."""
        full = self._parts.path.rstrip("/") + path
        try:
            conn = self._connection()
            conn.request("GET", full, headers={"Accept": accept})
            raw = conn.getresponse()
            response = _Response(
                raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read()
            )
        except TimeoutError:
            self.close()
            raise BeaconUnavailable(
                f"beacon node {self.shown} did not answer {path} in time: "
                "is it synced and reachable?"
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise BeaconUnavailable(f"beacon node {self.shown} is unreachable: {exc}") from None
        if response.status == 404:
            return None
        if response.status != 200:
            raise BeaconUnavailable(
                f"beacon node {self.shown} answered {path} with HTTP {response.status}"
            )
        return response

    def _json(self, path: str) -> Any:
        response = self._get(path)
        if response is None:
            raise BeaconDataError(f"beacon node {self.shown} has no {path} (HTTP 404)")
        try:
            return response.json()["data"]
        except (ValueError, KeyError, TypeError):
            msg = f"beacon node {self.shown} answered {path} without JSON data"
            raise BeaconDataError(msg) from None

    def block(self, slot: int) -> BeaconBlockAt | None:
        """Return the block proposed at `slot` (fork from Eth-Consensus-Version); None if empty."""
        path = f"/eth/v2/beacon/blocks/{slot}"
        response = self._get(path, accept="application/octet-stream")
        if response is None:
            return None
        fork = response.headers.get("eth-consensus-version", "").lower()
        if fork not in BLOCK_TYPES:
            raise BeaconDataError(
                f"beacon node {self.shown} answered {path} with fork {fork or 'unnamed'!r}: "
                f"expected one of {', '.join(BLOCK_TYPES)} in Eth-Consensus-Version"
            )
        return BeaconBlockAt(slot=slot, fork=fork, block=unsigned_block(response.body, fork))

    def header(self, slot: int) -> tuple[bytes, bytes] | None:
        """Return (root, parent_root) of the canonical block at `slot`; None for an empty slot."""
        response = self._get(f"/eth/v1/beacon/headers/{slot}")
        if response is None:
            return None
        try:
            data = response.json()["data"]
            message = data["header"]["message"]
            root = bytes.fromhex(str(data["root"]).removeprefix("0x"))
            parent = bytes.fromhex(str(message["parent_root"]).removeprefix("0x"))
            right = int(message["slot"]) == slot and data.get("canonical", True) is True
        except (ValueError, KeyError, TypeError):
            right = False
        if not right or len(root) != 32 or len(parent) != 32:
            raise BeaconDataError(
                f"beacon node {self.shown} answered a malformed or non-canonical header at "
                f"slot {slot}"
            )
        return root, parent

    def block_root(self, slot: int) -> bytes | None:
        """Return the root of the canonical block at `slot`, None for an empty slot."""
        found = self.header(slot)
        return None if found is None else found[0]

    def period_block_roots(self, period_start: int) -> list[bytes]:
        """Return the state's block_roots of the period starting at `period_start` (8192 roots).

        One header per slot: an empty slot repeats the root of the last block before it, as
        the state's block_roots does. Every block's parent must be the root before it, up to
        the first block after the period: a node that misses a block is caught here, not by
        a court's verifier.
        """
        end = period_start + SLOTS_PER_HISTORICAL_ROOT
        roots: list[bytes] = []
        previous: bytes | None = None
        for slot in range(period_start, end):
            found = self.header(slot)
            if found is not None:
                if previous is None:
                    previous = self._root_before(period_start)
                self._check_parent(slot, found[1], previous)
                previous = found[0]
            if previous is None:
                previous = self._root_before(period_start)
            roots.append(previous)
        for slot in range(end, end + SLOTS_PER_HISTORICAL_ROOT):
            found = self.header(slot)
            if found is not None:
                self._check_parent(slot, found[1], roots[-1])
                return roots
        raise BeaconDataError(f"no block after slot {end - 1} yet: the period has not closed")

    def _check_parent(self, slot: int, parent: bytes, expected: bytes) -> None:
        if parent != expected:
            raise BeaconDataError(
                f"beacon node {self.shown}: the block at slot {slot} has parent 0x{parent.hex()}, "
                f"not the block before it (0x{expected.hex()}): the node misses blocks or "
                "reorganized; nothing stored, will retry"
            )

    def _root_before(self, slot: int) -> bytes:
        """Return the root of the last block before `slot`."""
        for back in range(slot - 1, max(-1, slot - 1 - SLOTS_PER_HISTORICAL_ROOT), -1):
            root = self.block_root(back)
            if root is not None:
                return root
        raise BeaconDataError(
            f"no block in the 8192 slots before slot {slot}: the node lacks history"
        )

    def finalized_slot(self) -> int:
        """Return the first slot of the node's finalized epoch (head state's checkpoints)."""
        data = self._json("/eth/v1/beacon/states/head/finality_checkpoints")
        try:
            return int(data["finalized"]["epoch"]) * SLOTS_PER_EPOCH
        except (KeyError, TypeError, ValueError):
            msg = f"beacon node {self.shown} answered malformed finality checkpoints"
            raise BeaconDataError(msg) from None

    def historical_summaries(self, slot: int) -> list[tuple[bytes, bytes]]:
        """Return the state's historical_summaries at `slot` (Lodestar's or Nimbus's route)."""
        for route in SUMMARIES_ROUTES:
            path = route.format(state_id=slot)
            response = self._get(path)
            if response is None:
                continue
            try:
                items = response.json()["data"]["historical_summaries"]
                return [
                    (
                        bytes.fromhex(str(item["block_summary_root"]).removeprefix("0x")),
                        bytes.fromhex(str(item["state_summary_root"]).removeprefix("0x")),
                    )
                    for item in items
                ]
            except (ValueError, KeyError, TypeError):
                msg = f"beacon node {self.shown} answered {path} malformed"
                raise BeaconDataError(msg) from None
        raise BeaconDataError(
            f"beacon node {self.shown} serves no historical_summaries route: use Lodestar or "
            "Nimbus (the standard Beacon API has them only inside the whole state)"
        )
