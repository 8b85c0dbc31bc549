"""RFC 9162 proofs between tree sizes of the log: inclusion and consistency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field, TypeAdapter

from ipledger.api.deps import DeploymentDep, context_of
from ipledger.api.models import ConsistencyProofPublic, InclusionProofPublic
from ipledger.api.problems import ApiProblem, FieldProblem, problem_responses
from ipledger.api.routes.entries import INDEX
from ipledger.api.routing import StrictRoute, direct, store_read, validated_query

router = APIRouter(prefix="/v1/proofs", tags=["log"], route_class=StrictRoute)

Size = Annotated[int, Query(ge=1, le=2**63 - 1)]
_SIZE = TypeAdapter(Annotated[int, Field(ge=1, le=2**63 - 1)])


# The two routes' `direct` handlers: what their declarations below say, past FastAPI's
# router and solver, answering byte for byte the same (tests/api/test_direct_routes.py).
async def _direct_inclusion(request: Request) -> Response:
    index, size = validated_query(request, [("index", INDEX), ("size", _SIZE)])
    deployment = context_of(request).deployment
    proof = await store_read(deployment, lambda: inclusion(index, size, deployment))
    return JSONResponse(proof.model_dump(mode="json"))


async def _direct_consistency(request: Request) -> Response:
    first, second = validated_query(request, [("first", _SIZE), ("second", _SIZE)])
    deployment = context_of(request).deployment
    proof = await store_read(deployment, lambda: consistency(first, second, deployment))
    return JSONResponse(proof.model_dump(mode="json"))


def _beyond(field: str, value: int, size: int) -> ApiProblem:
    # Not invalid, only not there yet: like a checkpoint of a size never cut, a 404.
    return ApiProblem(
        404,
        f"{field}: the log holds {size} entries, so it has no tree of {value} entries yet",
    )


@router.get(
    "/inclusion",
    response_model=InclusionProofPublic,
    responses=problem_responses(404, 422, 503),
    summary="Inclusion proof of a leaf in the tree of a size",
)
@direct(_direct_inclusion)
def inclusion(
    index: Annotated[int, Query(ge=0, le=2**63 - 1)], size: Size, deployment: DeploymentDep
) -> InclusionProofPublic:
    """Return the proof that leaf `index` is in the tree of `size` leaves.

    `index` must be below `size` (else 422); a `size` beyond the log's is 404.
    """
    if index >= size:
        reason = f"must be below size ({size})"
        raise ApiProblem(
            422, f"index: {reason}", errors=[FieldProblem(field="index", reason=reason)]
        )
    store = deployment.store
    current = store.known_size(size)
    if size > current:
        raise _beyond("size", size, current)
    leaf_hash, proof, root = store.inclusion(index, size)
    return InclusionProofPublic(
        index=index,
        size=size,
        leaf_hash=leaf_hash.hex(),
        root=root.hex(),
        proof=[h.hex() for h in proof],
    )


@router.get(
    "/consistency",
    response_model=ConsistencyProofPublic,
    responses=problem_responses(404, 422, 503),
    summary="Consistency proof between two tree sizes",
)
@direct(_direct_consistency)
def consistency(first: Size, second: Size, deployment: DeploymentDep) -> ConsistencyProofPublic:
    """Return the proof that the tree of `first` leaves is a prefix of that of `second`.

    `first` must not exceed `second` (else 422); a `second` beyond the log's size is 404.
    """
    if first > second:
        reason = f"must not exceed second ({second})"
        raise ApiProblem(
            422, f"first: {reason}", errors=[FieldProblem(field="first", reason=reason)]
        )
    store = deployment.store
    current = store.known_size(second)
    if second > current:
        raise _beyond("second", second, current)
    first_root, proof, second_root = store.consistency(first, second)
    return ConsistencyProofPublic(
        first=first,
        second=second,
        first_root=first_root.hex(),
        second_root=second_root.hex(),
        proof=[h.hex() for h in proof],
    )
