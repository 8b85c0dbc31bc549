"""The metadata fields an IP office attaches, checked against WIPO standards ST.3, ST.13, ST.16."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ipledger.verifier.core.errors import EntryError

# Each field is optional; other metadata keys are free. Only submissions are checked: an
# entry already in the log keeps its metadata as it was committed.
FIELDS = ("office", "application_number", "kind", "filing_date", "priority", "document_role")
DOCUMENT_ROLES = (
    "description",
    "claims",
    "drawings",
    "abstract",
    "priority-document",
    "sequence-listing",
    "translation",
    "evidence",
    "correspondence",
    "other",
)
PRIORITY_FIELDS = ("office", "application_number", "date")
MAX_PRIORITY_CLAIMS = 100
MAX_APPLICATION_NUMBER = 40

# ST.13 recommends <ST.3 code><IP right type><year><serial>, but offices write their
# numbers their own way (EP24123456, PCT/EP2024/012345, US 17/123,456, 2024-123456): the
# shape accepted is the characters they use, beginning with a letter or a digit.
_APPLICATION_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9/.,\- ]*[A-Z0-9]")
_DIGIT = re.compile(r"[0-9]")
# ST.16: a letter, followed where the office uses one by a digit (A1, B2, U, S).
_KIND = re.compile(r"[A-Z][0-9]?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_APPLICATION_REASON = (
    "must be an application number as the office writes it (WIPO ST.13): capital letters, "
    "digits and the separators / - . , and space, beginning and ending with a letter or digit, "
    f"with at least 4 digits, at most {MAX_APPLICATION_NUMBER} characters, e.g. 'EP24123456', "
    "'PCT/EP2024/012345' or 'US 17/123,456'"
)
_KIND_REASON = (
    "must be a WIPO ST.16 kind code: one capital letter, optionally followed by one digit, "
    "e.g. 'A1', 'B2', 'U'"
)
_DATE_REASON = "must be a calendar date written YYYY-MM-DD (ISO 8601), e.g. '2024-03-15'"


@cache
def st3_codes() -> Mapping[str, Mapping[str, str]]:
    """Return the ST.3 code tables: `states`, `organizations` and `former` (code -> name)."""
    data: dict[str, Any] = json.loads(Path(__file__).with_name("wipo_st3.json").read_text())
    return {k: data[k] for k in ("states", "organizations", "former")}


def check_office_metadata(metadata: Mapping[str, Any]) -> None:
    """Check the WIPO fields present in `metadata`; raise EntryError naming the first bad one.

    The field is named as a path under `metadata`, e.g. `metadata.priority[1].date`.
    """
    if "office" in metadata:
        _office(metadata["office"], "metadata.office", former=False)
    if "application_number" in metadata:
        _application_number(metadata["application_number"], "metadata.application_number")
    if "kind" in metadata:
        kind = metadata["kind"]
        if not isinstance(kind, str) or not _KIND.fullmatch(kind):
            raise EntryError("metadata.kind", _KIND_REASON + _got(kind))
    filing = None
    if "filing_date" in metadata:
        filing = _date(metadata["filing_date"], "metadata.filing_date")
    if "priority" in metadata:
        _priority(metadata["priority"], filing)
    if "document_role" in metadata:
        role = metadata["document_role"]
        if role not in DOCUMENT_ROLES:
            raise EntryError(
                "metadata.document_role",
                f"must be one of {', '.join(DOCUMENT_ROLES)}" + _got(role),
            )


def _got(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return f"; got {text if len(text) <= 60 else text[:57] + '...'}"


def _office(value: object, field: str, *, former: bool) -> None:
    codes = st3_codes()
    if isinstance(value, str) and (
        value in codes["states"]
        or value in codes["organizations"]
        or (former and value in codes["former"])
    ):
        return
    reason = (
        "must be a WIPO ST.3 two-letter code in capitals of a state or an intergovernmental "
        "organization, e.g. 'EP', 'WO', 'US', 'EM'"
    )
    if former:
        reason += " (or of a former state, e.g. 'SU', 'DD')"
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2}", value):
        if value.upper() != value:
            reason += f"; write it in capitals, {value.upper()!r}"
        elif value in codes["former"]:
            reason += f"; {value!r} is the code of a former state ({codes['former'][value]})"
        else:
            reason += f"; {value!r} is not in ST.3"
        raise EntryError(field, reason)
    raise EntryError(field, reason + _got(value))


def _application_number(value: object, field: str) -> None:
    if (
        isinstance(value, str)
        and len(value) <= MAX_APPLICATION_NUMBER
        and _APPLICATION_NUMBER.fullmatch(value)
        and len(_DIGIT.findall(value)) >= 4
    ):
        return
    raise EntryError(field, _APPLICATION_REASON + _got(value))


def _date(value: object, field: str) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            reason = f"{value!r} is not a day of the calendar; " + _DATE_REASON
            raise EntryError(field, reason) from None
    raise EntryError(field, _DATE_REASON + _got(value))


def _priority(value: object, filing: date | None) -> None:
    reason = (
        "must be a list of priority claims, each an object with 'office' (ST.3 code), "
        "'application_number' (ST.13) and 'date' (YYYY-MM-DD)"
    )
    if not isinstance(value, list):
        raise EntryError("metadata.priority", reason + _got(value))
    if len(value) > MAX_PRIORITY_CLAIMS:
        raise EntryError("metadata.priority", f"holds at most {MAX_PRIORITY_CLAIMS} claims")
    for n, claim in enumerate(value):
        at = f"metadata.priority[{n}]"
        if not isinstance(claim, Mapping):
            raise EntryError(at, reason + _got(claim))
        for name in PRIORITY_FIELDS:
            if name not in claim:
                raise EntryError(f"{at}.{name}", "is required in a priority claim")
        extra = sorted(set(claim) - set(PRIORITY_FIELDS))
        if extra:
            raise EntryError(
                f"{at}.{extra[0]}",
                "is not a priority claim field; a claim has office, application_number, date",
            )
        _office(claim["office"], f"{at}.office", former=True)
        _application_number(claim["application_number"], f"{at}.application_number")
        claimed = _date(claim["date"], f"{at}.date")
        if filing is not None and claimed > filing:
            raise EntryError(
                f"{at}.date",
                f"{claimed.isoformat()} is after filing_date {filing.isoformat()}; a priority "
                "claim names an earlier application",
            )
