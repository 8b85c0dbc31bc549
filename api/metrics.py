"""Prometheus metrics at /metrics: requests, submissions, batch sizes, the log and its anchors."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, make_asgi_app
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeHistogramMetricFamily,
    GaugeMetricFamily,
    Metric,
    SummaryMetricFamily,
)
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ipledger.api.sequencer import Writer
from ipledger.ledger.anchoring.queries import anchoring_figures
from ipledger.ledger.cosigning.store import LogWitnessStatus, witness_statuses
from ipledger.ledger.timestamping.store import LogTsaStatus, tsa_statuses
from ipledger.ledger.witness.logs import equivocation_count, list_logs

METRICS_PATH = "/metrics"
BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000)
LATENCY_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 21600.0)
LATENCY_WINDOW = 500
_COUNT = re.compile(rb'"count"\s*:\s*(\d+)')
_SUBMISSIONS = {"/v1/entries": "single", "/v1/entries/batch": "batch"}
_REPLAYED = (b"idempotent-replayed", b"true")


class MetricsMiddleware:
    """Count every request by route and status, and serve the registry at `/metrics`.

    Wraps the whole ASGI app (so it sees 408 and 413 answered by outer middleware too).
    Request metrics are this process's; the log and anchor metrics are read from the
    database at scrape time, so every API process reports the same deployment-wide values.
    """

    def __init__(self, app: ASGIApp, engine: Engine,
                 registry: CollectorRegistry | None = None, *,
                 writer: Writer | None = None) -> None:
        """Wrap `app`; `engine` is the log's database, read at each scrape.

        `writer`: the sequencer's writer process, whose starts and commits are reported.
        """
        self.app = app
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.requests = Counter("ipledger_http_requests", "HTTP requests answered",
                                ["route", "method", "status"], registry=r)
        self.duration = Histogram("ipledger_http_request_duration_seconds",
                                  "Time to answer, by route", ["route"], registry=r)
        self.submissions = Counter(
            "ipledger_submissions", "Submissions (single or batch) by outcome: acknowledged "
            "(201, receipt sent), replayed (a retry with an Idempotency-Key answered with "
            "the recorded receipt, nothing new stored), refused (4xx), failed (5xx, nothing "
            "stored)",
            ["kind", "outcome"], registry=r)
        self.entries = Counter("ipledger_entries_acknowledged",
                               "Entries stored and answered with a signed receipt (replays "
                               "not counted)", registry=r)
        self.batch_sizes = Histogram("ipledger_batch_size", "Entries per acknowledged batch",
                                     buckets=BATCH_BUCKETS, registry=r)
        self.errors = Counter("ipledger_http_errors", "Error answers (4xx and 5xx) by status",
                              ["status"], registry=r)
        r.register(LedgerCollector(engine))
        if writer is not None:
            r.register(WriterCollector(writer))
        self.exposition = make_asgi_app(r)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve /metrics, or pass the request on and record how it was answered."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == METRICS_PATH:
            await self.exposition(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        head = b""
        replayed = False

        async def watched(message: Message) -> None:
            nonlocal status, head, replayed
            if message["type"] == "http.response.start":
                status = int(message["status"])
                replayed = _REPLAYED in message.get("headers", ())
            elif message["type"] == "http.response.body" and len(head) < 256:
                head += bytes(message.get("body", b""))[:256]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            self._record(scope, status, head, time.perf_counter() - started, replayed)

    def _record(
        self, scope: Scope, status: int, head: bytes, seconds: float, replayed: bool
    ) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        method = str(scope.get("method", ""))
        self.requests.labels(route, method, str(status)).inc()
        self.duration.labels(route).observe(seconds)
        if status >= 400:
            self.errors.labels(str(status)).inc()
        kind = _SUBMISSIONS.get(scope["path"]) if method == "POST" else None
        if kind is None:
            return
        outcome = ("replayed" if replayed else "acknowledged") if status in (200, 201) else (
            "refused" if status < 500 else "failed")
        self.submissions.labels(kind, outcome).inc()
        if outcome != "acknowledged":
            return
        count = 1
        if kind == "batch":
            found = _COUNT.search(head)  # BatchReceiptPublic puts count near the start
            count = int(found.group(1)) if found else 0
            self.batch_sizes.observe(count)
        self.entries.inc(count)


class WriterCollector(Collector):
    """The writer process of one API process: children started, groups they committed."""

    def __init__(self, writer: Writer) -> None:
        """Report on `writer` (see ipledger.api.writer_process)."""
        self.writer = writer

    def collect(self) -> Iterator[Metric]:
        """Yield the two counters."""
        starts = CounterMetricFamily(
            "ipledger_writer_process_starts", "Writer processes this API process started "
            "(more than one: a child died and was replaced)")
        starts.add_metric([], self.writer.starts)
        yield starts
        commits = CounterMetricFamily(
            "ipledger_writer_process_groups", "Groups of submissions committed by "
            "the writer process")
        commits.add_metric([], self.writer.commits)
        yield commits


class LedgerCollector(Collector):
    """Log and anchoring figures read from the database at each scrape (every process alike)."""

    def __init__(self, engine: Engine) -> None:
        """Read from `engine` (the log's database)."""
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        """Yield the log's size, backlog, anchors, gas and anchor latency."""
        up = GaugeMetricFamily("ipledger_database_up",
                               "1 when the metrics could be read from the database")
        try:
            figures = self._read()
        except Exception:  # a scrape must not fail because the database is down
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from figures

    def _read(self) -> list[Metric]:
        now_ms = time.time_ns() // 1_000_000
        with self.engine.connect() as conn:
            f = anchoring_figures(conn, LATENCY_WINDOW)
        oldest = f.oldest_unanchored_received_at
        metrics: list[Metric] = [
            _gauge("ipledger_log_size", "Entries in the log", f.log_size),
            _gauge("ipledger_checkpoint_size", "Tree size of the newest signed checkpoint",
                   f.checkpoint_size),
            _gauge("ipledger_anchored_size", "Tree size of the newest final anchor",
                   f.final_size),
            _gauge("ipledger_unanchored_entries", "Entries not yet covered by a final anchor",
                   f.log_size - f.final_size),
            _gauge("ipledger_oldest_unanchored_age_seconds",
                   "Age of the oldest entry no final anchor covers (0 when none)",
                   max(0, now_ms - oldest) / 1000 if oldest is not None else 0),
        ]
        by_state = GaugeMetricFamily("ipledger_anchors", "Anchors by state", labels=["state"])
        for state, count in f.anchors_by_state.items():
            by_state.add_metric([state], count)
        metrics.append(by_state)
        spent = CounterMetricFamily("ipledger_anchor_gas_used",
                                    "Gas used by anchors that are in a block")
        spent.add_metric([], f.gas_used)
        metrics.append(spent)
        metrics.append(_latency_histogram(f.latencies_ms))
        metrics.append(_gauge("ipledger_witness_equivocations",
                              "Forks caught by this office as a witness (never decreases)",
                              equivocation_count(self.engine)))
        metrics.append(_gauge("ipledger_witnessed_logs", "Logs this office witnesses",
                              len(list_logs(self.engine))))
        metrics.extend(_cosigning_metrics(witness_statuses(self.engine)))
        metrics.extend(_timestamping_metrics(tsa_statuses(self.engine)))
        return metrics


def _cosigning_metrics(statuses: list[LogWitnessStatus]) -> list[Metric]:
    """Return the metrics of the log's witnesses (`<name>+<key id>`): requests, sizes, latency."""
    requests = CounterMetricFamily(
        "ipledger_cosigning_requests", "add-checkpoint requests to this log's witnesses by "
        "outcome: cosigned, conflict (409, resent), refused, unreachable, invalid",
        labels=["witness", "outcome"])
    size = GaugeMetricFamily("ipledger_cosigned_size",
                             "Tree size of the newest checkpoint each witness cosigned",
                             labels=["witness"])
    when = GaugeMetricFamily("ipledger_cosigned_timestamp_seconds",
                             "When each witness's newest cosignature was stored",
                             labels=["witness"])
    latency = SummaryMetricFamily(
        "ipledger_cosigning_latency_seconds",
        "Time from sending a checkpoint to a witness to its cosignature, per witness",
        labels=["witness"])
    for s in statuses:
        for outcome, count in s.requests.items():
            requests.add_metric([s.label, outcome], count)
        if s.last_cosigned_size is not None and s.last_cosigned_at is not None:
            size.add_metric([s.label], s.last_cosigned_size)
            when.add_metric([s.label], s.last_cosigned_at / 1000)
        latency.add_metric([s.label], s.requests["cosigned"], s.latency_ms_sum / 1000)
    return [requests, size, when, latency]


def _timestamping_metrics(statuses: list[LogTsaStatus]) -> list[Metric]:
    """Return the metrics of the log's TSAs (by URL): requests, sizes stamped, latency."""
    requests = CounterMetricFamily(
        "ipledger_timestamping_requests", "RFC 3161 requests to this log's TSAs by outcome: "
        "stamped, refused, unreachable, invalid (token for other data, bad signature or chain)",
        labels=["tsa", "outcome"])
    size = GaugeMetricFamily("ipledger_timestamping_stamped_size",
                             "Tree size of the newest checkpoint each TSA stamped",
                             labels=["tsa"])
    when = GaugeMetricFamily("ipledger_timestamping_stamped_timestamp_seconds",
                             "When each TSA's newest token was stored", labels=["tsa"])
    latency = SummaryMetricFamily(
        "ipledger_timestamping_latency_seconds",
        "Time from sending a time-stamp request to a TSA to its token, per TSA",
        labels=["tsa"])
    for s in statuses:
        for outcome, count in s.requests.items():
            requests.add_metric([s.url, outcome], count)
        if s.last_stamped_size is not None and s.last_stamped_at is not None:
            size.add_metric([s.url], s.last_stamped_size)
            when.add_metric([s.url], s.last_stamped_at / 1000)
        latency.add_metric([s.url], s.requests["stamped"], s.latency_ms_sum / 1000)
    return [requests, size, when, latency]


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _latency_histogram(latencies_ms: list[int]) -> GaugeHistogramMetricFamily:
    """Seconds from the oldest entry an anchor newly covered to its finality (recent anchors)."""
    buckets: list[tuple[str, float]] = []
    for bound in LATENCY_BUCKETS:
        buckets.append((repr(bound), sum(1 for ms in latencies_ms if ms / 1000 <= bound)))
    buckets.append(("+Inf", len(latencies_ms)))
    family = GaugeHistogramMetricFamily(
        "ipledger_anchor_latency_seconds",
        f"Receipt to final anchor, over the newest {LATENCY_WINDOW} final anchors: seconds "
        "from the oldest entry each newly covered to its finality")
    family.add_metric([], buckets, sum(latencies_ms) / 1000)
    return family


def metric_value(registry: CollectorRegistry, name: str,
                 labels: dict[str, str] | None = None) -> Any:
    """Return one sample's value from `registry` (tests and the soak benchmark read them)."""
    return registry.get_sample_value(name, labels or {})
