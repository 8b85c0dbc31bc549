"""First-seen lookups: the earliest entry of a document digest in the whole log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response

from ipledger.api.deps import DeploymentDep, Reader, authenticate, context_of
from ipledger.api.models import (
    DIGEST_PATTERN,
    MAX_DIGESTS_PER_QUERY,
    DigestsQuery,
    EarliestListPublic,
    EarliestPublic,
)
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routes.entries import DIGEST
from ipledger.api.routing import StrictRoute, direct, store_read, validated_path
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.tenants import tenant_of

router = APIRouter(prefix="/v1/digests", tags=["entries"], route_class=StrictRoute)


async def _direct_earliest(request: Request) -> Response:
    # The route's `direct` handler (docs/design.md, "Direct dispatch"): the question a
    # court or an applicant asks of a document. FastAPI's order: the key, then the path.
    who = await authenticate(request, "read")
    (digest,) = validated_path(request, [("digest", DIGEST)])
    deployment = context_of(request).deployment
    found = await store_read(deployment, lambda: earliest(digest, who, deployment))
    return JSONResponse(found.model_dump(mode="json"))


@router.get(
    "/{digest}/earliest",
    response_model=EarliestPublic,
    responses=problem_responses(401, 403, 404, 422, 429, 503),
    summary="The earliest entry of a digest (first-seen), whoever submitted it",
)
@direct(_direct_earliest)
def earliest(
    digest: Annotated[str, Path(pattern=DIGEST_PATTERN, examples=["sha256:" + "ab" * 32])],
    who: Reader,
    deployment: DeploymentDep,
) -> EarliestPublic:
    """Return the earliest entry of `digest`: index, time and leaf hash, and whether it is yours.

    Only a caller who knows the digest can ask, and the answer holds no metadata or nonce
    of another tenant's entry.
    """
    found = _earliest(deployment, who.tenant_id, digest)
    if found is None:
        raise ApiProblem(404, f"no entry records {digest}")
    return found


@router.post(
    "/earliest",
    response_model=EarliestListPublic,
    responses=problem_responses(400, 401, 403, 413, 415, 422, 429, 503),
    summary=f"The earliest entries of up to {MAX_DIGESTS_PER_QUERY} digests at once",
)
def earliest_of_many(
    query: DigestsQuery, who: Reader, deployment: DeploymentDep
) -> EarliestListPublic:
    """Answer `GET /v1/digests/{digest}/earliest` for each digest, in one request.

    For a client checking a folder before stamping it: one request per 500 files instead
    of one per file. `items[i]` answers `digests[i]`; null where no entry records it.
    """
    return EarliestListPublic(
        items=[_earliest(deployment, who.tenant_id, d) for d in query.digests]
    )


def _earliest(deployment: Deployment, tenant_id: int, digest: str) -> EarliestPublic | None:
    entry = deployment.store.earliest(bytes.fromhex(digest[7:]))
    if entry is None:
        return None
    return EarliestPublic(
        digest=digest,
        index=entry.index,
        received_at=entry.received_at,
        leaf_hash=entry.leaf_hash.hex(),
        yours=tenant_of(deployment.engine, entry.index) == tenant_id,
    )
