"""RFC 9162 proofs between tree sizes of the log: inclusion and consistency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ipledger.api.deps import DeploymentDep
from ipledger.api.models import ConsistencyProofPublic, InclusionProofPublic
from ipledger.api.problems import ApiProblem, FieldProblem, problem_responses
from ipledger.api.routing import StrictRoute

router = APIRouter(prefix="/v1/proofs", tags=["log"], route_class=StrictRoute)

Size = Annotated[int, Query(ge=1, le=2**63 - 1)]


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
    current = store.size()
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
    current = store.size()
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
