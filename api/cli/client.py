"""The command line as a client of an ipledger server: stamp through its API, fetch evidence."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from ipledger.api.cli.common import APPEND_BATCH
from ipledger.api.cli.errors import ServerError
from ipledger.api.cli.stamping import EarliestEntry
from ipledger.api.models import MAX_DIGESTS_PER_QUERY
from ipledger.ledger.receipts import ReceiptTree
from ipledger.verifier.receipts import verify_entry_receipt

# A rate-limited request (429) is sent again after the server's Retry-After, this often.
RATE_LIMIT_RETRIES = 20
# A request that is safe to send again (a read, or a submission with an Idempotency-Key)
# answered 503 (nothing stored: the database or the node did not answer) is sent again
# this often, after the server's Retry-After but at most this many seconds.
UNAVAILABLE_RETRIES = 3
UNAVAILABLE_WAIT_MAX_S = 10


@dataclass(frozen=True)
class EvidenceResult:
    """What the server said about one entry's evidence: the bundle, or when to ask again."""

    bundle: str | None
    retry_after: int | None
    detail: str | None = None


class ApiClient:
    """A small synchronous client of the `/v1` API."""

    def __init__(self, server: str, api_key: str | None, timeout: float = 120.0) -> None:
        """Talk to `server` (e.g. http://127.0.0.1:8080) with `api_key` as Bearer token."""
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.server = server.rstrip("/")
        self._http = httpx.Client(base_url=self.server, headers=headers, timeout=timeout)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def _request(
        self, method: str, path: str, *, allow: tuple[int, ...] = (), **kwargs: Any
    ) -> httpx.Response:
        safe = method == "GET" or "Idempotency-Key" in kwargs.get("headers", {})
        unavailable = 0
        for _ in range(RATE_LIMIT_RETRIES):
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                raise ServerError(f"cannot reach {self.server}{path}: {exc}") from None
            wait = response.headers.get("Retry-After", "1")
            seconds = int(wait) if wait.isdigit() else 1
            if response.status_code == 429:
                time.sleep(min(60, seconds))
            elif (response.status_code == 503 and safe and 503 not in allow
                  and unavailable < UNAVAILABLE_RETRIES):
                unavailable += 1
                time.sleep(min(UNAVAILABLE_WAIT_MAX_S, seconds))
            else:
                break
        if response.status_code >= 400 and response.status_code not in allow:
            raise ServerError(f"{method} {path}: {_problem(response)}")
        return response

    def log_info(self) -> dict[str, Any]:
        """Return GET /v1/log: origin, verifier key, chain, contract."""
        data: dict[str, Any] = self._request("GET", "/v1/log").json()
        return data

    def submit_batch(
        self, entries: Sequence[dict[str, Any]], *, again: bool = False
    ) -> dict[str, Any]:
        """POST up to 10,000 entries in one transaction; retries never duplicate them.

        The Idempotency-Key is the SHA-256 of the request body, so resending the same
        batch after a lost answer returns the first answer instead of new entries. With
        `again` (new entries on purpose) the key also holds a random part.
        """
        body = json.dumps({"entries": list(entries)}, separators=(",", ":")).encode()
        salt = secrets.token_bytes(16) if again else b""
        key = hashlib.sha256(body + salt).hexdigest()
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        data: dict[str, Any] = self._request(
            "POST", "/v1/entries/batch", content=body, headers=headers
        ).json()
        return data

    def evidence(self, index: int) -> EvidenceResult:
        """GET an entry's evidence bundle: the JSON text, or the seconds to wait (202)."""
        response = self._request("GET", f"/v1/entries/{index}/evidence")
        if response.status_code == 202:
            detail = response.json().get("detail")
            retry = response.headers.get("Retry-After", "30")
            return EvidenceResult(None, int(retry) if retry.isdigit() else 30, detail)
        return EvidenceResult(response.text, None)

    def tlog_proof(self, index: int) -> tuple[str | None, str | None]:
        """GET an entry's tlog-proof: (the text, None), or (None, why) while none exists yet."""
        response = self._request("GET", f"/v1/entries/{index}/tlog-proof", allow=(404,))
        if response.status_code == 404:
            return None, _problem(response)
        return response.text, None

    def cose_receipt(self, index: int) -> tuple[bytes | None, str | None]:
        """GET an entry's COSE Receipt: (the bytes, None), or (None, why) while none exists yet."""
        response = self._request("GET", f"/v1/entries/{index}/cose-receipt", allow=(404,))
        if response.status_code == 404:
            return None, _problem(response)
        return response.content, None

    def earliest_of_many(self, digests: Sequence[str]) -> list[EarliestEntry | None]:
        """POST the digests in groups of 500; return each one's first entry, or None."""
        out: list[EarliestEntry | None] = []
        for start in range(0, len(digests), MAX_DIGESTS_PER_QUERY):
            chunk = list(digests[start : start + MAX_DIGESTS_PER_QUERY])
            items = self._request("POST", "/v1/digests/earliest", json={"digests": chunk})
            out.extend(
                None if i is None else EarliestEntry(i["index"], i["received_at"], i["yours"])
                for i in items.json()["items"]
            )
        return out

    def entry(self, index: int) -> dict[str, Any]:
        """GET one of the caller's entries with its checkpoint and anchor status."""
        data: dict[str, Any] = self._request("GET", f"/v1/entries/{index}").json()
        return data

    def receipt(self, index: int) -> dict[str, Any]:
        """GET a fresh signed receipt of one of the caller's entries alone."""
        data: dict[str, Any] = self._request("GET", f"/v1/entries/{index}/receipt").json()
        return data


