"""Strict JSON request bodies: JSON media type, UTF-8, no duplicate keys, no NaN, else a 400."""

from __future__ import annotations

import email.message
import json
from typing import Any

import pydantic_core
from fastapi import Request

from ipledger.api.problems import ApiProblem


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ApiProblem(400, f"the body holds {name}, which is not a JSON number", slug="invalid-json")


def parse_json_body(body: bytes) -> Any:
    """Decode a request body as strict JSON; raise a 400 `ApiProblem` saying what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiProblem(
            400, f"the body is not valid UTF-8 (byte {exc.start})", slug="invalid-json"
        ) from None
    # The standard library's C decoder can overflow the C stack (a crash, not an exception)
    # on deeply nested input; the Rust decoder stops at depth 200 first.
    try:
        pydantic_core.from_json(body)
    except ValueError as exc:
        if "recursion limit" in str(exc):
            raise ApiProblem(400, "the body nests too deeply", slug="invalid-json") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        raise ApiProblem(
            400, f"the body repeats the key {exc.args[0]!r} in one object", slug="invalid-json"
        ) from None
    except json.JSONDecodeError as exc:
        raise ApiProblem(
            400,
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            slug="invalid-json",
        ) from None
    except RecursionError:
        raise ApiProblem(400, "the body nests too deeply", slug="invalid-json") from None
    except ValueError:  # e.g. an integer of more digits than CPython converts (4300)
        raise ApiProblem(
            400, "the body holds a number too long to read", slug="invalid-json"
        ) from None


_PLAIN_JSON = frozenset(
    ("application/json", "application/json; charset=utf-8", "application/json;charset=utf-8")
)


def is_json_media_type(content_type: str | None) -> bool:
    """Return whether a Content-Type header names JSON (`application/json` or `*/*+json`)."""
    if not content_type:
        return False
    if content_type.lower() in _PLAIN_JSON:  # the common spellings, without a MIME parser
        return True
    message = email.message.Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    charset = message.get_param("charset")
    if isinstance(charset, str) and charset.lower() not in ("utf-8", "utf8"):
        return False
    return subtype == "json" or subtype.endswith("+json")


class StrictJsonRequest(Request):
    """A request whose `json()` is `parse_json_body` of its body."""

    async def json(self) -> Any:
        """Return the body parsed strictly (see `parse_json_body`)."""
        if not hasattr(self, "_json"):
            self._json = parse_json_body(await self.body())
        return self._json
