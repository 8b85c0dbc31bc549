"""Structured logs for the service: one JSON object per line, API keys and private keys scrubbed."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO, Any

# Secrets that must never reach a log, even through an exception message. Code paths are
# written not to log them; this is the second line of defence.
_SCRUB = (
    (re.compile(r"\b(ipl_[0-9a-f]{12}_)[A-Za-z0-9_-]{43}"), r"\1<secret>"),  # API keys
    (re.compile(r"PRIVATE\+KEY\+\S+"), "PRIVATE+KEY+<secret>"),              # note signer keys
    (re.compile(r"(?i)(bearer\s+)\S+"), r"\1<secret>"),                     # auth headers
)
# Standard LogRecord attributes: everything else set through `extra=` is a structured field.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName"}
FORMATS = ("json", "text")


def scrub(text: str) -> str:
    """Return `text` with API keys, note signer keys and bearer credentials blanked."""
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "msg", ...fields, "exc"?}`, one line per record.

    Fields passed with `extra=` (e.g. the anchoring worker's `anchoring` dict) are kept as
    JSON values, so a log pipeline can filter on `anchoring_event` or `fields.size`.
    """

    def format(self, record: logging.LogRecord) -> str:
        """Render one record as a JSON line."""
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(out, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`<time> <LEVEL> <logger>: <message>`, scrubbed like the JSON form."""

    def __init__(self) -> None:
        """Use one fixed layout."""
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """Render and scrub one record."""
        return scrub(super().format(record))


def configure_logging(
    level: str | int = "INFO", fmt: str = "json", stream: IO[str] | None = None
) -> logging.Handler:
    """Send every logger's records (uvicorn's too) to `stream` (stderr) in `fmt`; return it.

    Replaces the root logger's handlers; noisy client libraries stay at WARNING.
    """
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    for noisy in ("web3", "urllib3", "httpx", "httpcore", "asyncio", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    return handler
