"""Submissions (one or a batch, answered with signed receipts) and entry status and evidence."""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import threading
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field, StringConstraints, TypeAdapter
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from ipledger.api.context import ApiContext
from ipledger.api.deps import (
    Context,
    DeploymentDep,
    Reader,
    Submitter,
    authenticate,
    context_of,
    submitter,
)
from ipledger.api.key_lookups import (
    KEY_LOOKUPS,
    RECORDED_MAX_CHARS,
    replayed,
    request_fingerprint,
)
from ipledger.api.models import (
    DIGEST_PATTERN,
    KEY_PATTERN,
    METADATA_KEY_PATTERN,
    BatchCreate,
    BatchReceiptPublic,
    EntryCreate,
    EntryPublic,
    ListedEntry,
    ReceiptProof,
    ReceiptPublic,
)
from ipledger.api.pages import (
    CURSOR,
    DEFAULT_LIMIT,
    LIMIT,
    CursorParam,
    EntryPage,
    Limit,
    page_of,
    read_cursor,
)
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.public import entry_fields, entry_public
from ipledger.api.routing import (
    StrictRoute,
    direct,
    json_of,
    store_read,
    validated,
    validated_path,
    validated_query_or_default,
)
from ipledger.api.sequencer import Committed, KeyRecord
from ipledger.ledger import idempotency
from ipledger.ledger.checkpoints import checkpoint_covering
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.entries import LogEntry, NewEntry
from ipledger.ledger.errors import InvalidEntry, KeyRecorded
from ipledger.ledger.idempotency import MAX_KEY_LENGTH
from ipledger.ledger.listing import tenant_entries
from ipledger.ledger.receipts import ReceiptTree, receipt_note_text
from ipledger.ledger.tenants import Principal, tenant_of
from ipledger.ledger.wipo import check_office_metadata
from ipledger.verifier.core.errors import EntryError
from ipledger.verifier.core.leaf import NO_METADATA_HASH, NONCE_SIZE, canonical_metadata

router = APIRouter(prefix="/v1/entries", tags=["entries"], route_class=StrictRoute)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern=KEY_PATTERN,
        description="Retry-safe submission: a retry with the same key and body returns the "
        "first response (`Idempotent-Replayed: true`); the same key with another body is 409.",
    ),
]
SubmissionBody = TypeVar("SubmissionBody", EntryCreate, BatchCreate)
_IDEMPOTENCY_KEY: TypeAdapter[str] = TypeAdapter(
    Annotated[str, StringConstraints(min_length=1, max_length=MAX_KEY_LENGTH, pattern=KEY_PATTERN)]
)
Index = Annotated[int, Path(ge=0, le=2**63 - 1, description="Position of the entry in the log.")]
INDEX = TypeAdapter(Annotated[int, Field(ge=0, le=2**63 - 1)])  # as `Index`, for direct handlers
DIGEST = TypeAdapter(Annotated[str, StringConstraints(pattern=DIGEST_PATTERN)])  # a digest's text


async def entry_read(request: Request) -> tuple[int, Principal, ApiContext]:
    """Authenticate a `read` of `/v1/entries/{index}/...`, then validate `index` (422).

    What FastAPI does for a route declared `(index: Index, who: Reader, context: Context)`,
    in its order (the dependencies first), for the `direct` handlers of such routes.
    """
    who = await authenticate(request, "read")
    (index,) = validated_path(request, [("index", INDEX)])
    return index, who, context_of(request)

_SUBMIT_ERRORS = problem_responses(400, 401, 403, 409, 413, 415, 422, 429, 503)
_READ_ERRORS = problem_responses(401, 403, 404, 422, 429, 503)


class _NoncePool:
    """Server nonces cut from one `os.urandom` read of 64 KiB at a time, each byte used once.

    One system call per 4,096 nonces instead of one per submission.
    """

    CHUNK = 64 << 10

    def __init__(self) -> None:
        self._buffer = b""
        self._offset = 0
        self._lock = threading.Lock()

    def take(self, size: int) -> bytes:
        if size > self.CHUNK:
            return secrets.token_bytes(size)
        with self._lock:
            if self._offset + size > len(self._buffer):
                self._buffer, self._offset = secrets.token_bytes(self.CHUNK), 0
            start, self._offset = self._offset, self._offset + size
            return self._buffer[start : self._offset]


_nonces = _NoncePool()