def _problem(response: httpx.Response) -> str:
    try:
        problem = response.json()
        detail = problem.get("detail") or problem.get("title")
    except ValueError:
        detail = response.text[:200]
    return f"{response.status_code} {detail}"


def entry_receipts(
    batch: dict[str, Any], metadata: Sequence[dict[str, Any] | None], verifier_key: str
) -> list[dict[str, Any]]:
    """Split a batch answer into one verified receipt document per entry.

    The batch is signed once, over the RFC 9162 root of its leaf hashes; each entry's
    receipt is that note plus the entry's inclusion proof in the batch tree, computed
    here from the leaf hashes. Each is checked with `verify_entry_receipt` before use.
    """
    entries = batch["entries"]
    tree = ReceiptTree([bytes.fromhex(e["leaf_hash"]) for e in entries])
    receipts = []
    for position, (entry, meta) in enumerate(zip(entries, metadata, strict=True)):
        proof = tree.proof(position)
        document = {
            **entry,
            "metadata": meta,
            "receipt": {"note": batch["note"], "proof": [h.hex() for h in proof]},
        }
        verify_entry_receipt(document, verifier_key)
        receipts.append(document)
    return receipts


class ServerTarget:
    """A server's log to stamp into: batches through its API, receipts checked on arrival."""

    def __init__(self, client: ApiClient) -> None:
        """Stamp through `client`; asks the server for its verifier key now."""
        self.client = client
        self.verifier_key: str = client.log_info()["verifier_key"]
        self.where: dict[str, str | None] = {"server": client.server}

    def earliest_of_many(self, digests: Sequence[str]) -> list[EarliestEntry | None]:
        """Return the first entry of each digest (None where none), in few requests."""
        return self.client.earliest_of_many(digests)

    def receipt_of(self, index: int) -> dict[str, Any]:
        """Return a fresh verified receipt of one of the caller's entries."""
        document = self.client.receipt(index)
        verify_entry_receipt(document, self.verifier_key)
        return document

    def append(
        self, digests: Sequence[str], meta: dict[str, Any] | None, *, again: bool = False
    ) -> list[dict[str, Any]]:
        """Submit in batches of 10,000 (retry-safe); return each entry's verified receipt."""
        out: list[dict[str, Any]] = []
        for start in range(0, len(digests), APPEND_BATCH):
            chunk = digests[start : start + APPEND_BATCH]
            batch = [{"digest": d, "metadata": meta} for d in chunk]
            answer = self.client.submit_batch(batch, again=again)
            out.extend(entry_receipts(answer, [meta] * len(chunk), self.verifier_key))
        return out
