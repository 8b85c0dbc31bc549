"""The command line as a client of an ipledger server: stamp through its API, fetch evidence."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ipledger.api.cli.common import APPEND_BATCH, console
from ipledger.api.cli.errors import ServerError
from ipledger.ledger.hashing import HashedFile
from ipledger.ledger.receipts import ReceiptTree
from ipledger.verifier.core.verify import verify
from ipledger.verifier.receipts import verify_entry_receipt

RECEIPT_SUFFIX = ".ipledger-receipt.json"
EVIDENCE_SUFFIX = ".evidence.json"


@dataclass(frozen=True)
class EvidenceResult:
    """What the server said about one entry's evidence: the bundle, or when to ask again."""

    bundle: str | None
    retry_after: int | None


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

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ServerError(f"cannot reach {self.server}{path}: {exc}") from None
        if response.status_code >= 400:
            raise ServerError(f"{method} {path}: {_problem(response)}")
        return response

    def log_info(self) -> dict[str, Any]:
        """Return GET /v1/log: origin, verifier key, chain, contract."""
        data: dict[str, Any] = self._request("GET", "/v1/log").json()
        return data

    def submit_batch(self, entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """POST up to 10,000 entries in one transaction; retries never duplicate them.

        The Idempotency-Key is the SHA-256 of the request body, so resending the same
        batch after a lost answer returns the first answer instead of new entries.
        """
        body = json.dumps({"entries": list(entries)}, separators=(",", ":")).encode()
        key = hashlib.sha256(body).hexdigest()
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        data: dict[str, Any] = self._request(
            "POST", "/v1/entries/batch", content=body, headers=headers
        ).json()
        return data

    def evidence(self, index: int) -> EvidenceResult:
        """GET an entry's evidence bundle: the JSON text, or the seconds to wait (202)."""
        response = self._request("GET", f"/v1/entries/{index}/evidence")
        if response.status_code == 202:
            return EvidenceResult(None, int(response.headers.get("Retry-After", "30")))
        return EvidenceResult(response.text, None)


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


def receipt_path(document: Path) -> Path:
    """Return where a document's receipt is written: next to it."""
    return document.with_name(document.name + RECEIPT_SUFFIX)


def evidence_path(document: Path) -> Path:
    """Return where a document's evidence bundle is written: next to it."""
    return document.with_name(document.name + EVIDENCE_SUFFIX)


def stamp_on_server(
    server: str, api_key: str | None, hashed: list[HashedFile], meta: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Submit the files' digests in batches; write a verified receipt next to each file."""
    client = ApiClient(server, api_key)
    try:
        verifier_key = client.log_info()["verifier_key"]
        rows = []
        for start in range(0, len(hashed), APPEND_BATCH):
            chunk = hashed[start : start + APPEND_BATCH]
            answer = client.submit_batch([{"digest": h.digest, "metadata": meta} for h in chunk])
            receipts = entry_receipts(answer, [meta] * len(chunk), verifier_key)
            for h, receipt in zip(chunk, receipts, strict=True):
                record = {
                    "format": "ipledger-receipt-file",
                    "version": 1,
                    "server": client.server,
                    "verifier_key": verifier_key,
                    "entry_receipt": receipt,
                }
                receipt_path(h.path).write_text(json.dumps(record, indent=2) + "\n")
                rows.append({"path": str(h.path), **receipt})
        return rows
    finally:
        client.close()


def evidence_from_server(server: str, api_key: str | None, files: list[Path]) -> int:
    """Upgrade each file's receipt to its verified bundle; return how many still wait."""
    client = ApiClient(server, api_key)
    pending = 0
    try:
        for path in files:
            try:
                record = json.loads(receipt_path(path).read_text())
            except (OSError, ValueError) as exc:
                raise ServerError(
                    f"no readable receipt for {path} ({receipt_path(path).name}): stamp it "
                    f"with --server first ({exc})"
                ) from None
            index = record["entry_receipt"]["index"]
            result = client.evidence(index)
            if result.bundle is None:
                pending += 1
                console.print(
                    f"{path}: entry {index} is not anchored yet; "
                    f"try again in {result.retry_after} s"
                )
                continue
            verdict = verify(
                result.bundle, document=path.read_bytes(), log_key=record["verifier_key"]
            )
            evidence_path(path).write_text(result.bundle, encoding="utf-8")
            console.print(f"{path}: wrote {evidence_path(path).name}. {verdict.claim()}")
    finally:
        client.close()
    return pending
