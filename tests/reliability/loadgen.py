"""A load client process: submits entries until a stop file appears, records every answer.

Each line of `--out` is a JSON object:
- `{"type": "ack", "kind": "single"|"batch", "sent": <body>, "body": <response>, ...}`
  for every receipt received (201, or the stored response replayed for a keyed retry);
- `{"type": "error", ...}` for a submission that got no receipt (the entry may or may not
  be in the log: the client was never told it is);
- `{"type": "unexpected", ...}` for an answer the API must never give (a 4xx to a valid
  request other than a rate limit);
- a final `{"type": "summary", ...}` with the client's counts.
Requests with an idempotency key are retried with the same key and body until they get an
answer, as a careful client would; others are abandoned on the first failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import httpx

RETRYABLE = {429, 500, 502, 503, 504}


def _document(rng: random.Random, tag: str, n: int) -> str:
    """The text of document `n` (kept in the record: the audit verifies bundles against it)."""
    return f"document {tag} {n} {rng.random()}"


def _entry(document: str, tag: str, n: int, with_metadata: bool) -> dict[str, Any]:
    digest = hashlib.sha256(document.encode()).hexdigest()
    entry: dict[str, Any] = {"digest": "sha256:" + digest}
    if with_metadata:
        # a recognizable secret-looking value: the log-hygiene test greps logs for it
        entry["metadata"] = {"office": "EP", "ref": f"meta-{tag}-{n}-{secrets.token_hex(6)}"}
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode", choices=["single", "batch", "mixed"], default="mixed")
    parser.add_argument("--out", required=True)
    parser.add_argument("--stop-file", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--idempotent", type=float, default=0.3)
    parser.add_argument("--tag", default="client")
    parser.add_argument("--max-batch", type=int, default=40)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between submissions")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    stop = Path(args.stop_file)
    counts = {"submitted": 0, "acknowledged": 0, "errors": 0, "requests": 0}
    headers = {"Authorization": f"Bearer {args.key}"}
    n = 0
    with open(args.out, "w", encoding="utf-8") as out, httpx.Client(
        base_url=args.url, timeout=httpx.Timeout(20.0, connect=2.0), headers=headers
    ) as client:

        def record(obj: dict[str, Any]) -> None:
            out.write(json.dumps(obj) + "\n")
            out.flush()

        while not stop.exists():
            batch = args.mode == "batch" or (args.mode == "mixed" and rng.random() < 0.3)
            if batch:
                size = rng.randint(2, args.max_batch)
                docs = [_document(rng, args.tag, n + i) for i in range(size)]
                sent: dict[str, Any] = {"entries": [
                    _entry(doc, args.tag, n + i, rng.random() < 0.5)
                    for i, doc in enumerate(docs)]}
                path, kind = "/v1/entries/batch", "batch"
            else:
                size = 1
                docs = [_document(rng, args.tag, n)]
                sent = _entry(docs[0], args.tag, n, rng.random() < 0.7)
                path, kind = "/v1/entries", "single"
            n += size
            keyed = rng.random() < args.idempotent
            key = f"{args.tag}-{n}-{secrets.token_hex(4)}" if keyed else None
            counts["submitted"] += size
            tries = 0
            while True:
                tries += 1
                counts["requests"] += 1
                extra = {"Idempotency-Key": key} if key else {}
                try:
                    response = client.post(path, json=sent, headers=extra)
                except httpx.HTTPError as exc:
                    status, detail = None, type(exc).__name__
                else:
                    status, detail = response.status_code, response.text[:300]
                if status in (200, 201):
                    body = response.json()
                    record({"type": "ack", "kind": kind, "sent": sent, "body": body,
                            "docs": docs,
                            "replayed": response.headers.get("Idempotent-Replayed") == "true",
                            "key": key, "tries": tries})
                    counts["acknowledged"] += size
                    break
                if status is not None and status not in RETRYABLE:
                    record({"type": "unexpected", "kind": kind, "status": status,
                            "detail": detail, "key": key})
                    counts["errors"] += 1
                    break
                if status is not None and response.headers.get("content-type", "").split(
                        ";")[0] != "application/problem+json":
                    record({"type": "unexpected", "kind": kind, "status": status,
                            "detail": "error without a problem document: " + detail})
                if key is None or tries >= 400:
                    record({"type": "error", "kind": kind, "status": status, "detail": detail,
                            "key": key, "size": size})
                    counts["errors"] += 1
                    if status is None:
                        time.sleep(0.05)  # the server is down: do not spin
                    break
                time.sleep(0.05 if status is None else 0.2)
            if args.pause:
                time.sleep(args.pause)
        record({"type": "summary", **counts})
    return 0


if __name__ == "__main__":
    sys.exit(main())
