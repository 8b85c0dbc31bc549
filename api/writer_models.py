"""Who commits this API process's submissions, as /v1/health shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ipledger.api.sequencer import WRITER_BATCH_MAX

if TYPE_CHECKING:
    from ipledger.api.sequencer import Writer

_EXAMPLE: dict[str, Any] = {
    "mode": "process",
    "state": "ok",
    "pid": 4242,
    "starts": 1,
    "last_error": None,
    "last_error_at": None,
}


class WriterHealth(BaseModel):
    """The committer of this API process's submissions: a thread or a process."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={
        "examples": [_EXAMPLE]})

    mode: Literal["thread", "process"] = Field(
        description="`thread`: a thread of this API process commits; `process`: its writer "
        "process does (IPLEDGER_API_WRITER_PROCESS): every submission, with or without an "
        f"idempotency key, but batches of more than {WRITER_BATCH_MAX} entries, which the "
        "thread commits."
    )
    state: Literal["ok", "stopped"] = Field(
        description="`stopped`: the writer process is not running (it ended, or could not "
        "start: `last_error`); the next submission starts another, and fails with 503 "
        "if it cannot. The status is then `degraded`."
    )
    pid: int | None = Field(default=None, description="The writer process's id, if running.")
    starts: int = Field(
        default=0, ge=0, description="Writer processes started so far (more than 1: one ended)."
    )
    last_error: str | None = Field(
        default=None, description="Why the last writer process ended or did not start."
    )
    last_error_at: int | None = Field(default=None, ge=0, description="ms UTC.")


def writer_health(writer: Writer | None) -> WriterHealth:
    """Return the health of the sequencer's `writer` (None: the thread commits)."""
    if writer is None:
        return WriterHealth(mode="thread", state="ok")
    pid = writer.pid
    return WriterHealth(
        mode="process",
        state="ok" if pid is not None else "stopped",
        pid=pid,
        starts=writer.starts,
        last_error=writer.last_error,
        last_error_at=writer.last_error_at,
    )
