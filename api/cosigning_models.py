"""The witnesses of this log as /v1/health shows them: sizes cosigned, last answer, errors."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ipledger.ledger.cosigning.store import LogWitnessStatus
from ipledger.ledger.cosigning.witnesses import WitnessEndpoint

_EXAMPLE: dict[str, Any] = {
    "name": "office-b.example/log/witness",
    "key": "office-b.example/log/witness+249b69e3+BAqL8lpGOBuzZjQpa9cJP8aB+WVzwZ79LJoe++07sc0t",
    "url": "https://office-b.example/witness",
    "state": "ok",
    "last_cosigned_size": 1000,
    "last_cosigned_at": 1764780000000,
    "last_outcome": "cosigned",
    "last_error": None,
    "last_error_at": None,
}


class WitnessHealth(BaseModel):
    """One witness of IPLEDGER_WITNESSES: what it last cosigned and what went wrong, if so."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={
        "examples": [_EXAMPLE]})

    name: str = Field(description="The witness's key name (its cosignature lines' name).")
    key: str = Field(description="Its cosigner verifier key (type 0x04).")
    url: str = Field(description="Its submission prefix (without credentials).")
    state: Literal["ok", "waiting", "unreachable", "failing"] = Field(
        description="`ok`: its last answer was a cosignature; `waiting`: not asked yet; "
        "`unreachable`: it did not answer (retried with backoff; nothing waits for it); "
        "`failing`: it refused the checkpoint (HTTP 403, 404, 422: its configuration, or "
        "a fork of this log) or its cosignature did not verify: an operator must look."
    )
    last_cosigned_size: int | None = Field(default=None, ge=0)
    last_cosigned_at: int | None = Field(
        default=None, ge=0, description="When its last cosignature was stored (ms UTC)."
    )
    last_outcome: str | None = Field(
        default=None, description="cosigned, conflict, refused, unreachable or invalid."
    )
    last_error: str | None = None
    last_error_at: int | None = Field(default=None, ge=0, description="ms UTC.")


PartyState = Literal["ok", "waiting", "unreachable", "failing"]


def party_state(last_outcome: str | None, needs_operator: bool) -> PartyState:
    """Return a remote party's (witness, TSA) health state from its last request's outcome."""
    if needs_operator:
        return "failing"
    if last_outcome is None:
        return "waiting"
    return "unreachable" if last_outcome == "unreachable" else "ok"


def witness_health(witness: WitnessEndpoint, status: LogWitnessStatus) -> WitnessHealth:
    """Return the health entry of one configured witness from what the log recorded."""
    state = party_state(status.last_outcome, status.needs_operator)
    return WitnessHealth(
        name=witness.name,
        key=witness.vkey,
        url=witness.shown_url,
        state=state,
        last_cosigned_size=status.last_cosigned_size,
        last_cosigned_at=status.last_cosigned_at,
        last_outcome=status.last_outcome,
        last_error=status.last_error,
        last_error_at=status.last_error_at,
    )
