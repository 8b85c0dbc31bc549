"""Structured service logs: JSON lines with the structured fields, and secrets scrubbed."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from ipledger.ledger.logs import configure_logging, scrub

KEY = "ipl_0123456789ab_" + "S" * 43


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("INFO", "json", stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_json_lines_keep_structured_fields(captured: io.StringIO) -> None:
    logging.getLogger("ipledger.ledger.anchoring.worker").warning(
        "anchor_reorged anchor=3 size=10", extra={"anchoring_event": "anchor_reorged",
                                                  "anchoring": {"anchor": 3, "size": 10}})
    line = json.loads(captured.getvalue())
    assert line["level"] == "WARNING" and line["logger"] == "ipledger.ledger.anchoring.worker"
    assert line["anchoring_event"] == "anchor_reorged" and line["anchoring"]["size"] == 10
    assert line["ts"].endswith("+00:00")


def test_secrets_are_scrubbed_from_messages_and_tracebacks(captured: io.StringIO) -> None:
    log = logging.getLogger("api")
    log.info("client sent %s", KEY)
    try:
        raise ValueError(f"Authorization: Bearer {KEY}; PRIVATE+KEY+x+00000000+AAAA")
    except ValueError:
        log.exception("failed")
    text = captured.getvalue()
    assert "S" * 43 not in text and "PRIVATE+KEY+x" not in text
    assert "ipl_0123456789ab_<secret>" in text   # the key id stays: it names the key
    assert [json.loads(line)["level"] for line in text.splitlines()] == ["INFO", "ERROR"]


def test_scrub_leaves_hashes_alone() -> None:
    tx = "0x" + "ab" * 32
    assert scrub(f"anchor_sent tx={tx}") == f"anchor_sent tx={tx}"


def test_text_format_and_bad_format() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging("WARNING", "text", stream)
        logging.getLogger("x").info("hidden")
        logging.getLogger("x").warning("shown %s", KEY)
        assert "hidden" not in stream.getvalue()
        assert "WARNING x: shown ipl_0123456789ab_<secret>" in stream.getvalue()
        with pytest.raises(ValueError, match="json, text"):
            configure_logging("INFO", "xml", stream)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
