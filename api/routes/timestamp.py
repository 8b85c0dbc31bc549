"""RFC 3161 over HTTP: a TimeStampReq in, a TimeStampResp out, the imprint also logged."""

from __future__ import annotations

import hashlib
import secrets

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from ipledger.api.deps import KEY_SECURITY, context_of, submitter
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routing import StrictRoute
from ipledger.ledger.entries import NewEntry
from ipledger.ledger.tsa.authority import TimestampAuthority
from ipledger.ledger.tsa.errors import (
    MalformedTimestampRequest,
    TimestampRequestRejected,
    TsaNotInitialized,
)
from ipledger.ledger.tsa.tokens import rejection
from ipledger.verifier.core.leaf import NONCE_SIZE, canonical_metadata

QUERY_MEDIA_TYPE = "application/timestamp-query"
REPLY_MEDIA_TYPE = "application/timestamp-reply"
MAX_REQUEST_BYTES = 4096  # a TimeStampReq is about 60 bytes plus its nonce
ENTRY_HEADER = "Ipledger-Entry-Index"

router = APIRouter(tags=["timestamp"], route_class=StrictRoute)


def authority_of(request: Request) -> TimestampAuthority:
    """Return the time-stamp authority `create_app` stored on the application."""
    authority: TimestampAuthority = request.app.state.tsa
    return authority


@router.post(
    "/v1/timestamp",
    summary="RFC 3161 time-stamp: a TimeStampReq in, a signed TimeStampResp out",
    response_class=Response,
    openapi_extra={
        "security": KEY_SECURITY,  # `submitter` is called in the handler, after the media type
        "requestBody": {
            "required": True,
            "content": {QUERY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={
        200: {
            "description": "A DER TimeStampResp: granted with a token (its SHA-256 imprint "
            f"is also entry `{ENTRY_HEADER}` of the log), or rejected with a PKIFailureInfo.",
            "content": {REPLY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                ENTRY_HEADER: {
                    "description": "Granted only: the log entry recording the same hash.",
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        },
        **problem_responses(400, 401, 403, 413, 415, 429, 503),
    },
)
async def timestamp(request: Request) -> Response:
    """Stamp a SHA-256 imprint (`openssl ts -query -sha256`) as an RFC 3161 TSA does.

    The imprint is appended to the log first (metadata `source: rfc3161` and the token's
    serial), committed before the answer, so the token and the chain anchor cover the
    same hash. A request the TSA will not honour (another hash, another policy, extensions)
    is answered as RFC 3161 says: 200 with a TimeStampResp of status rejection.
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != QUERY_MEDIA_TYPE:
        raise ApiProblem(
            415, f"send a DER TimeStampReq as {QUERY_MEDIA_TYPE}, not {media or 'no media type'}"
        )
    who = await submitter(request)
    authority = authority_of(request)
    if authority.loaded is None:  # the key files are read once, in a worker thread
        try:
            await run_in_threadpool(authority.issuer)
        except TsaNotInitialized as exc:
            raise ApiProblem(503, str(exc)) from None
    body = await request.body()
    if len(body) > MAX_REQUEST_BYTES:
        raise ApiProblem(
            413, f"the body is {len(body)} bytes; a TimeStampReq is under {MAX_REQUEST_BYTES}"
        )
    try:
        parsed = authority.parse(body)
    except MalformedTimestampRequest as exc:
        raise ApiProblem(400, str(exc)) from None
    except TimestampRequestRejected as exc:
        return Response(rejection(exc.failure, exc.reason), media_type=REPLY_MEDIA_TYPE)
    serial = authority.serial_if_ready()
    if serial is None:  # a new block: a database write, off the event loop
        serial = await run_in_threadpool(authority.serial)
    metadata = canonical_metadata({"source": "rfc3161", "tsa_serial": f"{serial:x}"})
    entry = NewEntry(
        parsed.imprint,
        secrets.token_bytes(NONCE_SIZE),
        metadata.decode("utf-8"),
        hashlib.sha256(metadata).digest(),
    )
    committed = await context_of(request).sequencer.submit([entry], who, alone=False)
    return Response(
        authority.grant(parsed, serial),
        media_type=REPLY_MEDIA_TYPE,
        headers={ENTRY_HEADER: str(committed.entries[0].index)},
    )
