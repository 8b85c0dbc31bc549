"""The TSAs of this log as /v1/health shows them: last token, last answer, errors."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ipledger.api.cosigning_models import party_state
from ipledger.ledger.timestamping.authorities import TsaEndpoint
from ipledger.ledger.timestamping.store import LogTsaStatus

_EXAMPLE: dict[str, Any] = {
    "url": "https://tsa.example/tsr",
    "state": "ok",
    "last_stamped_size": 1000,
    "last_stamped_at": 1764780000000,
    "last_outcome": "stamped",
    "last_error": None,
    "last_error_at": None,
}


class TsaHealth(BaseModel):
    """One TSA of IPLEDGER_TSA_URLS: the checkpoint it last stamped and what went wrong, if so."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={
        "examples": [_EXAMPLE]})

    url: str = Field(description="The TSA's URL (without credentials or query).")
    state: Literal["ok", "waiting", "unreachable", "failing"] = Field(
        description="`ok`: its last answer was a valid token; `waiting`: not asked yet; "
        "`unreachable`: it did not answer (retried with backoff; nothing waits for it, missed "
        "checkpoints are stamped when it is back); `failing`: it refused the request or its "
        "token did not verify (other data, bad signature, not chained to IPLEDGER_TSA_CA_FILE): "
        "an operator must look."
    )
    last_stamped_size: int | None = Field(
        default=None, ge=0, description="Tree size of the checkpoint of its newest token."
    )
    last_stamped_at: int | None = Field(
        default=None, ge=0, description="When its newest token was stored (ms UTC)."
    )
    last_outcome: str | None = Field(
        default=None, description="stamped, refused, unreachable or invalid."
    )
    last_error: str | None = None
    last_error_at: int | None = Field(default=None, ge=0, description="ms UTC.")


def tsa_health(tsa: TsaEndpoint, status: LogTsaStatus) -> TsaHealth:
    """Return the health entry of one configured TSA from what the log recorded."""
    return TsaHealth(
        url=tsa.shown_url,
        state=party_state(status.last_outcome, status.needs_operator),
        last_stamped_size=status.last_stamped_size,
        last_stamped_at=status.last_stamped_at,
        last_outcome=status.last_outcome,
        last_error=status.last_error,
        last_error_at=status.last_error_at,
    )
