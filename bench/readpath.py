"""Read-path benchmark: proofs and bundles over HTTP from `ipledger serve`, and from static tiles.

For each log size (1M entries; 10M with --ten-million) one run builds a SQLite log fast
(LogStore appends of 100,000 entries, recorded as one tenant's submissions as the API
records them), starts a real `ipledger serve` (its worker cuts a checkpoint and anchors it
on the managed anvil chain), and measures, against baselines of the same run:
  - GET /v1/proofs/inclusion, /v1/entries/{i}/tlog-proof, /v1/entries/{i}/evidence (the
    evidence bundle), /v1/entries/{i} and /v1/digests/{digest}/earliest (the first-seen
    lookup) at random indexes, against a FastAPI no-op answering GETs on the same uvicorn
    settings;
  - the static C2SP tlog-tiles copy (`ipledger export`) served by Starlette's StaticFiles on
    the same uvicorn: tile GETs per second, and a client that fetches the tiles a proof
    needs over HTTP and computes and verifies the proof (tests/c2sp_tiles.py, written from
    the spec alone), with no cache and with the upper tiles (level >= 1) kept.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.served import (
    ORIGIN,
    BenchDataDir,
    ServerProcess,
    baseline,
    get_load,
    ipledger_serve,
    machine_load,
    rate,
)

FILL_BATCH = 100_000
SAMPLE_INDEXES = 4096  # distinct random indexes each route is asked about, in turn


# -- building the log -------------------------------------------------------------------------


def build(data: BenchDataDir, size: int) -> float:
    """Append `size` entries as the bench key's tenant; return the seconds it took."""
    from ipledger.ledger.config import Settings
    from ipledger.ledger.entries import prepare_entries
    from ipledger.ledger.store import LogStore
    from ipledger.ledger.tenants import append_for_tenants, authenticate

    settings = Settings(data_dir=data.path, origin=ORIGIN)
    store = LogStore.open(settings.resolved_database_url)
    try:
        who = authenticate(store.engine, data.key)
        started = time.perf_counter()
        for first in range(store.size(), size, FILL_BATCH):
            items = [{"digest": _digest(n)} for n in range(first, min(first + FILL_BATCH, size))]
            append_for_tenants(store, [(who, prepare_entries(items))], lambda _c, _g: None)
        assert store.size() == size
        return time.perf_counter() - started
    finally:
        store.close()


def _digest(n: int) -> str:
    """Return the digest `build` records as entry `n`."""
    return "sha256:" + hashlib.sha256(n.to_bytes(8, "big")).hexdigest()


def wait_for_evidence(server: ServerProcess, key: str, index: int, timeout: float = 600) -> float:
    """Poll the evidence route until the worker's anchor covering `index` is final."""
    started = time.monotonic()
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=60) as client:
        while time.monotonic() - started < timeout:
            r = client.get(
                f"/v1/entries/{index}/evidence", headers={"Authorization": f"Bearer {key}"}
            )
            if r.status_code == 200:
                return time.monotonic() - started
            if r.status_code != 202:
                raise RuntimeError(f"evidence of {index}: {r.status_code} {r.text}")
            time.sleep(0.5)
    raise RuntimeError(f"no final anchor covering entry {index} after {timeout:g} s")


# -- the tile client (its own process) --------------------------------------------------------


def _width_of(path: str) -> int:
    return int(path.rsplit("/", 1)[1]) if ".p/" in path else 256


