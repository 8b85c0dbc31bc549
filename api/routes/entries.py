"""Submissions (one or a batch, answered with signed receipts) and entry status and evidence."""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Annotated, Any

import rfc8785
from fastapi import APIRouter, Header, Path
from fastapi.responses import JSONResponse, Response
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from api.context import ApiContext, EntryView, NewEntry, Owner
from api.deps import Context, Reader, Submitter
from api.models import (
    BatchCreate,
    BatchEntryPublic,
    BatchReceiptPublic,
    EntryCreate,
    EntryPublic,
    ReceiptProof,
    ReceiptPublic,
)
from api.problems import ApiProblem, problem_responses
from api.routes.public import ANCHORED_STATES, entry_public
from api.routing import StrictRoute
from api.sequencer import Committed
from ledger import idempotency
from ledger.idempotency import MAX_KEY_LENGTH
from ledger.receipts import ReceiptTree, receipt_note_text
from ledger.tenants import Principal
from verifier.leaf import NO_METADATA_HASH, NONCE_SIZE, canonical_metadata

router = APIRouter(prefix="/v1/entries", tags=["entries"], route_class=StrictRoute)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern=r"^[\x21-\x7e]+$",
        description="Retry-safe submission: a retry with the same key and body returns the "
        "first response (`Idempotent-Replayed: true`); the same key with another body is 409.",
    ),
]
Index = Annotated[int, Path(ge=0, le=2**63 - 1, description="Position of the entry in the log.")]

_SUBMIT_ERRORS = problem_responses(400, 401, 403, 409, 413, 415, 422, 429, 503)
_READ_ERRORS = problem_responses(401, 403, 404, 422, 429, 503)



def _new_entries(items: list[EntryCreate]) -> list[NewEntry]:
    pool = secrets.token_bytes(NONCE_SIZE * len(items))
    out = []
    for position, item in enumerate(items):
        canonical = None if item.metadata is None else canonical_metadata(item.metadata)
        out.append(
            NewEntry(
                digest=bytes.fromhex(item.digest[7:]),
                nonce=pool[position * NONCE_SIZE : (position + 1) * NONCE_SIZE]
                if item.nonce is None
                else bytes.fromhex(item.nonce),
                metadata=None if canonical is None else canonical.decode("utf-8"),
                metadata_hash=NO_METADATA_HASH
                if canonical is None
                else hashlib.sha256(canonical).digest(),
            )
        )
    return out


def _receipt_public(entry: EntryView, note: str, proof: list[bytes]) -> ReceiptPublic:
    return ReceiptPublic(
        index=entry.index,
        digest="sha256:" + entry.digest.hex(),
        nonce=entry.nonce.hex(),
        metadata=None if entry.metadata is None else json.loads(entry.metadata),
        metadata_hash=entry.metadata_hash.hex(),
        received_at=entry.received_at,
        leaf_hash=entry.leaf_hash.hex(),
        receipt=ReceiptProof(note=note, proof=[h.hex() for h in proof]),
    )


def _single_body(result: Committed) -> bytes:
    proofs = result.proofs or [[]]
    receipt = _receipt_public(result.entries[0], result.note, proofs[0])
    return receipt.model_dump_json().encode("utf-8")


def _batch_body(result: Committed) -> bytes:
    body = BatchReceiptPublic(
        first_index=result.first_index,
        count=result.count,
        note=result.note,
        entries=[
            BatchEntryPublic(
                index=e.index,
                digest="sha256:" + e.digest.hex(),
                nonce=e.nonce.hex(),
                metadata_hash=e.metadata_hash.hex(),
                received_at=e.received_at,
                leaf_hash=e.leaf_hash.hex(),
            )
            for e in result.entries
        ],
    )
    return body.model_dump_json().encode("utf-8")


def _fingerprint(route: str, payload: Any) -> bytes:
    """SHA-256 of the route and the RFC 8785 form of the validated body (all fields)."""
    return hashlib.sha256(route.encode("ascii") + b"\n" + rfc8785.dumps(payload)).digest()


