"""What a verifier pins: the log's origin, verifier key, chain and contract; and health."""

from __future__ import annotations

import time

from fastapi import APIRouter

from ipledger.api.chain_side import ChainStatus
from ipledger.api.cosigning_models import witness_health
from ipledger.api.deps import Context
from ipledger.api.models import ChainHealth, Health, LogInfo
from ipledger.api.problems import ApiProblem, problem_responses
from ipledger.api.routing import StrictRoute
from ipledger.api.timestamping_models import tsa_health
from ipledger.api.writer_models import writer_health
from ipledger.ledger.cosigning.store import witness_status
from ipledger.ledger.db import ping
from ipledger.ledger.timestamping.store import tsa_status
from ipledger.ledger.witness.logs import equivocation_count

router = APIRouter(prefix="/v1", tags=["log"], route_class=StrictRoute)


@router.get(
    "/log",
    response_model=LogInfo,
    responses=problem_responses(503),
    summary="The log's identity: origin, verifier key, chain, contract, operator address",
)
def log_info(context: Context) -> LogInfo:
    """Return what a verifier needs to pin this log."""
    deployment = context.deployment
    target = deployment.target  # None until the chain is connected
    return LogInfo(
        origin=deployment.origin,
        verifier_key=deployment.verifier_key,
        size=deployment.store.size(),
        chain=context.settings.chain,
        chain_id=None if target is None else target.chain_id,
        contract=None if target is None else target.contract,
        log_address=None if target is None else target.log_address,
    )


@router.get(
    "/health",
    response_model=Health,
    responses=problem_responses(503),
    summary="Database, chain, operator balance and the anchoring backlog",
)
def health(context: Context) -> Health:
    """Answer 200 (`ok` or `degraded`) while the database answers, else a 503 problem.

    Submissions need only the database, so a chain outage degrades the service (entries
    wait in the backlog) without making it unavailable.
    """
    try:
        ping(context.deployment.engine)
        backlog = context.deployment.backlog()
        forks = equivocation_count(context.deployment.engine)
        witnesses = [
            witness_health(w, witness_status(context.deployment.engine, w))
            for w in context.settings.witness_endpoints
        ]
        tsas = [
            tsa_health(t, tsa_status(context.deployment.engine, t.shown_url))
            for t in context.settings.tsa_endpoints
        ]
    except Exception as exc:
        raise ApiProblem(
            503,
            f"the database does not answer ({type(exc).__name__})",
            headers={"Retry-After": "5"},
        ) from None
    chain = _chain_health(context.chain.status() if context.chain is not None else None)
    degraded = (
        chain.state not in ("ok", "off")
        or chain.operator_balance_wei == "0"
        or chain.detail is not None  # this process's worker is stalled: no funds, halted
    )
    age = None
    if backlog.oldest_received_at is not None:
        age = max(0.0, (time.time_ns() // 1_000_000 - backlog.oldest_received_at) / 1000)
    detail = None
    if forks:
        detail = (
            f"{forks} equivocation(s) caught by this witness: a witnessed log signed two "
            "histories; see GET /v1/witness/equivocations"
        )
    failing = [w.name for w in witnesses if w.state == "failing"]
    if failing and detail is None:
        detail = (
            f"witness {', '.join(failing)} refuses this log's checkpoints or answers with an "
            "invalid cosignature; see `witnesses`"
        )
    refusing = [t.url for t in tsas if t.state == "failing"]
    if refusing and detail is None:
        detail = (
            f"TSA {', '.join(refusing)} refuses this log's time-stamp requests or answers with "
            "a token that does not verify; see `tsas`"
        )
    writer = writer_health(context.sequencer.writer)
    stopped = writer.state == "stopped"
    if stopped and detail is None:
        detail = (
            f"the writer process is not running ({writer.last_error or 'not started yet'}); the "
            "next single submission starts another; see `writer`"
        )
    return Health(
        status="degraded" if degraded or forks or failing or refusing or stopped else "ok",
        database="ok",
        chain=chain,
        backlog_entries=backlog.entries,
        oldest_unanchored_age_seconds=age,
        equivocations_caught=forks,
        detail=detail,
        witnesses=witnesses,
        writer=writer,
        tsas=tsas,
    )


def _chain_health(status: ChainStatus | None) -> ChainHealth:
    if status is None:
        return ChainHealth(state="off", anchoring="off")
    balance = status.signer_balance_wei
    return ChainHealth(
        state=status.state,
        chain_id=status.chain_id,
        head_block=status.head,
        operator=status.signer_address,
        operator_balance_wei=None if balance is None else str(balance),
        anchoring=status.anchoring,
        detail=status.error,
    )
