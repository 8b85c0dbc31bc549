"""The entry's metadata in words: the WIPO fields an office attaches labelled, others as given."""

from __future__ import annotations

import json
from typing import Any

_WIPO_LABELS = {
    "office": "Office (WIPO ST.3 code)",
    "application_number": "Application number (WIPO ST.13)",
    "kind": "Kind of document (WIPO ST.16 code)",
    "filing_date": "Filing date",
    "priority": "Priority claims",
    "document_role": "Document role",
}


def metadata_rows(value: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Label the WIPO fields an office attaches; show every other field as given."""
    if not value:
        return ()
    rows = [(_WIPO_LABELS[k], _wipo_value(k, value[k])) for k in _WIPO_LABELS if k in value]
    rows += [(k, _as_given(v)) for k, v in value.items() if k not in _WIPO_LABELS]
    return tuple(rows)


def _as_given(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _wipo_value(key: str, value: object) -> str:
    if key != "priority" or not isinstance(value, list):
        return _as_given(value)
    claims = []
    for number, claim in enumerate(value, 1):
        if isinstance(claim, dict) and {"office", "application_number", "date"} <= set(claim):
            claims.append(
                f"({number}) {_as_given(claim['office'])} "
                f"{_as_given(claim['application_number'])} of {_as_given(claim['date'])}"
            )
        else:
            claims.append(f"({number}) {_as_given(claim)}")
    return "; ".join(claims) if claims else "none"