def _replay(stored: idempotency.StoredResponse, fingerprint: bytes, key: str) -> Response:
    if stored.request_sha256 != fingerprint:
        raise ApiProblem(
            409,
            f"the Idempotency-Key {key!r} was used for a different request; "
            "use a new key for a new submission",
            slug="idempotency-key-reused",
        )
    return Response(
        content=stored.body,
        status_code=stored.status,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


async def _submit(
    context: ApiContext,
    who: Principal,
    entries: list[NewEntry],
    *,
    alone: bool,
    render: Callable[[Committed], bytes],
    key: str | None,
    fingerprint: bytes,
) -> Response:
    owner = Owner(who.tenant_id, who.key_id)
    if key is None:
        result = await context.sequencer.submit(entries, owner, alone=alone)
        return Response(render(result), status_code=201, media_type="application/json")
    slot = (who.tenant_id, key)
    in_flight = context.in_flight
    while (busy := in_flight.get(slot)) is not None:
        await busy.wait()
    event = in_flight[slot] = asyncio.Event()
    try:
        stored = await run_in_threadpool(idempotency.lookup, context.engine, who.tenant_id, key)
    except BaseException:
        del in_flight[slot]
        event.set()
        raise
    if stored is not None:
        del in_flight[slot]
        event.set()
        return _replay(stored, fingerprint, key)
    rendered: list[bytes] = []

    def record(conn: Connection, result: Committed) -> None:
        # In the append transaction: the entries and the recorded response commit together.
        body = render(result)
        rendered.append(body)
        idempotency.remember_in(
            conn, who.tenant_id, key, request_sha256=fingerprint, status=201, body=body
        )

    try:
        await context.sequencer.submit(entries, owner, alone=True, in_transaction=record)
    except IntegrityError:
        # Another process recorded this key meanwhile (our group was rolled back).
        stored = await run_in_threadpool(idempotency.lookup, context.engine, who.tenant_id, key)
        if stored is None:
            raise
        return _replay(stored, fingerprint, key)
    finally:
        del in_flight[slot]
        event.set()
    return Response(rendered[0], status_code=201, media_type="application/json")


@router.post(
    "",
    status_code=201,
    response_model=ReceiptPublic,
    responses=_SUBMIT_ERRORS,
    summary="Record one document hash; answers with a signed receipt after the commit",
)
async def submit_entry(
    body: EntryCreate, who: Submitter, context: Context, idempotency_key: IdempotencyKey = None
) -> Response:
    """Append one entry and return its receipt, signed by the log, once it is committed."""
    return await _submit(
        context,
        who,
        _new_entries([body]),
        alone=False,
        render=_single_body,
        key=idempotency_key,
        fingerprint=_fingerprint("entries", body.model_dump(mode="json")),
    )


@router.post(
    "/batch",
    status_code=201,
    response_model=BatchReceiptPublic,
    responses=_SUBMIT_ERRORS,
    summary="Record up to 10,000 document hashes, all or nothing, in one transaction",
)
async def submit_batch(
    body: BatchCreate, who: Submitter, context: Context, idempotency_key: IdempotencyKey = None
) -> Response:
    """Append a batch in one transaction and return one signed receipt over all of it."""
    entries = _new_entries(body.entries)
    return await _submit(
        context,
        who,
        entries,
        alone=True,
        render=_batch_body,
        key=idempotency_key,
        fingerprint=_fingerprint("batch", body.model_dump(mode="json")),
    )


def _own_entry(context: ApiContext, who: Principal, index: int) -> EntryView:
    entry = context.ledger.entry(index)
    if entry is None or entry.tenant_id != who.tenant_id:
        # Entries of other tenants are not shown at all, so their existence is not leaked
        # beyond the public log (whose leaves are blinded by the nonce).
        raise ApiProblem(404, f"your tenant has no entry {index}")
    return entry


@router.get(
    "/{index}",
    response_model=EntryPublic,
    responses=_READ_ERRORS,
    summary="One of your entries, with its checkpoint and anchor status",
)
def get_entry(index: Index, who: Reader, context: Context) -> EntryPublic:
    """Return the entry, the smallest checkpoint and the earliest anchor that cover it."""
    entry = _own_entry(context, who, index)
    return entry_public(
        entry, context.ledger.covering_checkpoint(index), context.ledger.covering_anchor(index)
    )


@router.get(
    "/{index}/receipt",
    response_model=ReceiptPublic,
    responses=_READ_ERRORS,
    summary="A fresh signed receipt for one of your entries alone",
)
def get_receipt(index: Index, who: Reader, context: Context) -> ReceiptPublic:
    """Sign a receipt of exactly this entry (e.g. to keep one entry of a batch on its own)."""
    entry = _own_entry(context, who, index)
    note = context.sign(receipt_note_text(context.origin, index, ReceiptTree([entry.leaf_hash])))
    return _receipt_public(entry, note, [])


@router.get(
    "/{index}/evidence",
    responses={
        200: {
            "description": "The evidence bundle (DESIGN section 8), for `ipledger-verify`.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        202: {
            "model": EntryPublic,
            "description": "Not anchored yet: the entry's status; retry after `Retry-After`.",
        },
        **problem_responses(401, 403, 404, 422, 429, 503),
    },
    summary="The evidence bundle of one of your entries (202 while not anchored)",
)
def get_evidence(index: Index, who: Reader, context: Context) -> Response:
    """Return the entry's evidence bundle once an anchor covering it is in a block."""
    entry = _own_entry(context, who, index)
    anchor = context.ledger.covering_anchor(index)
    if anchor is None or anchor.state not in ANCHORED_STATES:
        status = entry_public(entry, context.ledger.covering_checkpoint(index), anchor)
        return JSONResponse(
            status.model_dump(mode="json"),
            status_code=202,
            headers={"Retry-After": str(context.settings.api_evidence_retry_after)},
        )
    bundle = context.evidence(index)
    if bundle is None:
        raise ApiProblem(
            503,
            "the entry is anchored but its bundle cannot be assembled yet; retry later",
            headers={"Retry-After": str(context.settings.api_evidence_retry_after)},
        )
    return Response(
        json.dumps(bundle, separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="evidence-{index}.json"'},
    )

