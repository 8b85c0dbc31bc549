"""What a verifier pins: the log's origin, verifier key, chain and contract; and health."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Context
from api.models import Health, LogInfo
from api.problems import ApiProblem, problem_responses
from api.routing import StrictRoute

router = APIRouter(prefix="/v1", tags=["log"], route_class=StrictRoute)


@router.get(
    "/log",
    response_model=LogInfo,
    responses=problem_responses(503),
    summary="The log's identity: origin, verifier key, chain, contract, operator address",
)
def log_info(context: Context) -> LogInfo:
    """Return what a verifier needs to pin this log."""
    chain = context.ledger.chain_info()
    return LogInfo(
        origin=context.origin,
        verifier_key=context.verifier_key,
        size=context.ledger.size(),
        chain=context.settings.chain,
        chain_id=chain.get("chain_id"),
        contract=chain.get("contract"),
        log_address=chain.get("log_address"),
    )


@router.get(
    "/health",
    response_model=Health,
    responses=problem_responses(503),
    summary="Whether the database answers",
)
def health(context: Context) -> Health:
    """Answer 200 when the database answers, else a 503 problem saying what is down."""
    try:
        context.ledger.ping()
    except Exception as exc:
        raise ApiProblem(
            503, f"the database does not answer ({type(exc).__name__})",
            headers={"Retry-After": "5"},
        ) from None
    return Health(status="ok", database="ok")
