"""The office as a C2SP witness: add-checkpoint, the monitoring checkpoint, forks caught."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routing import StrictRoute
from ipledger.api.witness_models import EquivocationList, EquivocationPublic
from ipledger.ledger.witness.cosigning import Witness
from ipledger.ledger.witness.errors import WitnessKeyMissing
from ipledger.ledger.witness.logs import Equivocation, latest_cosigned, list_equivocations
from ipledger.ledger.witness.requests import SIZE_MEDIA_TYPE, TEXT_MEDIA_TYPE

# No API key on these routes: tlog-witness authenticates a submission by the log's
# signature on its checkpoint, and the monitoring and evidence reads are public.
router = APIRouter(tags=["witness"], route_class=StrictRoute)

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {
                "schema": {"type": "string"},
                "example": "old 0\n\nexample.com/log\n1\n"
                "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
                "\n— example.com/log Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhc"
                "yv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n",
            }
        },
    }
}


def witness_of(request: Request) -> Witness:
    """Return the witness `create_app` stored on the application."""
    witness: Witness = request.app.state.witness
    return witness


@router.post(
    "/witness/add-checkpoint",
    summary="tlog-witness v1.0.0 add-checkpoint: check a log's checkpoint and cosign it",
    response_class=Response,
    openapi_extra=_BODY,
    responses={
        200: {
            "description": "The witness's cosignature/v1 line(s), one per line.",
            "content": {TEXT_MEDIA_TYPE: {"schema": {"type": "string"}}},
        },
        409: {
            "description": "Old size is not the size last cosigned; the body is that size and "
            "a newline.",
            "content": {SIZE_MEDIA_TYPE: {"schema": {"type": "string"}}},
        },
        **problem_responses(400, 403, 404, 413, 422, 503),
    },
)
async def add_checkpoint(request: Request) -> Response:
    """Body: `old <size>`, up to 63 base64 proof lines, an empty line, the signed checkpoint.

    Answers as the spec says: 200 cosignature, 400 malformed or old above the size, 403 no
    valid signature by the key trusted for the origin, 404 origin not witnessed, 409 old
    size is not the size last cosigned, 422 inconsistent with what was cosigned.
    """
    body = await request.body()
    try:
        answer = await run_in_threadpool(witness_of(request).add_checkpoint, body)
    except WitnessKeyMissing as exc:
        raise ApiProblem(503, str(exc)) from None
    if answer.status in (200, 409):
        # Set verbatim: Starlette would append `; charset=utf-8` to the spec's exact
        # `text/x.tlog.size`.
        return Response(
            answer.body, status_code=answer.status, headers={"Content-Type": answer.content_type}
        )
    raise ApiProblem(answer.status, answer.body)


@router.get(
    "/witness/{origin_hash}/checkpoint",
    summary="The latest checkpoint cosigned for a log (its signature and this witness's)",
    response_class=Response,
    responses={
        200: {
            "description": "The checkpoint note with the log's signature and the cosignature.",
            "content": {TEXT_MEDIA_TYPE: {"schema": {"type": "string"}}},
        },
        **problem_responses(404, 422, 503),
    },
)
def monitoring_checkpoint(
    origin_hash: Annotated[
        str,
        Path(pattern="^[0-9a-f]{64}$", description="Lowercase hex SHA-256 of the log's origin."),
    ],
    request: Request,
) -> Response:
    """Return the newest checkpoint this witness cosigned for the log with that origin hash."""
    note = latest_cosigned(witness_of(request).engine, origin_hash)
    if note is None:
        raise ApiProblem(404, "this witness has cosigned no checkpoint of a log with that origin")
    return Response(note, media_type=TEXT_MEDIA_TYPE)


def equivocation_public(found: Equivocation) -> EquivocationPublic:
    """Return the public form of a stored equivocation."""
    return EquivocationPublic(
        origin=found.origin,
        size=found.size,
        kind=found.kind,
        accepted_note=found.accepted_note,
        conflicting_note=found.conflicting_note,
        proof=found.proof,
        detected_at=found.detected_at,
    )


@router.get(
    "/v1/witness/equivocations",
    response_model=EquivocationList,
    responses=problem_responses(503),
    summary="Forks caught by this witness: both signed notes of each",
)
def equivocations(request: Request) -> EquivocationList:
    """Return the evidence of every equivocation caught, for whoever asks."""
    found = list_equivocations(witness_of(request).engine)
    return EquivocationList(equivocations=[equivocation_public(e) for e in found])