def tiles_for_proof(index: int, size: int) -> list[str]:
    """The tile paths a spec-only client reads to compute PATH(index, D[0:size])."""
    from tests.c2sp_tiles import WIDTH, TileTree

    class TilesNeeded(TileTree):
        """Walks RFC 9162's recursion as TileTree does, fetching tiles but hashing nothing."""

        def range_hash(self, start: int, end: int) -> bytes:
            n = end - start
            if n and n & (n - 1) == 0 and start % n == 0:
                level = (n.bit_length() - 1) // 8
                self.tile(level, start // WIDTH**level // WIDTH)  # its 2**r hashes: one tile
                return bytes(32)
            return super().range_hash(start, end)

    tree = TilesNeeded(lambda p: bytes(32 * _width_of(p)), size)
    tree.inclusion(index)
    return list(tree.fetched)


def _tile_client(spec: dict[str, Any]) -> dict[str, Any]:
    """Closed loop: each connection fetches a proof's tiles, computes it and verifies it."""
    import uvloop

    from ipledger.verifier import verify_inclusion
    from tests.c2sp_tiles import TileTree

    uvloop.install()
    port, size, cached = spec["port"], spec["size"], spec["cache_upper"]
    root = bytes.fromhex(spec["root"])
    rng = random.Random(spec["seed"])
    upper: dict[str, bytes] = {}
    counts = {"proofs": 0, "tiles": 0, "upper_fetched": 0}
    stop_at = 0.0

    async def fetch(reader: Any, writer: Any, path: str) -> bytes:
        writer.write(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
        head = await reader.readuntil(b"\r\n\r\n")
        if head[9:12] != b"200":
            raise RuntimeError(f"{path}: {head[:12]!r}")
        length = next(
            int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        return bytes(await reader.readexactly(length))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop_at:
                index = rng.randrange(size)
                got: dict[str, bytes] = {}
                for path in tiles_for_proof(index, size):
                    level = int(path.split("/")[1])
                    if cached and level >= 1 and path in upper:
                        got[path] = upper[path]
                        continue
                    got[path] = await fetch(reader, writer, path)
                    counts["tiles"] += 1
                    if cached and level >= 1:
                        upper[path] = got[path]
                        counts["upper_fetched"] += 1
                tree = TileTree(got.__getitem__, size)
                proof = tree.inclusion(index)
                verify_inclusion(index, size, tree.hash_at(0, index), proof, root)
                counts["proofs"] += 1
        finally:
            writer.close()

    async def run(seconds: float) -> float:
        nonlocal stop_at
        start = time.perf_counter()
        stop_at = start + seconds
        await asyncio.gather(*(worker() for _ in range(spec["connections"])))
        return time.perf_counter() - start

    asyncio.run(run(1.0))  # warm up (and, when caching, fill the upper tiles)
    counts = {k: 0 for k in counts}
    cpu = time.process_time()
    seconds = asyncio.run(run(spec["seconds"]))
    return {**counts, "seconds": seconds, "client_cpu": time.process_time() - cpu}


def tile_client(
    port: int, size: int, root: bytes, *, cache_upper: bool, seconds: float, connections: int
) -> dict[str, Any]:
    spec = {
        "port": port, "size": size, "root": root.hex(), "cache_upper": cache_upper,
        "seconds": seconds, "connections": connections, "seed": 16,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.readpath", "tile-client"], input=json.dumps(spec),
        capture_output=True, text=True, check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- one size ---------------------------------------------------------------------------------


def _checkpoint(directory: Path) -> tuple[int, bytes]:
    import base64

    lines = (directory / "checkpoint").read_text().split("\n")
    return int(lines[1]), base64.b64decode(lines[2])


def measure(workdir: Path, size: int, seconds: float, connections: int) -> dict[str, Any]:
    out: dict[str, Any] = {"size": size}
    data = BenchDataDir.init(workdir / f"data-{size}", batch_interval=1.0)
    try:
        out["build_s"] = build(data, size)
        print(f"  {size:,} entries appended in {out['build_s']:.0f} s; {machine_load()}")
        server = ipledger_serve(data, worker=True)
        try:
            out["anchor_wait_s"] = wait_for_evidence(server, data.key, size - 1)
            rng = random.Random(size)
            indexes = [rng.randrange(size) for _ in range(SAMPLE_INDEXES)]
            proofs = [f"/v1/proofs/inclusion?index={i}&size={size}" for i in indexes]
            out["inclusion"] = get_load(
                server.port, proofs, seconds=seconds, connections=connections
            )
            out["tlog-proof"] = get_load(
                server.port, [f"/v1/entries/{i}/tlog-proof" for i in indexes], key=data.key,
                seconds=seconds, connections=connections,
            )
            out["evidence"] = get_load(
                server.port, [f"/v1/entries/{i}/evidence" for i in indexes], key=data.key,
                seconds=seconds, connections=connections,
            )
            out["entry"] = get_load(
                server.port, [f"/v1/entries/{i}" for i in indexes], key=data.key,
                seconds=seconds, connections=connections,
            )
            out["earliest"] = get_load(
                server.port, [f"/v1/digests/{_digest(i)}/earliest" for i in indexes],
                key=data.key, seconds=seconds, connections=connections,
            )
        finally:
            server.stop()
        noop = baseline("noop")
        try:
            out["noop"] = get_load(noop.port, proofs, seconds=seconds, connections=connections)
        finally:
            noop.stop()
        copy = workdir / f"copy-{size}"
        started = time.perf_counter()
        data.ipledger("export", str(copy))
        out["export_s"] = time.perf_counter() - started
        tree_size, root = _checkpoint(copy)
        assert tree_size == size, (tree_size, size)
        static = baseline("static", copy)
        try:
            tile_paths = [
                "/" + p for i in indexes[:512] for p in tiles_for_proof(i, size)
                if p.startswith("tile/0/")
            ]
            out["static"] = get_load(
                static.port, tile_paths, seconds=seconds, connections=connections
            )
            for cache in (False, True):
                out[f"tiles cache={cache}"] = tile_client(
                    static.port, size, root, cache_upper=cache, seconds=seconds,
                    connections=connections,
                )
        finally:
            static.stop()
    finally:
        data.down()
    return out


def report(results: list[dict[str, Any]], connections: int) -> list[str]:
    lines = [
        "| metric | ipledger | baseline (same run) | ratio |",
        "| --- | --- | --- | --- |",
    ]
    for r in results:
        n = f"{r['size']:,}"
        noop = rate(r["noop"])
        for route, what in (
            ("inclusion", "inclusion proofs (GET /v1/proofs/inclusion)"),
            ("tlog-proof", "tlog-proofs (GET /v1/entries/{i}/tlog-proof)"),
            ("evidence", "evidence bundles (GET /v1/entries/{i}/evidence)"),
            ("entry", "entries (GET /v1/entries/{i})"),
            ("earliest", "first-seen lookups (GET /v1/digests/{digest}/earliest)"),
        ):
            x = r[route]
            lines.append(
                f"| {n}: {what}, {connections} clients, p50 / p99 | {rate(x):,.0f} /s, "
                f"{x['p50_ms']:.0f} / {x['p99_ms']:.0f} ms | {noop:,.0f} /s no-op GET "
                f"| {rate(x) / noop:.0%} |"
            )
        api = rate(r["inclusion"])
        lines.append(
            f"| {n}: static tile GETs (StaticFiles, level-0 tiles) | {rate(r['static']):,.0f} /s "
            f"| {noop:,.0f} /s no-op GET | {rate(r['static']) / noop:.0%} |"
        )
        for cache in (False, True):
            t = r[f"tiles cache={cache}"]
            per = t["tiles"] / t["proofs"] if t["proofs"] else float("nan")
            proofs_s = t["proofs"] / t["seconds"]
            lines.append(
                f"| {n}: tile client proofs, {'upper tiles kept' if cache else 'no cache'} "
                f"({per:.2f} tiles a proof; client CPU {1e3 * t['client_cpu'] / t['proofs']:.2f}"
                f" ms a proof) | {proofs_s:,.0f} /s | {api:,.0f} /s API inclusion proofs "
                f"| {proofs_s / api:.2f}x |"
            )
        lines.append(
            f"| {n}: build {r['build_s']:.0f} s, anchor final after {r['anchor_wait_s']:.0f} s, "
            f"`ipledger export` {r['export_s']:.0f} s | | | |"
        )
    return lines


def main(argv: list[str]) -> int:
    if argv[:1] == ["tile-client"]:
        print(json.dumps(_tile_client(json.loads(sys.stdin.read()))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench readpath", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 entries, 2 s: a smoke run")
    parser.add_argument("--size", type=int, action="append", help="log size (repeatable)")
    parser.add_argument("--ten-million", action="store_true", help="also at 10,000,000")
    parser.add_argument("--seconds", type=float, default=None, help="per phase (default 10)")
    parser.add_argument("--connections", type=int, default=64, help="clients")
    args = parser.parse_args(argv)
    sizes = args.size or ([20_000] if args.quick else [1_000_000])
    if args.ten_million:
        sizes.append(10_000_000)
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    print(f"read-path benchmark: sizes {', '.join(f'{s:,}' for s in sizes)}; {seconds:g} s "
          f"per phase, {args.connections} clients; servers and clients in separate processes")
    print(f"machine before: {machine_load()}")
    workdir = Path(tempfile.mkdtemp(prefix="ipledger-bench-read-"))
    try:
        results = [measure(workdir, size, seconds, args.connections) for size in sizes]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"machine after: {machine_load()}")
    print()
    print("\n".join(report(results, args.connections)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