def _new_entries(items: list[EntryCreate], *, batch: bool) -> list[NewEntry]:
    pool = _nonces.take(NONCE_SIZE * len(items))
    out: list[NewEntry] = []
    append, fromhex, sha256 = out.append, bytes.fromhex, hashlib.sha256
    for position, item in enumerate(items):
        nonce = (
            pool[position * NONCE_SIZE : (position + 1) * NONCE_SIZE]
            if item.nonce is None
            else fromhex(item.nonce)
        )
        if item.metadata is None:
            append(NewEntry(fromhex(item.digest[7:]), nonce, None, NO_METADATA_HASH))
        else:
            try:
                check_office_metadata(item.metadata)
            except EntryError as exc:
                raise InvalidEntry(exc.field, exc.reason, position if batch else None) from None
            canonical = canonical_metadata(item.metadata)
            append(
                NewEntry(
                    fromhex(item.digest[7:]),
                    nonce,
                    canonical.decode("utf-8"),
                    sha256(canonical).digest(),
                )
            )
    return out


def _receipt_public(entry: LogEntry, note: str, proof: list[bytes]) -> ReceiptPublic:
    return ReceiptPublic(
        **entry_fields(entry),
        receipt=ReceiptProof(note=note, proof=[h.hex() for h in proof]),
    )


# The submission answers are written as JSON text directly (the hot path: a batch answer
# holds 10,000 entries); every value is an integer, lowercase hex, the canonical metadata
# (already JSON) or the note (escaped by json.dumps). tests/api/test_rendering.py checks
# they parse to exactly what ReceiptPublic / BatchReceiptPublic give.


def _entry_fields(e: LogEntry, with_metadata: bool) -> str:
    metadata = ""
    if with_metadata:
        metadata = f'"metadata":{"null" if e.metadata_jcs is None else e.metadata_jcs},'
    return (
        f'"index":{e.index},"digest":"sha256:{e.digest.hex()}","nonce":"{e.nonce.hex()}",'
        f'{metadata}"metadata_hash":"{e.metadata_hash.hex()}","received_at":{e.received_at},'
        f'"leaf_hash":"{e.leaf_hash.hex()}"'
    )


def _single_body(result: Committed) -> bytes:
    proof = ",".join(f'"{h.hex()}"' for h in (result.proofs or [[]])[0])
    note = json.dumps(result.note, ensure_ascii=False)
    fields = _entry_fields(result.entries[0], True)
    return f'{{{fields},"receipt":{{"note":{note},"proof":[{proof}]}}}}'.encode()


def _batch_body(result: Committed) -> bytes:
    entries = ",".join(f"{{{_entry_fields(e, False)}}}" for e in result.entries)
    note = json.dumps(result.note, ensure_ascii=False)
    return (
        f'{{"first_index":{result.first_index},"count":{result.count},"note":{note},'
        f'"entries":[{entries}]}}'
    ).encode()


async def _lookup(
    context: ApiContext, who: Principal, key: str
) -> idempotency.StoredResponse | None:
    """Return the answer recorded for the tenant's key (503 past the lookups' bounds)."""
    return await KEY_LOOKUPS.lookup(context.deployment.engine, who.tenant_id, key)


async def _submit(
    context: ApiContext,
    who: Principal,
    entries: list[NewEntry],
    *,
    alone: bool,
    render: Callable[[Committed], bytes],
    route: str,
    key: str | None,
    payload: Callable[[], Any],
) -> Response:
    if key is None:
        result = await context.sequencer.submit(entries, who, alone=alone)
        return Response(render(result), status_code=201, media_type="application/json")
    fingerprint = request_fingerprint(route, payload())
    slot = (who.tenant_id, key)
    in_flight = context.in_flight
    while (busy := in_flight.get(slot)) is not None:
        await busy.wait()
    if (stored := context.recorded.get(slot)) is not None:  # committed or read here before
        return replayed(stored, fingerprint, key)
    event = in_flight[slot] = asyncio.Event()
    try:
        record = KeyRecord(who.tenant_id, key, fingerprint, render)
        return await _keyed(context, who, entries, alone=alone, record=record)
    finally:
        del in_flight[slot]
        event.set()


