"""Pages of a tenant's entries across many submission runs, against a plain reading of the log."""

from __future__ import annotations

import functools
import hashlib

import pytest
from sqlalchemy.engine import Connection

from ipledger.ledger.entries import LogEntry, prepare_entries
from ipledger.ledger.listing import tenant_entries
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import Principal, append_for_tenants, authenticate, create_key


def _digest(n: int) -> str:
    return "sha256:" + hashlib.sha256(b"%d" % (n % 37)).hexdigest()  # digests repeat


def _keep(into: list[list[LogEntry]], _conn: Connection, runs: list[list[LogEntry]]) -> None:
    into.extend(runs)


def _pages(store: LogStore, who: Principal, limit: int, **filters: object) -> list[int]:
    seen: list[int] = []
    before = None
    while True:
        listed = tenant_entries(store.engine, who.tenant_id, limit + 1, before=before,
                                **filters)  # type: ignore[arg-type]
        page = listed.entries
        seen += [e.index for e in page[:limit]]
        if len(page) > limit:
            before = page[limit - 1].index
        elif listed.resume_before is not None:
            assert len(page) <= limit
            before = listed.resume_before
        else:
            return seen


def test_pages_follow_the_runs_of_each_tenant(store: LogStore) -> None:
    a, b = (authenticate(store.engine, create_key(store.engine, t, ["submit"])[1])
            for t in ("a", "b"))
    owner: dict[int, Principal] = {}
    n = 0
    # 300 commits: more runs per tenant than one query reads (256), runs of 1 to 5 entries.
    for c in range(300):
        runs = []
        for who, size in ((a, 1 + c % 3), (b, 1 + c % 5)):
            items = []
            for _ in range(size):
                meta = {"kind": "A1"} if n % 7 == 0 else {"title": "x"}
                items.append({"digest": _digest(n), "metadata": meta})
                n += 1
            runs.append((who, prepare_entries(items)))
        stored: list[list[LogEntry]] = []
        append_for_tenants(store, runs, functools.partial(_keep, stored))
        for (who, _), run in zip(runs, stored, strict=True):
            owner.update({e.index: who for e in run})
    every = store.entries(0, store.size())
    for who in (a, b):
        mine = [e for e in reversed(every) if owner[e.index] is who]
        assert _pages(store, who, 7) == [e.index for e in mine]
        assert _pages(store, who, 1000) == [e.index for e in mine]
        keyed = [e.index for e in mine if e.metadata and "kind" in e.metadata]
        assert keyed and _pages(store, who, 5, metadata_key="kind") == keyed
        assert _pages(store, who, 5, metadata_key="colour") == []
        # A small scan budget: pages stop early (some empty) with a cursor, none is missed.
        assert _pages(store, who, 5, metadata_key="kind", scan_budget=37) == keyed
        assert _pages(store, who, 5, metadata_key="colour", scan_budget=37) == []
        cut = tenant_entries(store.engine, who.tenant_id, 5, metadata_key="colour", scan_budget=37)
        assert cut.entries == [] and cut.resume_before is not None
        digest = bytes.fromhex(_digest(3)[7:])
        same = [e.index for e in mine if e.digest == digest]
        assert same and _pages(store, who, 2, digest=digest) == same
        both = [i for i in same if i in keyed]
        assert _pages(store, who, 2, digest=digest, metadata_key="kind") == both


def test_a_metadata_key_is_checked_before_it_reaches_sql(store: LogStore) -> None:
    with pytest.raises(ValueError, match="metadata key"):
        tenant_entries(store.engine, 1, 10, metadata_key='a"] OR 1=1 --')