async def _keyed(
    context: ApiContext, who: Principal, entries: list[NewEntry], *, alone: bool,
    record: KeyRecord,
) -> Response:
    """Append a keyed submission with its record, or replay the answer recorded for its key.

    A single goes straight to the writer: its record's insert is the lookup (a recorded key
    rolls the group back, and the writer commits the rest again), which measured cheaper
    than asking first. A batch asks first: a retry then costs a lookup, not a commit of its
    entries rolled back.
    """
    if alone and (stored := await _lookup(context, who, record.key)) is not None:
        return _replay(context, record, stored)
    try:
        # In the append transaction: the entries and the recorded answer commit together.
        result = await context.sequencer.submit(entries, who, alone=alone, record=record)
    except KeyRecorded as recorded:  # a retry, or another process's submission meanwhile
        return _replay(context, record, recorded.stored)
    except IntegrityError:
        # The writer found no record of the key after the rollback; one may have been
        # recorded just after it looked (another process), so look once more.
        stored = await _lookup(context, who, record.key)
        if stored is None:
            raise
        return _replay(context, record, stored)
    assert result.body is not None  # recorded with the key
    if len(result.body) <= RECORDED_MAX_CHARS:  # a batch's long answer: not decoded for nothing
        _keep(context, record, record.remembered(result.body)[2])
    return Response(result.body, status_code=201, media_type="application/json")


def _replay(context: ApiContext, record: KeyRecord, stored: idempotency.StoredResponse) -> Response:
    """Answer with the answer recorded for `record`'s key, kept in this process from now."""
    _keep(context, record, stored)
    return replayed(stored, record.request_sha256, record.key)


def _keep(context: ApiContext, record: KeyRecord, stored: idempotency.StoredResponse) -> None:
    # A single's answer (under 1 KB); not a large batch's (up to megabytes), which looks its
    # key up first anyway: the memory stays under RECORDED_KEPT x RECORDED_MAX_CHARS.
    if len(stored.body) <= RECORDED_MAX_CHARS:
        context.recorded.put(record.slot, stored)


async def _direct_submission(
    request: Request, model: type[SubmissionBody]
) -> tuple[SubmissionBody, Principal, str | None]:
    """Do what the submission routes' declarations say, in the order FastAPI would."""
    raw = await json_of(request)
    who = await submitter(request)
    key = request.headers.get("idempotency-key")
    body = validated(model, raw, [("Idempotency-Key", _IDEMPOTENCY_KEY, key)])
    return body, who, key


async def _direct_submit_entry(request: Request) -> Response:
    body, who, key = await _direct_submission(request, EntryCreate)
    return await submit_entry(body, who, context_of(request), key)


async def _direct_submit_batch(request: Request) -> Response:
    body, who, key = await _direct_submission(request, BatchCreate)
    return await submit_batch(body, who, context_of(request), key)


@router.post(
    "",
    status_code=201,
    response_model=ReceiptPublic,
    responses=_SUBMIT_ERRORS,
    summary="Record one document hash; answers with a signed receipt after the commit",
)
@direct(_direct_submit_entry)
async def submit_entry(
    body: EntryCreate, who: Submitter, context: Context, idempotency_key: IdempotencyKey = None
) -> Response:
    """Append one entry and return its receipt, signed by the log, once it is committed."""
    return await _submit(
        context,
        who,
        _new_entries([body], batch=False),
        alone=False,
        render=_single_body,
        route="entries",
        key=idempotency_key,
        payload=lambda: body.model_dump(mode="json"),
    )


@router.post(
    "/batch",
    status_code=201,
    response_model=BatchReceiptPublic,
    responses=_SUBMIT_ERRORS,
    summary="Record up to 10,000 document hashes, all or nothing, in one transaction",
)
@direct(_direct_submit_batch)
async def submit_batch(
    body: BatchCreate, who: Submitter, context: Context, idempotency_key: IdempotencyKey = None
) -> Response:
    """Append a batch in one transaction and return one signed receipt over all of it."""
    entries = _new_entries(body.entries, batch=True)
    return await _submit(
        context,
        who,
        entries,
        alone=True,
        render=_batch_body,
        route="batch",
        key=idempotency_key,
        payload=lambda: body.model_dump(mode="json"),
    )


# What `list_entries` declares of its query, for its `direct` handler (one thread-pool hop
# instead of FastAPI's two, no solver): name, adapter, default.
_LISTING_QUERY: list[tuple[str, TypeAdapter[Any], Any]] = [
    ("limit", LIMIT, DEFAULT_LIMIT),
    ("cursor", CURSOR, None),
    ("digest", DIGEST, None),
    ("metadata_key", TypeAdapter(Annotated[str, StringConstraints(pattern=METADATA_KEY_PATTERN)]),
     None),
]


async def _direct_list_entries(request: Request) -> Response:
    who = await authenticate(request, "read")  # FastAPI's order: the key, then the query
    limit, cursor, digest, metadata_key = validated_query_or_default(request, _LISTING_QUERY)
    deployment = context_of(request).deployment
    headers = Response()  # what the endpoint sets (`Link`), as FastAPI's sub-response
    del headers.headers["content-length"]
    page = await run_in_threadpool(
        lambda: list_entries(
            who=who, deployment=deployment, request=request, response=headers, limit=limit,
            cursor=cursor, digest=digest, metadata_key=metadata_key,
        )
    )
    answer = JSONResponse(page.model_dump(mode="json"))
    answer.headers.raw.extend(headers.headers.raw)
    return answer


@router.get(
    "",
    response_model=EntryPage,
    responses=_READ_ERRORS,
    summary="Your tenant's entries, newest first, a page at a time",
)
@direct(_direct_list_entries)
def list_entries(
    *,
    who: Reader,
    deployment: DeploymentDep,
    request: Request,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    digest: Annotated[
        str | None,
        Query(pattern=DIGEST_PATTERN, description="Only entries recording this digest."),
    ] = None,
    metadata_key: Annotated[
        str | None,
        Query(
            pattern=METADATA_KEY_PATTERN,
            description="Only entries whose metadata has this top-level key, e.g. "
            "`application_number` (letters, digits, `_`, `.`, `-`).",
        ),
    ] = None,
) -> EntryPage:
    """Return up to `limit` of your entries, newest first; follow `next_cursor` for more.

    Entries of other tenants are never listed. The filters stay as given on every page:
    send the same query with the cursor (the `Link` header does).
    """
    before = read_cursor(ENTRIES_ROUTE, cursor)
    listed = tenant_entries(
        deployment.engine,
        who.tenant_id,
        limit + 1,
        before=before,
        digest=None if digest is None else bytes.fromhex(digest[7:]),
        metadata_key=metadata_key,
    )
    # When a filter's scan budget ran out, the next page goes on from where it stopped.
    page, more = page_of(
        request, response, ENTRIES_ROUTE, listed.entries, limit=limit,
        position=lambda e: e.index,
        resume_before=listed.resume_before,
    )
    return EntryPage(items=[ListedEntry(**entry_fields(e)) for e in page], next_cursor=more)


ENTRIES_ROUTE = "/v1/entries"


def own_entry(deployment: Deployment, who: Principal, index: int) -> LogEntry:
    """Return entry `index` if the caller's tenant submitted it, else answer 404."""
    # Entries of other tenants are not shown at all, so their existence is not leaked
    # beyond the public log (whose leaves are blinded by the nonce). An entry past the end
    # has no submitter, so this one check answers both.
    if tenant_of(deployment.engine, index) != who.tenant_id:
        raise ApiProblem(404, f"your tenant has no entry {index}")
    return deployment.store.entry(index)


# The `direct` handlers of an entry and its receipt (docs/design.md, "Direct dispatch"):
# FastAPI ran each of these sync endpoints in the thread pool, then validated its answer
# in the thread pool again. An entry is reads only; a receipt is signed, off the loop.
async def _direct_get_entry(request: Request) -> Response:
    index, who, context = await entry_read(request)
    deployment = context.deployment
    found = await store_read(deployment, lambda: get_entry(index, who, deployment))
    return JSONResponse(found.model_dump(mode="json"))


async def _direct_get_receipt(request: Request) -> Response:
    found = await run_in_threadpool(get_receipt, *await entry_read(request))
    return JSONResponse(found.model_dump(mode="json"))


@router.get(
    "/{index}",
    response_model=EntryPublic,
    responses=_READ_ERRORS,
    summary="One of your entries, with its checkpoint and anchor status",
)
@direct(_direct_get_entry)
def get_entry(index: Index, who: Reader, deployment: DeploymentDep) -> EntryPublic:
    """Return the entry, the smallest checkpoint and the earliest anchor that cover it."""
    entry = own_entry(deployment, who, index)
    return entry_public(
        entry, checkpoint_covering(deployment.store, index), deployment.anchor_for_entry(index)
    )



@router.get(
    "/{index}/receipt",
    response_model=ReceiptPublic,
    responses=_READ_ERRORS,
    summary="A fresh signed receipt for one of your entries alone",
)
@direct(_direct_get_receipt)
def get_receipt(index: Index, who: Reader, context: Context) -> ReceiptPublic:
    """Sign a receipt of exactly this entry (e.g. to keep one entry of a batch on its own)."""
    deployment = context.deployment
    entry = own_entry(deployment, who, index)
    text = receipt_note_text(deployment.origin, index, ReceiptTree([entry.leaf_hash]))
    note = deployment.log_signer.sign_note(text)
    return _receipt_public(entry, note, [])
